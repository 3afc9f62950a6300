"""Hostile content never runs: script and event-handler payloads in every content kind of a
copy of the course are accepted as plain text by `smx-course check`, and the site built from
that copy runs none of them in Chromium (offline), even after every Check button is pressed.

Content kinds: quiz fields of every question type (text, options, feedback, explanation,
unit, items, image alt text, bank title), the glossary, the case steps and timeline, both data
tables (``ivig_reports.csv``, ``ddx_features.csv``) and the ddx labels, BibTeX fields, and
lesson metadata (title, questions, objectives, key points). Each payload, if it ran, would set
``window.__pwned`` to the name of the field it came from. Addresses that must be refused
(``javascript:`` in BibTeX, lesson Markdown, data tables) are covered by
``tests/test_hostile_input.py``.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from scleromyxedema_course import case, ddx, evidence, lesson, plots
from scleromyxedema_course import course as catalogue
from scleromyxedema_course.case import figures as case_plots
from scleromyxedema_course.core import paths
from scleromyxedema_course.ddx import figures as ddx_plots
from scleromyxedema_course.ddx import tool as ddx_widget
from scleromyxedema_course.evidence import figures as evidence_plots
from scleromyxedema_course.quiz import loader, static
from scleromyxedema_course.refs import citations, glossary
from scleromyxedema_course.site import build

REPO = paths.root()


def payload(where: str) -> str:
    """Script, event handlers, a broken-out attribute and a javascript: address."""
    js = f"window.__pwned='{where}'"
    return (f'<script>{js}</script><img src=x onerror="{js}"> "><svg onload="{js}"> '
            f"' onmouseover='{js}' \" onfocus=\"{js}\" autofocus=\" "
            f"<a href=\"javascript:{js}\">link</a> javascript:{js}")


# --------------------------------------------------------------------------- the copy


def _rewrite_yaml(path: Path, edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000),
                    encoding="utf-8")


def _rewrite_csv(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def poison_quizzes(root: Path) -> set[str]:
    """Payloads in every text field of one question of each type; returns the types."""
    done: set[str] = set()
    for path in sorted((root / "quizzes").glob("*.yaml")):
        def edit(bank, path=path):
            bank["title"] = bank["title"] + " " + payload(f"quiz title {path.stem}")
            for q in bank["questions"]:
                if q["type"] in done and not q.get("image"):
                    continue
                tag = f"{q['id']} {q['type']}"
                q["text"] += " " + payload(f"{tag} text")
                q["explanation"] += " " + payload(f"{tag} explanation")
                for i, o in enumerate(q.get("options", [])):
                    o["text"] += " " + payload(f"{tag} option {i}")
                    o["feedback"] += " " + payload(f"{tag} feedback {i}")
                if q["type"] == "numeric":
                    q["unit"] = payload(f"{tag} unit")
                if q["type"] == "ordering":
                    q["items"] = [f"{x} {payload(f'{tag} item {i}')}"
                                  for i, x in enumerate(q["items"])]
                if "feedback" in q:
                    for k in q["feedback"]:
                        q["feedback"][k] += " " + payload(f"{tag} feedback {k}")
                if q.get("image"):
                    q["image"]["alt"] += " " + payload(f"{tag} image alt")
                done.add(q["type"])
        _rewrite_yaml(path, edit)
    return done


def poison_course(root: Path) -> None:
    def glossary_edit(terms):
        terms[0]["definition"] += " " + payload("glossary definition")
        terms.append({"term": "Zz " + payload("glossary term"), "definition": "x"})
    _rewrite_yaml(root / "assets" / "glossary.yaml", glossary_edit)

    def steps_edit(data):
        for name in ("title", "story", "question", "answer"):
            data["steps"][0][name] += " " + payload(f"case step {name}")
    _rewrite_yaml(root / "assets" / "data" / "case_2014_steps.yaml", steps_edit)

    def timeline_edit(rows):
        for name in ("event", "duration_text", "stated_date", "date_note"):
            rows[0][name] = (rows[0][name] + " " + payload(f"timeline {name}")).strip()
    _rewrite_csv(root / "assets" / "data" / "case_2014_timeline.csv", timeline_edit)

    def ddx_edit(rows):
        rows[0]["source_wording"] += " " + payload("ddx source_wording")
    _rewrite_csv(root / "assets" / "data" / "ddx_features.csv", ddx_edit)

    def labels_edit(data):
        first = next(iter(data["conditions"]))
        data["conditions"][first] += " " + payload("ddx condition label")
        finding = next(iter(data["findings"]))
        data["findings"][finding]["label"] += " " + payload("ddx finding label")
    _rewrite_yaml(root / "assets" / "data" / "ddx_labels.yaml", labels_edit)

    def ivig_edit(rows):
        for name in ("label_note", "outcome_detail", "co_treatment", "relapse_reason", "notes"):
            rows[0][name] = (rows[0][name] + " " + payload(f"ivig {name}")).strip()
    _rewrite_csv(root / "assets" / "data" / "ivig_reports.csv", ivig_edit)

    bib = root / "assets" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    for name in ("title", "author", "journal"):
        text = re.sub(rf"(@\w+\{{rongioletti2001,.*?\b{name} = \{{)",
                      lambda m, name=name: f"{m.group(1)}{payload(f'bib {name}')} ",
                      text, count=1, flags=re.S)
    text = text.replace("@article{rongioletti2001,",
                        "@article{rongioletti2001,\n  note = {" + payload("bib note") + "},", 1)
    bib.write_text(text, encoding="utf-8")


META = {
    "title": "Hostile " + payload("lesson title"),
    "minutes": 5,
    "questions": [payload("lesson question")],
    "objectives": [{"id": "hostile/read", "text": payload("lesson objective")}],
    "key_points": [payload("lesson key point")],
}


def hostile_lesson(root: Path) -> Path:
    """A lesson whose stored outputs are the course's views of the poisoned content."""
    v4 = nbformat.v4
    nb = v4.new_notebook()
    nb.metadata["smx"] = META
    path = root / "lessons" / "99-hostile.ipynb"
    nb.cells = [v4.new_markdown_cell("# Hostile\n\nSee [Rongioletti](#ref-rongioletti2001).")]
    nbformat.write(nb, path)
    les = lesson.load(path)

    def out(src: str, html: str):
        cell = v4.new_code_cell(src, execution_count=1)
        cell.outputs = [v4.new_output("display_data", data={"text/html": html,
                                                            "text/plain": src})]
        return cell

    def figure(src: str, fig):
        cell = v4.new_code_cell(src, execution_count=1)
        bundle = plots.CourseRenderer().to_mimebundle(fig.to_dict())
        cell.outputs = [v4.new_output("display_data", data=bundle)]
        return cell

    bib, objective_text = citations.load(), {
        o.id: o.text for le in lesson.all_lessons() for o in le.objectives}
    matrix, reports, events = ddx.load(), evidence.load(), case.load_timeline()
    cells = [out("lesson.header('hostile')", lesson.header_html(les))]
    for bank in loader.load_all():
        quiz_id = static.quiz_dom_id(bank)
        cells += [v4.new_markdown_cell(f"## Quiz {bank.slug}"),
                  out(f"quiz.show({bank.slug!r})",
                      static.render(bank, list(bank.questions), quiz_id, bib, objective_text))]
    marked = {f: "present" for f in list(matrix.findings)[:4]}
    cells += [
        v4.new_markdown_cell("## Glossary"), out("glossary.show()", glossary.glossary_html()),
        v4.new_markdown_cell("## Case"),
        out("case.show_step(...)", case.step_html(case.load_steps()[0], 1)),
        out("case.timeline_table()", case.timeline_table_html(events)),
        figure("plots.case.timeline(...)", case_plots.timeline(events)),
        v4.new_markdown_cell("## Differential"),
        out("ddx_widget.ranking(...)", ddx_widget.ranking_html(matrix, marked, top=3)),
        figure("plots.ddx.heatmap(...)", ddx_plots.heatmap(matrix)),
        v4.new_markdown_cell("## Evidence"),
        figure("plots.evidence.forest(...)", evidence_plots.forest(reports)),
        figure("plots.evidence.evidence_map(...)", evidence_plots.evidence_map(reports)),
        figure("plots.evidence.withdrawal(...)", evidence_plots.withdrawal(reports)),
        v4.new_markdown_cell("## Course map"),
        out("lesson.course_map()", lesson.course_map_html()),
        out("lesson.footer('hostile')", lesson.footer_html(les, glossary.citation_keys())),
    ]
    nb.cells += cells
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "course"
    for folder in ("lessons", "quizzes", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SMX_COURSE_ROOT", str(root))
        types = poison_quizzes(root)
        poison_course(root)
        path = hostile_lesson(root)
        found = catalogue.run_all()
        result = build.build(root / "_build" / "site", [lesson.load(path)])
        yield {"root": root, "types": types, "problems": found, "site": result}


def test_check_accepts_payloads_as_plain_text(hostile):
    # The poisoned BibTeX authors change every source's label, so the one-label rule rightly
    # asks for the lessons' typed labels to be regenerated; nothing else may be refused.
    relabel = "the label the bibliography gives this source"
    assert [p for p in hostile["problems"] if relabel not in p] == []
    # every question type the banks use (no bank keeps a select-all item since the rewrite)
    assert hostile["types"] == {"single", "numeric", "ordering"}


def test_every_content_kind_reaches_the_pages_as_text(hostile):
    out = hostile["site"].out
    handout = next(out.glob("handouts/*.html")).read_text(encoding="utf-8")
    keys = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("answer-keys/*.html"))
    index = (out / "index.html").read_text(encoding="utf-8")
    escaped = "&lt;script&gt;window.__pwned="
    for where in ("lesson title", "lesson question", "lesson objective", "lesson key point",
                  "glossary definition", "glossary term", "case step story",
                  "case step answer", "timeline event", "timeline date_note",
                  "ddx condition label", "bib title", "bib note", "bib author"):
        assert f"{escaped}&#x27;{where}&#x27;" in handout or \
            f"{escaped}'{where}'" in handout, where
    for where in ("lesson title", "lesson objective"):   # the index is a Jinja page: &#39;
        assert f"{escaped}&#39;{where}&#39;" in index or \
            f"{escaped}&#x27;{where}&#x27;" in index, where
    assert "unit" in keys and escaped in keys
    # The unescaped payload appears only inside JSON or plotly data (never as markup).
    for page in (handout, keys, index):
        assert "<script>window.__pwned" not in page
        assert "<img src=x" not in page


