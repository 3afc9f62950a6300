"""The slide structure is derived from lesson content, and the build uses exactly that."""

from __future__ import annotations

import re

import nbformat
import pytest

from scleromyxedema_course import lesson
from scleromyxedema_course.core import paths
from scleromyxedema_course.site import build, export, later, structure
from scleromyxedema_course.site.structure import CellSlide

v4 = nbformat.v4
LESSONS = sorted(paths.lessons_dir().glob("[0-9][0-9]-*.ipynb"))


def md(src, *tags):
    cell = v4.new_markdown_cell(src)
    cell.metadata["tags"] = list(tags)
    return cell


def code(src, text="out", *tags):
    cell = v4.new_code_cell(src, execution_count=1)
    if text is not None:
        cell.outputs = [v4.new_output("execute_result", data={"text/plain": text},
                                      execution_count=1)]
    cell.metadata["tags"] = list(tags)
    return cell


def notebook(*cells):
    return v4.new_notebook(cells=list(cells))


def test_headings_start_slides_and_subslides():
    nb = notebook(md("# Title"), md("## Part"), md("text"), md("### Detail"), md("#### Small"))
    assert [c.slide_type for c in structure.derive(nb)] == ["slide", "slide", "-", "subslide", "-"]


def test_tags_become_fragments_notes_and_skips():
    nb = notebook(md("# T"), md("step", "fragment"), md("say this", "notes"),
                  md("handout only", "skip-slides"))
    assert [c.slide_type for c in structure.derive(nb)] == ["slide", "fragment", "notes", "skip"]


def test_the_handout_leaves_out_speaker_notes_and_hides_helper_inputs():
    nb = notebook(md("# T"), md("say this to the room", "notes"), md("read this"),
                  code("lesson.header('welcome')", "the objectives box"),
                  code("weight_kg = 70", "70"), md("handout only", "skip-slides"))
    marked = structure.handout(nb)
    assert marked.cells[3].metadata["tags"] == [structure.TAG_HIDE_INPUT]
    assert "tags" not in nb.cells[3].metadata or nb.cells[3].metadata["tags"] == []
    # What a learner reads: the handout export (nbconvert's TagRemovePreprocessor).
    les = lesson.load(LESSONS[0])
    exporters = export.Exporters()
    page = exporters.export(exporters.handout, les, marked, plotly=False)
    for shown in ("read this", "handout only", "the objectives box", "weight_kg", "70"):
        assert shown in page, shown
    assert "say this to the room" not in page
    assert "lesson.header" not in page  # a helper call shows its output, not its input
    assert len(nb.cells) == 6  # the lesson itself is untouched


@pytest.mark.parametrize("source, hidden", [
    ('from scleromyxedema_course import quiz\n\nquiz.show("therapy")', True),
    ("lesson.header('welcome')", True),
    ("fig = plots.evidence.forest()\nfig", True),
    ("import scleromyxedema_course.plots", True),
    ("import numpy as np\nnp.arange(3)", False),
    ("for i in range(3):\n    print(i)", False),
    ("weight_kg = 70\ndose = 2 * weight_kg", False),
    ("def f():\n    pass", False),
    ("this is not python (", False),
])
def test_only_helper_calls_are_hidden(source, hidden):
    assert structure.only_calls_helpers(source) is hidden
    step = structure.derive(notebook(md("# T"), code(source)))[1]
    assert step.hide_input is hidden
    assert step.slide_type == "-"


def test_helper_cell_without_output_is_skipped():
    nb = notebook(md("# T"), code("from scleromyxedema_course import lesson", text=None))
    assert structure.derive(nb)[1] == CellSlide("skip", hide_input=True)


def test_overfull_slide_continues_on_a_subslide_and_captions_stay_with_figures():
    para = "word " * 150  # about 12 lines
    figure = {"text/html": '<div style="height:450px"><script>Plotly.newPlot("x")</script>'}
    fig_cell = code("fig", text=None)
    fig_cell.outputs = [v4.new_output("display_data", data=figure)]
    nb = notebook(md("## Dose"), md(para), fig_cell, md("**Figure 1.** Caption " + para))
    plan = structure.derive(nb)
    assert plan[2] == CellSlide("subslide", hide_input=True, continued="Dose")
    assert plan[3].slide_type == "-"  # the caption is not split from its figure
    applied = structure.apply(nb, plan)
    assert applied.cells[2].source == "## Dose (continued)"
    assert structure.slide_count(plan) == (1, 2)


