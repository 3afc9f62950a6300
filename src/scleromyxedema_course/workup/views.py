"""Static HTML for the work-up checklist: every content string is escaped.

The same fragment serves the static face (the whole checklist, each test marked baseline or
"if" its finding) and the live tool (only the tests the chosen findings call for).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..core.views import HtmlOutput
from ..refs import citations
from .model import Checklist, Group, Item, load_checklist, plan

CSS = """<style>
.smx-workup{border:1px solid #bfbfbf;border-radius:4px;padding:.5em .8em;margin:.4em 0}
.smx-workup table{border-collapse:collapse;margin:.2em 0 .8em 0;width:100%}
.smx-workup th,.smx-workup td{border:1px solid #d9d9d9;padding:.25em .5em;text-align:left;
vertical-align:top}
.smx-workup caption{text-align:left;font-weight:bold;padding:.3em 0}
.smx-workup .smx-when-baseline{color:#006e4f;font-weight:bold}
.smx-workup .smx-when-if{color:#7a4b00}
.smx-workup .smx-note{font-size:.9em;color:#4d4d4d}
</style>"""

NOTE = (
    "Teaching aid built from the cited sources, not a protocol: the order of tests, and which "
    "are needed, follow the treating team, local guidelines and the haematologist's advice."
)


def sources_html(keys: Iterable[str]) -> str:
    """Citation links as the lessons write them: label -> #ref-key."""
    bib = citations.load()
    links = []
    for k in keys:
        label = bib[k].short_label() if k in bib else k
        links.append(f'<a href="#ref-{html.escape(k)}">{html.escape(label)}</a>')
    return "; ".join(links)


def when_html(item: Item, checklist: Checklist) -> str:
    if item.is_baseline:
        return '<span class="smx-when-baseline">Every patient</span>'
    label = checklist.finding(item.trigger).label
    return f'<span class="smx-when-if">If: {html.escape(label)}</span>'


def group_html(group: Group, checklist: Checklist, number: int) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(it.test)}</td><td>{html.escape(it.why)}</td>"
        f"<td>{when_html(it, checklist)}</td><td>{sources_html(it.citations)}</td></tr>"
        for it in group.items
    )
    return (
        f"<table><caption>Question {number}: {html.escape(group.question)}</caption>"
        '<thead><tr><th scope="col">Order</th><th scope="col">Why</th>'
        '<th scope="col">When</th><th scope="col">Sources</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def summary_text(groups: tuple[Group, ...]) -> str:
    items = [it for g in groups for it in g.items]
    baseline = sum(1 for it in items if it.is_baseline)
    extra = len(items) - baseline
    return (f"{len(items)} tests for {len(groups)} questions: {baseline} for every patient, "
            f"{extra} if a finding calls for them")


def checklist_html(checklist: Checklist, present: Iterable[str] | None = None) -> str:
    """The checklist grouped by question. ``present=None`` shows every test (the static
    face); a set of finding ids shows only the tests those findings call for."""
    groups = checklist.groups if present is None else plan(checklist, present)
    tables = "".join(group_html(g, checklist, n) for n, g in enumerate(groups, start=1))
    return (
        f'{CSS}<div class="smx-workup"><p><strong>Work-up checklist.</strong> '
        f"{html.escape(summary_text(groups))}.</p>{tables}"
        f'<p class="smx-note">{html.escape(NOTE)}</p></div>'
    )


def checklist() -> HtmlOutput:
    """The whole checklist as static HTML."""
    data = load_checklist()
    return HtmlOutput(checklist_html(data), f"Work-up checklist: {summary_text(data.groups)}")
