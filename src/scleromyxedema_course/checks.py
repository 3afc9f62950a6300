"""Every content check in one place: ``smx-course check`` and the tests both call it.

Each check returns a list of problems (strings naming file, item and field) instead of
stopping at the first, so an author sees everything to fix in one run.
"""

from __future__ import annotations

from collections.abc import Callable

from . import citations, glossary, lesson, workup

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
def workup_data() -> list[str]:
    return workup.problems()


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
        problems += fn()
    return problems