def _pages(out: Path) -> list[Path]:
    return [out / "index.html", *sorted(out.glob("slides/*.html")),
            *sorted(out.glob("handouts/*.html")), *sorted(out.glob("answer-keys/*.html"))]


PRESS_EVERYTHING = """
async () => {
  const pause = () => new Promise((r) => setTimeout(r, 30));
  const checks = () => Array.from(document.querySelectorAll("button.smx-check"));
  let pressed = 0;
  // 1. Check with nothing chosen (the numeric question's unit shows in the prompt).
  for (const b of checks()) { b.click(); pressed++; }
  await pause();
  // 2. Choose the first option (or type a number), Check; Try again; choose all, Check.
  for (const q of document.querySelectorAll("li.smx-q")) {
    const first = q.querySelector(".smx-options input");
    if (first) { first.checked = true; }
    const num = q.querySelector("input.smx-number");
    if (num) { num.value = "1"; }
    const down = q.querySelector("button.smx-down");
    if (down) { down.click(); }
    const check = q.querySelector("button.smx-check");
    if (check && !check.disabled) { check.click(); pressed++; }
    const retry = q.querySelector("button.smx-retry");
    if (retry && !retry.hidden) { retry.click(); }
    q.querySelectorAll(".smx-options input").forEach((i) => { i.checked = true; });
    if (check && !check.disabled) { check.click(); pressed++; }
  }
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  document.querySelectorAll("a, input, button").forEach((e) => {
    e.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    e.dispatchEvent(new FocusEvent("focus"));
  });
  // 3. Hover every point of every figure once plotly.js has drawn them.
  let hovered = 0;
  for (const gd of document.querySelectorAll(".js-plotly-plot")) {
    (gd.data || []).forEach((trace, curve) => {
      const n = (trace.x || trace.y || trace.z || []).length;
      for (let i = 0; i < n; i++) {
        try { window.Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: i}]); hovered++; }
        catch (e) { /* heatmaps take [row, col] */
          try { window.Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: [i, 0]}]);
                hovered++; } catch (e2) {}
        }
      }
    });
  }
  await pause();
  return {pressed: pressed, hovered: hovered,
          links: Array.from(document.querySelectorAll("a[href]"), (a) => a.protocol)};
}
"""


