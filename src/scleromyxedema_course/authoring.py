"""Tools for authors: create a new lesson notebook that already has the course frame."""

from __future__ import annotations

import nbformat

from . import lesson, paths


def new_lesson(filename: str, title: str, minutes: int = 30) -> str:
    """Write ``lessons/<filename>`` with header, footer and metadata to fill in."""
    if not lesson.FILENAME.match(filename):
        raise ValueError(f"{filename}: name lessons NN-slug.ipynb (two digits, kebab-case).")
    path = paths.lessons_dir() / filename
    if path.exists():
        raise ValueError(f"{path} exists already; edit it instead.")
    slug = lesson.FILENAME.match(filename).group(2)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    nb.metadata["smx"] = {
        "title": title,
        "minutes": minutes,
        "questions": ["Which question does this lesson answer?"],
        "objectives": [{"id": f"{slug}/first", "text": "Describe the first thing learned"}],
        "key_points": ["The first key point."],
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}"),
        nbformat.v4.new_code_cell(
            f'from scleromyxedema_course import lesson\n\nlesson.header("{slug}")'
        ),
        nbformat.v4.new_markdown_cell("## Key points and references"),
        nbformat.v4.new_code_cell(f'lesson.footer("{slug}")'),
    ]
    nbformat.write(nb, path)
    return str(path)
