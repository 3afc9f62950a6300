"""The live face of a quiz: ipywidgets, scored in the kernel, saved to the progress file.

Keyboard use: radio buttons, check boxes, text fields and buttons are all focusable with Tab;
radio buttons move with the arrow keys; ordering items move with their ↑ / ↓ buttons; Check,
Try again and Show answer are buttons (Enter or Space).
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..core.views import Tool
from . import grading
from .grading import Result
from .model import TYPE_LABELS, Bank, Question, markdown, plain
from .progress import Loaded, Outcome, ProgressError, ProgressStore
from .static import cite_html, objectives_html

HIDE, SHOW = "none", ""
SURE_LABELS = {"guess": "guess", "fairly-sure": "fairly sure", "sure": "sure"}
CONFIDENT = ("fairly-sure", "sure")


def calibration_html(pairs) -> str:
    """A table of how often first tries were right at each level of certainty.

    ``pairs`` are (certainty or None, correct) for first tries; empty when none has a level."""
    rows = []
    for level, label in SURE_LABELS.items():
        got = [ok for sure, ok in pairs if sure == level]
        if got:
            rows.append(f"<tr><td>{label}</td><td>{sum(got)}</td><td>{len(got)}</td>"
                        f"<td>{round(100 * sum(got) / len(got))}%</td></tr>")
    if not rows:
        return ""
    return ('<table class="smx-calibration"><caption>How sure you were, and how often right '
            '(first tries)</caption><thead><tr><th scope="col">You said</th><th scope="col">'
            'Right</th><th scope="col">Answered</th><th scope="col">Share right</th></tr>'
            "</thead><tbody>" + "".join(rows) + "</tbody></table>")


def result_html(q: Question, r: Result, bib) -> str:
    """Feedback HTML for a graded answer (shared shape with static.js)."""
    css = "smx-ok" if r.correct else "smx-wrong"
    mark = ("✓ " if r.correct else "✗ ") if r.answered else ""
    out = [f'<p class="{css}">{mark}{html.escape(r.headline)}</p>']
    if r.marks:
        out.append('<ul class="smx-fb-list">')
        for m in r.marks:
            label = '<span class="smx-ok">Right' if m.right else '<span class="smx-wrong">Wrong'
            out.append(f"<li>{label}:</span> {markdown(m.feedback)}</li>")
        out.append("</ul>")
    out += [f"<p>{markdown(n)}</p>" for n in r.notes]
    if r.answered and r.correct:
        out.append(f"<p>{markdown(q.explanation)}</p>")
    if r.answered:
        out.append(f'<p class="smx-cite">{cite_html(q, bib)}</p>')
    return "".join(out)


def _jsonable(response):
    """The response as the learner record stores it (option indices in bank order, text)."""
    if isinstance(response, tuple):
        return list(response)
    return response


class QuestionWidget:
    def __init__(self, q: Question, number: int, on_checked, bib, objective_text, *,
                 on_mark=None, marked: bool = False):
        self.q, self.number, self.on_checked, self.bib = q, number, on_checked, bib
        self.order = q.display_order()
        self.result: Result | None = None
        self.first_correct: bool | None = None
        self.first_certainty: str | None = None
        text = w.HTML(
            f'<div class="smx-live"><strong>{number}.</strong> {markdown(q.text)} '
            f'<span class="smx-q-hint">{TYPE_LABELS[q.type]}</span></div>'
        )
        parts: list[w.Widget] = [text]
        if q.image:
            parts.append(w.HTML(q.image.tag()))
        self.inputs: list[w.Widget] = []
        if q.type == "single":
            self.radio = w.RadioButtons(
                options=[(plain(q.options[i].text), i) for i in self.order],
                value=None,
                layout=w.Layout(width="auto"),
            )
            self.inputs = [self.radio]
            parts.append(self.radio)
        elif q.type == "multiple":
            self.boxes = {
                i: w.Checkbox(value=False, description=plain(q.options[i].text), indent=False,
                              layout=w.Layout(width="auto"))
                for i in self.order
            }
            self.inputs = list(self.boxes.values())
            parts.append(w.VBox(self.inputs))
        elif q.type == "numeric":
            self.number_box = w.Text(
                placeholder="a number", description="Your answer:",
                style={"description_width": "initial"},
            )
            self.number_box.on_submit(lambda _: self.check())
            self.inputs = [self.number_box]
            parts.append(w.HBox([self.number_box, w.Label(q.unit)]))
        else:
            self.current = list(self.order)
            self.labels = [w.Label() for _ in self.current]
            rows = []
            self.moves: list[w.Button] = []
            for pos, label in enumerate(self.labels):
                up = w.Button(description="↑", layout=w.Layout(width="3em"))
                down = w.Button(description="↓", layout=w.Layout(width="3em"))
                up.on_click(lambda _, p=pos: self.move(p, -1))
                down.on_click(lambda _, p=pos: self.move(p, 1))
                self.moves += [up, down]
                rows.append(w.HBox([w.Label(f"{pos + 1}."), up, down, label]))
            self.inputs = self.moves
            self._relabel()
            parts.append(w.VBox(rows))
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip=f"Check question {number}")
        self.retry_button = w.Button(description="Try again", layout=w.Layout(display=HIDE))
        self.answer_button = w.Button(description="Show answer")
        self.check_button.on_click(lambda _: self.check())
        self.retry_button.on_click(lambda _: self.retry())
        self.answer_button.on_click(lambda _: self.show_answer())
        self.feedback = w.HTML("")
        self.answer = w.HTML("")
        self.objectives = objectives_html(q, objective_text)
        self.mark_button = w.ToggleButton(value=marked, description=self._mark_label(marked),
                                          tooltip=f"Mark question {number} for review")
        self.mark_button.observe(lambda ch: self._marked(ch["new"], on_mark), names="value")
        self.certainty = w.ToggleButtons(
            options=[(label, level) for level, label in SURE_LABELS.items()], value=None,
            description="How sure?", style={"button_width": "auto"},
            layout=w.Layout(display=HIDE))
        parts += [
            self.certainty,
            w.HBox([self.check_button, self.retry_button, self.answer_button, self.mark_button]),
            self.feedback,
            self.answer,
        ]
        self.box = w.VBox(parts, layout=w.Layout(margin="0 0 1em 0"))

    # -- ordering ------------------------------------------------------------------
    def _relabel(self) -> None:
        for pos, label in enumerate(self.labels):
            label.value = plain(self.q.items[self.current[pos]])
        for pos in range(len(self.labels)):
            self.moves[2 * pos].tooltip = f"Move up: {self.labels[pos].value}"
            self.moves[2 * pos + 1].tooltip = f"Move down: {self.labels[pos].value}"

    def move(self, pos: int, delta: int) -> None:
        new = pos + delta
        if 0 <= new < len(self.current):
            self.current[pos], self.current[new] = self.current[new], self.current[pos]
            self._relabel()
            # Keyboard focus follows the moved item, so pressing the same key again moves
            # it on (otherwise focus stays on the row and the next press moves it back).
            self.moves[2 * new + (delta > 0)].focus()

    # -- answering -----------------------------------------------------------------
    def response(self):
        if self.q.type == "single":
            return self.radio.value
        if self.q.type == "multiple":
            return [i for i, box in self.boxes.items() if box.value]
        if self.q.type == "numeric":
            return self.number_box.value
        return list(self.current)

    def set_response(self, value) -> None:
        """Set the inputs as a learner would (tests use this)."""
        if self.q.type == "single":
            self.radio.value = value
        elif self.q.type == "multiple":
            for i, box in self.boxes.items():
                box.value = i in set(value)
        elif self.q.type == "numeric":
            self.number_box.value = str(value)
        else:
            self.current = list(value)
            self._relabel()

    @staticmethod
    def _mark_label(marked: bool) -> str:
        return "Marked for review" if marked else "Mark for review"

    def _marked(self, marked: bool, on_mark) -> None:
        self.mark_button.description = self._mark_label(marked)
        if on_mark is not None:
            on_mark(self, marked)

    def sure(self) -> str | None:
        """The certainty the learner gave, when asked (None otherwise)."""
        return self.certainty.value if self.certainty.layout.display != HIDE else None

    def _enable(self, enabled: bool) -> None:
        for widget in self.inputs:
            widget.disabled = not enabled
        self.check_button.disabled = not enabled
        self.certainty.disabled = not enabled

    def check(self) -> Result:
        r = grading.grade(self.q, self.response())
        self.result = r
        self.feedback.value = f'<div class="smx-live">{result_html(self.q, r, self.bib)}</div>'
        if r.answered:
            if self.first_correct is None:
                self.first_correct = r.correct
                self.first_certainty = self.sure()
            self._enable(False)
            self.retry_button.layout.display = HIDE if r.correct else SHOW
            self.on_checked(self, r)
        return r

    def retry(self) -> None:
        self.feedback.value = ""
        if self.q.type == "single":
            self.radio.value = None
        elif self.q.type == "multiple":
            for box in self.boxes.values():
                box.value = False
        elif self.q.type == "numeric":
            self.number_box.value = ""
        self.certainty.value = None
        self._enable(True)
        self.retry_button.layout.display = HIDE

    def show_answer(self) -> None:
        self.answer.value = (
            '<div class="smx-live">'
            f"<p><strong>Answer:</strong> {markdown(grading.right_answer_text(self.q))}</p>"
            f"<p>{markdown(self.q.explanation)}</p>"
            f'<p class="smx-cite">{cite_html(self.q, self.bib)}</p></div>'
        )


class QuizWidget(Tool):
    """A quiz in a running kernel: questions, running score, summary, saved progress.

    A :class:`~scleromyxedema_course.core.views.Tool` like every topic's live tool: ``widget``
    is the live face, ``static_html()`` the quiz's static face (``page``, made by
    ``quiz.static.render``), shown where no kernel runs."""

    def __init__(self, bank: Bank, questions, *, bib=None, objective_text=None,
                 lessons=None, title=None, store: ProgressStore | None = None, css: str = "",
                 intro: str = "", page: str = ""):
        self.page = page
        self.bank = bank
        self.store = store if store is not None else ProgressStore()
        self.store.on_retry = self._show_outcome  # a queued answer saved later clears the note
        self.lessons = lessons
        self.status = w.HTML("")
        try:  # marks and the certainty preference, shown as they are
            loaded, problem = self.store.load(), None
        except ProgressError as exc:  # the quiz works all the same; the status line says why
            loaded, problem = Loaded(), str(exc)
        self.questions = [
            QuestionWidget(q, n, self._checked, bib, objective_text or {}, on_mark=self._mark,
                           marked=bool(loaded.marks.get(q.id, {}).get("marked")))
            for n, q in enumerate(questions, start=1)
        ]
        self.ask_sure = w.Checkbox(value=loaded.preferences.get("certainty") is True,
                                   description="Ask how sure I am", indent=False)
        self.ask_sure.observe(self._ask_sure, names="value")
        self._show_certainty(self.ask_sure.value)
        if problem:
            self.status.value = f'<p class="smx-wrong" role="status">{html.escape(problem)}</p>'
        self.score = w.HTML("")
        self.summary = w.HTML("")
        head = w.HTML(f"<style>{css}</style>" if css else "")
        title_html = w.HTML(
            f"<strong>{html.escape(title or f'Quiz: {bank.title}')}</strong> "
            f"({len(self.questions)} question{'s' if len(self.questions) != 1 else ''})"
        )
        self.box = w.VBox(
            [head, title_html, *([w.HTML(f"<p><strong>{html.escape(intro)}</strong></p>")]
                                 if intro else []),
             self.ask_sure, *[qw.box for qw in self.questions], self.score, self.summary,
             self.status]
        )
        self.widget = self.box
        self.text = f"{title or 'Quiz: ' + bank.title} ({len(self.questions)} questions)"
        self._update()

    def static_html(self) -> str:
        return self.page

    def _show_certainty(self, on: bool) -> None:
        for qw in self.questions:
            qw.certainty.layout.display = SHOW if on else HIDE

    def _ask_sure(self, change) -> None:
        self._show_certainty(change["new"])
        self._show_outcome(self.store.set_preference("certainty", bool(change["new"])))

    def _mark(self, qw: QuestionWidget, marked: bool) -> None:
        self._show_outcome(self.store.mark(qw.q.id, marked))

    def _checked(self, qw: QuestionWidget, r: Result) -> None:
        try:
            outcome = self.store.record(qw.q.id, qw.q.bank, qw.q.objectives, r.correct,
                                        response=_jsonable(qw.response()), certainty=qw.sure())
        except (ProgressError, OSError) as exc:  # not expected: record() reports, not raises
            outcome = Outcome(False, str(exc))
        self._show_outcome(outcome)
        self._update()

    def _show_outcome(self, outcome: Outcome) -> None:
        """The status line under the quiz: empty when saved, else what happened and what to do."""
        if outcome.saved and not outcome.problem:
            if self.status.value:  # an earlier problem is solved: say so once
                self.status.value = (f'<p class="smx-ok">Your answers are saved in '
                                     f"{html.escape(str(self.store.path))}.</p>")
            return
        lead = "Your answer was checked but is not saved yet. " if not outcome.saved else ""
        self.status.value = (f'<p class="smx-wrong" role="status">{html.escape(lead)}'
                             f"{html.escape(outcome.problem or '')}</p>")

    @property
    def right(self) -> int:
        return sum(1 for qw in self.questions if qw.first_correct)

    @property
    def answered(self) -> int:
        return sum(1 for qw in self.questions if qw.first_correct is not None)

    def _update(self) -> None:
        n = len(self.questions)
        done = (f"{self.right} of {self.answered} answered right at the first try"
                if self.answered else "no question answered yet")
        self.score.value = f"<strong>Score: {done} ({n} questions).</strong>"
        if self.answered < n:
            self.summary.value = ""
            return
        out = [f"<p><strong>Summary.</strong> You answered {self.right} of {n} questions right "
               "at the first try.</p>"]
        if self.lessons:
            out.append('<table><thead><tr><th scope="col">Lesson</th><th scope="col">Right</th>'
                       '<th scope="col">Questions</th></tr></thead><tbody>')
            for slug, title in self.lessons:
                qs = [qw for qw in self.questions if qw.q.bank == slug]
                ok = sum(1 for qw in qs if qw.first_correct)
                out.append(f"<tr><td>{html.escape(title)}</td><td>{ok}</td><td>{len(qs)}</td></tr>")
            out.append("</tbody></table>")
        out.append(calibration_html([(qw.first_certainty, qw.first_correct)
                                     for qw in self.questions]))
        missed = [qw for qw in self.questions if not qw.first_correct]
        # Confident errors first: the answers most worth a second look.
        missed.sort(key=lambda qw: qw.first_certainty not in CONFIDENT)
        if missed:
            sure_first = any(qw.first_certainty in CONFIDENT for qw in missed)
            out.append("<p>To review" + (" (answers you were sure of first: they are the ones "
                                         "most worth a second look)" if sure_first else "")
                       + ":</p><ul>")
            out += [f"<li>Question {qw.number}"
                    + (f" (you said {SURE_LABELS[qw.first_certainty]})"
                       if qw.first_certainty in CONFIDENT else "")
                    + f": {qw.objectives}</li>" for qw in missed]
            out.append("</ul>")
        else:
            out.append("<p>Nothing to review: well done.</p>")
        self.summary.value = '<div class="smx-live">' + "".join(out) + "</div>"

    @property
    def summary_text(self) -> str:
        import re

        return re.sub(r"<[^>]+>", " ", self.summary.value)
