"""The filterable forest plot: a live filter in a kernel, the unfiltered plot elsewhere."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w
import plotly.graph_objects as go

from ..core import views
from ..plots import figure_html, show_in
from . import table as evidence
from .figures import DEFINITION_STYLE, forest
from .table import Report


class ForestFilter(views.Tool):
    """Live filter for the forest plot: design, minimum n, outcome definition.

    The widgets only read their values and call :func:`evidence.filter_reports`; the
    redrawn figure is kept in ``self.figure`` (tests read it without a browser). The static
    face is the unfiltered plot.
    """

    def __init__(self, reports: Sequence[Report]):
        self.reports = list(reports)
        designs = [d for d in evidence.DESIGNS
                   if any(p.report.design == d for p in evidence.response_proportions(reports))]
        definitions = [d for d in DEFINITION_STYLE
                       if any(r.outcome_definition == d for r in self.reports)]
        self.designs = w.SelectMultiple(options=designs, value=tuple(designs),
                                        description="Design", rows=len(designs))
        self.definitions = w.SelectMultiple(
            options=definitions, value=tuple(definitions), description="Outcome",
            rows=len(definitions), layout=w.Layout(width="420px"))
        self.min_n = w.IntSlider(value=1, min=1, max=max(r.n_ivig or 1 for r in reports),
                                 description="Minimum n", continuous_update=False)
        self.output = w.Output()
        for control in (self.designs, self.definitions, self.min_n):
            control.observe(self.redraw, names="value")
        self.widget = w.VBox([w.HBox([self.designs, self.definitions]), self.min_n,
                              self.output])
        self.figure: go.Figure | None = None
        self.redraw()
        props = evidence.response_proportions(self.reports)
        self.text = f"Forest plot filter ({len(props)} reports; live in a running kernel)"

    def static_html(self) -> str:
        note = ('<p class="smx-note"><em>Filtering by design, minimum size and outcome '
                "definition needs a running kernel (run the lesson in JupyterLab). Shown "
                "here: every report with a denominator.</em></p>")
        return figure_html(forest(self.reports)) + note

    def selected(self) -> list[Report]:
        return evidence.filter_reports(self.reports, designs=self.designs.value,
                                       min_n=self.min_n.value,
                                       definitions=self.definitions.value)

    def redraw(self, _change=None) -> None:
        from IPython import get_ipython  # deferred: IPython only in a running kernel

        chosen = self.selected()
        subtitle = (f"designs: {', '.join(self.designs.value) or 'none'}; "
                    f"minimum n = {self.min_n.value}")
        self.figure = forest(chosen, subtitle=subtitle)
        if get_ipython() is None:  # no kernel (tests, scripts): keep the figure only
            return
        show_in(self.output, self.figure)


def forest_filter(reports: Sequence[Report]) -> views.Dual:
    """The filterable forest plot: live in a kernel, the unfiltered plot everywhere else."""
    return ForestFilter(reports).dual()
