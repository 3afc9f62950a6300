"""The course of the 2014 case: symptoms, admission, IVIG, the pause, relapse, maintenance.

``timeline(events)`` takes the validated events of :func:`scleromyxedema_course.case.load_timeline`.
Periods are bars, single events are markers. A hatched bar or hollow marker is drawn for
order only: the report does not give that interval. A red ring marks an event whose date or
statement does not fit with the rest of the report (see the event's ``date_note``).
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..plots import PALETTE, finish, wrap_label

# Lanes, top to bottom, and the kinds of event each holds.
LANES = {
    "Skin and nerves": ("symptoms", "relapse"),
    "Hospital, biopsy, tests": ("hospital", "diagnosis", "test"),
    "IVIG": ("ivig", "maintenance", "stop"),
    "No therapy": ("pause",),
}
COLOURS = {
    "symptoms": PALETTE[1], "relapse": PALETTE[5], "hospital": PALETTE[7],
    "diagnosis": PALETTE[3], "test": PALETTE[3], "ivig": PALETTE[0],
    "maintenance": PALETTE[4], "stop": PALETTE[0], "pause": PALETTE[6],
}
CONFLICT = PALETTE[5]


def _lane(kind: str) -> str:
    for lane, kinds in LANES.items():
        if kind in kinds:
            return lane
    raise ValueError(f"No timeline lane for event kind '{kind}'.")


def _hover(e) -> str:
    """Hover text: the event in bold, then timing and notes (wrap_label escapes the text,
    so the bold tags go around the wrapped event, not into it)."""
    parts = [f"Timing in the report: {e.duration_text}"]
    if e.stated_date:
        parts.append(f"Date printed: {e.stated_date}")
    if e.date_note:
        parts.append(f"Does not fit: {e.date_note}")
    return "<br>".join([f"<b>{wrap_label(e.event)}</b>", *(wrap_label(p) for p in parts)])



def timeline(events) -> go.Figure:
    """A lane chart of the case; x is months where the report states a duration."""
    fig = go.Figure()
    lanes = list(LANES)
    for e in events:
        lane = _lane(e.kind)
        stated = e.scale == "stated"
        if e.is_period:
            fig.add_trace(go.Bar(
                x=[e.end - e.start], base=[e.start], y=[lane], orientation="h",
                name=f"{e.step}", showlegend=False, width=0.5,
                marker=dict(color=COLOURS[e.kind],
                            line=dict(color=CONFLICT if e.date_note else "#4d4d4d",
                                      width=3 if e.date_note else 1),
                            pattern=dict(shape="" if stated else "/", fgcolor="white",
                                         fillmode="overlay")),
                text=[f"<b>{e.step}</b>"], textposition="inside", insidetextanchor="middle",
                textfont=dict(color="#1a1a1a", size=14),
                hovertext=[_hover(e)], hoverinfo="text",
            ))
        else:
            fig.add_trace(go.Scatter(
                x=[e.start], y=[lane], mode="markers+text", showlegend=False,
                name=f"{e.step}", text=[str(e.step)], textposition="top center",
                marker=dict(size=16, symbol="diamond" if stated else "diamond-open",
                            # An open symbol is drawn in marker.color: show the conflict there.
                            color=CONFLICT if e.date_note and not stated else COLOURS[e.kind],
                            line=dict(color=CONFLICT if e.date_note else "#1a1a1a",
                                      width=3 if e.date_note else 1)),
                hovertext=[_hover(e)], hoverinfo="text",
            ))
        if e.stated_date:
            fig.add_annotation(x=(e.start + e.end) / 2, y=lane,
                               text=e.stated_date.replace("<", "&lt;").replace(">", "&gt;"),
                               yshift=-26, showarrow=False, font=dict(size=11))
    # A legend that explains the encodings, not the individual events.
    for name, marker in (
        ("duration stated in the report", dict(symbol="square", color=PALETTE[0])),
        ("interval not stated: drawn for order only", dict(symbol="diamond-open",
                                                           color="#1a1a1a")),
        ("date or statement does not fit (see notes)", dict(symbol="circle-open",
                                                             color=CONFLICT, size=14,
                                                             line=dict(width=3))),
    ):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                                 marker=marker, hoverinfo="skip"))
    end = max(e.end for e in events)
    fig.update_layout(
        barmode="overlay", height=420,
        xaxis=dict(title="Months from the first skin signs, where the report states a "
                         "duration", range=[-0.5, end + 1], dtick=3),
        yaxis=dict(categoryorder="array", categoryarray=lanes[::-1], title=None),
        legend=dict(orientation="h", y=-0.3, x=0),
        margin=dict(l=170, r=30, t=30, b=120),
    )
    periods = [e for e in events if e.is_period and e.kind in ("ivig", "maintenance")]
    pause = [e for e in events if e.kind == "pause"]
    alt = (
        f"Lane chart of the 2014 case over about {end:g} months in {len(events)} numbered "
        "events: three months of facial rash, an admission first read as viral encephalitis, "
        "a return of the rash, an earlobe biopsy, "
        f"{len(periods)} periods of intravenous immunoglobulin, "
        f"{'a pause without therapy during which the skin tightened again, ' if pause else ''}"
        "and maintenance before the infusions were stopped. Hatched bars and hollow "
        "markers are placed for order only; red outlines mark events where the report's dates "
        "or statements do not fit together."
    )
    return finish(fig, alt=alt)
