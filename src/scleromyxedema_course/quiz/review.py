"""The review schedule: which questions come back today (a pure function of the record).

A Leitner schedule with growing intervals, described in ``docs/learner-record.md`` ("Review
schedule"); ``quiz/review.js`` is the same function for the static site, and both are held to
the shared cases in ``tests/data/review_schedule_cases.json``.

* Each answered question sits in a box, 1 to 5; before its first answer it is in box 1.
* Answers are counted once per day (the UTC date of the answer): the day's first answer is
  the honest one, later tries that day are practice and do not move the box.
* A wrong answer sends the question to box 1; a right one moves it up one box, except a right
  answer the learner called a guess, which leaves it where it was.
* The question is due ``INTERVAL[box]`` days after the last counted day: a wrong answer comes
  back the next day, a right first answer after three days, then a week, two weeks, a month.
* A question marked for review is due today, answered or not.
* Due questions are listed confident errors first (wrong while "fairly sure" or "sure"), then
  other wrong answers, then marked, then scheduled ones; within each group the lessons take
  turns (interleaving), in course order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

INTERVAL = {1: 1, 2: 3, 3: 7, 4: 14, 5: 30}
CONFIDENT = ("fairly-sure", "sure")
REASONS = ("confident-error", "wrong", "marked", "scheduled")


@dataclass(frozen=True)
class DueItem:
    question: str
    reason: str  # one of REASONS
    box: int | None  # None: marked but never answered
    due: date


@dataclass
class Schedule:
    due: list[DueItem] = field(default_factory=list)
    next_due: date | None = None
    clock_warning: bool = False  # some answers are dated after today

    def counts(self) -> dict[str, int]:
        return {r: sum(1 for d in self.due if d.reason == r) for r in REASONS}

    def as_json(self) -> dict:
        """The shape ``review.js`` returns (dates as ``YYYY-MM-DD``)."""
        return {
            "due": [{"question": d.question, "reason": d.reason, "box": d.box,
                     "due": d.due.isoformat()} for d in self.due],
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "clock_warning": self.clock_warning,
        }


def answer_day(time: str) -> date:
    """The UTC calendar date of an RFC 3339 answer time."""
    when = datetime.fromisoformat(time.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).date()


def _state(answers: list[dict]) -> tuple[int, str, date]:
    """(box, last outcome, last counted day) after replaying one question's answers."""
    box, outcome, last = 1, "right", None
    for a in sorted(answers, key=lambda a: answer_day(a["time"])):  # stable: answer order
        day = answer_day(a["time"])
        if day == last:
            continue
        last = day
        if not a.get("correct"):
            box = 1
            outcome = "confident-error" if a.get("certainty") in CONFIDENT else "wrong"
        else:
            outcome = "right"
            if a.get("certainty") != "guess":
                box = min(box + 1, max(INTERVAL))
    return box, outcome, last


def schedule(record: dict, today: date, questions: list[str]) -> Schedule:
    """What is due on ``today`` for the learner record ``record`` (a document).

    ``questions`` lists the course's question ids (``bank/qid``) in course order; answers and
    marks of other questions (retired, or from another version) are kept but not scheduled.
    """
    known = {q: i for i, q in enumerate(questions)}
    by_question: dict[str, list[dict]] = {}
    result = Schedule()
    for a in record.get("answers", []):
        q = a.get("question")
        if q in known:
            by_question.setdefault(q, []).append(a)
            if answer_day(a["time"]) > today:
                result.clock_warning = True
    marked = {q for q, m in (record.get("marks") or {}).items() if m.get("marked") and q in known}

    items: list[DueItem] = []
    upcoming: list[date] = []
    for q in questions:
        if q in by_question:
            box, outcome, last = _state(by_question[q])
            due = last + timedelta(days=INTERVAL[box])
            if due > today and q not in marked:
                upcoming.append(due)
                continue
            reason = outcome if outcome != "right" else ("marked" if q in marked else "scheduled")
            items.append(DueItem(q, reason, box, due))
        elif q in marked:
            items.append(DueItem(q, "marked", None, today))

    # Interleave: within a reason, the n-th item of each bank comes before the n+1-th of any.
    turn: dict[tuple[str, str], int] = {}
    bank_order: dict[str, int] = {}
    keyed = []
    for item in items:
        bank = item.question.split("/", 1)[0]
        bank_order.setdefault(bank, len(bank_order))
        n = turn.get((item.reason, bank), 0)
        turn[(item.reason, bank)] = n + 1
        keyed.append(((REASONS.index(item.reason), n, bank_order[bank]), item))
    result.due = [item for _, item in sorted(keyed, key=lambda k: k[0])]
    result.next_due = min(upcoming) if upcoming else None
    return result