def test_a_lone_heading_is_never_split_from_what_follows():
    nb = notebook(md("## Key points"), md("word " * 400))
    assert [c.slide_type for c in structure.derive(nb)] == ["slide", "-"]


def test_apply_writes_what_nbconvert_reads():
    nb = notebook(md("# T"), code('lesson.header("x")'), md("### Sub"), md("n", "notes"))
    out = structure.apply(nb)
    assert [c.metadata["slideshow"]["slide_type"] for c in out.cells] == [
        "slide", "-", "subslide", "notes"]
    assert out.cells[1].metadata["transient"] == {"remove_source": True}
    assert "slideshow" not in nb.cells[0].metadata  # the lesson itself is not changed


def _sections(html: str) -> tuple[int, int]:
    """(horizontal, all) slides in an exported deck."""
    body = html.split('<div class="slides">', 1)[1]
    depth = top = leaves = 0
    for tag in re.findall(r"</?section\b", body):
        if tag == "<section":
            depth += 1
            top += depth == 1
            leaves += depth == 2
        else:
            depth -= 1
    return top, leaves


def test_the_build_exports_the_derived_structure(tmp_path):
    figure_text = "word " * 200
    nb = notebook(
        md("# Title"), code('lesson.header("t")', "BOXOUT"), md("## One"), md(figure_text),
        md(figure_text), md("### Sub"), md("step", "fragment"), md("notes", "notes"),
        md("## Two"), md("skip", "skip-slides"), code("x = 1\nx", "1"),
    )
    nb.metadata["smx"] = {"title": "T", "minutes": 1, "questions": ["q"],
                          "objectives": [{"id": "t/o", "text": "o"}], "key_points": ["k"]}
    path = tmp_path / "42-t.ipynb"
    nbformat.write(nb, path)
    les = lesson.load(path)
    slides_nb, _, plan, _, _ = build.prepare(les)
    exporters = build.Exporters()
    html = exporters.export(exporters.slides, les, slides_nb, False)
    assert _sections(html) == structure.slide_count(plan) == (3, 5)
    assert html.count('class="fragment"') == 1
    assert html.count('<aside class="notes">') == 1
    assert "skip" not in re.sub(r"<[^>]+>", "", html.split('<div class="slides">')[1])
    assert "lesson.header" not in html  # helper call hidden, its output kept
    assert "BOXOUT" in html
    assert html.count("jp-InputArea-editor") == 1  # the one teaching cell shows its code


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_stored_slide_metadata_is_the_derived_structure(path):
    """Jupyter's own slide tools read the stored metadata; it must be exactly what the course
    derives (a hand-set or stale value would show another structure than the site's)."""
    nb = nbformat.read(path, as_version=4)
    differ = [i + 1 for i, (c, want) in enumerate(zip(nb.cells, structure.stored(nb),
                                                      strict=True)) if c.metadata != want]
    assert not differ, (
        f"{path.name}: cells {differ} carry slide metadata other than the derived one; it is "
        "written by `smx-course execute` from headings and the tags fragment/notes/skip-slides "
        "(see site/structure.py): run it instead of setting it by hand.")
    notes = [c for c in nb.cells if "notes" in c.metadata.get("tags", [])]
    assert all(c.metadata["slideshow"]["slide_type"] == "notes" for c in notes)


def test_a_hand_set_slide_type_is_caught():
    nb = notebook(md("# T"), md("text"), md("n", "notes"))
    structure.store(nb)
    assert [c.metadata for c in nb.cells] == structure.stored(nb)
    nb.cells[2].metadata["slideshow"] = {"slide_type": "slide"}  # a teaching note shown
    assert nb.cells[2].metadata != structure.stored(nb)[2]


def test_links_to_lessons_point_at_handouts():
    nb = notebook(md("[mucin](00-welcome.ipynb#term-mucin) and [r](#ref-x)"))
    nb.cells.append(code("m", text=None))
    nb.cells[1].outputs = [v4.new_output(
        "display_data", data={"text/html": '<a href="01-clinical-presentation.ipynb">x</a>'})]
    build.rewrite_links(nb)
    assert nb.cells[0].source == "[mucin](../handouts/00-welcome.html#term-mucin) and [r](#ref-x)"
    assert 'href="../handouts/01-clinical-presentation.html"' in nb.cells[1].outputs[0].data[
        "text/html"]


