"""The differential builder: mark findings, read the ranked differential.

Live face (ipywidgets): one ``ToggleButtons`` (unknown / present / absent) per finding, grouped;
every change re-ranks with :func:`scleromyxedema_course.ddx.model.rank` and redraws the list.
Static face (HTML, no kernel): the ranking for the worked vignette the lesson passes in, so
handouts and slides show a meaningful result. Both faces use :func:`ranking_html`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w

from ..core import views
from ..core.content import style_tag
from ..core.markup import cite_link
from ..refs import citations
from . import model as ddx

_CSS = style_tag("ddx")


def _evidence(items, cls: str) -> str:
    if not items:
        return "<span class='marked'>none</span>"
    bib = citations.load()
    parts = []
    for e in items:
        # Link text is the reader's label ("Tyndall et al. 2013"), not the bibliography key
        # (a key missing from the bibliography is reported by `smx-course check`).
        refs = ", ".join(cite_link(k, bib[k].short_label() if k in bib else k)
                         for k in e.citations)
        parts.append(f'<span class="{cls}">{html.escape(e.label)} '
                     f"({html.escape(e.observed)}; typical: {e.expected.replace('_', ' ')})"
                     f"</span>{f' <small>[{refs}]</small>' if refs else ''}")
    return "<br>".join(parts)


def ranking_html(matrix: ddx.Matrix, observations: Mapping[str, str],
                 top: int | None = None) -> str:
    """The ranked differential as an HTML table, with the findings for and against."""
    ranking = ddx.rank(matrix, observations)
    marked = [f"{matrix.findings[f]}: {o}" for f, o in observations.items() if o != "unknown"]
    if not marked:
        return (f'{_CSS}<div class="smx-ddx"><p>No finding is marked yet, so every condition '
                "scores 0 and they are listed alphabetically. Mark a finding present or "
                "absent to rank the differential.</p></div>")
    rows = []
    for i, r in enumerate(ranking[:top] if top else ranking, start=1):
        rows.append(
            f"<tr><td>{i}</td><td>{html.escape(r.label)}</td>"
            f'<td class="score">{r.score:+d}</td>'
            f"<td>{_evidence(r.supporting, 'for')}</td>"
            f"<td>{_evidence(r.contradicting, 'against')}</td></tr>"
        )
    return (
        f'{_CSS}<div class="smx-ddx"><p class="marked">Marked: '
        f"{html.escape('; '.join(marked))}.</p><table><thead><tr>"
        '<th scope="col">#</th><th scope="col">Condition</th><th scope="col">Score</th>'
        '<th scope="col">Findings for</th><th scope="col">Findings against</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{_rest_html(ranking, top)}"
        "<p class='marked'>Score: +1 for each marked finding the condition typically shows "
        "(or is associated with), −1 for each it contradicts; variable and unreported "
        "findings count 0. Ties: fewer contradictions first, then more support, then "
        "name.</p></div>"
    )


def _rest_html(ranking: list[ddx.Ranked], top: int | None) -> str:
    """The conditions below the table, named with their scores, so none is out of sight."""
    rest = ranking[top:] if top else []
    if not rest:
        return ""
    names = "; ".join(f"{html.escape(r.label)} ({r.score:+d})" for r in rest)
    return (f'<p class="marked">Lower in the ranking ({len(rest)} of {len(ranking)}): '
            f"{names}.</p>")


class Explorer(views.Tool):
    """The live builder; tests drive it by setting ``toggles[finding].value``. The static
    face is the ranking for ``preset`` (the worked example the lesson passes in)."""

    def __init__(self, matrix: ddx.Matrix, preset: Mapping[str, str] | None = None,
                 top: int | None = None, title: str = "worked example"):
        self.matrix, self.top, self.title = matrix, top, title
        preset = dict(preset or {})
        self.preset = preset
        self.text = f"Differential builder: {title}"
        ddx.rank(matrix, preset)  # validates the preset's findings and values early
        self.toggles: dict[str, w.ToggleButtons] = {}
        sections = []
        for group in dict.fromkeys(matrix.groups.values()):
            rows = [w.HTML(f"<strong>{html.escape(group)}</strong>")]
            for f, label in matrix.findings.items():
                if matrix.groups[f] != group:
                    continue
                t = w.ToggleButtons(options=list(ddx.OBSERVATIONS),
                                    value=preset.get(f, "unknown"),
                                    style={"button_width": "80px"},
                                    layout=w.Layout(width="auto"))
                t.observe(self._changed, names="value")
                self.toggles[f] = t
                rows.append(w.HBox([w.Label(label, layout=w.Layout(width="300px")), t]))
            sections.append(w.VBox(rows))
        self.reset = w.Button(description="Clear all", icon="eraser")
        self.reset.on_click(lambda _: self.clear())
        self.result = w.HTML()
        self.widget = w.VBox([*sections, self.reset, self.result])
        self._changed()

    def static_html(self) -> str:
        return (
            f"<p><strong>Differential builder ({html.escape(self.title)}).</strong> Run this "
            "cell in JupyterLab to mark findings yourself; here is the ranking for the "
            "findings of the example.</p>" + ranking_html(self.matrix, self.preset, self.top)
        )

    def observations(self) -> dict[str, str]:
        return {f: t.value for f, t in self.toggles.items() if t.value != "unknown"}

    def clear(self) -> None:
        for t in self.toggles.values():
            t.value = "unknown"

    def _changed(self, _change=None) -> None:
        # line-height: the HTML widget's 28 px line would spread every table row apart.
        self.result.value = ('<div style="line-height:1.4">'
                             + ranking_html(self.matrix, self.observations(), self.top) + "</div>")


def explorer(preset: Mapping[str, str] | None = None, title: str = "worked example",
             top: int | None = 5) -> views.Dual:
    """Show the builder; the static face shows the ranking for ``preset``."""
    return Explorer(ddx.load(), preset, top, title).dual()


def ranking(preset: Mapping[str, str], top: int | None = 5) -> views.Dual:
    """Only the ranked table for a set of findings (for vignettes)."""
    body = ranking_html(ddx.load(), preset, top)
    return views.Dual(None, body, "Ranked differential")
