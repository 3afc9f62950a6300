"""The built slide site in a real browser (Debian's Chromium through Playwright).

The site is built once per session from the course's lessons plus a small synthetic lesson
(a plotly figure, headings of three levels, fragment/notes/skip tags and a quiz), then every
page is opened over file:// with every request that would leave the site aborted and recorded.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from conftest import answer_and_read_feedback, required
from scleromyxedema_course import lesson
from scleromyxedema_course.site import build, vendor

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SYNTHETIC_QUIZ = """
bank: synthetic
title: Synthetic quiz
questions:
  - id: synthetic/q01
    type: single
    text: "Which colour is the **first** bar?"
    objectives: [synthetic/read]
    citations: [rongioletti2001]
    explanation: "The first bar is drawn in the palette's first colour."
    options:
      - {text: "Blue", correct: true, feedback: "Yes: the palette starts with blue."}
      - {text: "Orange", correct: false, feedback: "No: orange is the second colour."}
"""


def synthetic_lesson(folder: Path) -> Path:
    """A lesson notebook with stored outputs, made without a kernel."""
    import plotly.graph_objects as go

    from scleromyxedema_course import plots

    fig = plots.finish(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])),
                       alt="A bar chart of three made-up values, a is the largest.")
    figure = plots.CourseRenderer().to_mimebundle(fig.to_dict())
    v4 = nbformat.v4

    def code(src, data=None, tags=()):
        cell = v4.new_code_cell(src, execution_count=1)
        if data:
            cell.outputs = [v4.new_output("display_data", data=data)]
        cell.metadata["tags"] = list(tags)
        return cell

    def md(src, tags=()):
        cell = v4.new_markdown_cell(src)
        cell.metadata["tags"] = list(tags)
        return cell

    cells = [
        md("# Synthetic lesson"),
        code("from scleromyxedema_course import lesson\n\nlesson.header(\"synthetic\")",
             {"text/html": "<p>Header box</p>", "text/plain": "header"}),
        md("## A figure\n\nThe bars below are [made up](00-welcome.ipynb#term-mucin)."),
        code("plots.demo()", figure),
        md("**Figure 1.** Three made-up values; a is the largest."),
        md("### A sub-slide\n\nThis cell starts a vertical slide."),
        md("This appears step by step.", tags=["fragment"]),
        md("Speaker notes: say that the values are invented.", tags=["notes"]),
        md("Only in the handout.", tags=["skip-slides"]),
        code("x = [i * i for i in range(3)]\nx", {"text/plain": "[0, 1, 4]"}),
    ]
    try:
        from scleromyxedema_course.quiz import loader, static

        bank = loader.parse_bank(SYNTHETIC_QUIZ, "synthetic.yaml")
        quiz_html = static.render(bank, list(bank.questions), "quiz-synthetic")
        cells += [md("## Quiz"), code('quiz.show("synthetic")',
                                      {"text/html": quiz_html, "text/plain": "Quiz"})]
    except ImportError:
        pass
    nb = v4.new_notebook(cells=cells)
    nb.metadata["smx"] = {
        "title": "Synthetic lesson", "minutes": 5, "questions": ["Does the site work?"],
        "objectives": [{"id": "synthetic/read", "text": "Read a made-up bar chart"}],
        "key_points": ["The site works offline."],
    }
    path = folder / "98-synthetic.ipynb"
    nbformat.write(nb, path)
    return path


_BUILT: dict[str, build.BuildResult] = {}


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site, built once per session (test_site_valid.py imports this fixture too)."""
    if "site" not in _BUILT:
        folder = tmp_path_factory.mktemp("lessons")
        lessons = [*lesson.all_lessons(), lesson.load(synthetic_lesson(folder))]
        out = tmp_path_factory.mktemp("site") / "site"
        _BUILT["site"] = build.build(out, lessons)
    return _BUILT["site"]


def pages(result):
    return ["index.html", *(f"slides/{p.slides.name}" for p in result.pages),
            *(f"handouts/{p.handout.name}" for p in result.pages)]


