"""The static face (deterministic, escaped, self-contained) and the live widget (scored)."""

import json
import re
from pathlib import Path

import pytest

from scleromyxedema_course.core import views
from scleromyxedema_course.quiz import QuizBankError, show
from scleromyxedema_course.quiz.progress import ProgressStore

EXAMPLE = Path(__file__).parent / "data" / "example.yaml"


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.json", retry_every=None)


@pytest.fixture
def quiz(store):
    return show(EXAMPLE, store=store)


def html_of(d) -> str:
    return d._repr_mimebundle_()["text/html"]


def test_show_is_a_dual_with_live_and_static_faces(quiz):
    assert isinstance(quiz, views.Dual)
    bundle = quiz._repr_mimebundle_()
    assert views.WIDGET_VIEW in bundle
    assert bundle["text/plain"] == "Quiz: Example quiz (4 questions)"


def test_static_html_is_deterministic_with_ids_from_quiz_and_question(store):
    a, b = html_of(show(EXAMPLE, store=store)), html_of(show(EXAMPLE, store=store))
    assert a == b
    assert 'id="quiz-example"' in a and 'id="quiz-example--example-single"' in a
    sub = html_of(show(EXAMPLE, ids=["example/numeric"], store=store))
    quiz_id = re.search(r'class="smx-quiz" id="([^"]+)"', sub).group(1)
    assert re.fullmatch(r"quiz-example-[0-9a-f]{8}", quiz_id)
    assert f'id="{quiz_id}--example-numeric"' in sub and "example-single" not in sub


def test_static_html_is_self_contained():
    page = html_of(show(EXAMPLE))
    assert "<script src" not in page and "<link" not in page and "http" not in page.replace(
        'href="#ref-', "")
    assert page.count("window.smxQuiz.init") == 1 and page.count("<style>") == 1


def test_static_html_works_without_script_via_show_answer():
    page = html_of(show(EXAMPLE))
    assert page.count("<summary>Show answer</summary>") == 4
    assert "<strong>Answer:</strong> first → second → third" in page
    assert "140 g (accepted: ± 0.5)" in page


def test_bank_text_is_escaped_in_both_faces(quiz):
    page = html_of(quiz)
    # The only script tags are the engine's own: the data block and the checker.
    assert page.count("<script") == 2
    assert "&lt;script&gt;window.smxPwned = 1&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>because</b>" not in page and "&lt;b&gt;because&lt;/b&gt;" in page
    data = page.split('class="smx-quiz-data">')[1].split("</script>")[0]
    assert "<" not in data and ">" not in data
    parsed = json.loads(data)
    assert "&lt;b&gt;because" in parsed["questions"][0]["explanation"]
    live = quiz.widget.questions[0]
    assert "&lt;script&gt;" in live.box.children[0].value
    assert "<script" not in live.box.children[0].value
    live.set_response(0)
    live.check()
    assert "<b>" not in live.feedback.value and "&lt;b&gt;because&lt;/b&gt;" in live.feedback.value


def test_unknown_question_id_is_a_clear_error():
    with pytest.raises(QuizBankError, match="no question with id 'example/nope'"):
        show(EXAMPLE, ids=["example/nope"])


def test_unknown_bank_is_a_clear_error():
    with pytest.raises(QuizBankError, match="No quiz bank 'nope'"):
        show("nope")


# -- live widget, driven without a browser ------------------------------------------


def test_widget_single_wrong_then_try_again_then_right(quiz, store):
    w = quiz.widget
    q = w.questions[0]
    assert "Score: no question answered yet (" in w.score.value
    q.set_response(1)
    q.check_button.click()
    assert "Not quite." in q.feedback.value and "No: this is the wrong one." in q.feedback.value
    assert "Rongioletti &amp; Rebora 2001" in q.feedback.value
    assert q.retry_button.layout.display == "" and q.check_button.disabled
    assert "Score: 0 of 1 answered right" in w.score.value
    q.retry_button.click()
    assert q.radio.value is None and not q.check_button.disabled and q.feedback.value == ""
    q.set_response(0)
    q.check_button.click()
    assert "Correct." in q.feedback.value and "Yes: this is the right one." in q.feedback.value
    assert "The <em>first</em> option is right" in q.feedback.value
    assert "Score: 0 of 1 answered right" in w.score.value  # first tries count
    records = store.load().records
    assert [(r["question"], r["correct"]) for r in records] == [
        ("example/single", False), ("example/single", True)]
    assert records[0]["objectives"] == ["welcome/scope"] and records[0]["bank"] == "example"


def test_widget_nothing_chosen_is_not_scored(quiz, store):
    q = quiz.widget.questions[0]
    q.check_button.click()
    assert "Choose an answer first." in q.feedback.value
    assert not q.check_button.disabled and store.load().records == []


