"""A quiz in an exported HTML page works in a real browser, with no kernel and no network.

The notebook is executed like a lesson (nbclient, widget views stripped as ``smx-course
execute`` does), exported with nbconvert's HTMLExporter, opened over file:// in headless
Chromium. Every request the page makes is recorded; any that is not file:// fails the test.
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from scleromyxedema_course.core import views

EXAMPLE = Path(__file__).parents[1] / "data" / "example.yaml"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from nbconvert import HTMLExporter

    tmp = tmp_path_factory.mktemp("export")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A lesson with a quiz"),
        nbformat.v4.new_code_cell(
            "from pathlib import Path\nfrom scleromyxedema_course import quiz\n"
            f"quiz.show(Path({str(EXAMPLE)!r}))"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp)}}).execute()
    views.strip_widget_views(nb)
    # "basic" is nbconvert's template without <head>: the stock templates load require.js
    # and MathJax from CDNs, which the course's own templates replace. We test the quiz here.
    body, _ = HTMLExporter(template_name="basic").from_notebook_node(nb)
    page = tmp / "lesson.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return page


@pytest.fixture
def page(browser, exported):
    context = browser.new_context()
    pg = context.new_page()
    requests, errors = [], []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(exported.as_uri())
    pg.wait_for_selector("#quiz-example[data-smx-ready]")
    yield pg
    outside = [u for u in requests if not u.startswith(("file://", "data:", "about:"))]
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == []
    context.close()


def q(page, name):
    return page.locator(f"#quiz-example--example-{name}")


def test_wrong_then_right_with_feedback(page):
    single = q(page, "single")
    score = page.locator("#quiz-example .smx-quiz-score")
    assert score.inner_text().startswith("Score: no question answered yet (")
    single.get_by_role("radio", name="Wrong answer <img").check()
    single.get_by_role("button", name="Check", exact=True).click()
    feedback = single.locator(".smx-q-feedback")
    assert "Not quite." in feedback.inner_text()
    assert "Wrong: No: this is the wrong one." in feedback.inner_text()
    assert "Rongioletti & Rebora 2001" in feedback.inner_text()
    assert score.inner_text().startswith("Score: 0 of 1 answered right")

    numeric = q(page, "numeric")
    numeric.get_by_label("Your answer:").fill("140,2")
    numeric.get_by_role("button", name="Check", exact=True).click()
    text = numeric.locator(".smx-q-feedback").inner_text()
    assert "Correct." in text and "Yes, 140 g." in text and "140 g is right." in text
    assert score.inner_text().startswith("Score: 1 of 2 answered right")

    # Try again resets the question; a script written in the bank never ran.
    single.get_by_role("button", name="Try again").click()
    assert single.locator(".smx-q-feedback").inner_text() == ""
    assert page.evaluate("window.smxPwned") is None
    assert "<script>window.smxPwned = 1</script>" in single.locator(".smx-q-text").inner_text()


def test_keyboard_only_ordering_and_summary(page):
    order = q(page, "ordering")
    # Move items with the keyboard until the order is right (selection sort, by focus + Enter).
    for target, label in enumerate(["first", "second", "third"]):
        while True:
            items = order.locator("ol.smx-order > li").all_inner_texts()
            pos = next(i for i, t in enumerate(items) if t.startswith(label))
            if pos == target:
                break
            order.get_by_role("button", name=f"Move up: {label}").focus()
            page.keyboard.press("Enter")
    order.get_by_role("button", name="Check", exact=True).focus()
    page.keyboard.press("Enter")
    assert "Correct." in order.locator(".smx-q-feedback").inner_text()

    single = q(page, "single")
    single.get_by_label("Right answer").focus()
    page.keyboard.press("Space")
    single.get_by_role("button", name="Check", exact=True).click()
    multiple = q(page, "multiple")
    multiple.get_by_label("A", exact=True).check()
    multiple.get_by_role("button", name="Check", exact=True).click()
    assert "You left out 1 correct answer." in multiple.locator(".smx-q-feedback").inner_text()
    numeric = q(page, "numeric")
    numeric.get_by_label("Your answer:").fill("12")
    numeric.get_by_role("button", name="Check", exact=True).click()
    summary = page.locator("#quiz-example .smx-quiz-summary")
    assert summary.is_visible()
    text = summary.inner_text()
    assert "You answered 2 of 4 questions right at the first try." in text
    assert "Question 2:" in text and "Question 3:" in text and "Question 1:" not in text


def test_show_answer_works_without_script(browser, exported):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(exported.as_uri())
    single = pg.locator("#quiz-example--example-single")
    assert not single.get_by_role("button", name="Check", exact=True).is_visible()
    single.locator("summary").click()
    assert "Answer: Right answer" in single.locator("details").inner_text()
    context.close()
