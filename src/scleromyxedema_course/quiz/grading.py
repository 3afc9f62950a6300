"""Pure scoring: ``grade(question, response) -> Result``. No widgets, no HTML, no I/O.

Responses by type (option and item indices refer to the bank's order, not the shown order):

* ``single``: the chosen option index, or ``None``;
* ``multiple``: an iterable of chosen option indices (all-or-nothing scoring);
* ``numeric``: a number or the text typed (``"2"``, ``"0,4"``, ``"140 g"``); correct when
  ``|value - answer| <= tolerance``;
* ``ordering``: the item indices in the learner's order.

The static view's JavaScript (``static.js``) implements the same rules; the tests compare both.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Question


@dataclass(frozen=True)
class Mark:
    """Feedback on one chosen option."""

    index: int
    right: bool  # the option is a correct answer
    feedback: str  # Markdown subset


@dataclass(frozen=True)
class Result:
    question_id: str
    answered: bool  # False: nothing usable was given (nothing chosen, not a number)
    correct: bool
    headline: str
    marks: tuple[Mark, ...] = ()
    notes: tuple[str, ...] = ()  # Markdown subset: type-level feedback


NOT_ANSWERED = "Choose an answer first."
CORRECT = "Correct."
INCORRECT = "Not quite."

_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?)\s*([^\d\s].*)?$")


def parse_number(value) -> float | None:
    """A number from what a learner typed; ``None`` if it is not one.

    Accepts a decimal comma and a trailing unit ("140 g"); the unit is not checked.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    m = _NUMBER.match(str(value or ""))
    if not m:
        return None
    number = float(m.group(1).replace(",", "."))
    return number if math.isfinite(number) else None


def _blank(q: Question, headline: str = NOT_ANSWERED) -> Result:
    return Result(q.id, answered=False, correct=False, headline=headline)


def grade(q: Question, response) -> Result:
    if q.type == "single":
        return _single(q, response)
    if q.type == "multiple":
        return _multiple(q, response)
    if q.type == "numeric":
        return _numeric(q, response)
    if q.type == "ordering":
        return _ordering(q, response)
    raise ValueError(f"question {q.id}: unknown type {q.type!r}")


def _single(q: Question, response) -> Result:
    if response is None or isinstance(response, bool) or not isinstance(response, int):
        return _blank(q)
    if not 0 <= response < len(q.options):
        return _blank(q)
    opt = q.options[response]
    return Result(
        q.id, True, opt.correct, CORRECT if opt.correct else INCORRECT,
        marks=(Mark(response, opt.correct, opt.feedback),),
    )


def _multiple(q: Question, response) -> Result:
    chosen = sorted({int(i) for i in (response or ()) if 0 <= int(i) < len(q.options)})
    if not chosen:
        return _blank(q, "Choose at least one answer first.")
    right = q.correct_indices()
    correct = set(chosen) == right
    marks = tuple(Mark(i, q.options[i].correct, q.options[i].feedback) for i in chosen)
    notes = ()
    missed = len(right - set(chosen))
    if not correct and missed:
        notes = (f"You left out {missed} correct answer{'s' if missed > 1 else ''}.",)
    return Result(q.id, True, correct, CORRECT if correct else INCORRECT, marks, notes)


def _numeric(q: Question, response) -> Result:
    value = parse_number(response)
    if value is None:
        unit = f" (in {q.unit})" if q.unit else ""
        return _blank(q, f"Type a number{unit}, e.g. 2 or 0.5.")
    correct = abs(value - float(q.answer)) <= float(q.tolerance) + 1e-9
    note = q.feedback["correct" if correct else "incorrect"]
    return Result(q.id, True, correct, CORRECT if correct else INCORRECT, notes=(note,))


def _ordering(q: Question, response: Iterable[int] | None) -> Result:
    order = [int(i) for i in (response or ())]
    if sorted(order) != list(range(len(q.items))):
        return _blank(q, "Place every item once.")
    in_place = sum(1 for pos, i in enumerate(order) if pos == i)
    correct = in_place == len(order)
    notes = [q.feedback["correct" if correct else "incorrect"]]
    if not correct:
        notes.append(f"{in_place} of {len(order)} items are in the right place.")
    return Result(q.id, True, correct, CORRECT if correct else INCORRECT, notes=tuple(notes))


def right_answer_text(q: Question) -> str:
    """The right answer in the Markdown subset (for 'Show answer' and the answer key)."""
    if q.type in ("single", "multiple"):
        return "; ".join(o.text for o in q.options if o.correct)
    if q.type == "numeric":
        tol = f" (accepted: ± {q.tolerance:g})" if q.tolerance else ""
        return f"{q.answer:g} {q.unit}".strip() + tol
    return " → ".join(q.items)
