"""The static face of a quiz: self-contained HTML + CSS + JS, deterministic.

The same page works in two modes:

* **with JavaScript** (nbconvert HTML, slides, a trusted notebook): ``static.js`` turns it into
  a checkable quiz with per-option feedback, Try again, a running score and a summary;
* **without JavaScript or CSS** (JupyterLab showing a notebook it does not trust strips
  ``<style>`` and ``<script>``): the markup alone reads as a tidy plain page. Each question is
  a block (``div``, no list numbering to double the question number) whose short legend
  ("Question 1 · Choose one answer.") never wraps into the fieldset's border; the question
  text follows it, each option sits on its own line, and a ``<details>`` "Show answer"
  disclosure holds the right answer, explanation and sources.

Element ids are derived from the quiz and question ids, and the answer data is embedded as
JSON with ``<``, ``>`` and ``&`` escaped, so the output is byte-for-byte the same on every run.
"""

from __future__ import annotations

import hashlib
import html
import json
from functools import lru_cache
from importlib import resources

from ..core.markup import cite_link
from . import progress
from .grading import right_answer_text
from .model import TYPE_LABELS, Bank, Question, dom_id, markdown


@lru_cache(maxsize=1)
def assets() -> tuple[str, str]:
    pkg = resources.files(__package__)
    # review.js (the review schedule, pure) first: static.js uses it in a review session.
    js = "\n".join((pkg / name).read_text(encoding="utf-8") for name in ("review.js", "static.js"))
    return (pkg / "static.css").read_text(encoding="utf-8"), js


def quiz_dom_id(bank: Bank, ids: list[str] | None = None) -> str:
    """``quiz-<bank>`` for a whole bank, plus a short hash of the ids for a selection."""
    base = dom_id("quiz", bank.slug)
    if ids is None:
        return base
    return base + "-" + hashlib.sha1("\n".join(ids).encode("utf-8")).hexdigest()[:8]


def short_cite(key: str, bib: dict | None) -> str:
    """'Rongioletti & Rebora 2001' from a bibliography entry (falls back to the key)."""
    entry = (bib or {}).get(key)
    return entry.short_label() if entry is not None else key


def cite_html(q: Question, bib: dict | None) -> str:
    links = ", ".join(cite_link(k, short_cite(k, bib)) for k in q.citations)
    return f"Source{'s' if len(q.citations) > 1 else ''}: {links}"


def objectives_html(q: Question, objective_text: dict[str, str]) -> str:
    return "; ".join(
        html.escape(objective_text.get(o, o)) + f' <span class="smx-id">[{html.escape(o)}]</span>'
        for o in q.objectives
    )


def _json_for_script(data) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _question_html(q: Question, number: int, qdom: str, bib, objective_text) -> str:
    name = html.escape(qdom)
    parts = [
        f'<div class="smx-q" id="{name}" data-type="{q.type}" data-qid="{html.escape(q.id)}">',
        # A short legend: unstyled, a fieldset border runs through a legend that wraps.
        f'<fieldset aria-describedby="{name}-text"><legend><span class="smx-q-num">Question '
        f'{number}</span> <span class="smx-q-hint">· {TYPE_LABELS[q.type]}</span></legend>'
        f'<div class="smx-q-text" id="{name}-text">{markdown(q.text)}</div>',
    ]
    if q.image:
        parts.append(q.image.tag("smx-q-image"))
    order = q.display_order()
    if q.type in ("single", "multiple"):
        kind = "radio" if q.type == "single" else "checkbox"
        parts.append('<div class="smx-options">')
        for pos, i in enumerate(order):
            parts.append(  # one block per option: one per line without any CSS
                f'<div class="smx-option"><label for="{name}-o{pos}"><input type="{kind}" '
                f'id="{name}-o{pos}" name="{name}" value="{i}"> '
                f'{markdown(q.options[i].text)}</label></div>'
            )
        parts.append("</div>")
    elif q.type == "numeric":
        unit = f" {html.escape(q.unit)}" if q.unit else ""
        parts.append(
            f'<label for="{name}-x">Your answer: <input type="text" class="smx-number" '
            f'id="{name}-x" inputmode="decimal" size="10" autocomplete="off">{unit}</label>'
        )
    else:
        parts.append('<ol class="smx-order">')
        parts += [f'<li data-item="{i}">{markdown(q.items[i])}</li>' for i in order]
        parts.append("</ol>")
    parts.append("</fieldset>")
    parts.append(
        # The buttons are made by static.js: where scripts are removed (an untrusted notebook
        # in JupyterLab, whose sanitizer also drops the `hidden` attribute) no dead button shows.
        '<div class="smx-q-actions"></div>'
        '<div class="smx-q-feedback" role="status" aria-live="polite"></div>'
    )
    parts.append(
        '<details class="smx-answer"><summary>Show answer</summary>'
        f"<p><strong>Answer:</strong> {markdown(right_answer_text(q))}</p>"
        f"<p>{markdown(q.explanation)}</p>"
        f'<p class="smx-cite">{cite_html(q, bib)}</p>'
        f'<p class="smx-cite">Objective: {objectives_html(q, objective_text)}</p>'
        "</details></div>"
    )
    return "".join(parts)