def test_a_broken_stored_output_names_lesson_and_cell(tmp_path):
    nb = notebook(md("# T"), code("x"))
    nb.cells[1].outputs = [v4.new_output("error", ename="KeyError", evalue="'k'", traceback=[])]
    nb.metadata["smx"] = {"title": "T", "minutes": 1, "questions": ["q"],
                          "objectives": [{"id": "t/o", "text": "o"}], "key_points": ["k"]}
    path = tmp_path / "42-t.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(build.SiteBuildError, match=r"42-t.ipynb, cell 2 \('x'\).*KeyError"):
        build.prepare(lesson.load(path))


def test_progress_bar_counts_steps():
    import io

    stream = io.StringIO()
    bar = build.Progress(2, stream=stream, width=4)
    bar.step("a")
    bar.step("b")
    assert stream.getvalue().splitlines() == ["[##--]  1/2 a", "[####]  2/2 b"]


KERNEL_ONLY = re.compile(r"\b(run (this|the) cell|re-?run|"
                         r"change the [\w ]{1,30}?(and (watch|run|see)|to try)|"
                         r"set each finding|tick what|"
                         r"move the (section )?slider|pick a condition)\b", re.I)
LIVE_PLACE = re.compile(r"JupyterLab|running kernel|running lesson|kernel runs|live", re.I)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_a_slide_asks_for_kernel_actions_only_where_it_says_they_need_jupyterlab(path):
    """A deck has no kernel: an instruction to run a cell or change an input must say where it
    works ("In JupyterLab, ..."), so the room knows to look, not to click."""
    nb = nbformat.read(path, as_version=4)
    shown = [(c, s) for c, s in zip(nb.cells, structure.derive(nb), strict=True)
             if s.slide_type not in ("notes", "skip")]
    texts = [c.source for c, _ in shown if c.cell_type == "markdown"]
    texts += [re.sub(r"<[^>]+>", " ", str(o.get("data", {}).get("text/html", "")))
              for c, _ in shown if c.cell_type == "code" for o in c.get("outputs", [])]
    bad = [sentence.strip() for text in texts for sentence in re.split(r"(?<=[.!?])\s+", text)
           if KERNEL_ONLY.search(sentence) and not LIVE_PLACE.search(sentence)]
    assert bad == []


# ---- later slides wait in a template (site/later.py) ----------------------------------------

DECK = ('<main class="reveal"><div class="slides">'
        '<section><section><h1>One</h1></section><section>One, below</section></section>'
        '<section><p>Two</p><script>var s = "<section>";</script></section>'
        '<section><section>Three</section></section>'
        '</div></main><script>start()</script>')


def test_every_slide_after_the_first_waits_in_one_template():
    out = later.defer_later_slides(DECK)
    first, rest = out.split('<template id="smx-later-slides">')
    assert first.endswith("One, below</section></section>")
    assert rest.startswith("<section><p>Two</p>")
    assert rest.endswith(
        "Three</section></section></template></div></main><script>start()</script>")
    assert out.replace('<template id="smx-later-slides">', "").replace("</template>", "") == DECK
    assert later.defer_later_slides(out) == out  # once only


@pytest.mark.parametrize("deck", [
    '<div class="slides"><section><section>Only</section><section>below</section></section></div>',
    '<div class="slides"><section>One<section>Two</section></div>',  # unbalanced
    '<div><section>One</section><section>Two</section></div>',  # not a deck
])
def test_a_deck_that_cannot_be_read_with_certainty_or_has_one_slide_is_left_alone(deck):
    assert later.defer_later_slides(deck) == deck


def test_every_built_deck_keeps_its_first_slide_out_of_the_template(tmp_path):
    les = lesson.load(LESSONS[4])
    result = build.build(tmp_path / "site", [les])
    html = result.pages[0].slides.read_text(encoding="utf-8")
    head, rest = html.split('<template id="smx-later-slides">')
    assert len(later.top_level_slides(head + "</div>")) == 1
    assert rest.count("<section") > 5
