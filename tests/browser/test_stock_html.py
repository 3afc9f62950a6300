"""The lessons exported with stock nbconvert (``jupyter nbconvert --to html`` and ``--to
slides``, the exporters behind JupyterLab's File > Save and Export Notebook As menu), opened
in Chromium.

Such a page has no plotly.js of its own. Offline, each figure shows its static fallback: the
title, the alt text and the data as a table. Online, the figure loads plotly.js of the plotly
wheel's version from plotly's CDN and is drawn, and the fallback is hidden. Quizzes work in
both, and the teaching notes never show.

"Online" needs no network: each file a page asks a CDN for is answered with the same file
installed here (plotly.js from the plotly wheel; reveal.js 4.0.2 and require.js 2.1.10, the
versions nbconvert's slides template names, from tests/browser/node_modules). MathJax, which
the template loads for formulas the lessons do not have, is answered with a stand-in that
renders nothing; jQuery and web fonts are refused (the template uses jQuery only for its
optional scrolling slides).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import plotly
import pytest
from nbconvert import HTMLExporter, SlidesExporter
from plotly.offline import get_plotlyjs_version

from conftest import answer_and_read_feedback, new_page, required
from scleromyxedema_course import plots
from scleromyxedema_course.site import structure

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
WITH_FIGURES = [p for p in LESSONS if plots.PLOTLY_JSON in p.read_text(encoding="utf-8")]
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
MODULES = Path(__file__).resolve().parent / "node_modules"
SLIDES = SlidesExporter()
MATHJAX_STAND_IN = "window.MathJax = {Hub: {getAllJax: function () { return []; }, " \
                   "Rerender: function () {}}};"


def cdn_file(url: str) -> Path | None:
    """The file installed here that a stock export asks a CDN for at ``url``, if any."""
    if url == plots.PLOTLY_CDN:
        return PLOTLY_JS
    if url == SLIDES.require_js_url:
        return MODULES / "requirejs" / "require.js"
    if url.startswith(SLIDES.reveal_url_prefix + "/"):
        return MODULES / "reveal.js" / url.removeprefix(SLIDES.reveal_url_prefix + "/")
    return None


def export_all(exporter, out: Path) -> dict[str, Path]:
    """Every lesson through ``exporter`` into one folder, as a learner exporting each lesson
    from JupyterLab would."""
    pages = {}
    for nb_path in LESSONS:
        body, resources = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
        page = out / f"{nb_path.stem}{resources['output_extension']}"
        page.write_text(body, encoding="utf-8")
        pages[nb_path.stem] = page
    return pages


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """Every lesson, through nbconvert's stock HTML exporter (default template)."""
    return export_all(HTMLExporter(), tmp_path_factory.mktemp("stock-html"))


@pytest.fixture(scope="module")
def exported_slides(tmp_path_factory) -> dict[str, Path]:
    """Every lesson, through nbconvert's stock slides exporter (``NN-x.slides.html``)."""
    for name in ("reveal.js/dist/reveal.js", "reveal.js/plugin/notes/notes.js",
                 "requirejs/require.js"):
        if not (MODULES / name).is_file():
            required(f"{MODULES / name} is missing (make test installs it from "
                     "tests/browser/package-lock.json)", "test stock slides")
    return export_all(SlidesExporter(), tmp_path_factory.mktemp("stock-slides"))


def open_stock(browser, page_path: Path, online: bool):
    """The page with every request leaving file:// refused, except (online) the CDN files
    installed here (:func:`cdn_file`) and MathJax's stand-in; ``asked`` lists the requests
    that left."""
    context, page, errors = new_page(browser)
    asked = []

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "data:", "blob:")):
            r.continue_()
            return
        asked.append(url)
        local = cdn_file(url) if online else None
        if local is not None and local.is_file():
            r.fulfill(path=str(local))
        elif online and url == SLIDES.mathjax_url:
            r.fulfill(body=MATHJAX_STAND_IN, content_type="text/javascript")
        else:
            r.abort()

    context.route("**/*", route)
    page.goto(page_path.as_uri())
    return context, page, errors, asked


FIGURES = """() => [...document.querySelectorAll('.smx-figure')].map(f => {
  const fb = f.querySelector('.smx-figure-fallback');
  return {drawn: !!f.querySelector('.main-svg'),
          fallback: !!fb && fb.offsetHeight > 0 && !fb.hidden,
          rows: fb ? fb.querySelectorAll('tbody tr').length : 0,
          alt: fb ? fb.textContent.includes(f.getAttribute('aria-label')) : false}; })"""


