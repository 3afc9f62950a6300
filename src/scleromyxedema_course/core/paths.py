"""Where the course's content lives on disk.

The package is installed in editable mode from the repository, so the content folders
(``lessons/``, ``quizzes/``, ``assets/``) sit three levels above this file. ``SMX_COURSE_ROOT``
overrides that, which tests use to point the package at a temporary copy.
"""

from __future__ import annotations

import os
from pathlib import Path

from .content import CourseError


class CourseLayoutError(CourseError, RuntimeError):
    """The course folders cannot be found."""


def root() -> Path:
    """Return the repository root holding ``lessons/``, ``quizzes/`` and ``assets/``."""
    env = os.environ.get("SMX_COURSE_ROOT")
    candidate = Path(env) if env else Path(__file__).resolve().parents[3]
    if not (candidate / "lessons").is_dir():
        raise CourseLayoutError(
            f"No lessons/ folder under {candidate}. Run the course from its repository "
            "(pip install -e .) or set SMX_COURSE_ROOT to the repository folder."
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
