"""The lessons exported with stock nbconvert (``jupyter nbconvert --to html``, the exporter
behind JupyterLab's File > Save and Export Notebook As > HTML), opened in Chromium.

Such a page has no plotly.js of its own. Offline, each figure shows its static fallback: the
title, the alt text and the data as a table. Online, the figure loads plotly.js of the plotly
wheel's version from plotly's CDN (here answered with the wheel's own file, so the test needs no
network) and is drawn, and the fallback is hidden. Quizzes work in both.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import plotly
import pytest
from nbconvert import HTMLExporter
from plotly.offline import get_plotlyjs_version

from conftest import answer_and_read_feedback
from scleromyxedema_course import plots

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
WITH_FIGURES = [p for p in LESSONS if plots.PLOTLY_JSON in p.read_text(encoding="utf-8")]
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """Every lesson, through nbconvert's stock HTML exporter (default template), into one
    folder, as a learner exporting each lesson from JupyterLab would."""
    out = tmp_path_factory.mktemp("stock-html")
    exporter = HTMLExporter()
    pages = {}
    for nb_path in LESSONS:
        body, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
        page = out / f"{nb_path.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages[nb_path.stem] = page
    return pages


def open_stock(browser, page_path: Path, online: bool):
    """The page with every request leaving file:// refused, except (online) plotly's CDN,
    answered with the wheel's plotly.min.js; ``asked`` lists the requests that left."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    asked = []

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "data:", "blob:")):
            r.continue_()
        elif online and url == plots.PLOTLY_CDN:
            asked.append(url)
            r.fulfill(path=str(PLOTLY_JS), content_type="text/javascript")
        else:
            asked.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.as_uri())
    return context, page, errors, asked


FIGURES = """() => [...document.querySelectorAll('.smx-figure')].map(f => {
  const fb = f.querySelector('.smx-figure-fallback');
  return {drawn: !!f.querySelector('.main-svg'),
          fallback: !!fb && fb.offsetHeight > 0 && !fb.hidden,
          rows: fb ? fb.querySelectorAll('tbody tr').length : 0,
          alt: fb ? fb.textContent.includes(f.getAttribute('aria-label')) : false}; })"""


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
            if online:
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.smx-figure')]"
                    ".every(f => f.querySelector('.main-svg'))", timeout=20_000)
            else:
                page.wait_for_load_state("load")
            figures = page.evaluate(FIGURES)
            total += len(figures)
            for i, f in enumerate(figures, 1):
                if online and not (f["drawn"] and not f["fallback"]):
                    problems.append(f"{stem} figure {i}: drawn {f['drawn']}, "
                                    f"fallback shown {f['fallback']}")
                if not online and not (f["fallback"] and f["rows"] > 0 and f["alt"]):
                    problems.append(f"{stem} figure {i}: no readable fallback {f}")
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
