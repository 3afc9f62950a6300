"""Python and JavaScript grade alike: every question of every bank, with a right, a wrong and
an empty response (plus typed variants for numbers), graded by ``quiz/grading.py`` and by
``quiz/static.js`` in Chromium; the verdict and the feedback HTML a learner sees must match.

One page holds the static face of every bank; one ``evaluate`` per bank sets the inputs the
way a learner would (radio, checkboxes, typed text, item order) and calls the page's own
``smxQuiz.grade`` and ``smxQuiz.render``.
"""

from __future__ import annotations

import pytest

from conftest import new_page
from scleromyxedema_course import syllabus
from scleromyxedema_course.quiz import grading, live, loader, static
from scleromyxedema_course.refs import citations

JS_GRADE = """
(cases) => cases.map((c) => {
  const root = document.getElementById(c.quiz);
  const data = JSON.parse(root.querySelector("script.smx-quiz-data").textContent);
  const q = data.questions.find((x) => x.id === c.qid);
  const node = document.getElementById(q.dom);
  node.querySelectorAll(".smx-options input").forEach((inp) => {
    inp.checked = c.chosen.indexOf(parseInt(inp.value, 10)) >= 0;
  });
  const num = node.querySelector("input.smx-number");
  if (num) { num.value = c.typed; }
  const list = node.querySelector("ol.smx-order");
  if (list && c.order) {
    c.order.forEach((i) => list.appendChild(list.querySelector(`li[data-item="${i}"]`)));
  }
  const r = window.smxQuiz.grade(q, node);
  return {answered: r.answered, correct: r.correct, html: window.smxQuiz.render(r, q)};
})
"""


def responses(q) -> list[tuple[str, object, dict]]:
    """(label, Python response, how the browser sets it) for right, wrong and empty."""
    if q.type == "single":
        right = sorted(q.correct_indices())[0]
        wrong = next(i for i, o in enumerate(q.options) if not o.correct)
        return [("right", right, {"chosen": [right]}), ("wrong", wrong, {"chosen": [wrong]}),
                ("empty", None, {"chosen": []})]
    if q.type == "multiple":
        right = sorted(q.correct_indices())
        wrongs = [i for i, o in enumerate(q.options) if not o.correct]
        wrong = sorted({right[0], *wrongs[:1]})
        partial = right[:1] if len(right) > 1 else wrongs[:1]
        return [("right", right, {"chosen": right}), ("wrong", wrong, {"chosen": wrong}),
                ("partial", partial, {"chosen": partial}), ("empty", [], {"chosen": []})]
    if q.type == "numeric":
        wrong = q.answer + q.tolerance + 1 + abs(q.answer)
        typed = [("right", f"{q.answer:g}"), ("wrong", f"{wrong:g}"), ("empty", ""),
                 ("comma", f"{q.answer:g}".replace(".", ",")),
                 ("with unit", f"{q.answer:g} {q.unit}".strip()),
                 ("edge", f"{q.answer + q.tolerance:g}"), ("words", "about two")]
        return [(label, text, {"chosen": [], "typed": text}) for label, text in typed]
    order = q.display_order()
    right = list(range(len(q.items)))
    swapped = right[1:2] + right[:1] + right[2:]
    return [("right", right, {"order": right}), ("wrong", swapped, {"order": swapped}),
            ("empty", order, {"order": order})]


# No bank keeps a select-all item since the item-writing rewrite, but the engine still grades
# them: one synthetic question keeps the type in the comparison.
MULTIPLE = """
bank: synthetic
title: Synthetic select-all question
questions:
  - id: synthetic/q01
    type: multiple
    text: "Which **two** of these are stains for mucin?"
    objectives: [synthetic/read]
    citations: [rongioletti2001]
    explanation: "Alcian blue and colloidal iron both colour mucin."
    options:
      - {text: "Alcian blue", correct: true, feedback: "Yes: it colours acidic mucin."}
      - {text: "Colloidal iron", correct: true, feedback: "Yes: it colours mucin too."}
      - {text: "Congo red", correct: false, feedback: "No: it is a stain for amyloid."}
"""


@pytest.fixture(scope="module")
def parity_page(browser, tmp_path_factory):
    banks = [*loader.load_all(), loader.parse_bank(MULTIPLE, "synthetic.yaml")]
    bib, objectives = citations.load(), syllabus.objective_text()
    quizzes = [(bank, static.quiz_dom_id(bank)) for bank in banks]
    body = "".join(static.render(bank, list(bank.questions), qid, bib, objectives)
                   for bank, qid in quizzes)
    page_file = tmp_path_factory.mktemp("parity") / "parity.html"
    page_file.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                         f"<title>parity</title></head><body>{body}</body></html>",
                         encoding="utf-8")
    context, page, errors = new_page(browser)
    page.goto(page_file.as_uri())
    for _, qid in quizzes:
        page.wait_for_selector(f"#{qid}[data-smx-ready]", state="attached")
    yield page, quizzes, bib
    assert errors == []
    context.close()


def test_python_and_javascript_grade_every_question_alike(parity_page):
    page, quizzes, bib = parity_page
    compared, verdicts, disagreements = 0, set(), []
    for bank, quiz_id in quizzes:
        cases, expected = [], []
        for q in bank.questions:
            for label, response, dom in responses(q):
                cases.append({"quiz": quiz_id, "qid": q.id, "chosen": dom.get("chosen", []),
                              "typed": dom.get("typed", ""), "order": dom.get("order")})
                r = grading.grade(q, response)
                expected.append((q.id, label, r.answered, r.correct,
                                 live.result_html(q, r, bib)))
        got = page.evaluate(JS_GRADE, cases)
        for (qid, label, answered, correct, html), js in zip(expected, got, strict=True):
            compared += 1
            verdicts.add((label, answered, correct))
            if (js["answered"], js["correct"], js["html"]) != (answered, correct, html):
                disagreements.append(f"{qid} ({label}): Python {answered}/{correct} {html!r}"
                                     f"\n  JavaScript {js['answered']}/{js['correct']} "
                                     f"{js['html']!r}")
    assert disagreements == [], "\n".join(disagreements[:10])
    questions = sum(len(b.questions) for b, _ in quizzes)
    assert compared >= 3 * questions
    # The responses really are right, wrong and empty (a test that cannot fail is a defect).
    assert ("right", True, True) in verdicts
    assert ("wrong", True, False) in verdicts
    assert ("empty", False, False) in verdicts
    assert not any(label == "right" and not correct for label, _, correct in verdicts)
    assert not any(label == "wrong" and correct for label, _, correct in verdicts)


def test_every_question_type_is_covered(parity_page):
    _, quizzes, _ = parity_page
    kinds = {q.type for bank, _ in quizzes for q in bank.questions}
    assert kinds == {"single", "multiple", "numeric", "ordering"}