def open_page(browser, url, init: str | None = None):
    """A page that records console errors, page errors and every request leaving the site;
    ``init`` is a script run in the page before its own."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    if init:
        context.add_init_script(init)
    log = {"errors": [], "outside": []}

    def route(r):
        if r.request.url.startswith(("file://", "http://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            log["outside"].append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.goto(url)
    return context, page, log


@contextmanager
def opened_deck(browser, path: Path):
    """A deck opened with :func:`open_page` and started by reveal.js; closed afterwards."""
    context, page, log = open_page(browser, path.as_uri())
    try:
        page.wait_for_selector("html[data-smx-paginated]", state="attached", timeout=10_000)
        yield page, log
    finally:
        context.close()


def test_site_layout_and_size(site):
    out = site.out
    assert (out / "index.html").is_file()
    assert [p.name for p in (out / "vendor").rglob("plotly*.js")] == ["plotly.min.js"]
    for p in site.pages:
        html = p.slides.read_text()
        assert "https://" not in html.split("<body", 1)[0], f"{p.slides.name}: remote asset"
        assert ("vendor/plotly.min.js" in (out / "assets" / "site.js").read_text())
        assert ('plotly: true' in html) == p.has_plotly, p.slides.name
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    assert size < 10e6, f"site is {size / 1e6:.1f} MB"


IMAGES = """() => [...document.images].map(i => [i.getAttribute('src'), i.complete &&
  i.naturalWidth > 0, !!i.closest('section.present')])"""


def test_embedded_images_are_files_shown_when_their_slide_is(browser, site):
    """The lessons' inline images (quiz schematics) are written once each to media/; a deck
    reads one when its slide comes near, and shows it on its slide; a handout shows all."""
    media = sorted((site.out / "media").iterdir())
    assert media, "no image was moved out of the pages"
    for path in site.out.rglob("*.html"):
        assert 'src="data:image' not in path.read_text(encoding="utf-8"), path.name
    deck = next(p for p in site.pages if "../media/" in p.slides.read_text(encoding="utf-8"))
    with opened_deck(browser, deck.slides) as (page, log):
        first = page.evaluate(IMAGES)
        assert not any(loaded for _, loaded, _ in first), "images read with the first slide"
        h, v = page.evaluate("""() => { const s = document.querySelector('.slides img')
          .closest('section'); const top = s.parentElement.closest('section');
          const all = [...document.querySelectorAll('.reveal .slides > section')];
          return top ? [all.indexOf(top), [...top.children].filter(c => c.tagName ===
            'SECTION').indexOf(s)] : [all.indexOf(s), 0]; }""")
        page.evaluate(f"Reveal.slide({h}, {v})")
        page.wait_for_function(f"() => ({IMAGES})().some(([, loaded, here]) => loaded && here)",
                               timeout=10_000)
        assert not log["errors"], log["errors"]
    context, page, log = open_page(browser, deck.handout.as_uri())
    try:
        images = page.locator("img")
        assert images.count() > 0
        for i in range(images.count()):  # as a reader scrolls past each
            images.nth(i).scroll_into_view_if_needed()
        page.wait_for_function(f"() => ({IMAGES})().every(([, loaded]) => loaded)",
                               timeout=10_000)
        srcs = {src for src, _, _ in page.evaluate(IMAGES)}
        assert srcs <= {f"../media/{f.name}" for f in media}
    finally:
        context.close()


def test_speaker_notes_are_in_the_deck_and_not_in_the_handout(site):
    synthetic = next(p for p in site.pages if p.lesson.slug == "synthetic")
    deck, handout = synthetic.slides.read_text(), synthetic.handout.read_text()
    assert re.search(r'<aside class="notes">.*?say that the values are invented', deck, re.S)
    assert "say that the values are invented" not in handout


def test_the_shipped_plotly_js_draws_every_trace_the_lessons_use(browser, site):
    """The site's one plotly.js registers every trace type in the lessons' figures; when it
    is the cartesian bundle, its registry is the list the build chooses by."""
    if os.environ.get("CI"):
        assert "cartesian bundle" in site.plotly, f"CI built the site with {site.plotly}"
    deck = next(p for p in site.pages if p.has_plotly)
    with opened_deck(browser, deck.slides) as (page, _):
        page.wait_for_selector("html[data-smx-plots=drawn]", timeout=10_000)
        registered = set(page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)"))
    used = set()
    for p in site.pages:
        used |= build.figure_traces(nbformat.read(p.lesson.path, as_version=4))
    assert used and used <= registered, f"{sorted(used - registered)} missing from plotly.js"
    if "cartesian bundle" in site.plotly:
        assert registered == vendor.CARTESIAN_TRACES


# Figures are drawn when shown: on their slide, or near the screen in a handout.
FIGURE_DRAWN = "el => !!el.querySelector('.main-svg')"
# The (h, v) indices of every deck slide that holds a figure.
FIGURE_SLIDES = ("() => Reveal.getSlides().filter(s => s.querySelector('.plotly-graph-div'))"
                 ".map(s => { const i = Reveal.getIndices(s); return [i.h, i.v]; })")


def show_every_figure(page, deck: bool) -> None:
    """Show each figure as a learner would (its slide, or scrolled to), until it is drawn."""
    if deck:
        for h, v in page.evaluate(FIGURE_SLIDES):
            page.evaluate(f"Reveal.slide({h}, {v})")
            page.wait_for_function(
                "() => [...Reveal.getCurrentSlide().querySelectorAll('.plotly-graph-div')]"
                ".every(g => g.querySelector('.main-svg'))", timeout=10_000)
        return
    for figure in page.locator(".plotly-graph-div").element_handles():
        figure.scroll_into_view_if_needed()
        page.wait_for_function(f"({FIGURE_DRAWN})", arg=figure, timeout=10_000)


def links_and_log(page, log, rel: str) -> list[str]:
    """Broken links inside the site, console errors and requests leaving it, for one page."""
    problems = []
    for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
        if href.startswith("file://"):
            target = Path(href.split("#")[0].removeprefix("file://"))
            if not target.exists():
                problems.append(f"{rel}: broken link {href}")
    problems += [f"{rel}: console error {e}" for e in log["errors"]]
    problems += [f"{rel}: request leaving the site {u}" for u in log["outside"]]
    return problems


def test_the_index_loads_offline_without_errors(browser, site):
    context, page, log = open_page(browser, (site.out / "index.html").as_uri())
    try:
        assert page.locator(".smx-links a").count() >= 2 * len(site.pages)
        assert links_and_log(page, log, "index.html") == []
    finally:
        context.close()


def walk_deck(page) -> list[tuple[int, int]]:
    """Step through a deck with the arrow keys only; return the slides shown."""
    seen = []
    for _ in range(500):
        state = page.evaluate(
            "() => { const i = Reveal.getIndices(); const r = Reveal.availableRoutes();"
            " const f = Reveal.availableFragments();"
            " return [i.h, i.v, r.down, r.right, f.next,"
            " document.querySelectorAll('section.present').length]; }"
        )
        h, v, down, right, more_fragments, present = state
        assert present >= 1, "no slide is shown"
        if (h, v) not in seen:
            seen.append((h, v))
        if not (down or right or more_fragments):
            return seen
        before = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
        page.keyboard.press("ArrowDown" if (down or more_fragments) else "ArrowRight")
        after = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
        assert after != before, f"arrow key did not move from {before}"
    raise AssertionError("deck did not end after 500 key presses")


def test_every_slide_is_reachable_with_arrow_keys(browser, site):
    for p in site.pages:
        with opened_deck(browser, p.slides) as (page, log):
            total = page.evaluate("Reveal.getTotalSlides()")
            seen = walk_deck(page)
            assert len(seen) == total, f"{p.slides.name}: reached {len(seen)} of {total} slides"
            _, expected = build.structure.slide_count(p.slide_plan)
            continued = page.evaluate(
                "document.querySelectorAll('section[data-smx-continued]').length")
            assert total - continued == expected, (
                f"{p.slides.name}: deck has {total} slides ({continued} continued), "
                f"plan {expected}")
            assert not log["errors"], f"{p.slides.name}: {log['errors']}"


def test_a_quiz_is_answered_in_a_deck(browser, site):
    with_quiz = [p for p in site.pages if 'class="smx-quiz"' in p.slides.read_text()]
    if not with_quiz:
        pytest.skip("no deck has a quiz (the quiz engine is not installed)")
    p = with_quiz[-1]
    with opened_deck(browser, p.slides) as (page, log):
        page.evaluate(
            "() => { const q = document.querySelector('.smx-quiz .smx-q');"
            " const s = q.closest('section'); const i = Reveal.getIndices(s);"
            " Reveal.slide(i.h, i.v); }"
        )
        assert answer_and_read_feedback(page, page.locator(".smx-quiz .smx-q").first)
        assert not log["errors"], log["errors"]


def axe_or_skip():
    if AXE.is_file():
        return AXE
    required("axe-core is not installed: `make test` installs it (smx-course frontend "
             "--lock tests/browser/package-lock.json --dest tests/browser/node_modules).",
             "run the accessibility audit")


def axe_problems(page) -> list[str]:
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(path=str(axe_or_skip()))
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': '"
        " + ((n.any[0] || n.all[0] || {}).message || ''))})); }"
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in result
            if v["impact"] in ("serious", "critical")]


# Lays every slide out one after another, visible and with its fragments shown, so one axe
# run audits the content of the whole deck as reveal.js styles it. Transitions are switched off:
# reveal fades slides and fragments in, and axe measuring mid-fade sees near-white text.
FLATTEN_DECK = """() => {
  for (const el of [document.documentElement, document.body, document.querySelector('.reveal'),
                    document.querySelector('.reveal .slides')]) {
    el.style.cssText += ';position:static;overflow:visible;height:auto;transform:none;zoom:1';
  }
  document.querySelectorAll('.reveal .slides section').forEach(s => {
    for (const a of ['hidden', 'aria-hidden', 'inert']) s.removeAttribute(a);
    s.style.cssText += ';display:block;position:relative;opacity:1;visibility:visible;' +
      'transform:none;top:auto;left:auto;height:auto;overflow:visible;transition:none';
  });
  document.querySelectorAll('.reveal .fragment').forEach(f => {
    f.style.transition = 'none';
    f.classList.add('visible');
  });
  // a paged quiz shows one question at a time; here every question is audited
  document.querySelectorAll('.smx-quiz.smx-paged').forEach(q => q.classList.remove('smx-paged'));
}"""


def test_accessibility_of_index_decks_and_handouts(browser, site):
    axe_or_skip()
    problems = []
    targets = ["index.html"] + [f"slides/{p.slides.name}" for p in site.pages]
    targets += [f"handouts/{p.handout.name}" for p in site.pages]
    for rel in targets:
        context, page, _ = open_page(browser, (site.out / rel).as_uri())
        try:
            if rel.startswith("slides/"):
                # As presented (reveal.js's own markup, controls, hidden slides) ...
                page.wait_for_selector("html[data-smx-paginated]", state="attached", timeout=10_000)
                problems += [f"{rel} (as shown): {p}" for p in axe_problems(page)]
                # ... and every slide's content.
                page.evaluate(FLATTEN_DECK)
                problems += [f"{rel} (all slides): {p}" for p in axe_problems(page)]
            else:
                problems += [f"{rel}: {p}" for p in axe_problems(page)]
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_a_quiz_in_a_deck_shows_one_question_at_a_time(browser, site):
    """In a lecture each question fits the screen: → and ← step through the questions."""
    deck = next(p for p in site.pages if re.search(r"\((?:[2-9]|\d\d+) questions\)",
                                                   p.slides.read_text()))
    with opened_deck(browser, deck.slides) as (page, log):
        n = page.evaluate(
            "() => { const q = document.querySelector('.smx-quiz.smx-paged');"
            " const i = Reveal.getIndices(q.closest('section')); Reveal.slide(i.h, i.v);"
            " return q.querySelectorAll('.smx-q').length; }")
        quiz = page.locator(".smx-quiz.smx-paged").first
        assert "Next question: → or space." in quiz.locator(".smx-quiz-title").inner_text()

        def shown():
            return quiz.locator(".smx-q:visible .smx-q-num").all_inner_texts()

        assert shown() == ["Question 1"]
        for k in range(2, n + 1):
            page.keyboard.press("ArrowRight")
            assert shown() == [f"Question {k}"], f"{deck.slides.name}: after {k - 1} presses"
        page.keyboard.press("ArrowLeft")
        assert shown() == [f"Question {n - 1}"]
        assert not log["errors"], log["errors"]


def test_case_steps_open_in_the_slides(browser, site):
    """The clinical case's step-by-step answers (<details>) open inside the deck."""
    with_steps = [p for p in site.pages if "smx-step" in p.slides.read_text()]
    if not with_steps:
        pytest.skip("no deck has case steps yet (lesson 06 is missing)")
    for p in with_steps:
        with opened_deck(browser, p.slides) as (page, log):
            steps = page.locator(".smx-step details")
            assert steps.count() >= 1
            for i in range(steps.count()):
                page.evaluate(
                    "i => { const d = document.querySelectorAll('.smx-step details')[i];"
                    " const s = d.closest('.slides > section > section, .slides > section');"
                    " const at = Reveal.getIndices(s); Reveal.slide(at.h, at.v); }", i)
                details = steps.nth(i)
                details.locator("summary").click()
                assert details.evaluate("d => d.open"), f"{p.slides.name}: step {i + 1} closed"
                assert details.locator("p").first.is_visible()
            assert not log["errors"], log["errors"]


