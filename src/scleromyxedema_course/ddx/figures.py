"""The differential-diagnosis matrix as a heatmap: conditions down, findings across.

Colour and a symbol in every cell carry the value, so the figure reads in grey scale too:
``+`` present, ``a`` associated, ``±`` variable, ``−`` absent, blank not reported.
Hovering a cell shows the source's wording and its citation keys.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..plots import PALETTE, finish

# value -> (code on the colour axis, cell symbol, colour, legend text)
ENCODING = {
    "absent": (0, "−", PALETTE[1], "absent or uncommon"),
    "not_reported": (1, "", "#eeeeee", "not reported"),
    "variable": (2, "±", PALETTE[6], "variable or disputed"),
    "associated": (3, "a", PALETTE[4], "associated"),
    "present": (4, "+", PALETTE[0], "present (typical)"),
}


def _text(value: str) -> str:
    """Data as plain text inside plotly's tag-aware hover text (tags shown, never parsed)."""
    return str(value).replace("<", "&lt;").replace(">", "&gt;")


def _colorscale() -> list:
    n = len(ENCODING)
    scale = []
    for code, _, colour, _ in sorted(ENCODING.values()):
        scale += [[code / n, colour], [(code + 1) / n, colour]]
    return scale


def heatmap(matrix) -> go.Figure:
    """Heatmap of a validated :class:`scleromyxedema_course.ddx.Matrix`."""
    conds, finds = list(matrix.conditions), list(matrix.findings)
    z, text, hover = [], [], []
    for c in conds:
        zr, tr, hr = [], [], []
        for f in finds:
            cell = matrix.cell(c, f)
            code, symbol, _, legend = ENCODING[cell.value]
            zr.append(code)
            tr.append(symbol)
            src = (f"<br>{_text(cell.source_wording)}<br>[{_text('; '.join(cell.citations))}]"
                   if cell.citations else "")
            hr.append(f"<b>{_text(matrix.conditions[c])}</b> · {_text(matrix.findings[f])}: "
                      f"{legend}{src}")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    n = len(ENCODING)
    fig = go.Figure(go.Heatmap(
        z=z, x=[matrix.findings[f] for f in finds], y=[matrix.conditions[c] for c in conds],
        text=text, texttemplate="%{text}", textfont=dict(size=15, color="#1a1a1a"),
        customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        colorscale=_colorscale(), zmin=0, zmax=n, xgap=2, ygap=2,
        colorbar=dict(
            tickvals=[code + 0.5 for code, *_ in sorted(ENCODING.values())],
            ticktext=[f"{sym or ' '}  {legend}" for _, sym, _, legend in
                      sorted(ENCODING.values())],
            title=dict(text="Value"), len=0.8,
        ),
    ))
    fig.update_layout(
        height=560, margin=dict(l=250, r=40, t=30, b=230),
        xaxis=dict(side="bottom", tickangle=-45, showgrid=False, showline=False),
        yaxis=dict(autorange="reversed", showgrid=False, showline=False),
        plot_bgcolor="white",
    )
    counts = {v: sum(1 for cell in matrix.cells.values() if cell.value == v) for v in ENCODING}
    alt = (
        f"Heatmap of {len(conds)} conditions by {len(finds)} findings. "
        f"{counts['present']} cells are present, {counts['absent']} absent or uncommon, "
        f"{counts['variable']} variable, {counts['associated']} associations and "
        f"{counts['not_reported']} not reported by the sources. Scleromyxedema is the only "
        "condition with papules, a paraprotein and mucin with more fibroblasts together; "
        "systemic sclerosis is the only one with Raynaud phenomenon, abnormal nailfold "
        "capillaries and antinuclear antibodies all typical."
    )
    return finish(fig, alt=alt)
