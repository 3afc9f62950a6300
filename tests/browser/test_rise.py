"""Live slides in JupyterLab: RISE (``jupyterlab-rise``) on a learner's copy of a lesson.

A teacher opens a lesson in Lab and presses the toolbar's RISE button (command
``RISE:preview``, a slideshow beside the notebook, on the same kernel). What the room sees:

* the slides and sub-slides are the course's structure, as stored in each cell's ``slideshow``
  metadata by ``smx-course execute``; the teaching notes are speaker notes, not on screen;
* → steps through the slides to the quiz, and the quiz answers: with jupyterlab-rise 0.43.1
  the ipywidgets manager does not load inside the slideshow (jupyterlab-contrib/rise#119:
  "Shared module @jupyterlab/console doesn't exist"), so the quiz shown is the stored static
  one, which checks answers in the page (a trusted copy); this test holds that it answers;
* → pressed while a quiz option has the focus does not change the chosen answer.

One Lab server, one page, one slideshow for all of it.
"""

import json

import pytest
from labserver import TOKEN, lab_server

from conftest import new_page
from scleromyxedema_course import learner

pytest.importorskip("jupyterlab_rise", reason="the rise extra is not installed")

LESSON = "03-"  # a lesson with a quiz that the other Lab tests do not drive


def _stored_structure(path) -> tuple[list[int], int]:
    """Sub-slides per slide, and the number of notes cells, from the stored metadata."""
    nb = json.loads(path.read_text())
    slides: list[int] = []
    notes = 0
    for cell in nb["cells"]:
        kind = cell["metadata"].get("slideshow", {}).get("slide_type", "-")
        if kind == "slide":
            slides.append(1)
        elif kind == "subslide":
            slides[-1] += 1
        elif kind == "notes":
            notes += 1
    return slides, notes


@pytest.fixture(scope="module")
def rise(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rise")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_DATA_DIR", str(tmp / "data"))  # own trust database
        learner.prepare(tmp / "my-lessons")
        name = next(p.name for p in learner.course_lessons() if p.name.startswith(LESSON))
        stored = _stored_structure(tmp / "my-lessons" / name)
        with lab_server(tmp, tmp / "my-lessons", tmp / "progress.json") as url:
            context, page, errors = new_page(browser, 1400, 1000, timeout=30_000)
            try:
                # Not run first: RISE's page shows the stored outputs either way (no widgets
                # load there, see above), and Run All would cost ~10 s of the test budget.
                page.goto(f"{url}/lab/tree/{name}?token={TOKEN}&reset")
                page.locator(".jp-StatusBar-TextItem", has_text="| Idle").wait_for()
                page.locator(".jp-NotebookPanel .jp-Cell").first.click()  # start at slide 1
                page.locator(
                    '.jp-NotebookPanel-toolbar [data-command="RISE:preview"]').first.click()
                # the iframe's element, not page.frames: its frame may still be at about:blank
                frame = page.wait_for_selector(f'iframe[src*="/rise/{name}"]').content_frame()
                frame.wait_for_selector(".reveal.ready")
                yield {"page": page, "frame": frame, "stored": stored, "errors": errors,
                       "tmp": tmp, "url": url, "token": TOKEN}
            except Exception:
                page.screenshot(path=str(tmp / "failure-rise.png"), full_page=True)
                raise
            finally:
                context.close()


def _slide_index(frame) -> int:
    return frame.evaluate("""() => [...document.querySelectorAll('.reveal .slides > section')]
        .findIndex(s => s.classList.contains('present'))""")


def _wait_for_slide(frame, index: int) -> None:
    frame.wait_for_function("""i => [...document.querySelectorAll('.reveal .slides > section')]
        .findIndex(s => s.classList.contains('present')) === i""", arg=index)


def test_rise_slides_follow_the_stored_structure_without_the_teaching_notes(rise):
    frame = rise["frame"]
    slides, notes = rise["stored"]
    shown = frame.evaluate("""() => [...document.querySelectorAll('.reveal .slides > section')]
        .map(s => s.querySelectorAll(':scope > section').length)""")
    assert shown == slides
    asides = frame.locator(".reveal aside.notes")
    assert asides.count() == notes > 0
    for i in range(notes):
        assert "Teaching note." in asides.nth(i).inner_text()
        assert not asides.nth(i).is_visible()
    assert _slide_index(frame) == 0


def test_arrow_keys_reach_the_quiz_which_answers_and_keeps_the_chosen_option(rise):
    page, frame = rise["page"], rise["frame"]
    target = frame.evaluate("""() => [...document.querySelectorAll('.reveal .slides > section')]
        .findIndex(s => s.querySelector('.smx-quiz'))""")
    assert target > 0
    for _ in range(40):  # → walks sub-slides too, so more presses than slides
        if _slide_index(frame) == target:
            break
        page.keyboard.press("ArrowRight")
    assert _slide_index(frame) == target
    quiz = frame.locator(".reveal .slides > section").nth(target).locator(".smx-quiz").first
    assert quiz.get_attribute("data-smx-ready") == "1"  # the trusted copy's checker ran
    question = quiz.locator(".smx-q").first
    options = question.locator(".smx-option input")
    options.nth(1).check()
    chosen = [options.nth(i).is_checked() for i in range(options.count())]
    assert chosen.count(True) == 1
    question.get_by_role("button", name="Check", exact=True).click()
    feedback = question.locator(".smx-q-feedback").inner_text()
    assert "Correct." in feedback or "Not quite." in feedback, feedback
    # → from a focused option goes to reveal.js, not to the radio group: the slide changes,
    # the answer and its feedback stay.
    options.nth(1).focus()
    page.keyboard.press("ArrowRight")
    _wait_for_slide(frame, target + 1)
    assert [options.nth(i).is_checked() for i in range(options.count())] == chosen
    assert question.locator(".smx-q-feedback").inner_text() == feedback
    # RISE's own app cannot load some of Lab's extensions (the widget manager among them,
    # rise#119); anything else thrown in the page is a fault.
    foreign = "doesn't exist in shared scope default"
    assert [e for e in rise["errors"] if foreign not in e] == []