# ---- Decks a teacher can trust: every slide fits, keys never change an answer, print whole --

SETTLE = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 60)))"
OVERFLOW = """() => { const s = Reveal.getCurrentSlide();
  const h = (s.querySelector('h1, h2, h3') || {}).textContent || '(no heading)';
  return s.scrollHeight > s.clientHeight + 4 ?
    `${h.replace('\u00b6', '').trim()} (${s.scrollHeight} px in ${s.clientHeight})` : null; }"""
INTERACT = """() => { const s = Reveal.getCurrentSlide();
  const q = [...s.querySelectorAll('.smx-q')].filter(x => x.offsetHeight > 0).pop();
  if (q) { const i = q.querySelector('input');
    if (i) { if (i.type === 'radio' || i.type === 'checkbox') i.checked = true;
             else i.value = '1'; }
    const c = q.querySelector('button.smx-check'); if (c) c.click();
    const a = q.querySelector('details'); if (a) a.open = true; }
  s.querySelectorAll('details').forEach(d => { if (d.offsetHeight > 0) d.open = true; }); }"""
STATES = """() => Reveal.getSlides().flatMap(s => { const i = Reveal.getIndices(s);
  const n = s.querySelectorAll('.fragment').length;
  return Array.from({length: n + 1}, (_, k) => [i.h, i.v, k - 1]); })"""


