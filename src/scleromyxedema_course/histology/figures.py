"""Draw the procedural dermis schematic (:mod:`scleromyxedema_course.histology`) with plotly.

A stain changes colours only; the generated section is the same. Everything is drawn as a
handful of scatter traces (lines for collagen, markers for nuclei, mucin, vessels), so a
figure stays small in the notebook.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..plots import finish
from . import model as h
from .model import PALETTES, Palette, StainError, palette

__all__ = ["PALETTES", "Palette", "StainError", "palette"]  # re-exported: colours live in model

SCHEMATIC = "Schematic, not a micrograph"


def _segments(bundles: h.Rows) -> tuple[list, list]:
    xs, ys = [], []
    for x0, y0, x1, y1 in ([round(v, 1) for v in row] for row in bundles):
        xs += [x0, x1, None]
        ys += [-y0, -y1, None]
    return xs, ys


def _r(a) -> list:
    """Short JSON: one decimal is plenty for a schematic drawn at this scale."""
    return [round(float(v), 1) + 0.0 for v in a]


def _col(rows: h.Rows, k: int, scale: float = 1.0) -> list:
    return _r(v * scale for v in h.column(rows, k))


def _traces(sec: h.Section, stain: str, legend: bool) -> list[go.Scatter]:
    pal = palette(stain)
    w, d = h.WIDTH, sec.depth
    traces = [
        go.Scatter(x=[0, w, w, 0, 0], y=[0, 0, -d, -d, 0], fill="toself", mode="none",
                   fillcolor=pal.background, name="Dermis", showlegend=False,
                   hoverinfo="skip"),
        go.Scatter(x=[0, w, w, 0, 0], y=[h.EPIDERMIS, h.EPIDERMIS, 0, 0, h.EPIDERMIS],
                   fill="toself", mode="none", fillcolor=pal.epidermis, name="Epidermis",
                   showlegend=legend, legendgroup="epidermis", hoverinfo="name"),
    ]
    if len(sec.mucin):
        traces.append(go.Scatter(
            x=_col(sec.mucin, 0), y=_col(sec.mucin, 1, -1), mode="markers", name="Mucin",
            marker=dict(size=_col(sec.mucin, 2, 5), color=pal.mucin, opacity=pal.mucin_opacity,
                        line=dict(width=0)),
            showlegend=legend, legendgroup="mucin", hoverinfo="name",
        ))
    xs, ys = _segments(sec.bundles)
    traces.append(go.Scatter(
        x=xs, y=ys, mode="lines", name="Collagen bundles",
        line=dict(color=pal.collagen, width=sec.bundle_width * 1.6),
        showlegend=legend, legendgroup="collagen", hoverinfo="name",
    ))
    traces.append(go.Scatter(
        x=_col(sec.vessels, 0), y=_col(sec.vessels, 1, -1), mode="markers", name="Vessels",
        marker=dict(symbol="circle-open", size=_col(sec.vessels, 2, 5), color=pal.vessel,
                    line=dict(width=2)),
        showlegend=legend, legendgroup="vessels", hoverinfo="name",
    ))
    traces.append(go.Scatter(
        x=_col(sec.fibroblasts, 0), y=_col(sec.fibroblasts, 1, -1), mode="markers",
        name="Fibroblast nuclei",
        marker=dict(symbol="diamond-tall", size=7, color=pal.nuclei,
                    angle=[float(round(v)) for v in h.column(sec.fibroblasts, 2)]),
        showlegend=legend, legendgroup="fibroblasts", hoverinfo="name",
    ))
    if len(sec.histiocytes):
        traces.append(go.Scatter(
            x=_col(sec.histiocytes, 0), y=_col(sec.histiocytes, 1, -1), mode="markers",
            name="Epithelioid histiocytes (CD68+)",
            marker=dict(symbol="hexagon", size=11, color=pal.histiocyte,
                        line=dict(width=1.5, color=pal.nuclei)),
            showlegend=legend, legendgroup="histiocytes", hoverinfo="name",
        ))
    if len(sec.lymphocytes):
        traces.append(go.Scatter(
            x=_col(sec.lymphocytes, 0), y=_col(sec.lymphocytes, 1, -1), mode="markers",
            name="Lymphocytes", marker=dict(size=4, color=pal.lymphocyte),
            showlegend=legend, legendgroup="lymphocytes", hoverinfo="name",
        ))
    return traces


def _describe(sec: h.Section) -> str:
    return {
        "normal": "loose collagen bundles, few fibroblast nuclei and no visible mucin",
        "scleromyxedema": ("mucin, many fibroblast nuclei and dense, haphazard collagen in the "
                           "upper and mid dermis, with lymphocytes around superficial vessels"),
        "scleredema": ("a thick dermis with mucin between normal collagen bundles, mostly in "
                       "the deep dermis, and few fibroblast nuclei"),
        "pretibial-myxoedema": ("mucin throughout the dermis, collagen reduced to thin wisps "
                                "and few fibroblast nuclei"),
        "systemic-sclerosis": "a thick dermis packed with thick parallel collagen and no mucin",
        "scleromyxedema-ga-like": ("the same scleromyxedema section with plump epithelioid "
                                   "histiocytes scattered singly between the collagen bundles"),
    }[sec.condition]


_AXES = dict(visible=False)


def section_figure(condition: str = "scleromyxedema", stain: str = "he",
                   seed: int = 0) -> go.Figure:
    """One condition under one stain, with a legend naming each drawn feature."""
    sec = h.section(condition, seed)
    fig = go.Figure(_traces(sec, stain, legend=True))
    fig.update_xaxes(range=[-1, h.WIDTH + 1], **_AXES)
    fig.update_yaxes(range=[-95, h.EPIDERMIS + 2], scaleanchor="x", scaleratio=1, **_AXES)
    fig.update_layout(height=520, margin=dict(l=10, r=10, t=60, b=10),
                      legend=dict(x=1.02, y=1, bgcolor="rgba(255,255,255,0.9)"),
                      plot_bgcolor="white")
    stain_label = h.STAIN_LABELS[stain]
    return finish(
        fig,
        title=f"{sec.label}, {stain_label} stain ({SCHEMATIC})",
        alt=(f"{SCHEMATIC}. A drawn dermis section of {sec.label.lower()} with a "
             f"{stain_label} colour scheme, showing {_describe(sec)}."),
    )


def grid_figure(stain: str = "he", seed: int = 0, conditions=h.CONDITIONS) -> go.Figure:
    """Small multiples: every condition side by side under one stain."""
    secs = h.sections(seed, conditions)
    fig = make_subplots(rows=1, cols=len(secs), subplot_titles=[s.label for s in secs],
                        horizontal_spacing=0.015)
    seen: set[str] = set()
    for i, sec in enumerate(secs, start=1):
        for trace in _traces(sec, stain, legend=True):
            trace.showlegend = trace.showlegend and trace.name not in seen
            seen.add(trace.name)
            fig.add_trace(trace, row=1, col=i)
    fig.update_xaxes(range=[-1, h.WIDTH + 1], **_AXES)
    fig.update_yaxes(range=[-95, h.EPIDERMIS + 2], **_AXES)
    fig.update_layout(height=380 if len(secs) > 3 else 460, margin=dict(l=10, r=10, t=80, b=10),
                      legend=dict(orientation="h", y=-0.02, x=0), plot_bgcolor="white")
    stain_label = h.STAIN_LABELS[stain]
    parts = "; ".join(f"{s.label}: {_describe(s)}" for s in secs)
    count = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}.get(len(secs), str(len(secs)))
    return finish(
        fig,
        title=f"{count} dermis sections, {stain_label} stain ({SCHEMATIC})",
        alt=f"{SCHEMATIC}. Drawn dermis sections side by side, {stain_label} colours. {parts}.",
    )
