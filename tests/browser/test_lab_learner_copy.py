"""A learner's first hour in JupyterLab, through the course's own start (``make lab``).

``learner.prepare`` makes the learner's copies (as ``make lab`` does) in a scratch folder, with
a private Jupyter data folder for the trust signatures, and Lab is started on that folder:

* an unrun lesson is trusted, so its stored quiz checks answers before anything runs, and its
  header keeps its box;
* opening a lesson does not mark it modified;
* Run All and save change the learner's copy only: the course's ``lessons/`` is untouched.
"""

import hashlib
import subprocess

import pytest
from labserver import TOKEN, lab_server, open_and_run_all

from scleromyxedema_course import learner
from scleromyxedema_course.core import paths


def _lessons_state() -> tuple[dict[str, str], str]:
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(paths.lessons_dir().iterdir())}
    git = subprocess.run(["git", "status", "--porcelain", "lessons/"], cwd=paths.root(),
                         capture_output=True, text=True)
    return files, git.stdout if git.returncode == 0 else "(no git)"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("learner")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_DATA_DIR", str(tmp / "data"))  # own trust database
        report = learner.prepare(tmp / "my-lessons")
        with lab_server(tmp, tmp / "my-lessons", tmp / "progress.json") as url:
            yield {"url": url, "tmp": tmp, "report": report}


def _page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    return context, page


def _dirty_tabs(page) -> int:
    return page.locator(".lm-TabBar-tab.jp-mod-dirty").count()


def test_every_lesson_is_copied(lab):
    names = [p.name for p in learner.course_lessons()]
    assert lab["report"].copied == names


def test_an_unrun_lesson_is_readable_answerable_and_not_modified(browser, lab):
    name = next(p.name for p in learner.course_lessons() if p.name.startswith("01-"))
    context, page = _page(browser)
    try:
        page.goto(f"{lab['url']}/lab/tree/{name}?token={TOKEN}&reset")
        page.locator(".jp-StatusBar-TextItem", has_text="| Idle").wait_for()
        # Trusted: the header keeps its box, and the stored quiz's checker ran.
        header = page.locator(".jp-OutputArea-output .smx-box.smx-objectives").first
        assert "rgb(0, 114, 178)" in header.evaluate("e => getComputedStyle(e).borderLeftColor")
        quiz = page.locator(".jp-OutputArea-output .smx-quiz").first
        quiz.scroll_into_view_if_needed()
        assert quiz.get_attribute("data-smx-ready") == "1"
        question = quiz.locator(".smx-q").first
        question.locator(".smx-option input").first.check()
        question.get_by_role("button", name="Check", exact=True).click()
        feedback = question.locator(".smx-q-feedback").inner_text()
        assert "Correct." in feedback or "Not quite." in feedback, feedback
        assert _dirty_tabs(page) == 0, "opening the lesson marked it modified"
    except Exception:
        page.screenshot(path=str(lab["tmp"] / "failure-unrun.png"), full_page=True)
        raise
    finally:
        context.close()


def test_run_all_and_save_leave_the_course_lessons_untouched(browser, lab):
    before = _lessons_state()
    name = next(p.name for p in learner.course_lessons() if p.name.startswith("04-"))
    copy = lab["tmp"] / "my-lessons" / name
    copied = copy.read_bytes()
    context, page = _page(browser)
    try:
        open_and_run_all(page, lab["url"], name)
        page.locator(".jp-NotebookPanel .jp-Notebook").first.click()
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-dirty')")
    except Exception:
        page.screenshot(path=str(lab["tmp"] / "failure-save.png"), full_page=True)
        raise
    finally:
        context.close()
    assert copy.read_bytes() != copied  # the save went to the learner's copy
    assert _lessons_state() == before