COLLISIONS = """(root) => { const out = [];
  const ov = (a, b) => !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top
                         || b.bottom <= a.top);
  root.querySelectorAll('.js-plotly-plot').forEach(gd => {
    const name = (gd.querySelector('.g-gtitle text') || {}).textContent || gd.id;
    const lg = gd.querySelector('g.legend'); const L = lg && lg.getBoundingClientRect();
    const titles = [...gd.querySelectorAll('.g-xtitle text, .g-ytitle text, .g-gtitle text')]
      .map(t => [t.textContent.slice(0, 40), t.getBoundingClientRect()])
      .filter(x => x[1].width > 0);
    if (L && L.width > 0) titles.forEach(([n, r]) => {
      if (ov(L, r)) out.push(`${name}: legend over '${n}'`); });
    for (let a = 0; a < titles.length; a++) for (let b = a + 1; b < titles.length; b++)
      if (ov(titles[a][1], titles[b][1]))
        out.push(`${name}: '${titles[a][0]}' over '${titles[b][0]}'`);
  }); return out; }"""


def wait_for_plots(page):
    if page.evaluate("() => !!document.querySelector('.plotly-graph-div')"):
        page.wait_for_function(
            "() => document.documentElement.getAttribute('data-smx-plots') === 'drawn'",
            timeout=30_000)


