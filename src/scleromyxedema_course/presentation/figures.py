"""Figures of the clinical-presentation lesson: a schematic body map and the
extracutaneous involvement reported by each cohort.

Numbers are typed in once here, each with the key of the source that reports it, and checked
on import so a typo fails loudly instead of drawing a wrong bar.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ..core.content import CourseError
from ..plots import PALETTE, finish


class PresentationDataError(CourseError, ValueError):
    """A typed-in figure value is out of range; the message names the row and field."""


# ---------------------------------------------------------------- extracutaneous involvement
@dataclass(frozen=True)
class Involvement:
    study: str
    key: str  # bibliography key
    n: int  # patients in the cohort
    category: str
    percent: float  # as reported by the source
    count: int | None = None  # numerator, where the source gives it


EXTRACUTANEOUS = (
    Involvement("Mayo 1995", "mayo1995", 26, "Any extracutaneous", 20 / 26 * 100, 20),
    Involvement("Rongioletti 2013", "rongioletti2013", 30, "Any extracutaneous",
                19 / 30 * 100, 19),
    Involvement("Rongioletti 2013", "rongioletti2013", 30, "Neurologic", 30.0),
    Involvement("Rongioletti 2013", "rongioletti2013", 30, "Rheumatologic", 23.3),
    Involvement("Rongioletti 2013", "rongioletti2013", 30, "Cardiac", 20.0),
    Involvement("Mahévas 2020", "mahevas2020", 33, "Carpal tunnel syndrome", 33.0),
    Involvement("Mahévas 2020", "mahevas2020", 33, "Arthralgia", 25.0),
    Involvement("Mahévas 2020", "mahevas2020", 33, "Dermato-neuro syndrome", 18.0),
)


def _validate(rows) -> None:
    for i, row in enumerate(rows, start=1):
        where = f"plots.presentation.EXTRACUTANEOUS row {i} ({row.study}, {row.category})"
        if row.n <= 0:
            raise PresentationDataError(f"{where}: field 'n' must be positive.")
        if not 0 <= row.percent <= 100:
            raise PresentationDataError(f"{where}: field 'percent' must be 0-100.")
        if row.count is not None and not 0 <= row.count <= row.n:
            raise PresentationDataError(f"{where}: field 'count' must be between 0 and n.")


_validate(EXTRACUTANEOUS)


def extracutaneous_keys() -> list[str]:
    return list(dict.fromkeys(r.key for r in EXTRACUTANEOUS))


def extracutaneous_figure(rows=EXTRACUTANEOUS) -> go.Figure:
    """One bar per (cohort, category), labelled with study and n; cohorts never pooled."""
    _validate(rows)
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
            "each bar labelled with its study and size. Mayo 1995 (n=26): any extracutaneous "
            "involvement in 20 of 26. Rongioletti 2013 (n=30): any in 19 of 30; neurologic 30%, "
            "rheumatologic 23.3%, cardiac 20%. Mahévas 2020 (n=33): carpal tunnel syndrome 33%, "
            "arthralgia 25%, dermato-neuro syndrome 18%. The cohorts use different categories "
            "and are not added together."
        ),
    )


# ---------------------------------------------------------------- body map
@dataclass(frozen=True)
class Region:
    name: str
    note: str
    x: float  # centre of the marked area (front view at x=0, back view at x=BACK)
    y: float
    spread: tuple[float, float]
    n: int  # papule markers drawn
    spared: bool = False


BACK = 9.0  # x offset of the back view

REGIONS = (
    Region("Glabella", "thickening with deep furrows (leonine facies)", 0, 17.95, (0.25, 0.1), 6),
    Region("Head and neck", "papules on face and neck", 0, 16.4, (0.55, 0.35), 14),
    Region("Behind the ears", "retroauricular papules", BACK - 1.25, 17.3, (0.08, 0.25), 5),
    Region("Upper trunk", "papules, often in lines", 0, 14.2, (1.3, 0.8), 22),
    Region("Forearms", "papules, often in lines", 3.45, 11.2, (0.25, 0.8), 10),
    Region("Forearms", "papules, often in lines", -3.45, 11.2, (0.25, 0.8), 10),
    Region("Hands", "papules; doughnut sign over the finger joints", 4.05, 8.9, (0.2, 0.35), 8),
    Region("Hands", "papules; doughnut sign over the finger joints", -4.05, 8.9, (0.2, 0.35), 8),
    Region("Thighs", "papules", 1.1, 8.0, (0.45, 0.9), 10),
    Region("Thighs", "papules", -1.1, 8.0, (0.45, 0.9), 10),
    Region("Back", "deep furrows (Shar-Pei sign)", BACK, 13.6, (1.2, 1.0), 0),
    Region("Scalp", "spared", BACK, 18.6, (0.5, 0.15), 0, spared=True),
)

BODY_MAP_KEYS = ("cancertherapyadvisor", "medscape805515", "bloodcommentary2020")


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
    rng = np.random.default_rng(seed)
    fig = go.Figure()
    skin, line = "#f3e6dc", "#4d4d4d"
    for dx in (0.0, BACK):
        fig.add_shape(type="path", path=_outline_path(dx), fillcolor=skin, line_color=line,
                      layer="below")
        fig.add_shape(type="circle", x0=dx - 0.95, x1=dx + 0.95, y0=16.3, y1=18.9,
                      fillcolor=skin, line_color=line, layer="below")
    # Furrows of the Shar-Pei sign on the back, and of the glabella.
    for i in range(4):
        y = 14.4 - 0.5 * i
        fig.add_shape(type="path", line=dict(color=PALETTE[5], width=2),
                      path=f"M {BACK - 1.2},{y} Q {BACK},{y - 0.35} {BACK + 1.2},{y}")
    for x in (-0.12, 0.12):
        fig.add_shape(type="line", x0=x, x1=x, y0=17.75, y1=18.15,
                      line=dict(color=PALETTE[5], width=2))
    xs, ys, hover = [], [], []
    for r in REGIONS:
        if r.n:
            xs += list(r.x + rng.normal(0, r.spread[0], r.n))
            ys += list(r.y + rng.normal(0, r.spread[1], r.n))
            hover += [f"{r.name}: {r.note}"] * r.n
    fig.add_trace(go.Scatter(
        x=np.round(xs, 3), y=np.round(ys, 3), mode="markers", name="2-3 mm waxy papules",
        marker=dict(size=6, color=PALETTE[0], line=dict(width=0.5, color="white")),
        text=hover, hovertemplate="%{text}<extra></extra>",
    ))
    labels = [
        (0.0, 18.0, -5.2, 19.3, "Glabella: deep furrows<br>(leonine facies)"),
        (0.5, 16.4, -5.2, 17.2, "Face and neck"),
        (-1.2, 14.3, -5.2, 15.2, "Upper trunk"),
        (-3.45, 11.2, -5.6, 12.6, "Forearms"),
        (-4.1, 8.6, -5.4, 7.0, "Hands: doughnut sign over<br>finger joints; sclerodactyly"),
        (-1.1, 8.0, -4.0, 4.5, "Thighs"),
        (BACK - 1.05, 17.3, BACK - 4.0, 19.3, "Behind the ears"),
        (BACK + 1.2, 13.6, BACK + 4.6, 12.2, "Back: deep furrows<br>(Shar-Pei sign)"),
        (BACK + 0.5, 18.8, BACK + 4.0, 19.6, "Scalp: spared"),
    ]
    for x, y, ax, ay, text in labels:
        fig.add_annotation(x=x, y=y, ax=ax, ay=ay, axref="x", ayref="y", text=text,
                           showarrow=True, arrowhead=0, arrowcolor=line, font=dict(size=12),
                           align="left", bgcolor="rgba(255,255,255,0.85)")
    fig.add_annotation(x=0, y=0.2, text="Front", showarrow=False, font=dict(size=13))
    fig.add_annotation(x=BACK, y=0.2, text="Back", showarrow=False, font=dict(size=13))
    fig.update_xaxes(visible=False, range=[-7.5, BACK + 6.5], scaleanchor="y", scaleratio=1)
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