def read_figures(page, online: bool) -> list[dict]:
    """The page's figures once they are drawn (online) or the page has loaded (offline)."""
    if online:
        page.wait_for_function("() => [...document.querySelectorAll('.smx-figure')]"
                               ".every(f => f.querySelector('.main-svg'))", timeout=20_000)
    else:
        page.wait_for_load_state("load")
    return page.evaluate(FIGURES)


def figure_problems(name: str, figures: list[dict], online: bool) -> list[str]:
    """Online, every figure drawn and its fallback hidden; offline, a readable fallback."""
    problems = []
    for i, f in enumerate(figures, 1):
        if online and not (f["drawn"] and not f["fallback"]):
            problems.append(f"{name} figure {i}: drawn {f['drawn']}, "
                            f"fallback shown {f['fallback']}")
        if not online and not (f["fallback"] and f["rows"] > 0 and f["alt"]):
            problems.append(f"{name} figure {i}: no readable fallback {f}")
    return problems


def test_the_cdn_address_is_the_wheels_plotly_js_version():
    version = get_plotlyjs_version()
    assert f"https://cdn.plot.ly/plotly-{version}.min.js" == plots.PLOTLY_CDN
    assert PLOTLY_JS.read_text(encoding="utf-8")[:400].count(version) >= 1


@pytest.mark.parametrize("online", [False, True], ids=["offline", "online"])
def test_stock_html_exports_show_every_figure_or_its_readable_fallback(browser, exported,
                                                                        online):
    problems = []
    total = 0
    for stem, path in exported.items():
        if stem not in {p.stem for p in WITH_FIGURES}:
            continue
        context, page, errors, asked = open_stock(browser, path, online)
        try:
            figures = read_figures(page, online)
            total += len(figures)
            problems += figure_problems(stem, figures, online)
            problems += [f"{stem}: page error {e}" for e in errors]
            if online:  # the course asks for plotly.js only (nbconvert's template asks for more)
                assert asked.count(plots.PLOTLY_CDN) == 1, asked
        finally:
            context.close()
    assert total >= len(WITH_FIGURES) > 0
    assert problems == []


def test_a_quiz_in_a_stock_html_export_is_answerable(browser, exported):
    context, page, errors, _ = open_stock(browser, exported["04-therapy"], online=False)
    try:
        question = page.locator(".smx-quiz .smx-q[data-type=single]").first
        assert answer_and_read_feedback(page, question)
        assert errors == []
    finally:
        context.close()


def test_a_lesson_run_and_exported_by_stock_nbconvert_keeps_answerable_quizzes(browser,
                                                                              tmp_path):
    """``jupyter nbconvert --config nbconvert-static.json --execute --to html`` (the README's
    command) on lesson 04: its figures are drawn online or show their tables offline, and a
    quiz checks an answer, as in the stored lesson's export."""
    lesson = ROOT / "lessons" / "04-therapy.ipynb"
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--config", str(ROOT / "nbconvert-static.json"),
         "--execute", "--to", "html", "--output-dir", str(tmp_path), str(lesson)],
        check=True, cwd=lesson.parent, capture_output=True, timeout=300)
    page_path = tmp_path / "04-therapy.html"
    for online in (False, True):
        context, page, errors, _ = open_stock(browser, page_path, online)
        try:
            figures = read_figures(page, online)
            assert len(figures) >= 3
            assert figure_problems("04-therapy", figures, online) == []
            question = page.locator(".smx-quiz .smx-q[data-type=single]").first
            assert answer_and_read_feedback(page, question)
            assert errors == []
        finally:
            context.close()


def test_glossary_links_of_a_stock_export_lead_to_the_exported_glossary(browser, exported):
    """Lesson pages link glossary terms as "00-welcome.ipynb#term-x" (what JupyterLab opens);
    in an exported page they lead to the exported lesson 00 beside it, to the term."""
    problems, followed = [], 0
    for stem, path in exported.items():
        context, page, errors, _ = open_stock(browser, path, online=False)
        try:
            hrefs = page.eval_on_selector_all("a[href]",
                                              "as => as.map(a => a.getAttribute('href'))")
            for href in hrefs:
                if re.match(r"\d\d-[a-z0-9-]+\.ipynb", href):
                    problems.append(f"{stem}: link still to a notebook: {href}")
                m = re.fullmatch(r"(\d\d-[a-z0-9-]+\.html)#(term-[a-z0-9-]+)", href)
                if m:
                    target = path.parent / m.group(1)
                    if f'id="{m.group(2)}"' not in target.read_text(encoding="utf-8"):
                        problems.append(f"{stem}: {href} finds no such term")
                    followed += 1
        finally:
            context.close()
    assert followed >= 20
    assert problems == []


