"""The built site is valid HTML (the Nu Html Checker), and decks draw a figure when it is shown.

The checker is the ``vnu-jar`` npm package pinned by ``package-lock.json`` here (installed by
``make test`` with ``smx-course frontend``); it runs once, over every page, in one ``java``
call. The site is the session's one build (``test_site.site``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_site import open_page, opened_deck, site  # noqa: F401 - the session's one site

from conftest import required
from scleromyxedema_course.site import tidy

HERE = Path(__file__).resolve().parent
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_or_skip() -> list[str]:
    java = shutil.which("java")
    if java and VNU.is_file():
        return [java, "-jar", str(VNU)]
    required("the Nu Html Checker needs Java and vnu-jar: `make test` installs vnu-jar "
             "(smx-course frontend --lock tests/browser/package-lock.json --dest "
             "tests/browser/node_modules); Java: apt-get install default-jre-headless.",
             "validate the site")


def test_every_page_of_the_site_is_valid_html(site):  # noqa: F811
    command = vnu_or_skip()
    pages = sorted(site.out.rglob("*.html"))
    run = subprocess.run([*command, "--errors-only", "--format", "json", *map(str, pages)],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or "{}").get("messages", [])
    assert run.returncode in (0, 1), run.stderr[-2000:]
    errors = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert len(pages) >= 17, f"only {len(pages)} pages were checked"
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:40])


def test_pages_name_their_icon_and_ship_no_dangling_source_map(site):  # noqa: F811
    for p in site.pages:
        for page in (p.slides, p.handout):
            icon = re.search(r'<link[^>]*\brel="icon"[^>]*>', page.read_text())
            assert icon and 'href="../assets/favicon.svg"' in icon.group(0), page.name
    assert (site.out / "assets" / "favicon.svg").is_file()
    for js in site.out.rglob("*.js"):
        text = js.read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            if line.startswith("//# sourceMappingURL="):
                target = js.parent / line.split("=", 1)[1].strip()
                assert target.is_file(), f"{js.name} points at a missing {target.name}"


def test_a_deck_draws_a_figure_when_its_slide_is_shown(browser, site):  # noqa: F811
    """Only the figures of the slide on screen are drawn at start; moving to a figure's
    slide draws it; the deck's <main> carries no role="application"."""
    deck = max((p for p in site.pages if p.has_plotly),
               key=lambda p: p.slides.read_text().count("plotly-graph-div"))
    with opened_deck(browser, deck.slides) as (page, log):
        page.wait_for_selector("html[data-smx-plots=drawn]", state="attached", timeout=10_000)
        total = page.locator(".plotly-graph-div").count()
        drawn = page.locator(".plotly-graph-div .main-svg").count()
        assert total >= 2 and drawn < total, f"{drawn} of {total} figures drawn at start"
        assert page.evaluate("() => document.querySelector('main').getAttribute('role')") is None
        h, v = page.evaluate(
            "() => { const s = Reveal.getSlides().find(s => s.querySelector("
            "'.plotly-graph-div:not(:has(.main-svg))')); const i = Reveal.getIndices(s);"
            " return [i.h, i.v]; }")
        page.evaluate(f"Reveal.slide({h}, {v})")
        page.wait_for_function(
            "() => [...Reveal.getCurrentSlide().querySelectorAll('.plotly-graph-div')]"
            ".every(g => g.querySelector('.main-svg'))", timeout=10_000)
        assert page.locator(".plotly-graph-div .main-svg").count() > drawn
        assert not log["errors"], log["errors"]


def test_a_handout_draws_a_figure_when_it_scrolls_into_view(browser, site):  # noqa: F811
    p = max((p for p in site.pages if p.has_plotly),
            key=lambda p: p.handout.read_text().count("plotly-graph-div"))
    context, page, log = open_page(browser, p.handout.as_uri())
    try:
        page.wait_for_selector("html[data-smx-plots=drawn]", state="attached", timeout=10_000)
        figures = page.locator(".plotly-graph-div")
        last = figures.nth(figures.count() - 1)
        assert last.locator(".main-svg").count() == 0, "a figure far below was drawn at load"
        last.scroll_into_view_if_needed()
        last.locator(".main-svg").first.wait_for(timeout=10_000)
        assert not log["errors"], log["errors"]
    finally:
        context.close()


# --------------------------------------------------------------------------- tidy, as text

PAGE = ("<!DOCTYPE html><html><head><title>t</title></head><body><h1 id=\"a\">A</h1>"
        "<div><style>.x{color:red}</style><h3>Box</h3></div><style>.x{color:red}</style>"
        "<h2 id=\"s\">S<a class=\"anchor-link\" href=\"#s\">¶</a></h2>"
        "<h2 id=\"s\">S (continued)<a class=\"anchor-link\" href=\"#s\">¶</a></h2>"
        "<script>var s = '<style>kept</style>';</script></body></html>")


