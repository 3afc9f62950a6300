"""Where the course's content lives on disk.

The course folder holds ``lessons/``, ``quizzes/``, ``assets/`` and a ``pyproject.toml``
naming the course. It is found, in this order:

1. ``SMX_COURSE_ROOT``, when set (tests point it at a temporary copy);
2. the working folder or the nearest folder above it that is a course folder, so running
   ``smx-course check`` inside a copy of the course checks that copy, whichever environment
   the command comes from;
3. the folder the package is installed from (editable install: three levels above this file).
"""

from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path

from .content import CourseError

COURSE_NAME = "scleromyxedema-course"
FOLDERS = ("lessons", "quizzes", "assets")


class CourseLayoutError(CourseError, RuntimeError):
    """The course folders cannot be found."""


def is_course(folder: Path) -> bool:
    """A folder with lessons/, quizzes/, assets/ and a pyproject.toml naming this course."""
    if not all((folder / sub).is_dir() for sub in FOLDERS):
        return False
    try:
        project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return project.get("project", {}).get("name") == COURSE_NAME


@functools.lru_cache(maxsize=8)
def _found_from(start: str) -> Path | None:
    here = Path(start)
    return next((folder for folder in (here, *here.parents) if is_course(folder)), None)


def locate() -> tuple[Path, str]:
    """The course folder and how it was found (for messages)."""
    env = os.environ.get("SMX_COURSE_ROOT")
    if env:
        return Path(env), "SMX_COURSE_ROOT"
    try:
        cwd = os.getcwd()
    except OSError:  # the working folder was deleted
        cwd = None
    found = _found_from(cwd) if cwd else None
    if found is not None:
        return found, "the working folder"
    return Path(__file__).resolve().parents[3], "the installed package"


def root() -> Path:
    """Return the course folder holding ``lessons/``, ``quizzes/`` and ``assets/``."""
    candidate, how = locate()
    if not (candidate / "lessons").is_dir():
        raise CourseLayoutError(
            f"No lessons/ folder under {candidate} (found from {how}). Run the command inside "
            "a copy of the course (a folder with lessons/, quizzes/, assets/ and its "
            "pyproject.toml), or set SMX_COURSE_ROOT to the course folder."
        )
    return candidate


def lessons_dir() -> Path:
    return root() / "lessons"


def quizzes_dir() -> Path:
    return root() / "quizzes"


def assets_dir() -> Path:
    return root() / "assets"


def bibliography_path() -> Path:
    return assets_dir() / "references.bib"


def glossary_path() -> Path:
    return assets_dir() / "glossary.yaml"