# ----------------------------------------------------------------- stock slides (reveal.js)

# What the room sees of a stock slides export: reveal.js's slide count, the teaching notes
# that show, each figure drawn on its own slide (its slide's place, to go there).
SLIDE_SURVEY = """() => {
  const slides = [...document.querySelectorAll('.reveal .slides > section')];
  const where = el => {
    const v = el.closest('.slides > section > section'), h = el.closest('.slides > section');
    return [slides.indexOf(h), v ? [...h.children].filter(c => c.tagName === 'SECTION')
                                    .indexOf(v) : 0];
  };
  return {ready: !!document.querySelector('.reveal.ready'), slides: slides.length,
          subslides: document.querySelectorAll('.reveal .slides > section > section').length,
          notes: document.querySelectorAll('aside.notes').length,
          notesShown: [...document.querySelectorAll('aside.notes')]
            .filter(a => a.getClientRects().length > 0).length,
          figures: [...document.querySelectorAll('.smx-figure')].map(where),
          quiz: [...document.querySelectorAll('.smx-quiz .smx-q[data-type=single]')]
            .slice(0, 1).map(where)};
}"""

FIGURE_ON_SCREEN = """() => [...document.querySelectorAll('section.present .smx-figure')]
  .some(f => {
  const svg = f.querySelector('.main-svg'), fb = f.querySelector('.smx-figure-fallback');
  return svg && svg.getBoundingClientRect().width > 200 && (!fb || fb.hidden); })"""


def go_to(page, place) -> None:
    h, v = place
    page.evaluate(f"location.hash = '#/{h}/{v}'")
    page.wait_for_function(
        "([h, v]) => { const s = document.querySelector('.slides > section.present'); return s "
        "&& [...document.querySelectorAll('.slides > section')].indexOf(s) === h && "
        "(v === 0 || s.querySelector(':scope > section.present') === "
        "[...s.children].filter(c => c.tagName === 'SECTION')[v]); }", arg=[h, v])


@pytest.mark.parametrize("stem", [p.stem for p in LESSONS])
def test_stock_slides_online_show_the_courses_slides_figures_and_no_notes(browser,
                                                                          exported_slides,
                                                                          stem):
    plan = structure.derive(nbformat.read(ROOT / "lessons" / f"{stem}.ipynb", as_version=4))
    slides, subslides = structure.slide_count(plan)
    context, page, errors, asked = open_stock(browser, exported_slides[stem], online=True)
    try:
        page.wait_for_selector(".reveal.ready", state="attached", timeout=20_000)
        seen = page.evaluate(SLIDE_SURVEY)
        assert (seen["slides"], seen["subslides"]) == (slides, subslides)
        assert seen["notes"] == sum(1 for s in plan if s.slide_type == "notes")
        assert seen["notesShown"] == 0
        assert "Teaching note" not in page.inner_text(".reveal .slides")
        for place in seen["figures"]:
            go_to(page, place)
            page.wait_for_function(FIGURE_ON_SCREEN, timeout=20_000)
        if seen["quiz"]:
            go_to(page, seen["quiz"][0])
            question = page.locator(".smx-quiz .smx-q[data-type=single]").first
            assert answer_and_read_feedback(page, question)
        assert errors == []
        if seen["figures"]:
            assert asked.count(plots.PLOTLY_CDN) == 1
    finally:
        context.close()


def test_stock_slides_offline_hide_the_notes_and_show_figure_fallbacks(browser,
                                                                       exported_slides):
    """Without the network a stock slides export has no reveal.js: it reads as one long page.
    The teaching notes stay hidden there too, each figure shows its fallback and a quiz is
    answerable."""
    problems, figures = [], 0
    for stem, path in exported_slides.items():
        context, page, errors, _ = open_stock(browser, path, online=False)
        try:
            found = read_figures(page, online=False)
            shown = page.evaluate("() => [...document.querySelectorAll('aside.notes')]"
                                  ".filter(a => a.getClientRects().length > 0).length")
            if shown:
                problems.append(f"{stem}: {shown} teaching notes visible")
            figures += len(found)
            problems += figure_problems(stem, found, online=False)
            # nbconvert's template calls require() for reveal.js, which could not load.
            problems += [f"{stem}: page error {e}" for e in errors
                         if "require is not defined" not in e]
            if stem == "04-therapy":
                question = page.locator(".smx-quiz .smx-q[data-type=single]").first
                assert answer_and_read_feedback(page, question)
        finally:
            context.close()
    assert figures >= len(WITH_FIGURES)
    assert problems == []