def test_nothing_runs_in_any_page(browser, hostile):
    out = hostile["site"].out
    pressed = hovered = 0
    for page_path in _pages(out):
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        requests, dialogs = [], []

        def route(r, requests=requests):
            if r.request.url.startswith(("file://", "data:", "blob:")):
                r.continue_()
            else:
                requests.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        loaded: list[str] = []
        page.on("request", lambda r, loaded=loaded: loaded.append(r.url))
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_path.as_uri())
        rel = page_path.relative_to(out).as_posix()
        if rel.startswith("slides/"):
            page.wait_for_selector("html[data-smx-paginated]", state="attached", timeout=10_000)
        if page.locator(".js-plotly-plot, .plotly-graph-div").count():
            page.wait_for_selector("html[data-smx-plots=drawn]", timeout=20_000)
            # figures are drawn when shown; printing draws them all, so every one is hovered
            page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
            page.wait_for_function(
                "() => !document.querySelector('.plotly-graph-div:not(:has(.main-svg))')",
                timeout=20_000)
        done = page.evaluate(PRESS_EVERYTHING)
        pressed += done["pressed"]
        hovered += done["hovered"]
        if rel.startswith("slides/"):  # every slide shown once, as a presenter would
            page.evaluate("() => { const d = window.Reveal; const n = d.getTotalSlides();"
                          " for (let i = 0; i < n; i++) { d.next(); } }")
        assert page.evaluate("() => window.__pwned") is None, (rel, page.evaluate(
            "() => window.__pwned"))
        assert dialogs == [], rel
        assert set(done["links"]) <= {"file:", "http:", "https:"}, (rel, done["links"])
        assert not [u for u in requests if u.startswith("javascript")], rel
        # a payload's <img src=x> never became an element (it would request ./x)
        assert not any(u.endswith("/x") for u in loaded), rel
        context.close()
    assert pressed > 100, pressed  # every Check of five banks, on slides and handout
    assert hovered > 50, hovered
