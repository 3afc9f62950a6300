"""Figures of the clinical-presentation lesson: a schematic body map and the
extracutaneous involvement reported by each cohort.

Only drawing happens here: the numbers, regions and labels are read from ``assets/data/`` by
:mod:`.model`, which validates them and names the file, row and field of a bad value.
"""

from __future__ import annotations

import random

import plotly.graph_objects as go

from ..plots import PALETTE, finish
from . import model

__all__ = ["body_map_figure", "extracutaneous_figure"]


def extracutaneous_figure(rows=None) -> go.Figure:
    """One bar per (cohort, category), labelled with study and n; cohorts never pooled."""
    if rows is None:
        rows = model.load_extracutaneous()
    model.validate(rows, "rows given")
    studies = list(dict.fromkeys(r.study for r in rows))
    fig = go.Figure()
    for colour, study in zip(PALETTE, studies, strict=False):
        sub = [r for r in rows if r.study == study]
        labels = [f"{r.category} · {r.study} (n={r.n})" for r in sub]
        text = [
            f"{r.percent:.0f}% ({r.count}/{r.n})" if r.count is not None else f"{r.percent:g}%"
            for r in sub
        ]
        fig.add_trace(go.Bar(
            x=[r.percent for r in sub], y=labels, orientation="h", name=f"{study} (n={sub[0].n})",
            marker_color=colour, text=text, textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        ))
    fig.update_layout(
        height=470, margin=dict(l=330, r=70, t=70, b=110), barmode="group",
        legend=dict(orientation="h", y=-0.3, x=0),
        xaxis=dict(title="Patients in the cohort with the finding (%)", range=[0, 100]),
        yaxis=dict(autorange="reversed", showline=False),
    )
    return finish(
        fig,
        title="Extracutaneous involvement, by cohort (not pooled)",
        alt=(
            "Horizontal bar chart of extracutaneous involvement reported by three cohorts, "
            "each bar labelled with its study and size. Dinneen & Dicken 1995 (n=26): any "
            "extracutaneous involvement in 20 of 26. Rongioletti et al. 2013 (n=30): any in 19 "
            "of 30; neurologic 30%, rheumatologic 23.3%, cardiac 20%. Mahévas et al. 2020 "
            "(n=33): carpal tunnel syndrome 33%, arthralgia 25%, dermato-neuro syndrome 18%. "
            "The cohorts use different categories "
            "and are not added together."
        ),
    )


# ---------------------------------------------------------------- body map
VIEW_X = {"front": 0.0, "back": 9.0}  # x offset of each view's midline in the drawing


def _outline_path(dx: float) -> str:
    """A simple body outline (head apart) as one closed SVG path, shifted by dx."""
    pts = [
        (-0.45, 16.2), (-2.5, 15.6), (-3.1, 14.6), (-3.7, 11.0), (-4.3, 9.3), (-4.5, 8.4),
        (-3.8, 8.4), (-3.8, 9.3), (-3.2, 11.0), (-2.7, 13.2), (-2.2, 10.4), (-2.0, 1.0),
        (-0.6, 1.0), (-0.25, 9.6), (0.25, 9.6), (0.6, 1.0), (2.0, 1.0), (2.2, 10.4),
        (2.7, 13.2), (3.2, 11.0), (3.8, 9.3), (3.8, 8.4), (4.5, 8.4), (4.3, 9.3), (3.7, 11.0),
        (3.1, 14.6), (2.5, 15.6), (0.45, 16.2),
    ]
    return "M " + " L ".join(f"{x + dx:.2f},{y:.2f}" for x, y in pts) + " Z"


def body_map_figure(seed: int = 7) -> go.Figure:
    """Front and back outline with the areas where papules and signs appear (schematic)."""
    body = model.load_body_map()
    back = VIEW_X["back"]
    rng = random.Random(seed)  # Python's own generator: the lesson runs without numpy
    fig = go.Figure()
    skin, line = "#f3e6dc", "#4d4d4d"
    for dx in VIEW_X.values():
        fig.add_shape(type="path", path=_outline_path(dx), fillcolor=skin, line_color=line,
                      layer="below")
        fig.add_shape(type="circle", x0=dx - 0.95, x1=dx + 0.95, y0=16.3, y1=18.9,
                      fillcolor=skin, line_color=line, layer="below")
    # Furrows of the Shar-Pei sign on the back, and of the glabella.
    for i in range(4):
        y = 14.4 - 0.5 * i
        fig.add_shape(type="path", line=dict(color=PALETTE[5], width=2),
                      path=f"M {back - 1.2},{y} Q {back},{y - 0.35} {back + 1.2},{y}")
    for x in (-0.12, 0.12):
        fig.add_shape(type="line", x0=x, x1=x, y0=17.75, y1=18.15,
                      line=dict(color=PALETTE[5], width=2))
    xs, ys, hover = [], [], []
    for r in body.regions:
        if r.papules:
            for _ in range(r.papules):
                xs.append(round(VIEW_X[r.view] + r.x + rng.gauss(0, r.spread[0]), 3))
                ys.append(round(r.y + rng.gauss(0, r.spread[1]), 3))
            hover += [f"{r.name}: {r.note}"] * r.papules
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers", name="2-3 mm waxy papules",
        marker=dict(size=6, color=PALETTE[0], line=dict(width=0.5, color="white")),
        text=hover, hovertemplate="%{text}<extra></extra>",
    ))
    for c in body.callouts:
        dx = VIEW_X[c.view]
        fig.add_annotation(x=dx + c.at[0], y=c.at[1], ax=dx + c.label_at[0], ay=c.label_at[1],
                           axref="x", ayref="y", text=c.text.replace("\n", "<br>"),
                           showarrow=True, arrowhead=0, arrowcolor=line, font=dict(size=12),
                           align="left", bgcolor="rgba(255,255,255,0.85)")
    fig.add_annotation(x=0, y=0.2, text="Front", showarrow=False, font=dict(size=13))
    fig.add_annotation(x=back, y=0.2, text="Back", showarrow=False, font=dict(size=13))
    fig.update_xaxes(visible=False, range=[-7.5, back + 6.5], scaleanchor="y", scaleratio=1)
    fig.update_yaxes(visible=False, range=[-0.5, 20.2])
    fig.update_layout(height=560, showlegend=True, legend=dict(x=0.0, y=0.02),
                      margin=dict(l=10, r=10, t=60, b=10))
    return finish(
        fig,
        title="Where scleromyxedema shows on the skin (schematic, not a photograph)",
        alt=(
            "Schematic front and back outline of a person. Blue dots mark papules on the face "
            "and neck, upper trunk, forearms, hands and thighs. Labels point to deep glabellar "
            "furrows (leonine facies), papules behind the ears, the doughnut sign over the "
            "finger joints, deep furrows on the back (Shar-Pei sign), and a spared scalp."
        ),
    )
