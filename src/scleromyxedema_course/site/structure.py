"""Slide structure derived from a lesson's content, never set by hand.

Authors write a lesson as a document; this module decides how it becomes a reveal.js deck:

* a Markdown cell opening with an H1 or H2 heading starts a **slide**, an H3 a **sub-slide**
  (reveal.js stacks sub-slides vertically under their slide);
* a cell tagged ``fragment`` appears step by step, ``notes`` becomes speaker notes and
  ``skip-slides`` stays out of the slides (it is still in the handout);
* a code cell that only calls the course's helpers has its input hidden; its outputs stay.
  Code that teaches something (anything else) is shown;
* a slide whose content would not fit continues on a sub-slide titled "<heading> (continued)".
  A figure stays with the caption cell that follows it.

:func:`derive` is pure: notebook in, one :class:`CellSlide` per cell out. :func:`apply`
writes that plan into a copy of the notebook as the ``slideshow`` metadata nbconvert's
SlidesExporter reads, which is what the site build exports.
"""

from __future__ import annotations

import ast
import copy
import html
import re
from dataclasses import dataclass

from .. import plots

TAG_FRAGMENT, TAG_NOTES, TAG_SKIP = "fragment", "notes", "skip-slides"
# Set by :func:`handout` on helper-call cells; nbconvert's TagRemovePreprocessor hides their
# input in the handout export (``site/export.py``).
TAG_HIDE_INPUT = "smx-hide-input"
HEADING = re.compile(r"^\s*(#{1,6})\s+(.+?)\s*#*\s*$")
# Rough height budget of one slide, in text lines of the deck's body font (960x700 canvas).
SLIDE_LINES = 17
CHARS_PER_LINE = 62
# Never split off a slide holding less than this (a lone heading would look blank).
MIN_LINES = 6
PX_PER_LINE = 34
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"<(?:p|li|tr|h[1-6]|br|div class=\"smx-q)", re.I)


@dataclass(frozen=True)
class CellSlide:
    """How one cell appears in the deck."""

    slide_type: str  # "slide" | "subslide" | "fragment" | "notes" | "skip" | "-"
    hide_input: bool = False
    continued: str | None = None  # heading text to repeat on a continuation sub-slide


def heading(cell) -> tuple[int, str] | None:
    """(level, text) of a Markdown cell that opens with a heading, else None."""
    if cell.get("cell_type") != "markdown":
        return None
    for line in _source(cell).splitlines():
        if line.strip():
            m = HEADING.match(line)
            return (len(m.group(1)), m.group(2)) if m else None
    return None


