"""The course catalogue: every content check, and the questions that span kinds of content.

``smx-course check`` and the tests run :data:`CHECKS`, an explicit list in the order the
checks run (reference files first, since later checks look keys up in the bibliography).
Each check is a plain function returning a list of problems (strings naming file, item and
field) instead of stopping at the first, so an author sees everything to fix in one run. A
new kind of content adds its ``problems()`` function here; nothing registers itself.

The questions no single kind of content can answer live here too: which keys a lesson cites
(its Markdown and its quiz bank), where each key is cited across the course, and whether a
label typed in front of a citation is the one the bibliography gives that source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from . import case, ddx, evidence, presentation, quiz, syllabus, workup
from .core import content, locks, paths
from .core.content import CourseError
from .refs import citations, glossary
from .syllabus import Lesson

# ---------------------------------------------------------------- questions across content


def cited_keys(les: Lesson) -> list[str]:
    """Keys cited in a lesson's Markdown, then in its quiz bank, first use first."""
    keys = les.markdown_keys()
    if (paths.quizzes_dir() / f"{les.slug}.yaml").exists():
        keys += quiz.citation_keys(les.slug)
    return list(dict.fromkeys(keys))


def cited_keys_everywhere() -> dict[str, list[str]]:
    """Every cited key -> the places that cite it (lessons, quiz banks, glossary, data)."""
    where: dict[str, list[str]] = {}

    def add(keys: Iterable[str], place: str) -> None:
        for k in keys:
            where.setdefault(k, []).append(place)

    for les in syllabus.all_lessons():
        add(cited_keys(les), les.filename)
    for term in glossary.load():
        add(term.citations, f"glossary.yaml ({term.term})")
    for csv_path in sorted((paths.assets_dir() / "data").glob("*.csv")):
        add(citations.keys_in_data_file(csv_path), f"assets/data/{csv_path.name}")
    return where


objective_text = syllabus.objective_text

# A typed citation in Markdown: ``[label](#ref-key)``.
TYPED_CITATION = re.compile(r"\[([^\]]+)\]\(#ref-([A-Za-z0-9_:\-]+)\)")


def in_brackets(label: str) -> bool:
    """``(Author 2001)``: a label written with its round brackets inside the link."""
    return label.startswith("(") and label.endswith(")")


def label_problems(text: str, where: str, bib: dict[str, citations.Entry]) -> list[str]:
    """One problem per typed label that differs from the bibliography's label for its key
    (round brackets typed inside the link are part of the sentence, not of the label)."""
    found = []
    for m in TYPED_CITATION.finditer(text):
        label, key = m.group(1), m.group(2)
        if key not in bib:
            continue
        want = bib[key].short_label()
        if in_brackets(label):
            want = f"({want})"
        if label != want:
            found.append(
                f"{where}: the citation [{label}](#ref-{key}) should read [{want}](#ref-{key}) "
                "(the label the bibliography gives this source; run `smx-course labels --fix`, "
                "or set a `shorthand` field on the entry)."
            )
    return found


def labelled_texts() -> list[tuple[str, str]]:
    """(where, text) of every content file that types citation labels: each lesson's
    Markdown cells and the case steps."""
    texts = []
    for les in syllabus.all_lessons():
        for i, text in enumerate(les.markdown_cells(), start=1):
            texts.append((f"{les.filename}, Markdown cell {i}", text))
    steps = case.model.steps_path()
    if steps.exists():
        texts.append((f"assets/data/{steps.name}", steps.read_text(encoding="utf-8")))
    return texts


# ---------------------------------------------------------------- the checks


def bibliography() -> list[str]:
    try:
        citations.load()
    except (CourseError, OSError) as exc:
        return [str(exc)]
    return []


def lessons() -> list[str]:
    problems = []
    try:
        all_lessons = syllabus.all_lessons()
    except CourseError as exc:
        return [str(exc)]
    bib = citations.load()
    for les in all_lessons:
        try:
            citations.check_keys(cited_keys(les), les.filename, bib)
        except CourseError as exc:
            problems.append(str(exc))
    return problems


def glossary_file() -> list[str]:
    try:
        terms = glossary.load()
        bib = citations.load()
        for t in terms:
            citations.check_keys(t.citations, f"glossary term '{t.term}'", bib)
    except (CourseError, OSError) as exc:
        return [str(exc)]
    return []


def citation_labels() -> list[str]:
    """One label per source: a typed ``[label](#ref-key)`` reads as the bibliography's."""
    try:
        bib = citations.load()
        texts = labelled_texts()
    except (CourseError, OSError):
        return []  # reported by the checks above
    return [p for where, text in texts for p in label_problems(text, where, bib)]


def lesson_markup() -> list[str]:
    """Raw HTML in a lesson's Markdown never runs script, and every link is a safe address."""
    problems = []
    try:
        all_lessons = syllabus.all_lessons()
    except CourseError:
        return []  # reported by lessons()
    for les in all_lessons:
        for i, text in enumerate(les.markdown_cells(), start=1):
            for problem in dict.fromkeys(content.markup_problems(text)):
                problems.append(f"lessons/{les.filename}, Markdown cell {i}: "
                                f"{problem.rstrip('.')}.")
    return problems


def lock_files() -> list:
    """The front-end lock files the build and the test set-up install from."""
    found = [locks.SITE_LOCK]
    tests_lock = paths.root() / "tests" / "browser" / "package-lock.json"
    if tests_lock.is_file():
        found.append(tests_lock)
    return found


def frontend_locks() -> list[str]:
    """Every package-lock.json parses, with a version and an integrity hash per package."""
    problems = []
    for lock in lock_files():
        try:
            locks.locked_packages(lock)
        except locks.FrontendError as exc:
            problems.append(str(exc))
    return problems


CHECKS: list[Callable[[], list[str]]] = [
    bibliography,
    lessons,
    glossary_file,
    quiz.problems,
    evidence.problems,
    ddx.problems,
    case.problems,
    workup.problems,
    presentation.problems,
    citation_labels,
    lesson_markup,
    frontend_locks,
]


def run_all() -> list[str]:
    problems: list[str] = []
    for fn in CHECKS:
        try:
            problems += fn()
        except (CourseError, ValueError, OSError) as exc:  # one broken file must not hide the rest
            problems.append(str(exc))
    # Several checks read the same file (a bank is read for its questions and its citations).
    return list(dict.fromkeys(problems))