def test_tidy_moves_styles_orders_headings_and_renames_repeated_ids():
    out = tidy.tidy(PAGE)
    head, body = out.split("<body>")
    assert head.count("<style>.x{color:red}</style>") == 1 and "<style>.x" not in body
    assert "<style>kept</style>" in body            # text inside a script is left alone
    assert '<h2 class="smx-was-h3">Box</h2>' in body
    assert '<h2 id="s-2">S (continued)<a class="anchor-link" href="#s-2">' in body
    assert '<h2 id="s">S<a class="anchor-link" href="#s">' in body
    assert tidy.tidy(out) == out


# --------------------------------------------------------------------------- trimmed styles

LOOK = """() => { const props = ['display', 'position', 'font-family', 'font-size', 'font-weight',
  'font-style', 'line-height', 'color', 'background-color', 'margin-top', 'margin-bottom',
  'margin-left', 'padding-top', 'padding-left', 'border-top-width', 'border-bottom-style',
  'border-bottom-color', 'text-align', 'white-space', 'overflow-x', 'list-style-type',
  'vertical-align', 'text-decoration-line', 'width', 'height'];
  return [...document.body.querySelectorAll('*')].map((el, i) => {
    const c = getComputedStyle(el);
    return `${i} ${el.tagName}.${el.className}: ` + props.map(p => c.getPropertyValue(p)).join('|');
  }); }"""
SWAP = """(folder) => Promise.all([...document.querySelectorAll('link[rel=stylesheet]')]
  .filter(l => l.href.includes('/vendor/nbconvert/')).map(l => new Promise(done => {
    l.onload = done; l.href = folder + l.href.split('/').pop(); })))"""


def test_trimmed_lab_styles_keep_the_look(browser, site):  # noqa: F811
    """JupyterLab's stylesheets are shipped reduced to the rules the pages use (a tenth of
    their size), and every element of a deck and a handout is styled exactly as with the
    full stylesheets (computed styles compared, figures not drawn in either)."""
    from scleromyxedema_course.site import vendor

    full = vendor.nbconvert_lab_static()
    shipped = site.out / "vendor" / "nbconvert"
    original = sum((full / n).stat().st_size for n in ("index.css", "theme-light.css"))
    trimmed = sum((shipped / n).stat().st_size for n in ("index.css", "theme-light.css"))
    assert trimmed < original / 4, f"{trimmed} bytes shipped of {original}"
    p = max(site.pages, key=lambda p: p.handout.stat().st_size)
    for path in (p.slides, p.handout):
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        context.route("**/plotly.min.js", lambda r: r.abort())
        try:
            page = context.new_page()
            page.goto(path.as_uri())
            if path == p.slides:
                page.wait_for_selector("html[data-smx-paginated]", state="attached")
            # a link's colour eases over 0.15 s (reveal.js theme): swapping the sheets starts
            # that transition, and a reading in the middle of it is not a difference of rules
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
            before = page.evaluate(LOOK)
            page.evaluate(SWAP, full.as_uri() + "/")
            after = page.evaluate(LOOK)
            changed = [f"{a}\n   full CSS: {b}" for a, b in zip(before, after, strict=True)
                       if a != b]
            assert not changed, f"{path.name}: {len(changed)} elements look different:\n" + \
                "\n".join(changed[:5])
        finally:
            context.close()


def test_an_install_script_is_skipped_only_when_package_json_says_why(tmp_path):
    """vnu-jar's lock entry has an install script (it fetches a Java runtime): the installer
    takes it only because package.json names it, with a reason; otherwise it refuses."""
    from scleromyxedema_course.core import locks

    lock = tmp_path / "package-lock.json"
    lock.write_text(json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/x": {
        "version": "1.0.0", "integrity": "sha512-x", "hasInstallScript": True}}}))
    with pytest.raises(locks.FrontendError, match="has an install script"):
        locks.locked_packages(lock)
    manifest = tmp_path / "package.json"
    manifest.write_text(json.dumps({"smxInstallScriptNotNeeded": {"x": ""}}))
    with pytest.raises(locks.FrontendError, match="package.json: 'smxInstallScriptNotNeeded'"):
        locks.locked_packages(lock)
    manifest.write_text(json.dumps({"smxInstallScriptNotNeeded": {"x": "fetches a runtime"}}))
    assert [p.name for p in locks.locked_packages(lock)] == ["x"]
    shipped = locks.locked_packages(HERE / "package-lock.json")
    assert {"axe-core", "vnu-jar"} <= {p.name for p in shipped}
