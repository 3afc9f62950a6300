"""Lesson metadata: what each lesson is, read from its notebook (no notebook face).

Each ``lessons/NN-slug.ipynb`` keeps its frame in notebook metadata under ``"smx"``::

    {"title": "...", "minutes": 40,
     "questions": ["..."],
     "objectives": [{"id": "histology/triad", "text": "Name the histological triad"}],
     "key_points": ["..."]}

The filename alone states the lesson's order (two digits) and slug. The boxes a lesson shows
are drawn by ``lesson.py`` (the notebook face) from these records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .core import content, paths
from .core.content import CourseError
from .refs import citations

FILENAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.ipynb$")


class LessonMetadataError(CourseError, ValueError):
    """A lesson's metadata is missing or malformed; the message names lesson and field."""


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    path: Path
    title: str
    minutes: int
    questions: tuple[str, ...]
    objectives: tuple[Objective, ...]
    key_points: tuple[str, ...]

    @property
    def filename(self) -> str:
        return self.path.name

    def objective_ids(self) -> set[str]:
        return {o.id for o in self.objectives}

    def notebook(self) -> dict:
        return content.load_json(self.path, LessonMetadataError)

    def markdown_cells(self) -> list[str]:
        """The text of every Markdown cell, in order."""
        return ["".join(c["source"]) for c in self.notebook()["cells"]
                if c["cell_type"] == "markdown"]

    def markdown_keys(self) -> list[str]:
        """Keys cited in this lesson's Markdown, first use first. (With the quiz bank's:
        ``course.cited_keys(lesson)``.)"""
        keys = [k for text in self.markdown_cells() for k in citations.keys_in_markdown(text)]
        return list(dict.fromkeys(keys))


_KIND_WORDS = {int: "whole number", str: "text", list: "list"}


def _require(meta: dict, name: str, kind: type, where: str):
    value = meta.get(name)
    if (not isinstance(value, kind) or isinstance(value, bool)
            or (kind is not int and not value)):
        got = "missing" if value is None else f"a {type(value).__name__} ({value!r:.40})"
        raise LessonMetadataError(
            f"{where}: notebook metadata 'smx.{name}' must be a non-empty "
            f"{_KIND_WORDS[kind]}, not {got}."
        )
    return value


def _texts(meta: dict, name: str, where: str) -> tuple[str, ...]:
    """A non-empty list of non-empty strings (questions, key points), each checked."""
    items = _require(meta, name, list, where)
    for i, item in enumerate(items, start=1):
        if not isinstance(item, str) or not item.strip():
            got = "empty" if isinstance(item, str) else f"a {type(item).__name__} ({item!r:.40})"
            raise LessonMetadataError(
                f"{where}: notebook metadata 'smx.{name}', item {i}: must be text, not {got}."
            )
    return tuple(items)


def load(path: Path) -> Lesson:
    """Read and validate one lesson's frame from its notebook metadata (cached until the
    notebook changes)."""
    path = Path(path)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = -1
    return _load_cached(path, mtime)


@lru_cache(maxsize=64)
def _load_cached(path: Path, mtime: int) -> Lesson:
    m = FILENAME.match(path.name)
    if not m:
        raise LessonMetadataError(
            f"{path.name}: lesson files are named NN-slug.ipynb (two digits, kebab-case)."
        )
    nb = content.load_json(path, LessonMetadataError)
    meta = nb.get("metadata", {}).get("smx") if isinstance(nb, dict) else None
    where = path.name
    if not isinstance(meta, dict):
        raise LessonMetadataError(f"{where}: notebook metadata has no 'smx' section.")
    objectives = []
    for i, obj in enumerate(_require(meta, "objectives", list, where)):
        if not (isinstance(obj, dict) and obj.get("id") and obj.get("text")):
            raise LessonMetadataError(
                f"{where}: objective {i + 1} needs both an 'id' and a 'text'."
            )
        for name in ("id", "text"):
            if not isinstance(obj[name], str) or not obj[name].strip():
                raise LessonMetadataError(
                    f"{where}: notebook metadata 'smx.objectives', objective {i + 1}, field "
                    f"'{name}': must be text, not a {type(obj[name]).__name__}."
                )
        objectives.append(Objective(obj["id"], obj["text"]))
    ids = [o.id for o in objectives]
    if len(set(ids)) != len(ids):
        raise LessonMetadataError(f"{where}: objective ids repeat: {ids}.")
    minutes = _require(meta, "minutes", int, where)
    if minutes <= 0:
        raise LessonMetadataError(f"{where}: 'smx.minutes' must be a positive number.")
    return Lesson(
        number=int(m.group(1)),
        slug=m.group(2),
        path=path,
        title=_require(meta, "title", str, where),
        minutes=minutes,
        questions=_texts(meta, "questions", where),
        objectives=tuple(objectives),
        key_points=_texts(meta, "key_points", where),
    )


def all_lessons() -> list[Lesson]:
    """Every lesson, in filename order."""
    return [load(p) for p in sorted(paths.lessons_dir().glob("[0-9][0-9]-*.ipynb"))]


def get(slug: str) -> Lesson:
    for path in sorted(paths.lessons_dir().glob(f"[0-9][0-9]-{slug}.ipynb")):
        return load(path)
    known = ", ".join(lesson.slug for lesson in all_lessons())
    raise LessonMetadataError(f"No lesson with slug '{slug}'. Known lessons: {known}.")


def all_objective_ids() -> dict[str, str]:
    """Objective id -> slug of the lesson that owns it."""
    return {o.id: les.slug for les in all_lessons() for o in les.objectives}


def objective_text() -> dict[str, str]:
    """Objective id -> its text, over every lesson (empty while a lesson is malformed:
    ``smx-course check`` reports that)."""
    try:
        return {o.id: o.text for les in all_lessons() for o in les.objectives}
    except LessonMetadataError:
        return {}
