"""Figures for the work-up lesson, drawn from validated data."""

from __future__ import annotations

import plotly.graph_objects as go

from ..plots import PALETTE, finish
from .model import Outcome

STATUS_COLOUR = {"alive": PALETTE[0], "died": PALETTE[5]}
STATUS_NAME = {"alive": "Alive at last follow-up", "died": "Died"}


def outcomes(rows: tuple[Outcome, ...]) -> go.Figure:
    """Horizontal bars: patients per outcome in a followed cohort, coloured alive / died."""
    cohorts = list(dict.fromkeys(r.cohort for r in rows))
    fig = go.Figure()
    for status in ("alive", "died"):
        mine = [r for r in rows if r.status == status]
        if not mine:
            continue
        fig.add_trace(go.Bar(
            x=[r.patients for r in mine], y=[r.outcome for r in mine], orientation="h",
            name=STATUS_NAME[status], marker=dict(color=STATUS_COLOUR[status]),
            text=[str(r.patients) for r in mine], textposition="outside",
            hovertemplate="%{y}: %{x} patient(s)<extra></extra>",
        ))
    total = sum(r.patients for r in rows)
    died = [r for r in rows if r.status == "died"]
    deaths = ", ".join(f"{r.outcome.removeprefix('Died: ')} {r.patients}" for r in died)
    alive = sum(r.patients for r in rows if r.status == "alive")
    fig.update_layout(
        height=380, barmode="group", bargap=0.3,
        xaxis=dict(title="Patients", dtick=2, rangemode="tozero",
                   range=[0, max(r.patients for r in rows) + 2]),
        yaxis=dict(autorange="reversed", title=None),
        margin=dict(l=250, r=30, t=40, b=60),
        legend=dict(orientation="h", x=0, y=-0.25),
    )
    alt = (f"Bar chart of the outcomes of {total} followed patients in "
           f"{' and '.join(cohorts)}: {alive} alive, {sum(r.patients for r in died)} died. "
           f"Causes of death: {deaths}.")
    return finish(fig, alt=alt)