# One pass over every deck (1024x768, offline): every slide at every fragment, as shown and
# after its quiz is checked and its answers opened; the figures of each slide once drawn.
# Everything runs in the page (one call per deck): a frame is a requestAnimationFrame followed
# by a task, the same step the deck takes to fit a slide again after a change.
BLANK = """() => [...document.querySelectorAll('.reveal .slides section')]
  .filter(s => !s.querySelector(':scope > section')).filter(s => {
    const c = s.cloneNode(true);
    c.querySelectorAll('aside.notes, h1, h2, h3, h4, style, script').forEach(e => e.remove());
    return c.textContent.trim() === '' &&
      !s.querySelector('img, svg, .plotly-graph-div, table, .smx-quiz'); })
  .map(s => (s.querySelector('h1, h2, h3') || {}).textContent || '(no heading)')"""


SURVEY = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const settle = async (n) => { for (let i = 0; i < n; i++) await frame(); };
  const over = """ + OVERFLOW + """;
  const interact = """ + INTERACT + """;
  const collisions = """ + COLLISIONS + """;
  const states = (""" + STATES + """)();
  const out = {overflow: [], collisions: [], undrawn: [], states: states.length,
               blank: (""" + BLANK + """)()};
  const seen = new Set();
  for (const [h, v, f] of states) {
    Reveal.slide(h, v, f);
    await settle(2);
    let o = over();
    if (o) out.overflow.push(`${h}/${v}/${f} as shown: ${o}`);
    const s = Reveal.getCurrentSlide(), key = h + '/' + v;
    const figs = [...s.querySelectorAll('.plotly-graph-div')];
    if (figs.length && !seen.has(key)) {
      seen.add(key);
      const until = performance.now() + 10000;
      while (!figs.every(g => g.offsetWidth > 0 && g.querySelector('.main-svg'))
             && performance.now() < until) await frame();
      await settle(4);
      if (!figs.every(g => g.querySelector('.main-svg'))) out.undrawn.push(key);
      out.collisions.push(...collisions(s).map(x => `${key}: ${x}`));
    }
    interact();
    await settle(3);
    o = over();
    if (o) out.overflow.push(`${h}/${v}/${f} after a click: ${o}`);
  }
  out.figures = document.querySelectorAll('.smx-figure .plotly-graph-div').length;
  out.drawn = document.querySelectorAll('.smx-figure .plotly-graph-div .main-svg').length;
  return out;
}"""


# The moment a <script> for plotly.js enters the page (file:// loads have no resource timing).
PLOTLY_ASKED = """new MutationObserver((changes, watch) => {
  for (const c of changes) for (const n of c.addedNodes) {
    if (n.tagName === 'SCRIPT' && /plotly[^/]*\\.js$/.test(n.src || '')) {
      window.__plotlyAsked = performance.now(); watch.disconnect(); return; }
  }
}).observe(document, {childList: true, subtree: true});"""


@pytest.fixture(scope="module")
def deck_survey(browser, site) -> dict[str, dict]:
    """What a teacher meets stepping through each deck: slides taller than their frame,
    figures not drawn, legends over titles, broken links, console errors, requests out."""
    results = {}
    for p in site.pages:
        context, page, log = open_page(browser, p.slides.as_uri(), init=PLOTLY_ASKED)
        try:
            page.wait_for_selector("html[data-smx-paginated]", state="attached", timeout=10_000)
            wait_for_plots(page)
            # when the first slide was on screen, and when plotly.js was asked for (if ever)
            shown, plotly = page.evaluate(
                "() => [+document.documentElement.getAttribute('data-smx-ready'),"
                " window.__plotlyAsked ?? null]")
            result = page.evaluate(SURVEY)
            result["first_slide"], result["plotly_requested"] = shown, plotly
            result["log"] = links_and_log(page, log, f"slides/{p.slides.name}")
            results[p.slides.name] = result
        finally:
            context.close()
    return results


def test_every_slide_fits_before_and_after_interaction(deck_survey):
    """Each slide, at each fragment, fits its frame; still fits once its quiz question is
    checked and its answer or case step opened (revealed blocks scroll inside themselves).
    reveal.js lays every deck out on the same 1024x768 canvas and scales it to the window,
    so one window size checks them all (1280x800 gave the same result when both ran)."""
    problems = [f"{name} {x}" for name, r in deck_survey.items() for x in r["overflow"]]
    assert sum(r["states"] for r in deck_survey.values()) > 100
    assert not problems, "slides taller than their frame:\n" + "\n".join(problems)


def test_decks_load_offline_and_draw_every_figure(deck_survey):
    problems = [x for r in deck_survey.values() for x in r["log"]]
    for name, r in deck_survey.items():
        if r["undrawn"] or r["drawn"] < r["figures"]:
            problems.append(f"{name}: {r['drawn']} of {r['figures']} figures drawn "
                            f"(not drawn on slides {r['undrawn']})")
    assert any(r["figures"] for r in deck_survey.values())
    assert not problems, "\n".join(problems)


def test_the_first_slide_never_waits_for_plotly_js(deck_survey, site):
    """A deck with figures asks for plotly.js only after its first slide is on screen; a
    deck without figures never asks for it."""
    for p in site.pages:
        r = deck_survey[p.slides.name]
        assert r["first_slide"] > 0, f"{p.slides.name}: the deck never said it was ready"
        if p.has_plotly:
            assert r["plotly_requested"] is not None, f"{p.slides.name}: plotly.js not loaded"
            assert r["plotly_requested"] > r["first_slide"], (
                f"{p.slides.name}: plotly.js asked for at {r['plotly_requested']:.0f} ms, "
                f"before the first slide ({r['first_slide']:.0f} ms)")
        else:
            assert r["plotly_requested"] is None, f"{p.slides.name} loads plotly.js for nothing"


# What the page holds in the frame in which the first slide is first on screen.
AT_FIRST_SLIDE = """
(() => {
  (function tick() {
    if (!document.querySelector('.reveal.ready .slides section.present')) {
      requestAnimationFrame(tick); return;
    }
    const count = document.querySelector('.reveal .slide-number');
    window.__atFirst = {
      waiting: !!document.getElementById('smx-later-slides'),
      slides: document.querySelectorAll('.reveal .slides section').length,
      quizzes: document.querySelectorAll('.smx-quiz').length,
      countShown: !!count && getComputedStyle(count).visibility === 'visible',
      notesPlugin: !!window.RevealNotes,
      at: Reveal.getIndices().h};
  })();
})();
"""


def test_the_first_slide_does_not_wait_for_the_later_ones(browser, site):
    """When the first slide is on screen the deck's later slides are still waiting in their
    template (their quizzes not built, the slide count not shown, so it never reads "1/3"),
    and the speaker view's plugin is not read yet. Then they join: every slide there,
    counted, and every quiz built. A deck opened on a later slide (a link), in the speaker
    view (?receiver) or for print starts with them all."""
    p = max(site.pages, key=lambda p: p.slides.read_text().count("<section"))
    context, page, log = open_page(browser, p.slides.as_uri(), init=AT_FIRST_SLIDE)
    try:
        page.wait_for_selector("html[data-smx-paginated]", state="attached", timeout=10_000)
        first = page.evaluate("window.__atFirst")
        now = page.evaluate(
            "() => ({waiting: !!document.getElementById('smx-later-slides'),"
            " slides: document.querySelectorAll('.reveal .slides section').length,"
            " quizzes: document.querySelectorAll('.smx-quiz[data-smx-ready]').length,"
            " count: document.querySelector('.reveal .slide-number').textContent"
            "   .replace(/\\s+/g, ''),"
            " countShown: getComputedStyle(document.querySelector('.reveal .slide-number'))"
            "   .visibility === 'visible', total: Reveal.getTotalSlides()})")
        assert first["waiting"] and not first["countShown"], first
        assert not first["notesPlugin"], "the speaker view's plugin was read before slide 1"
        assert now["quizzes"] > first["quizzes"], (first, now)
        assert not now["waiting"] and now["slides"] > 2 * first["slides"], (first, now)
        assert now["countShown"] and now["count"] == f"1/{now['total']}", now
        assert not log["errors"], log["errors"]
        written = now["slides"] - page.evaluate(
            "document.querySelectorAll('section[data-smx-continued]').length")
    finally:
        context.close()
    for suffix in ("#/5", "?receiver", "?print-pdf"):
        context, page, log = open_page(browser, p.slides.as_uri() + suffix, init=AT_FIRST_SLIDE)
        try:
            page.wait_for_function("() => window.__atFirst", timeout=10_000)
            first = page.evaluate("window.__atFirst")
            # every slide the build wrote is there at start (fitting cuts some later, not print)
            assert not first["waiting"] and first["slides"] >= written, (suffix, first, written)
            if suffix == "#/5":
                assert first["at"] == 5, first
            assert not log["errors"], (suffix, log["errors"])
        finally:
            context.close()


def test_the_speaker_view_follows_the_deck_with_its_notes(browser, site):
    """S opens the speaker view: its current and next slide follow the deck (the later
    slides are there in both), and a slide's teaching note is shown to the presenter."""
    from playwright.sync_api import expect

    p = max(site.pages, key=lambda p: p.slides.read_text().count('class="notes"'))
    with opened_deck(browser, p.slides) as (page, log):
        # the plugin is read once every slide is ready; S then opens the view in the key press
        page.wait_for_function("() => Reveal.hasPlugin('notes')", timeout=10_000)
        with page.expect_popup() as opened:
            page.keyboard.press("s")
        view = opened.value
        view.wait_for_function("() => document.querySelectorAll('iframe').length === 2")
        # each iframe's own frame (view.frames may still list them at about:blank)
        frames = [h.content_frame() for h in view.query_selector_all("iframe")]
        assert len(frames) == 2 and all(frames)
        for frame in frames:
            frame.wait_for_selector("html[data-smx-paginated]", state="attached", timeout=10_000)
        heading, note = page.evaluate(
            "() => { const a = [...document.querySelectorAll('.slides aside.notes')].pop();"
            " const s = a.closest('section'); const i = Reveal.getIndices(s);"
            " Reveal.slide(i.h, i.v); return [s.querySelector('h1, h2, h3').textContent,"
            " a.textContent.trim().split(/\\s+/).slice(0, 8).join(' ')]; }")
        current = view.frame_locator("#current-slide iframe")
        expect(current.locator("section.present h1, section.present h2, section.present h3")
               .first).to_have_text(heading)
        shown = view.locator(".speaker-controls-notes .value")
        expect(shown).to_be_visible()
        assert note in " ".join(shown.inner_text().split()), (note, shown.inner_text())
        view.close()
        assert not log["errors"], log["errors"]


