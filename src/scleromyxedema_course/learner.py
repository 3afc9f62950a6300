"""The learner's own copy of the lessons: study and save freely, the course files stay as shipped.

``make lab`` (``smx-course my-lessons``) copies every lesson into ``my-lessons/`` (git-ignored;
``SMX_MY_LESSONS`` names another folder) the first time it meets it, and opens JupyterLab there.
A copy, once made, is the learner's: a course update never overwrites it. When the course
changes a lesson the learner already has, the next start says so and names the command that
replaces that one copy (``smx-course fresh 04``; the old copy is kept in ``.replaced/``).

Each copy is written in the form JupyterLab saves (:mod:`notebook_form`), for this Python, so
opening it does not mark it modified, and it is signed as trusted in the learner's Jupyter
data folder (as ``jupyter trust`` does), so the stored quizzes and tools work before the lesson
runs. ``.smx-copies.json`` records which version of each course lesson a copy was made from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

from .core import notebook_form, paths

MANIFEST = ".smx-copies.json"


def folder() -> Path:
    env = os.environ.get("SMX_MY_LESSONS")
    return Path(env) if env else paths.root() / "my-lessons"


def course_lessons() -> list[Path]:
    return sorted(paths.lessons_dir().glob("[0-9][0-9]-*.ipynb"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(target: Path) -> dict[str, str]:
    try:
        return json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_manifest(target: Path, data: dict[str, str]) -> None:
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    (target / MANIFEST).write_text(text, encoding="utf-8")


def _copy(lesson: Path, dest: Path) -> None:
    nb = nbformat.read(lesson, as_version=4)
    notebook_form.match_kernel(nb)
    nbformat.write(nb, dest)
    # Sign what the server will read back, so the signature matches on open.
    NotebookNotary().sign(nbformat.read(dest, as_version=4))


@dataclass
class Report:
    folder: Path
    copied: list[str] = field(default_factory=list)
    updated_in_course: list[str] = field(default_factory=list)
    not_in_course: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Your lessons: {self.folder} (your copies: save freely, course updates keep them)"]
        if self.copied:
            out.append(f"  new copies: {', '.join(self.copied)}")
        for name in self.updated_in_course:
            out.append(f"  the course has a newer {name}; yours is kept. For the new version: "
                       f"smx-course fresh {name[:2]}")
        for name in self.not_in_course:
            out.append(f"  {name} is no longer a course lesson; your copy is kept")
        return out


def prepare(target: Path | None = None) -> Report:
    """Copy every course lesson the learner has no copy of yet; report what changed."""
    target = target or folder()
    target.mkdir(parents=True, exist_ok=True)
    manifest = _manifest(target)
    report = Report(target)
    lessons = course_lessons()
    for lesson in lessons:
        dest = target / lesson.name
        if not dest.exists():
            _copy(lesson, dest)
            manifest[lesson.name] = _digest(lesson)
            report.copied.append(lesson.name)
        elif manifest.get(lesson.name) != _digest(lesson):
            report.updated_in_course.append(lesson.name)
    names = {p.name for p in lessons}
    report.not_in_course = sorted(
        p.name for p in target.glob("[0-9][0-9]-*.ipynb") if p.name not in names)
    _save_manifest(target, manifest)
    return report


def fresh(lesson_id: str, target: Path | None = None) -> Path:
    """Replace the learner's copy of one lesson (``04`` or ``04-therapy.ipynb``) by the course's.

    The old copy is moved to ``.replaced/`` (the previous one there is overwritten).
    """
    target = target or folder()
    matches = [p for p in course_lessons() if lesson_id in (p.name, p.stem)
               or lesson_id.isdigit() and p.name[:2] == lesson_id.zfill(2)]
    if len(matches) != 1:
        known = ", ".join(p.name[:2] for p in course_lessons())
        raise ValueError(f"No course lesson '{lesson_id}'. Give its number: {known}.")
    lesson = matches[0]
    target.mkdir(parents=True, exist_ok=True)
    dest = target / lesson.name
    if dest.exists():
        (target / ".replaced").mkdir(exist_ok=True)
        shutil.move(dest, target / ".replaced" / lesson.name)
    _copy(lesson, dest)
    manifest = _manifest(target)
    manifest[lesson.name] = _digest(lesson)
    _save_manifest(target, manifest)
    return dest
