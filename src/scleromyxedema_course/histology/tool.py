"""The virtual histology viewer: pick a condition and a stain, see the schematic section.

Live view: a condition dropdown, a stain toggle and a seed slider above a plotly figure drawn
by :func:`scleromyxedema_course.histology.figures.section_figure`. Static face (no kernel): the
five conditions side by side as inline SVG under alcian-blue-like colours (the lesson's
figure shows H&E-like ones), which needs no JavaScript and so shows in every export.
"""

from __future__ import annotations

import ipywidgets as w

from ..core import views
from ..plots import show_in
from . import figures as ph
from .model import CONDITIONS, LABELS, STAIN_LABELS, STAINS, VARIANTS
from .svg import panels_svg

_NOTE = ("<p><small>Schematic, not a micrograph: drawn by code to show which features "
         "differ. Run the lesson to switch condition and stain yourself.</small></p>")


def static_html(seed: int = 0) -> str:
    parts = ['<div class="smx-histology" style="overflow-x:auto">',
             "<p><strong>Virtual histology viewer</strong> (static view)</p>"]
    for stain in ("alcian-blue",):
        parts.append(f"<p>{STAIN_LABELS[stain]} colours</p>")
        svg = panels_svg(stain, seed, labelled=True)
        parts.append(svg.replace('width="884" height="222"',
                                 'style="max-width:100%;height:auto"'))
    parts.append(_NOTE + "</div>")
    return "".join(parts)


class Viewer(views.Tool):
    """A condition dropdown, a stain toggle and a section slider above the figure
    (``output``); every change redraws it."""

    text = "Virtual histology viewer (schematic): choose a condition and a stain."

    def __init__(self, seed: int = 0):
        self.first_seed = seed
        self.condition = w.Dropdown(
            options=[(LABELS[c], c) for c in (*CONDITIONS, *VARIANTS)],
            value="scleromyxedema", description="Condition")
        self.stain = w.ToggleButtons(options=[(STAIN_LABELS[s], s) for s in STAINS],
                                     value="he", description="Stain")
        self.seed = w.IntSlider(value=seed, min=0, max=20, description="Section")
        self.output = w.Output()
        for control in (self.condition, self.stain, self.seed):
            control.observe(self.draw, names="value")
        self.draw()
        self.widget = w.VBox([w.HBox([self.condition, self.seed]), self.stain, self.output])

    def draw(self, _change=None) -> None:
        # Replace the Output's state directly: no display message reaches the cell, so the
        # stored output (the static face) stays the same when nbval re-runs the lesson.
        show_in(self.output, ph.section_figure(self.condition.value, self.stain.value,
                                               self.seed.value))

    def static_html(self) -> str:
        return static_html(self.first_seed)


def viewer(seed: int = 0) -> views.Dual:
    """The histology viewer: live controls in a kernel, the five panels elsewhere."""
    return Viewer(seed).dual()
