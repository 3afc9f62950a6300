"""The criteria checker a learner plays with: a live widget and a static HTML face.

The live view is a row of three-way toggles (present / absent / unknown), one per finding,
and a switch for the later variant of criterion 2. Every change re-runs
:func:`scleromyxedema_course.criteria.model.classify` and redraws the verdict. The static face,
shown where no kernel runs, is the criteria table with two worked examples.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..core import markup, views
from ..core.content import style_tag
from ..refs import citations
from .model import (
    ATYPICAL,
    FINDING_LABELS,
    FINDING_NAMES,
    INCOMPLETE,
    LOCALIZED,
    MET,
    SCLEROMYXEDEMA,
    UNMET,
    Findings,
    Result,
    classify,
)

_CSS = style_tag("criteria")

_MARK = {MET: "✔ met", UNMET: "✘ not met", "unknown": "? unknown"}
_CLASS = {MET: "smx-status-met", UNMET: "smx-status-unmet", "unknown": "smx-status-unknown"}
_DEF_NAMES = {
    SCLEROMYXEDEMA: "Scleromyxedema (all four needed)",
    LOCALIZED: "Localized lichen myxedematosus (all three needed)",
}
SOURCE_KEY = "rongioletti2001"  # the criteria's source, labelled by the bibliography


def _source_label() -> str:
    return citations.load()[SOURCE_KEY].short_label()


def _source_html() -> str:
    return (f"Criteria: {markup.cite_link(SOURCE_KEY, _source_label())}. "
            "Schematic teaching aid; it does not replace a clinician's judgement.")


WORKED_EXAMPLES = (
    (
        "Widespread waxy papules with skin thickening; biopsy with mucin, fibroblast "
        "proliferation and fibrosis; IgG-λ paraprotein; normal thyroid function",
        Findings(generalized_eruption=True, localized_eruption=False, mucin=True,
                 fibroblast_proliferation=True, fibrosis=True, ga_like_pattern=False,
                 monoclonal_gammopathy=True, thyroid_disease=False),
    ),
    (
        "The same patient, but serum immunofixation finds no monoclonal protein",
        Findings(generalized_eruption=True, localized_eruption=False, mucin=True,
                 fibroblast_proliferation=True, fibrosis=True, ga_like_pattern=False,
                 monoclonal_gammopathy=False, thyroid_disease=False),
    ),
)


def result_html(result: Result) -> str:
    """The verdict and the reason for every criterion, as an HTML fragment."""
    kind = {SCLEROMYXEDEMA: "smx-sm", INCOMPLETE: "smx-incomplete"}.get(result.label, "")
    parts = [
        f'<div class="smx-verdict {kind}" role="status">{html.escape(result.title)}</div>',
        f"<p>{html.escape(result.explanation)}</p>",
    ]
    for definition in (SCLEROMYXEDEMA, LOCALIZED):
        rows = "".join(
            f"<tr><td>{c.number}</td><td>{html.escape(c.text)}</td>"
            f'<td class="{_CLASS[c.status]}">{_MARK[c.status]}</td>'
            f"<td>{html.escape(c.reason)}</td></tr>"
            for c in result.criteria_for(definition)
        )
        parts.append(
            f"<table><caption>{html.escape(_DEF_NAMES[definition])}</caption>"
            '<thead><tr><th scope="col">#</th><th scope="col">Criterion</th>'
            '<th scope="col">Status</th><th scope="col">Why</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    if result.label == ATYPICAL or result.notes:
        parts.append("".join(f"<p><em>Note.</em> {html.escape(n)}</p>" for n in result.notes))
    return "".join(parts)


def findings_html(f: Findings) -> str:
    word = {True: "present", False: "absent", None: "unknown"}
    items = "".join(
        f"<li>{html.escape(FINDING_LABELS[n])}: {word[getattr(f, n)]}</li>" for n in FINDING_NAMES
    )
    return f"<ul>{items}</ul>"


def static_html() -> str:
    """The static face: two worked examples, each with its verdict and reasons."""
    parts = [_CSS, '<div class="smx-criteria">',
             "<p><strong>Diagnostic-criteria checker</strong> (static view: run the lesson to "
             "tick findings yourself).</p>"]
    for i, (story, findings) in enumerate(WORKED_EXAMPLES, start=1):
        parts.append(f"<h4>Worked example {i}: {html.escape(story)}</h4>")
        parts.append(result_html(classify(findings)))
    parts.append(f"<p><small>{_source_html()}</small></p></div>")
    return "".join(parts)


class Checker(views.Tool):
    """Live toggles (present / absent / unknown) per finding and the later-variant switch;
    every change re-classifies and redraws ``verdict``."""

    def __init__(self):
        choice = {"present": True, "absent": False, "unknown": None}
        self.toggles = {}
        for name in FINDING_NAMES:
            self.toggles[name] = w.ToggleButtons(
                options=list(choice), value="unknown",
                tooltips=[f"{FINDING_LABELS[name]}: {c}" for c in choice],  # names each button
                style={"button_width": "6.5em"},
                layout=w.Layout(width="auto"),
            )
        self.variant = w.Checkbox(value=False, description="Also accept the "
                                  "granuloma-annulare-like pattern for criterion 2 (later "
                                  "variant)", indent=False, layout=w.Layout(width="auto"))
        self.verdict = w.HTML()
        self._choice, self._source = choice, _source_html()
        for t in (*self.toggles.values(), self.variant):
            t.observe(self.update, names="value")
        self.update()
        # An HTML label wraps; a w.Label cuts long findings off ("... pattern on b") in Lab.
        rows = [
            w.HBox([w.HTML(f'<div style="line-height:1.3">{html.escape(FINDING_LABELS[n])}'
                           "</div>", layout=w.Layout(width="24em")), t],
                   layout=w.Layout(align_items="center"))
            for n, t in self.toggles.items()
        ]
        self.widget = w.VBox([*rows, self.variant, self.verdict])
        self.text = (f"Diagnostic-criteria checker ({_source_label()}): tick findings to "
                     "classify.")

    def update(self, _change=None) -> None:
        findings = Findings(**{n: self._choice[t.value] for n, t in self.toggles.items()})
        # line-height: the HTML widget's 28 px line would double every table row.
        self.verdict.value = _CSS + '<div class="smx-criteria" style="line-height:1.4">' + (
            result_html(classify(findings, accept_ga_pattern=self.variant.value))
        ) + f"<p><small>{self._source}</small></p></div>"

    def static_html(self) -> str:
        return static_html()


def checker() -> views.Dual:
    """The criteria checker: live toggles in a kernel, worked examples elsewhere."""
    return Checker().dual()
