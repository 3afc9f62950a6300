"""The live work-up checklist: tick the findings, see the tests they add.

A kernel shows a row of checkboxes, one per finding in ``workup_findings.csv``, above the
checklist; ticking one adds the tests it calls for. Elsewhere (handouts, slides, a notebook
opened without running) the static face shows the whole checklist with each test's "when".
"""

from __future__ import annotations

from ..core.views import Dual
from .model import load_checklist
from .views import checklist_html, summary_text


def checklist_tool() -> Dual:
    """The checklist with a live finding filter (a ``Dual``: widget plus static HTML)."""
    import ipywidgets as w  # deferred: heavy, and only needed in a kernel

    data = load_checklist()
    boxes = {
        f.id: w.Checkbox(value=False, description=f.label, indent=False,
                         layout=w.Layout(width="auto"))
        for f in data.findings
    }
    out = w.HTML(checklist_html(data, present=()))

    def redraw(_change=None) -> None:
        out.value = checklist_html(data, present={k for k, b in boxes.items() if b.value})

    for box in boxes.values():
        box.observe(redraw, names="value")
    intro = w.HTML("<p><strong>Tick what the patient has.</strong> The baseline tests stay; "
                   "each finding adds the tests it calls for.</p>")
    widget = w.VBox([intro, w.VBox(list(boxes.values())), out])
    return Dual(widget, checklist_html(data),
                f"Work-up checklist: {summary_text(data.groups)}")
