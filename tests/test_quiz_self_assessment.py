"""The final self-assessment: drawn by objective across all banks, results per lesson."""

import json

from scleromyxedema_course import lesson
from scleromyxedema_course.quiz import loader, self_assessment, self_assessment_questions
from scleromyxedema_course.quiz.progress import ProgressStore


def test_one_question_per_objective_deterministic_and_unique():
    questions, lessons = self_assessment_questions()
    again, _ = self_assessment_questions()
    assert [q.id for q in questions] == [q.id for q in again]
    assert len({q.id for q in questions}) == len(questions)
    banks = {b.slug: b for b in loader.load_all()}
    assert [slug for slug, _ in lessons] == [
        les.slug for les in lesson.all_lessons() if les.slug in banks]
    for slug, _ in lessons:
        for obj in lesson.get(slug).objectives:
            if any(obj.id in q.objectives for q in banks[slug].questions):
                assert any(obj.id in q.objectives for q in questions), obj.id
    assert [q.id for q in self_assessment_questions(seed="other")[0]] != [
        q.id for q in questions] or len(questions) < 3


def test_static_face_has_the_per_lesson_breakdown():
    d = self_assessment(store=ProgressStore("/nonexistent/never-written.json"))
    page = d._repr_mimebundle_()["text/html"]
    assert 'id="quiz-self-assessment"' in page
    data = json.loads(page.split('class="smx-quiz-data">')[1].split("</script>")[0])
    slugs = [entry["slug"] for entry in data["lessons"]]
    assert {q["lesson"] for q in data["questions"]} <= set(slugs)


def test_live_summary_breaks_results_down_per_lesson(tmp_path):
    d = self_assessment(store=ProgressStore(tmp_path / "p.json"))
    w = d.widget
    for qw in w.questions:  # answer everything right, except the first question
        q = qw.q
        if q.type == "single":
            qw.set_response(next(iter(q.correct_indices())))
        elif q.type == "multiple":
            qw.set_response(sorted(q.correct_indices()))
        elif q.type == "numeric":
            qw.set_response(q.answer)
        else:
            qw.set_response(list(range(len(q.items))))
        if qw is w.questions[0]:
            qw.set_response({"single": None, "multiple": [], "numeric": "x",
                             "ordering": []}[q.type])
            qw.check()
            qw.set_response(
                [i for i in range(len(q.options)) if not q.options[i].correct][:1][0]
                if q.type == "single" else
                [i for i in range(len(q.options)) if not q.options[i].correct][:1]
                if q.type == "multiple" else
                q.answer + q.tolerance + 1 if q.type == "numeric" else
                list(reversed(range(len(q.items)))))
        qw.check_button.click()
    n = len(w.questions)
    assert f"You answered {n - 1} of {n} questions right" in w.summary_text
    assert "Question 1:" in w.summary_text
    first_lesson = lesson.get(w.questions[0].q.bank).title
    assert f"<td>{first_lesson}</td>" in w.summary.value
