"""The live work-up checklist: tick the findings, see the tests they add.

A kernel shows a row of checkboxes, one per finding in ``workup_findings.csv``, above the
checklist; ticking one adds the tests it calls for. Elsewhere (handouts, slides, a notebook
opened without running) the static face shows the whole checklist with each test's "when".
"""

from __future__ import annotations

import ipywidgets as w

from ..core.views import Tool
from .model import load_checklist
from .views import checklist_html, summary_text


class ChecklistTool(Tool):
    """The checklist with a live finding filter: ``boxes`` (one checkbox per finding, by id)
    and ``out`` (the checklist for what is ticked) are kept for tests to drive."""

    def __init__(self):
        self.data = load_checklist()
        self.boxes = {
            f.id: w.Checkbox(value=False, description=f.label, indent=False,
                             layout=w.Layout(width="auto"))
            for f in self.data.findings
        }
        self.out = w.HTML(checklist_html(self.data, present=()))
        for box in self.boxes.values():
            box.observe(self.redraw, names="value")
        intro = w.HTML("<p><strong>Tick what the patient has.</strong> The baseline tests "
                       "stay; each finding adds the tests it calls for.</p>")
        self.widget = w.VBox([intro, w.VBox(list(self.boxes.values())), self.out])
        self.text = f"Work-up checklist: {summary_text(self.data.groups)}"

    def present(self) -> set[str]:
        return {k for k, b in self.boxes.items() if b.value}

    def redraw(self, _change=None) -> None:
        self.out.value = checklist_html(self.data, present=self.present())

    def static_html(self) -> str:
        return checklist_html(self.data)


def checklist_tool() -> ChecklistTool:
    """The work-up checklist tool (displayed as a ``Dual``: widget plus static HTML)."""
    return ChecklistTool()
