"""``smx-course answer-key``: one self-contained HTML page per bank for instructors.

Each page lists every question in bank order with its type, the options (right ones marked),
the right answer, the explanation, the objectives and the full references. Nothing loads
from the network; the pages are deterministic.
"""

from __future__ import annotations

import html
from pathlib import Path

from .. import syllabus
from ..core.content import css
from ..refs import citations
from .grading import right_answer_text
from .loader import load_all, load_bank
from .model import TYPE_LABELS, Bank, markdown
from .static import objectives_html

_CSS = css("answer-key")


def page(bank: Bank, bib: dict, objective_text: dict[str, str]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Answer key: {html.escape(bank.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Answer key: {html.escape(bank.title)}</h1>",
        f"<p>Bank <span class=\"id\">{html.escape(bank.slug)}</span>, {len(bank.questions)} "
        "questions, in bank order (learners see options shuffled). For instructors.</p>",
    ]
    keys: list[str] = []
    for n, q in enumerate(bank.questions, start=1):
        keys += [k for k in q.citations if k not in keys]
        parts.append(
            f'<section class="q" id="{html.escape(q.id.replace("/", "-"))}">'
            f"<h2>{n}. <span class=\"id\">{html.escape(q.id)}</span> "
            f'<span class="hint">{q.type}: {TYPE_LABELS[q.type]}</span></h2>'
            f"<p>{markdown(q.text)}</p>"
        )
        if q.options:
            parts.append("<ul>")
            for o in q.options:
                mark = '<span class="right">✓ right</span>' if o.correct else "✗ wrong"
                parts.append(f"<li>{mark}: {markdown(o.text)}<br>"
                             f'<span class="hint">Feedback: {markdown(o.feedback)}</span></li>')
            parts.append("</ul>")
        if q.feedback:
            parts.append(
                f'<p class="hint">Feedback if right: {markdown(q.feedback["correct"])}<br>'
                f"Feedback if wrong: {markdown(q.feedback['incorrect'])}</p>"
            )
        refs = ", ".join(f"[{keys.index(k) + 1}]" for k in q.citations)
        parts.append(
            f'<p><span class="right">Answer:</span> {markdown(right_answer_text(q))}</p>'
            f"<p><strong>Explanation:</strong> {markdown(q.explanation)} {refs}</p>"
            f"<p class=\"hint\">Objectives: {objectives_html(q, objective_text)}</p></section>"
        )
    parts.append('<h2>References</h2><ol class="refs">')
    parts += [f"<li>{bib[k].as_html() if k in bib else html.escape(k)}</li>" for k in keys]
    parts.append("</ol></body></html>\n")
    return "\n".join(parts)


def write(out: Path, slugs: list[str] | None = None) -> list[Path]:
    """Write one answer-key page per bank (every bank, plus an index, when ``slugs`` is
    empty) into ``out``; return the files written."""
    out = Path(out)
    banks = [load_bank(s) for s in slugs] if slugs else load_all()
    bib = citations.load()
    objective_text = syllabus.objective_text()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for bank in banks:
        target = out / f"{bank.slug}.html"
        target.write_text(page(bank, bib, objective_text), encoding="utf-8")
        written.append(target)
    if not slugs and banks:
        items = "".join(
            f'<li><a href="{html.escape(b.slug)}.html">{html.escape(b.title)}</a> '
            f"({len(b.questions)} questions)</li>"
            for b in banks
        )
        index = out / "index.html"
        index.write_text(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>Answer keys</title><style>{_CSS}</style></head><body>"
            f"<h1>Answer keys</h1><p>For instructors: one page per quiz bank.</p><ul>{items}</ul>"
            "</body></html>\n",
            encoding="utf-8",
        )
        written.append(index)
    return written

