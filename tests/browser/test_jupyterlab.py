"""A quiz in real JupyterLab: run a lesson, answer a question, see feedback, progress saved.

The test starts its own server on 127.0.0.1 (own root folder, settings, workspaces and
progress file), drives a scratch copy of the welcome lesson with an extra quiz cell in
headless Chromium, and stops the server by its own process id.

Reliability: every step waits for a concrete state (server status, kernel idle, every cell
executed, widget rendered, progress file written), never for a fixed time; and the Lab
"news" announcement, which can cover the notebook, is switched off in page_config.json.
On failure a screenshot and the server log are left in the test's tmp folder.
"""

import time
from pathlib import Path

import nbformat
import pytest
from labserver import TOKEN, lab_server, open_and_run_all

from scleromyxedema_course.core import paths
from scleromyxedema_course.quiz.progress import ProgressStore

EXAMPLE = Path(__file__).parents[1] / "data" / "example.yaml"
def _scratch_lesson(root: Path) -> Path:
    nb = nbformat.read(paths.lessons_dir() / "00-welcome.ipynb", as_version=4)
    quiz_cell = nbformat.v4.new_code_cell(
        "from pathlib import Path\nfrom scleromyxedema_course import quiz\n\n"
        f"quiz.show(Path({str(EXAMPLE)!r}), ids=['example/single'])"
    )
    nb.cells.insert(len(nb.cells) - 1, quiz_cell)  # before the footer, like a lesson quiz
    for cell in nb.cells:  # an unrun copy, as a learner first opens it
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    target = root / "00-welcome.ipynb"
    nbformat.write(nb, target)
    return target


def _stored_quiz(root: Path) -> Path:
    """A notebook as `smx-course execute` stores it: the quiz cell keeps only its static face."""
    from scleromyxedema_course.core import views
    from scleromyxedema_course.quiz import show

    bundle = show(EXAMPLE)._repr_mimebundle_()
    bundle.pop(views.WIDGET_VIEW, None)
    cell = nbformat.v4.new_code_cell("quiz.show('example')", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("execute_result", data=bundle, execution_count=1)]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    target = root / "stored.ipynb"
    nbformat.write(nb, target)
    return target


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "root"
    root.mkdir()
    _scratch_lesson(root)
    _stored_quiz(root)
    progress = tmp / "progress.json"
    with lab_server(tmp, root, progress) as url:
        yield {"url": url, "progress": progress, "tmp": tmp, "root": root}


def test_answer_a_quiz_in_jupyterlab(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_and_run_all(page, lab["url"], "00-welcome.ipynb")
        errors = page.locator(".jp-OutputArea-output[data-mime-type*='error']")
        assert errors.count() == 0, errors.first.inner_text()
        question = page.locator(".widget-vbox", has=page.locator(".widget-radio-box")).last
        radio = question.locator(".widget-radio-box label", has_text="Wrong answer <img")
        radio.wait_for()
        # The quiz shows bank text as text: the <img onerror> in the option is not an element.
        assert "<img src=x onerror=alert(1)>" in radio.inner_text()
        radio.locator("input").check()
        question.locator("button.jupyter-button", has_text="Check").click()
        feedback = question.locator(".widget-html", has_text="Not quite.")
        feedback.wait_for()
        text = feedback.inner_text()
        assert "No: this is the wrong one." in text and "Rongioletti & Rebora 2001" in text
        assert question.locator("button.jupyter-button", has_text="Try again").is_visible()
        score = page.locator(".widget-html", has_text="Score:").last
        assert "Score: 0 of 1 answered right" in score.inner_text()
        # The kernel writes the record right after sending the feedback: wait for the file.
        deadline = time.monotonic() + 30
        while not lab["progress"].exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        records = ProgressStore(lab["progress"]).load().records
        assert [(r["question"], r["correct"]) for r in records] == [("example/single", False)]
    except Exception:
        page.screenshot(path=str(lab["tmp"] / "failure.png"), full_page=True)
        raise
    finally:
        context.close()


def test_a_stored_quiz_opened_without_running_shows_questions_and_show_answer(browser, lab):
    """Lab does not trust a notebook it did not run: scripts are removed from HTML outputs.

    The static face must still be useful: questions, options, and a Show answer disclosure.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{lab['url']}/lab/tree/stored.ipynb?token={TOKEN}&reset")
        quiz = page.locator(".jp-OutputArea-output .smx-quiz")
        quiz.wait_for()
        assert quiz.get_attribute("data-smx-ready") is None  # the checker did not run
        # JupyterLab removed the <style> and <script>: the markup alone must read tidily.
        assert page.locator(".jp-OutputArea-output style").count() == 0
        single = quiz.locator(".smx-q").first
        assert single.locator("legend").inner_text().startswith("Question 1 ")
        assert "Which one is right?" in single.locator(".smx-q-text").inner_text()
        # Not a list item: no list number before "Question 1" (the old "1. 1.").
        assert single.evaluate("e => e.closest('li, ol') === null")
        # One option per line: each starts below the one before.
        tops = [box["y"] for box in (o.bounding_box() for o in single.locator(
            ".smx-option").all())]
        assert len(tops) == 3 and tops == sorted(tops) and len(set(tops)) == 3, tops
        # The legend is one short line: the fieldset border does not cross the question.
        legend = single.locator("legend").bounding_box()
        text = single.locator(".smx-q-text").bounding_box()
        assert legend["y"] + legend["height"] <= text["y"] + 1, (legend, text)
        assert not single.get_by_role("button", name="Check", exact=True).is_visible()
        single.locator("summary", has_text="Show answer").click()
        assert "Answer: Right answer" in single.locator("details").inner_text()
    except Exception:
        page.screenshot(path=str(lab["tmp"] / "failure-stored.png"), full_page=True)
        raise
    finally:
        context.close()