def test_no_slide_is_blank(deck_survey):
    """Every slide shows something besides its heading: text, a figure, a table or a quiz."""
    blank = {name: r["blank"] for name, r in deck_survey.items() if r["blank"]}
    assert not blank, f"blank slides: {blank}"


def test_no_legend_or_title_overprints_another_in_a_deck(deck_survey):
    """Each figure as drawn on its slide. A deck is laid out on its 1024x768 canvas at every
    window size (reveal.js scales the canvas), so one size stands for all."""
    problems = [f"{name} {x}" for name, r in deck_survey.items() for x in r["collisions"]]
    assert not problems, "\n".join(problems)


def test_keys_move_the_deck_and_never_change_the_rooms_answer(browser, site):
    with_quiz = [p for p in site.pages if 'class="smx-quiz"' in p.slides.read_text()]
    p = max(with_quiz, key=lambda p: p.slides.read_text().count('class="smx-q"'))
    with opened_deck(browser, p.slides) as (page, log):
        page.evaluate(
            "() => { const q = document.querySelector('.smx-quiz.smx-paged .smx-q');"
            " const i = Reveal.getIndices(q.closest('section')); Reveal.slide(i.h, i.v, -1); }")
        page.evaluate(SETTLE)
        chosen = page.locator(".present .smx-q:visible input[type=radio]").first.element_handle()
        chosen.click()           # the option now has the focus, as after a click in the room
        assert chosen.is_checked()
        for key in ("ArrowRight", " ", "PageDown"):
            before = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
            page.keyboard.press(key)
            page.evaluate(SETTLE)
            after = page.evaluate("() => JSON.stringify(Reveal.getIndices())")
            assert after != before, f"{key!r} did not move the deck from {before}"
            assert chosen.is_checked(), f"{key!r} changed the room's answer"
            options = page.locator(".present .smx-q:visible input[type=radio]")
            if options.count():
                options.first.focus()   # the next key starts from a focused option again
        page.keyboard.press("ArrowLeft")
        page.evaluate(SETTLE)
        assert chosen.is_checked()
        assert not log["errors"], log["errors"]


