"""The case's static views: a step with its answer folded away, and the timeline table.

``<details>`` opens on click in JupyterLab, in exported HTML and in reveal.js slides, with no
kernel and no JavaScript.
"""

from __future__ import annotations

import html

from ..core.content import style_tag
from ..core.markup import paragraphs
from ..core.views import HtmlOutput
from .model import CaseDataError, Event, Step, date_conflicts, load_steps, load_timeline

# The small Markdown subset the steps use (``core.markup.paragraphs``): paragraphs, **bold**,
# *italic*, and links to references (``#ref-key``) or glossary terms.
inline_html = paragraphs


_STEP_CSS = style_tag("case-step")


def step_html(step: Step, number: int) -> str:
    return (
        f'{_STEP_CSS}<article class="smx-step" id="case-{html.escape(step.id)}">'
        f"<h3>Step {number}: {html.escape(step.title)}</h3>{paragraphs(step.story)}"
        f'<div class="smx-question"><strong>Decide before you open the answer.</strong>'
        f"{paragraphs(step.question)}</div>"
        "<details><summary>Show the answer and the reasoning</summary>"
        f"{paragraphs(step.answer)}</details></article>"
    )



def show_step(step_id: str) -> HtmlOutput:
    """Display one step of the case, its answer folded away."""
    steps = load_steps()
    for n, step in enumerate(steps, start=1):
        if step.id == step_id:
            return HtmlOutput(step_html(step, n), f"Case step {n}: {step.title}")
    raise CaseDataError(f"No case step '{step_id}'. Known: {', '.join(s.id for s in steps)}.")


def timeline_table_html(events: list[Event] | None = None) -> str:
    """The timeline as a table: what the report says and what does not fit. (The source
    line numbers stay in the data for maintainers; learners do not have the report's text.)"""
    events = load_timeline() if events is None else events
    rows = []
    for e in events:
        note = html.escape(e.date_note) if e.date_note else ""
        rows.append(
            f"<tr><td>{e.step}</td><td>{html.escape(e.event)}</td>"
            f"<td>{html.escape(e.stated_date or '')}</td>"
            f"<td>{html.escape(e.duration_text)}</td>"
            f"<td>{note}</td></tr>"
        )
    return (
        '<table class="smx-case-timeline"><caption>The course of the 2014 case as the report '
        "states it</caption><thead><tr>"
        '<th scope="col">#</th><th scope="col">Event</th><th scope="col">Date printed</th>'
        '<th scope="col">Timing in the text</th>'
        '<th scope="col">What does not fit</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def timeline_table() -> HtmlOutput:
    events = load_timeline()
    return HtmlOutput(timeline_table_html(events),
                 f"Case timeline: {len(events)} events, {len(date_conflicts(events))} notes")
