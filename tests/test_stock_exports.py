"""Jupyter's own exports of the stored lessons (what JupyterLab's *Export Notebook As* menu
uses): stock nbconvert slides follow the course's slide structure with the teaching notes as
speaker notes, because the lessons store the derived structure (``smx-course execute``)."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbconvert import SlidesExporter

from scleromyxedema_course.core import paths
from scleromyxedema_course.site import structure

LESSONS = sorted(paths.lessons_dir().glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_stock_slides_have_the_courses_slides_and_hide_the_teaching_notes(path):
    nb = nbformat.read(path, as_version=4)
    plan = structure.derive(nb)
    html, _ = SlidesExporter().from_notebook_node(nb)
    slides, subslides = structure.slide_count(plan)
    # reveal.js nests each slide's sub-slides: one outer <section> per slide, one inner each.
    assert html.count("<section") == slides + subslides
    notes = sum(1 for s in plan if s.slide_type == "notes")
    assert len(re.findall(r'<aside class="notes">', html)) == notes
    shown = re.sub(r'<aside class="notes">.*?</aside>', "", html, flags=re.S)
    assert "Teaching note." not in shown  # the room never reads the presenter's notes
    assert "lesson.header(" not in html  # helper-call code is left out, its output kept