def test_print_keeps_every_line_with_answers_open(browser, site):
    """reveal.js's print layout (?print-pdf): every answer and case step open, every quiz
    question shown, every figure drawn, no page ending with a heading, and at least 99 % of
    the deck's text blocks inside a printed page (a figure's data table for exports without
    plotly.js is not deck text: the figure itself prints)."""
    for p in site.pages:
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        try:
            page = context.new_page()
            page.goto(p.slides.as_uri() + "?print-pdf")
            page.wait_for_selector("html[data-smx-paginated]", state="attached", timeout=10_000)
            page.wait_for_selector(".pdf-page", state="attached", timeout=10_000)
            page.evaluate(SETTLE)
            if p.has_plotly:   # printing draws every figure, not only the first slide's
                page.wait_for_selector("html[data-smx-plots=drawn]", state="attached",
                                       timeout=10_000)
            closed, hidden, kept, total, alone, figures, drawn = page.evaluate(
                """() => { const blocks = [...document.querySelectorAll(
                     '.pdf-page :is(p, li, td, dt, dd, h1, h2, h3, h4, summary, figcaption)')]
                     .filter(e => !e.closest('aside.notes, .smx-figure-fallback')
                                  && e.textContent.trim());
                   const inside = blocks.filter(e => { const pg = e.closest('.pdf-page');
                     const a = pg.getBoundingClientRect(), b = e.getBoundingClientRect();
                     return b.height > 0 && b.top >= a.top - 1 && b.bottom <= a.bottom + 1; });
                   // a page whose lowest text block is a heading, below other text
                   const alone = [...document.querySelectorAll('.pdf-page')].filter(pg => {
                     const mine = blocks.filter(e => e.closest('.pdf-page') === pg &&
                                                    e.getBoundingClientRect().height > 0);
                     if (mine.length < 2) return false;
                     const last = mine.reduce((a, b) => b.getBoundingClientRect().bottom >
                                              a.getBoundingClientRect().bottom ? b : a);
                     return /^H[1-6]$/.test(last.tagName); }).length;
                   return [document.querySelectorAll('.reveal details:not([open])').length,
                           [...document.querySelectorAll('.smx-q')]
                             .filter(q => q.offsetHeight === 0).length,
                           inside.length, blocks.length, alone,
                           document.querySelectorAll('.plotly-graph-div').length,
                           document.querySelectorAll('.plotly-graph-div .main-svg').length]; }""")
            assert closed == 0, f"{p.slides.name}: {closed} answers or steps print folded"
            assert hidden == 0, f"{p.slides.name}: {hidden} quiz questions do not print"
            assert alone == 0, f"{p.slides.name}: {alone} printed pages end with a heading"
            assert drawn >= figures, f"{p.slides.name}: {drawn} of {figures} figures printed"
            assert total and kept / total >= 0.99, (
                f"{p.slides.name}: {total - kept} of {total} text blocks fall off the pages")
        finally:
            context.close()


