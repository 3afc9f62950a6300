"""A lesson run and exported with stock nbconvert (``jupyter nbconvert --execute --to html``).

nbconvert's HTML exporter shows the first type of its ``display_data_priority`` that an output
holds, and the live-widget view comes first: an executed quiz cell becomes an empty widget
placeholder (offline) or a widget whose Check button has no kernel behind it (online). The
course ships ``nbconvert-static.json``, which puts ``text/html`` first and keeps no widget
state, so the same stock command with ``--config nbconvert-static.json`` gives the static,
answerable quiz faces the stored lessons carry.
"""

from __future__ import annotations

import subprocess
import sys

import nbformat

from scleromyxedema_course.core import paths

ROOT = paths.lessons_dir().parent
LESSON = paths.lessons_dir() / "01-clinical-presentation.ipynb"
VIEW = 'type="application/vnd.jupyter.widget-view+json"'


def test_executed_stock_export_shows_the_static_quizzes(tmp_path):
    stored = nbformat.read(LESSON, as_version=4)
    assert "widgets" not in stored.metadata  # the stored lesson keeps no widget state
    static = [
        "".join(out["data"]["text/html"]) if isinstance(out["data"]["text/html"], list)
        else out["data"]["text/html"]
        for cell in stored.cells for out in cell.get("outputs", [])
        if "text/html" in out.get("data", {})
    ]
    quizzes = sum(body.count("smx-quiz-questions") for body in static)
    assert quizzes > 0
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--config", str(ROOT / "nbconvert-static.json"),
         "--execute", "--to", "html", "--output-dir", str(tmp_path), str(LESSON)],
        check=True, cwd=LESSON.parent, capture_output=True)
    page = (tmp_path / f"{LESSON.stem}.html").read_text(encoding="utf-8")
    assert VIEW not in page  # no empty widget placeholders, no dead buttons
    assert "widget-state+json" not in page
    assert page.count("smx-quiz-questions") == quizzes  # each quiz as the learner answers it