def _question_data(q: Question, number: int, qdom: str, bib, objective_text, lesson_of):
    d = {
        "id": q.id,
        "dom": qdom,
        "number": number,
        "type": q.type,
        "explanation": markdown(q.explanation),
        "cite": cite_html(q, bib),
        "objectives": objectives_html(q, objective_text),
        "lesson": lesson_of(q),
        "bank": q.bank,
        "obj": list(q.objectives),
    }
    if q.type in ("single", "multiple"):
        d["right"] = sorted(q.correct_indices())
        d["fb"] = [markdown(o.feedback) for o in q.options]
    elif q.type == "numeric":
        d.update(answer=q.answer, tolerance=q.tolerance, unit=q.unit)
    if q.type in ("numeric", "ordering"):
        d.update(ok=markdown(q.feedback["correct"]), bad=markdown(q.feedback["incorrect"]))
    return d


def render(
    bank: Bank,
    questions: list[Question],
    quiz_id: str,
    bib: dict | None = None,
    objective_text: dict[str, str] | None = None,
    lessons: list[tuple[str, str]] | None = None,
    title: str | None = None,
    review: bool = False,
) -> str:
    """HTML for ``questions`` of ``bank``: one output, self-contained, deterministic.

    ``lessons`` (slug, title) adds a per-lesson breakdown to the summary (self-assessment).
    ``review`` marks a review session (``data-smx-review``): ``static.js`` then shows only the
    questions the browser's learner record has due today (``review.js``).
    """
    css, js = assets()
    objective_text = objective_text or {}
    qdoms = [f"{quiz_id}--{dom_id(q.id)}" for q in questions]
    body = "".join(
        _question_html(q, n, d, bib, objective_text)
        for n, (q, d) in enumerate(zip(questions, qdoms, strict=True), start=1)
    )
    data = {
        "quiz": quiz_id,
        # The learner record this page keeps in the browser is per course and version.
        "course": {"id": progress.COURSE_ID, "version": progress.course_version()},
        "questions": [
            _question_data(q, n, d, bib, objective_text, lambda q: q.bank)
            for n, (q, d) in enumerate(zip(questions, qdoms, strict=True), start=1)
        ],
    }
    if lessons:
        data["lessons"] = [{"slug": s, "title": html.escape(t)} for s, t in lessons]
    heading = html.escape(title or f"Quiz: {bank.title}")
    review_attr = ' data-smx-review="1"' if review else ""
    count = f"{len(questions)} question{'s' if len(questions) != 1 else ''}"
    return (
        f"<style>{css}</style>"
        f'<div class="smx-quiz" id="{html.escape(quiz_id)}" '
        f'data-bank="{html.escape(bank.slug)}"{review_attr}>'
        f'<p class="smx-quiz-title">{heading} <span class="smx-q-hint">({count})</span></p>'
        f'<div class="smx-quiz-questions">{body}</div>'
        '<p class="smx-quiz-score" aria-live="polite" hidden></p>'
        '<div class="smx-quiz-summary" aria-live="polite" hidden></div>'
        f'<script type="application/json" class="smx-quiz-data">{_json_for_script(data)}</script>'
        f"<script>{js}\nwindow.smxQuiz.init(document.getElementById({json.dumps(quiz_id)}));"
        "</script></div>"
    )