def only_calls_helpers(source: str) -> bool:
    """True for code that just imports the course package and calls (or shows) things.

    ``from scleromyxedema_course import quiz`` + ``quiz.show("therapy")`` qualifies;
    a loop, a function definition or an import of another library does not.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    if not tree.body:
        return False
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom):
            if not (stmt.module or "").startswith("scleromyxedema_course"):
                return False
        elif isinstance(stmt, ast.Import):
            if not all(a.name.startswith("scleromyxedema_course") for a in stmt.names):
                return False
        elif isinstance(stmt, ast.Expr | ast.Assign):
            if not isinstance(stmt.value, ast.Call | ast.Name | ast.Attribute):
                return False
        else:
            return False
    return True


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _text_lines(text: str) -> float:
    lines = 0.0
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            lines += 0.4
        elif HEADING.match(line):
            lines += 2
        else:
            lines += max(1, -(-len(stripped) // CHARS_PER_LINE))
    return lines


def estimate_lines(cell) -> float:
    """A rough height of a cell on a slide, in body-text lines."""
    if cell.get("cell_type") == "markdown":
        return _text_lines(_source(cell))
    total = 0.0
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "text/html" in data:
            body = _source({"source": data["text/html"]})
            if (figure := plots.figure_info(data)) is not None:
                total += figure.height / PX_PER_LINE
                continue
            body = re.sub(r"<style.*?</style>|<script.*?</script>", "", body, flags=re.S)
            words = len(html.unescape(_TAG.sub(" ", body)).strip())
            total += words / (CHARS_PER_LINE * 1.3) + 0.6 * len(_BLOCK.findall(body))
        elif out.get("output_type") == "stream":
            total += len(_source({"source": out.get("text", "")}).splitlines())
        elif "text/plain" in data:
            total += len(_source({"source": data["text/plain"]}).splitlines())
        if any(k.startswith("image/") for k in data):
            total += 10
    return total


def _is_caption(cell) -> bool:
    return cell.get("cell_type") == "markdown" and _source(cell).lstrip().startswith("**Figure")


def derive(nb) -> list[CellSlide]:
    """One :class:`CellSlide` per cell of ``nb`` (a notebook dict or NotebookNode)."""
    plan: list[CellSlide] = []
    title: str | None = None  # heading of the current slide
    used = 0.0  # lines used on the current (sub-)slide
    cells = nb["cells"]
    for cell in cells:
        tags = _tags(cell)
        kind = cell.get("cell_type")
        hide = kind == "code" and only_calls_helpers(_source(cell))
        if TAG_SKIP in tags or kind == "raw":
            plan.append(CellSlide("skip", hide))
            continue
        if TAG_NOTES in tags:
            plan.append(CellSlide("notes", hide))
            continue
        if kind == "code" and hide and not cell.get("outputs"):
            plan.append(CellSlide("skip", hide))  # e.g. a cell that only imports
            continue
        h = heading(cell)
        height = estimate_lines(cell)
        if h and h[0] <= 2:
            plan.append(CellSlide("slide", hide))
            title, used = h[1], height
            continue
        if h and h[0] == 3:
            plan.append(CellSlide("subslide", hide))
            title, used = h[1], height
            continue
        # Continue on a new sub-slide when this cell would overflow a slide that already
        # has content, unless it is a figure's caption (it stays with its figure).
        if used >= MIN_LINES and used + height > SLIDE_LINES and not _is_caption(cell):
            label = title or "Slide"
            plan.append(CellSlide("subslide", hide, continued=label))
            used = height + 2
            continue
        used += height
        plan.append(CellSlide("fragment" if TAG_FRAGMENT in tags else "-", hide))
    return plan


def apply(nb, plan: list[CellSlide] | None = None):
    """A copy of ``nb`` whose metadata carries the derived slide structure.

    Sets ``slideshow.slide_type`` (read by nbconvert's SlidesExporter), hides helper-call
    inputs (``transient.remove_source``, read by nbconvert's templates) and inserts the
    "(continued)" heading cells of continuation sub-slides.
    """
    import nbformat

    plan = derive(nb) if plan is None else plan
    out = copy.deepcopy(nb)
    cells = []
    for cell, step in zip(out.cells, plan, strict=True):
        if step.continued:
            cont = nbformat.v4.new_markdown_cell(f"## {step.continued} (continued)")
            cont.metadata["slideshow"] = {"slide_type": "subslide"}
            cont.metadata["smx_continued"] = True
            cells.append(cont)
            step = CellSlide("-", step.hide_input)
        cell.metadata["slideshow"] = {"slide_type": step.slide_type}
        if step.hide_input:
            cell.metadata["transient"] = {"remove_source": True}
        cells.append(cell)
    out.cells = cells
    return out


def stored(nb) -> list[dict]:
    """The slide metadata each cell of a lesson stores, derived and never hand-set.

    ``smx-course execute`` writes it into the notebook, so that Jupyter's own tools give the
    course's structure: stock ``nbconvert --to slides``, JupyterLab's Reveal.js export and RISE
    read ``slideshow.slide_type`` (speaker notes are ``notes``, hidden from the audience), and
    nbconvert's templates leave out the code of helper calls (``transient.remove_source``;
    JupyterLab still shows it). A "(continued)" split is stored as a plain ``subslide``: the
    heading the course's own site adds there is not a cell of the lesson.
    """
    out = []
    for cell, step in zip(nb["cells"], derive(nb), strict=True):
        meta = dict(cell.get("metadata", {}))
        meta.pop("transient", None)
        meta["slideshow"] = {"slide_type": "subslide" if step.continued else step.slide_type}
        if step.hide_input:
            meta["transient"] = {"remove_source": True}
        out.append(meta)
    return out


def store(nb) -> None:
    """Write :func:`stored` into ``nb`` (in place)."""
    for cell, meta in zip(nb.cells, stored(nb), strict=True):
        cell.metadata = meta


def handout(nb):
    """A copy of ``nb`` for the learners' handout, tagged for nbconvert's
    TagRemovePreprocessor (configured in ``site/export.py``): cells tagged ``notes`` (speaker
    notes, for the presenter) are left out, and helper calls get :data:`TAG_HIDE_INPUT` so
    their input is hidden while their outputs stay."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type == "code" and only_calls_helpers(_source(cell)):
            tags = cell.metadata.setdefault("tags", [])
            if TAG_HIDE_INPUT not in tags:
                tags.append(TAG_HIDE_INPUT)
    return out


def slide_count(plan: list[CellSlide]) -> tuple[int, int]:
    """(horizontal slides, all slides) that ``plan`` produces, as reveal.js counts them."""
    slides = subslides = 0
    for step in plan:
        if step.slide_type in ("notes", "skip"):
            continue
        if slides == 0 or step.slide_type == "slide":
            slides += 1
            subslides += 1
        elif step.slide_type == "subslide" or step.continued:
            subslides += 1
    return slides, subslides