def test_widget_every_type_and_the_summary(quiz):
    w = quiz.widget
    single, multiple, numeric, ordering = w.questions
    single.set_response(0)
    single.check_button.click()
    multiple.set_response([0])
    multiple.check_button.click()
    assert "You left out 1 correct answer." in multiple.feedback.value
    assert "Right:</span> A is right." in multiple.feedback.value
    numeric.number_box.value = "140,2"
    numeric.check_button.click()
    assert "Yes, 140 g." in numeric.feedback.value
    assert w.summary.value == ""
    ordering.move(0, 1)  # moving buttons work; then set the right order directly
    ordering.set_response([0, 1, 2])
    ordering.check_button.click()
    assert "Right order." in ordering.feedback.value
    assert "Score: 3 of 4 answered right" in w.score.value
    summary = w.summary_text
    assert "You answered 3 of 4 questions right" in summary
    assert "Question 2:" in summary and "welcome/scope" in summary
    assert "Question 1:" not in summary


def test_widget_ordering_buttons_move_items(quiz):
    q = quiz.widget.questions[3]
    start = list(q.current)
    q.moves[1].click()  # first row, down
    assert q.current == [start[1], start[0], start[2]]
    assert q.labels[0].value == ["first", "second", "third"][start[1]]
    q.moves[0].click()  # first row, up: nothing above, no change
    assert q.current == [start[1], start[0], start[2]]


def test_widget_show_answer(quiz):
    q = quiz.widget.questions[2]
    q.answer_button.click()
    assert "140 g (accepted: ± 0.5)" in q.answer.value and "140 g is right." in q.answer.value


def test_widget_reports_a_damaged_progress_file(quiz, store):
    store.path.write_text("{broken")
    q = quiz.widget.questions[0]
    q.set_response(0)
    q.check_button.click()
    assert "was damaged" in quiz.widget.status.value and "corrupt-" in quiz.widget.status.value
    assert "Correct." in q.feedback.value


def test_widget_reports_an_unsaved_answer(tmp_path):
    bad = ProgressStore(tmp_path / "p.json", retry_every=None)
    bad.path.mkdir()
    d = show(EXAMPLE, store=bad)
    q = d.widget.questions[0]
    q.set_response(0)
    q.check_button.click()
    status = d.widget.status.value
    assert "checked but is not saved yet" in status and "Correct." in q.feedback.value
    assert str(bad.path) in status and "is a folder, not a file" in status
    assert "SMX_PROGRESS_FILE" in status


def test_live_marks_and_certainty_are_recorded_and_shown_again(store):
    d = show(EXAMPLE, store=store)
    w = d.widget
    q = w.questions[0]
    assert q.certainty.layout.display == "none"  # off by default
    w.ask_sure.value = True
    assert q.certainty.layout.display == "" and store.document()["preferences"] == {
        "certainty": True}
    q.set_response(1)  # a wrong answer
    q.certainty.value = "sure"
    q.check_button.click()
    w.questions[1].mark_button.value = True
    doc = store.document()
    assert doc["answers"][0]["certainty"] == "sure" and doc["answers"][0]["correct"] is False
    assert doc["marks"][w.questions[1].q.id]["marked"] is True
    again = show(EXAMPLE, store=store).widget  # the next time the lesson runs
    assert again.ask_sure.value is True and again.questions[1].mark_button.value is True
    assert again.questions[1].mark_button.description == "Marked for review"


def test_live_summary_lists_confident_errors_first_with_a_calibration_table(store):
    w = show(EXAMPLE, store=store).widget
    w.ask_sure.value = True
    for i, qw in enumerate(w.questions):
        qw.show_answer()
        right = qw.q.correct_indices() if qw.q.type in ("single", "multiple") else None
        if qw.q.type == "single":
            qw.set_response(sorted(right)[0] if i else next(
                k for k in range(len(qw.q.options)) if k not in right))
        elif qw.q.type == "multiple":
            qw.set_response(sorted(right))
        elif qw.q.type == "numeric":  # wrong, and the learner was sure
            qw.set_response(str(qw.q.answer + 1000))
        if qw.q.type == "ordering":  # put the items in the right order: 0, 1, 2, ...
            qw.current = sorted(qw.current)
        qw.certainty.value = "sure" if qw.q.type == "numeric" else "guess"
        qw.check_button.click()
    text = w.summary_text
    assert "How sure you were" in text and "sure 0 1 0%" in " ".join(text.split())
    items = re.findall(r"<li>(Question \d+[^:]*):", w.summary.value)
    # Question 1 (a wrong guess) comes first in the quiz, the confident error leads the list.
    assert items == ["Question 3 (you said sure)", "Question 1"]
