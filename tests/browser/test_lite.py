"""The live course in the browser (JupyterLite, ``make lite``): built once per session from
registry packages, served from 127.0.0.1, run in Chromium with nothing fetched from anywhere
else. Lesson 04 is run with Run All in the notebook, as a learner would; every other lesson's
code cells are then run in that notebook (same kernel), their figures drawn; lesson 04's quiz is
answered and still answered after a reload."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import litedriver as drive
import pytest

from scleromyxedema_course import lesson
from scleromyxedema_course.core import paths
from scleromyxedema_course.site import build, lite

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.name for p in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))


def _stored(lesson: str) -> dict:
    """What the stored notebook holds: its code cells' sources, and per cell the number of
    rich outputs, plotly figures and quizzes among them (a quiz is live in a kernel)."""
    nb = json.loads((ROOT / "lessons" / lesson).read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]

    def count(cell, mime):
        return sum(mime in o.get("data", {}) for o in cell.get("outputs", []))

    return {"sources": ["".join(c["source"]) for c in cells],
            "outputs": [count(c, "text/html") for c in cells],
            "figures": [count(c, "application/vnd.plotly.v1+json") for c in cells],
            "quizzes": [sum('class="smx-quiz"' in "".join(o.get("data", {}).get("text/html", ""))
                            for o in c.get("outputs", [])) for c in cells]}


@pytest.fixture(scope="session")
def lite_site(tmp_path_factory):
    """``_build/lite`` built now (downloads cached in ``_build/lite-cache``), or the folder
    named by ``SMX_LITE_SITE`` (a site built earlier in the same run)."""
    given = os.environ.get("SMX_LITE_SITE")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("lite") / "site"
    return lite.build(paths.root(), out, paths.root() / "_build" / "lite-cache")


@pytest.fixture(scope="module")
def visit(browser, lite_site):
    with drive.serve(lite_site) as base:
        v = drive.Visit(browser, base)
        yield v
        v.close()


@pytest.fixture(scope="module")
def lesson04(visit):
    """Lesson 04 opened in Lite and run with Run All, as a learner would."""
    page = drive.open_lesson(visit, "04-therapy.ipynb")
    state, _ = drive.run_all(page)
    yield page, state
    page.close()


def test_the_site_serves_pyodide_and_every_wheel_itself(lite_site):
    cfg = json.loads((lite_site / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = cfg["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"].startswith("./static/pyodide/")
    lock = json.loads((lite_site / "static/pyodide/pyodide-lock.json").read_text())
    for entry in lock["packages"].values():
        assert (lite_site / "static/pyodide" / entry["file_name"]).is_file()
        assert entry["file_name"].endswith("-none-any.whl") and len(entry["sha256"]) == 64
    assert "numpy" not in lock["packages"]
    assert lock["packages"]["scleromyxedema-course"]["imports"] == ["scleromyxedema_course"]
    # Loaded on first import, not before: the course is not in the preloaded set.
    assert "scleromyxedema-course" not in kernel["loadPyodideOptions"]["packages"]
    assert (lite_site / "files/lessons/04-therapy.ipynb").is_file()


def test_the_index_links_every_lesson_to_itself_in_the_live_course(lite_site):
    """Built with the live course next to it (``make lite``), the slide site's index links
    each lesson to its notebook in the Lite site, the address the tests below open."""
    pages = [build.Page(les, Path("slides", les.path.stem + ".html"),
                        Path("handouts", les.path.stem + ".html"), False)
             for les in lesson.all_lessons()]
    html = build.index_html(pages, {}, live="../lite/")
    links = re.findall(r'<a href="\.\./lite/lab/index\.html\?path=lessons/([^"]+)">'
                       r'Study live in your browser', html)
    assert links == LESSONS
    assert all((lite_site / "files" / "lessons" / name).is_file() for name in links)
    assert "Study live" not in build.index_html(pages, {})


def test_lesson_04_runs_live_and_draws_its_figures(visit, lesson04):
    _, state = lesson04
    assert [c["errors"] for c in state["cells"] if c["errors"]] == []
    assert [c["stderr"] for c in state["cells"] if c["stderr"]] == []
    assert state["figures"] >= sum(_stored("04-therapy.ipynb")["figures"]) > 0
    assert state["radios"] > 0
    assert visit.offsite == []


def test_every_other_lesson_runs_live_with_its_figures_drawn(visit, lesson04):
    """Each other lesson's code cells, appended one by one to the open notebook and run there
    (its kernel is already started: one Pyodide start instead of nine), give at least the
    stored notebook's outputs, with every figure drawn and each quiz live, with no error and
    nothing on stderr."""
    page, _ = lesson04
    problems, drawn = [], 0
    for name in LESSONS:
        if name.startswith("04"):
            continue
        stored = _stored(name)
        for i, code in enumerate(stored["sources"]):
            r = drive.run_as_new_cell(page, code)
            where = f"{name} code cell {i + 1}"
            problems += [f"{where}: {e}" for e in r["errors"]]
            if r["stderr"].strip():
                problems.append(f"{where}: stderr {r['stderr'][:300]}")
            live = {"outputs": r["outputs"], "figures": r["figures"], "quizzes": r["widgets"]}
            short = [f"{k} {live[k]} live, {stored[k][i]} stored" for k in live
                     if live[k] < stored[k][i]]
            if short:
                problems.append(f"{where}: " + "; ".join(short))
            drawn += r["figures"]
    assert len(LESSONS) >= 9
    assert problems == []
    assert drawn >= sum(sum(_stored(n)["figures"]) for n in LESSONS if not n.startswith("04"))
    assert visit.offsite == []


def test_a_quiz_answer_is_kept_in_the_browser_after_reload(visit, lesson04):
    page, _ = lesson04
    read = ("from scleromyxedema_course.quiz.progress import ProgressStore, default_path\n"
            "print(default_path(), len(ProgressStore().load().records))")
    before = int(drive.kernel_eval(page, read).split()[-1])
    page.locator(".jp-NotebookPanel .widget-radio-box input[type=radio]").first.check()
    page.locator(".jp-NotebookPanel button", has_text="Check").first.click()
    for _ in range(100):
        after = drive.kernel_eval(page, read)
        if int(after.split()[-1]) == before + 1:
            break
        page.wait_for_timeout(100)
    assert after.split()[0] == "/drive/my-progress/progress.json"
    assert int(after.split()[-1]) == before + 1
    page.reload()
    page.wait_for_function(drive.KERNEL_IDLE, timeout=120_000, polling=100)
    assert int(drive.kernel_eval(page, read).split()[-1]) == before + 1
    assert visit.offsite == []
