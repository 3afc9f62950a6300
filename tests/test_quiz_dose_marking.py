"""A dose that a learner reads in a quiz question is marked as an educational example.

The course's rule: doses and regimens carry an "educational example" marking wherever they
appear. In a question the marking belongs in the stem, which the learner reads before the
options, so a dose in the stem or in any option needs it there.
"""

import dataclasses
import re

from scleromyxedema_course import quiz
from scleromyxedema_course.quiz.model import Option, Question, plain

DOSE = re.compile(r"\d\s*(g/kg|mg/m²|mg/kg|mg\b|g per\b|g\b)", re.I)
MARK = "educational example"


def unmarked_doses(questions) -> list[str]:
    bad = []
    for q in questions:
        shown = [q.text] + [o.text for o in q.options]
        if any(DOSE.search(plain(t)) for t in shown) and MARK not in plain(q.text).lower():
            bad.append(q.id)
    return bad


def test_every_dose_in_a_stem_or_option_is_marked_as_an_educational_example():
    questions = [q for b in quiz.load_all() for q in b.questions]
    assert unmarked_doses(questions) == []


def test_the_dose_banks_do_show_marked_doses():
    # The check above would pass vacuously if no bank gave a dose: the therapy bank does.
    therapy = quiz.load_bank("therapy")
    dosed = [q.id for q in therapy.questions
             if DOSE.search(plain(q.text)) or any(DOSE.search(plain(o.text)) for o in q.options)]
    assert {"therapy/q04", "therapy/q05", "therapy/q06"} <= set(dosed)


def test_an_unmarked_dose_in_an_option_is_found():
    q = Question(
        id="example/dose", type="single", text="Which regimen is usual?",
        objectives=("welcome/scope",), citations=("blum2008",), explanation="x",
        options=(Option("2 g/kg per cycle", True, "a"), Option("Topical steroids", False, "b")),
    )
    assert unmarked_doses([q]) == ["example/dose"]
    marked = dataclasses.replace(q, text="*Educational example, not a prescription.* " + q.text)
    assert unmarked_doses([marked]) == []
