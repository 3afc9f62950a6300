"""Every content check in one place: ``smx-course check`` and the tests both call it.

Each check returns a list of problems (strings naming file, item and field) instead of
stopping at the first, so an author sees everything to fix in one run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import citations, content, glossary, lesson, paths
from .site import frontend

CHECKS: list[Callable[[], list[str]]] = []


def check(fn: Callable[[], list[str]]) -> Callable[[], list[str]]:
    CHECKS.append(fn)
    return fn


@check
def bibliography() -> list[str]:
    try:
        citations.load()
    except (ValueError, OSError) as exc:
        return [str(exc)]
    return []


@check
def lessons() -> list[str]:
    problems = []
    try:
        all_lessons = lesson.all_lessons()
    except ValueError as exc:
        return [str(exc)]
    bib = citations.load()
    for les in all_lessons:
        try:
            citations.check_keys(les.cited_keys(), les.filename, bib)
        except ValueError as exc:
            problems.append(str(exc))
    return problems


@check
def glossary_file() -> list[str]:
    try:
        terms = glossary.load()
        bib = citations.load()
        for t in terms:
            citations.check_keys(t.citations, f"glossary term '{t.term}'", bib)
    except (ValueError, OSError) as exc:
        return [str(exc)]
    return []


@check
def lesson_markup() -> list[str]:
    """Raw HTML in a lesson's Markdown never runs script, and every link is a safe address."""
    problems = []
    try:
        all_lessons = lesson.all_lessons()
    except ValueError:
        return []  # reported by lessons()
    for les in all_lessons:
        for i, cell in enumerate(les.notebook().get("cells", []), start=1):
            if cell.get("cell_type") != "markdown":
                continue
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            for problem in dict.fromkeys(content.markup_problems(text)):
                problems.append(f"lessons/{les.filename}, cell {i} (Markdown): {problem}.")
    return problems


def lock_files() -> list[Path]:
    """The front-end lock files the build and the test set-up read."""
    found = [frontend.SITE_LOCK]
    tests_lock = paths.root() / "tests" / "browser" / "package-lock.json"
    if tests_lock.is_file():
        found.append(tests_lock)
    return found


@check
def frontend_locks() -> list[str]:
    """Every package-lock.json parses, with a version and an integrity hash per package."""
    problems = []
    for lock in lock_files():
        try:
            frontend.locked_packages(lock)
        except frontend.FrontendError as exc:
            problems.append(str(exc))
    return problems


def _extension_checks() -> None:
    """Modules that own content (quiz banks, data tables) register their checks on import."""
    import importlib

    for name in ("quiz", "evidence", "ddx", "case"):
        try:
            importlib.import_module(f"scleromyxedema_course.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"scleromyxedema_course.{name}":
                raise


def run_all() -> list[str]:
    _extension_checks()
    problems: list[str] = []
    for fn in CHECKS:
        try:
            problems += fn()
        except (ValueError, OSError) as exc:  # one broken file must not hide the others
            problems.append(str(exc))
    # Several checks read the same file (a bank is read for its questions and its citations).
    return list(dict.fromkeys(problems))