@pytest.mark.parametrize("width", [1024, 375])
def test_handouts_load_offline_draw_every_figure_and_never_overprint(browser, site, width):
    """Every handout, on a desktop and on a phone: offline with no console error, every
    figure drawn once scrolled to, no legend over a title, and on the phone no sideways
    scroll (the index too, with its Slides/Handout links on the screen)."""
    problems = []
    paths = [*(p.handout for p in site.pages)] + ([site.out / "index.html"] if width == 375 else [])
    for path in paths:
        context, page, log = open_page(browser, path.as_uri())
        try:
            page.set_viewport_size({"width": width, "height": 800})
            wait_for_plots(page)
            n_plots = page.locator(".smx-figure .plotly-graph-div").count()
            if n_plots:
                show_every_figure(page, deck=False)
                page.evaluate(SETTLE)
                drawn = page.locator(".smx-figure .plotly-graph-div .main-svg").count()
                if drawn < n_plots:
                    problems.append(f"{path.name}: {drawn} plotly SVGs for {n_plots} figures")
                problems += [f"{path.name}: {x}" for x in
                             page.evaluate(f"() => ({COLLISIONS})(document)")]
            problems += links_and_log(page, log, path.name)
            if width == 375:
                page.evaluate(SETTLE)
                wide = page.evaluate("() => document.scrollingElement.scrollWidth")
                if wide > 375:
                    problems.append(f"{path.name}: {wide} px wide on a 375 px phone")
                hidden = page.evaluate(
                    "() => [...document.querySelectorAll('.smx-links a')]"
                    ".filter(a => a.getBoundingClientRect().right > 375).length")
                if hidden:
                    problems.append(f"{path.name}: {hidden} Slides/Handout links off the screen")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_a_wrong_answer_in_a_handout_is_due_the_next_day_on_the_review_handout(browser, site):
    """The learner's path through the built site: a quiz in lesson 04's handout, then the
    review handout (lesson 08) on the next day; both pages share the browser's record."""
    context, page, log = open_page(browser, (site.out / "handouts" / "04-therapy.html").as_uri())
    try:
        page.wait_for_selector(".smx-quiz[data-smx-ready]")
        node = page.locator(".smx-q[data-type=single]").first
        qid = node.get_attribute("data-qid")
        right = set(page.evaluate(
            "id => JSON.parse(document.querySelector('.smx-quiz-data').textContent)"
            ".questions.find(q => q.id === id)", qid)["right"])
        wrong = next(i for i in range(10) if i not in right)
        node.locator(f'.smx-options input[value="{wrong}"]').check()
        node.locator("button.smx-check").click()
        tomorrow = datetime.now(UTC).date() + timedelta(days=1)
        page.goto((site.out / "handouts" / "08-review.html").as_uri() + f"?smx-today={tomorrow}")
        page.wait_for_selector(".smx-quiz[data-smx-ready]")
        assert page.locator(".smx-review-due").inner_text().startswith(
            "1 question due today (1 answered wrong).")
        visible = page.locator(".smx-q:visible")
        assert visible.count() == 1 and visible.get_attribute("data-qid") == qid
        assert log["errors"] == [] and log["outside"] == []
    finally:
        context.close()
