"""Quizzes: one bank per lesson, scored live in JupyterLab, still working without a kernel.

A bank is data (``quizzes/<lesson-slug>.yaml``, checked against ``quizzes/schema.json``; see
``quizzes/README.md``). A lesson shows it with ``quiz.show("therapy")`` (the whole bank, with a
running score and a summary) or ``quiz.show("therapy", ids=[...])`` (a few questions).

``show`` returns a :class:`views.Dual`: a live ipywidgets quiz plus a static HTML face. Where
each one is seen:

* **JupyterLab, cell run in a kernel**: the live widget. Check grades the answer in Python
  (``grading.py``), shows per-option feedback, the explanation and sources, offers Try again,
  keeps a running score, saves every answer to the progress file and ends with a summary of
  the questions missed, by objective.
* **JupyterLab, notebook opened without running it** (the stored output): ``smx-course
  execute`` stores only the static face. JupyterLab does not trust a notebook it did not run,
  so it removes the scripts: the learner sees each question and its options, and a "Show
  answer" disclosure with the right answer, explanation and sources. Running the cell brings
  the live quiz.
* **Exported HTML (nbconvert)** and **slides (reveal.js)**: the static face with its inline
  script (no CDN, no kernel): Check, per-option feedback, Try again, score and summary, as
  live. Nothing is saved there (no kernel).

Element ids are derived from the bank and question ids, so stored outputs are deterministic.
Text from a bank is rendered as a small Markdown subset with HTML escaped in every view.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .. import syllabus
from ..core import views
from ..refs import citations
from . import class_report, loader, overview, quality, review, static
from .live import QuizWidget
from .loader import QuizBankError, load_all, load_bank
from .model import Bank, Question, seeded_order
from .progress import ProgressError, ProgressStore

__all__ = [
    "QuizBankError",
    "ProgressError",
    "show",
    "progress_view",
    "reset_progress",
    "self_assessment",
    "review_session",
    "citation_keys",
    "load_bank",
    "problems",
]


def _bib():
    try:
        return citations.load()
    except (OSError, citations.BibliographyError):
        return {}


def _select(bank: Bank, ids: Iterable[str] | None) -> list[Question]:
    if ids is None:
        return list(bank.questions)
    ids = list(ids)
    by_id = {q.id: q for q in bank.questions}
    missing = [i for i in ids if i not in by_id]
    if missing:
        where = bank.path.name if bank.path else bank.slug
        raise QuizBankError(f"{where}: no question with id {', '.join(map(repr, missing))}.")
    return [by_id[i] for i in ids]


def _dual(bank: Bank, questions: list[Question], quiz_id: str, *, lessons=None, title=None,
          store=None) -> views.Dual:
    bib, objective_text = _bib(), syllabus.objective_text()
    page = static.render(bank, questions, quiz_id, bib=bib, objective_text=objective_text,
                         lessons=lessons, title=title)
    live = QuizWidget(bank, questions, bib=bib, objective_text=objective_text,
                      lessons=lessons, title=title, store=store, css=static.assets()[0],
                      page=page)
    n = len(questions)
    text = f"{title or 'Quiz: ' + bank.title} ({n} question{'s' if n != 1 else ''})"
    return views.Dual(live, page, text)


def show(bank: str, ids: Iterable[str] | None = None, *, store: ProgressStore | None = None):
    """Show a bank (or the questions ``ids`` of it): live in a kernel, static elsewhere."""
    b = load_bank(bank)
    questions = _select(b, ids)
    dom_id = static.quiz_dom_id(b, None if ids is None else [q.id for q in questions])
    return _dual(b, questions, dom_id, store=store)


def citation_keys(bank: str | None = None) -> list[str]:
    """Keys cited by a bank (or, with ``None``, by every bank), first use first."""
    banks = [load_bank(bank)] if bank else load_all()
    return list(dict.fromkeys(k for b in banks for q in b.questions for k in q.citations))


SELF_ASSESSMENT = "self-assessment"


def self_assessment_questions(per_objective: int = 1, seed: str = SELF_ASSESSMENT):
    """Questions drawn across all banks: ``per_objective`` per lesson objective, seeded.

    Objectives are visited in lesson order; for each, the candidates testing it are ordered
    by a hash of seed + question id, and the first not drawn yet are taken.
    """
    banks = {b.slug: b for b in load_all()}
    lessons = [les for les in syllabus.all_lessons() if les.slug in banks]
    drawn: list[Question] = []
    taken: set[str] = set()
    for les in lessons:
        for obj in les.objectives:
            cands = [q for q in banks[les.slug].questions if obj.id in q.objectives]
            order = seeded_order(f"{seed}/{obj.id}", len(cands))
            picked = [cands[i] for i in order if cands[i].id not in taken][:per_objective]
            for q in picked:
                taken.add(q.id)
                drawn.append(q)
    return drawn, [(les.slug, les.title) for les in lessons]


def self_assessment(per_objective: int = 1, *, store: ProgressStore | None = None):
    """The final self-assessment: questions across all lessons, results per lesson."""
    questions, lessons = self_assessment_questions(per_objective)
    bank = Bank(SELF_ASSESSMENT, "Self-assessment", tuple(questions))
    return _dual(bank, questions, "quiz-self-assessment", lessons=lessons,
                 title="Self-assessment", store=store)


def self_assessment_citation_keys(per_objective: int = 1) -> list[str]:
    questions, _ = self_assessment_questions(per_objective)
    return list(dict.fromkeys(k for q in questions for k in q.citations))


REVIEW = "review"


def due_text(plan: review.Schedule, has_record: bool) -> str:
    """What a review session says first: how much is due, why, and when the next review is."""
    n = plan.counts()
    why = [f"{n['confident-error']} answered wrong while sure" if n["confident-error"] else "",
           f"{n['wrong']} answered wrong" if n["wrong"] else "",
           f"{n['marked']} marked" if n["marked"] else "",
           f"{n['scheduled']} due again" if n["scheduled"] else ""]
    if plan.due:
        count = len(plan.due)
        text = (f"{count} question{'s' if count != 1 else ''} due today "
                f"({', '.join(w for w in why if w)}).")
    elif has_record:
        text = "Nothing is due today."
    else:
        text = ("Nothing to review yet: answer the quizzes of the lessons, and what you miss "
                "comes back here.")
    if plan.next_due:
        text += f" Next review on {plan.next_due.isoformat()}."
    if plan.clock_warning:
        text += (" Some answers are dated after today: this computer's clock may have moved "
                 "back. Nothing was lost.")
    return text


def review_session(*, store: ProgressStore | None = None, today: date | None = None):
    """Review: due today. The questions your record says are due (docs/learner-record.md),
    missed and marked ones first, the lessons taking turns; answers go to the same record.

    Live, the quiz holds only the due questions; the static face (a handout) holds every
    question of the course and the browser shows those its own record has due."""
    store = store if store is not None else ProgressStore()
    questions, with_quiz = class_report.course_questions()
    lessons = [(les.slug, les.title) for les in with_quiz]
    try:
        record, problem = store.document(), ""
    except ProgressError as exc:  # the session still opens, empty, and says why
        record, problem = {"answers": [], "marks": {}}, f" ({exc})"
    plan = review.schedule(record, today or date.today(), [q.id for q in questions])
    by_id = {q.id: q for q in questions}
    due = [by_id[d.question] for d in plan.due]
    bib, objective_text = _bib(), syllabus.objective_text()
    bank = Bank(REVIEW, "Review: due today", tuple(questions))
    title = "Review: due today"
    page = static.render(bank, questions, "quiz-review", bib=bib, objective_text=objective_text,
                         lessons=lessons, title=title, review=True)
    live = QuizWidget(Bank(REVIEW, title, tuple(due)), due, bib=bib,
                      objective_text=objective_text, lessons=lessons, title=title, store=store,
                      css=static.assets()[0],
                      intro=due_text(plan, bool(record["answers"] or record["marks"])) + problem,
                      page=page)
    return views.Dual(live, page, f"{title} (the questions your learner record has due)")


def reset_progress(store: ProgressStore | None = None) -> str:
    """Start again: the progress file is moved aside (kept), not deleted."""
    store = store or ProgressStore()
    aside = store.reset()
    if aside is None:
        return f"No progress saved yet ({store.path})."
    return f"Progress reset. Your previous answers were kept in {aside}."


def progress_view(store: ProgressStore | None = None):
    """Your answers so far: a table per lesson and (once you have answers) a chart."""
    return overview.view(store or ProgressStore())


def problems() -> list[str]:
    """Every bank is valid, ids are unique across banks, every objective is tested, and the
    items pass the item-quality rule (quiz/quality.py)."""
    found: list[str] = []
    banks = []
    for slug in loader.all_slugs():
        try:
            banks.append(load_bank(slug))
        except QuizBankError as exc:
            found.append(str(exc))
    try:
        loader.check_unique_across(banks)
    except QuizBankError as exc:
        found.append(str(exc))
    if not found:
        found += quality.problems(banks, syllabus.objective_text())
    return found


