"""The built slide site in a real browser (Debian's Chromium through Playwright).

The site is built once per session from the course's lessons plus a small synthetic lesson
(a plotly figure, headings of three levels, fragment/notes/skip tags and a quiz), then every
page is opened over file:// with every request that would leave the site aborted and recorded.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from scleromyxedema_course import lesson
from scleromyxedema_course.site import build

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


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lessons")
    lessons = [*lesson.all_lessons(), lesson.load(synthetic_lesson(folder))]
    out = tmp_path_factory.mktemp("site") / "site"
    result = build.build(out, lessons)
    return result


def pages(result):
    return ["index.html", *(f"slides/{p.slides.name}" for p in result.pages),
            *(f"handouts/{p.handout.name}" for p in result.pages)]


def open_page(browser, url):
    """A page that records console errors, page errors and every request leaving the site."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
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
        page.wait_for_selector(".reveal.ready", timeout=10_000)
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
        assert registered == build.CARTESIAN_TRACES


@pytest.mark.parametrize("which", ["index", "slides", "handouts"])
def test_pages_load_offline_without_errors(browser, site, which):
    targets = [p for p in pages(site) if p.startswith(which)]
    for rel in targets:
        context, page, log = open_page(browser, (site.out / rel).as_uri())
        try:
            if which == "slides":
                page.wait_for_selector(".reveal.ready", timeout=10_000)
            n_plots = page.locator(".smx-figure .plotly-graph-div").count()
            if n_plots:
                page.wait_for_selector("html[data-smx-plots=drawn]", timeout=10_000)
                drawn = page.locator(".smx-figure .plotly-graph-div .main-svg").count()
                assert drawn >= n_plots, f"{rel}: {drawn} plotly SVGs for {n_plots} figures"
            # every link inside the site points at a file that exists
            for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
                if href.startswith("file://"):
                    target = Path(href.split("#")[0].removeprefix("file://"))
                    assert target.exists(), f"{rel}: broken link {href}"
            assert not log["errors"], f"{rel}: console errors {log['errors']}"
            assert not log["outside"], f"{rel}: requests leaving the site {log['outside']}"
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
            assert total == expected, f"{p.slides.name}: deck has {total} slides, plan {expected}"
            assert not log["errors"], f"{p.slides.name}: {log['errors']}"


def test_no_slide_is_blank(browser, site):
    """Every slide shows something besides its heading: text, a figure, a table or a quiz."""
    for p in site.pages:
        with opened_deck(browser, p.slides) as (page, log):
            blank = page.evaluate(
                "() => [...document.querySelectorAll('.reveal .slides section')]"
                ".filter(s => !s.querySelector(':scope > section')).filter(s => {"
                " const c = s.cloneNode(true);"
                " c.querySelectorAll('aside.notes, h1, h2, h3, h4, style, script')"
                ".forEach(e => e.remove());"
                " return c.textContent.trim() === '' &&"
                " !s.querySelector('img, svg, .plotly-graph-div, table, .smx-quiz'); })"
                ".map(s => (s.querySelector('h1, h2, h3') || {}).textContent || '(no heading)')")
            assert not blank, f"{p.slides.name}: blank slides {blank}"


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
        q = page.locator(".smx-quiz .smx-q").first
        q.locator(".smx-options input").first.check()
        q.locator("button.smx-check").click()
        feedback = q.locator(".smx-q-feedback")
        page.wait_for_function("el => el.textContent.trim().length > 0",
                               arg=feedback.element_handle())
        assert feedback.inner_text().strip()
        assert not log["errors"], log["errors"]


def axe_or_skip():
    if AXE.is_file():
        return AXE
    message = ("axe-core is not installed: `make test` installs it (smx-course frontend "
               "--lock tests/browser/package-lock.json --dest tests/browser/node_modules).")
    if os.environ.get("CI"):
        pytest.fail(message + " CI must run the accessibility audit, not skip it.")
    pytest.skip(message)


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
                page.wait_for_selector(".reveal.ready", timeout=10_000)
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
        pytest.skip("no deck has case steps yet (lesson 05 is missing)")
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
