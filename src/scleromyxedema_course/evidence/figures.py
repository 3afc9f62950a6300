"""Figures of the IVIG evidence: who reported what, how well it worked, how it was given.

Every function takes validated :class:`~scleromyxedema_course.evidence.table.Report` records (from
``evidence.load()``), never a path, and returns a finished figure with alt text. Nothing is
random: where markers would overlap they are spread by their order in the table.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..plots import PALETTE, finish, wrap_label
from . import table as evidence
from .table import Report

DESIGN_STYLE = {  # colour and shape together, so design never rests on colour alone
    "case report": (PALETTE[0], "circle"),
    "case series": (PALETTE[1], "square"),
    "cohort": (PALETTE[2], "diamond"),
    "systematic review": (PALETTE[7], "x"),
}
DEFINITION_STYLE = {
    "complete or partial response": (PALETTE[2], "diamond"),
    "complete or partial remission": (PALETTE[2], "diamond-open"),
    "complete clinical response": (PALETTE[5], "square"),
    "complete clearance": (PALETTE[3], "triangle-up"),
    "improvement (authors' judgement)": (PALETTE[0], "circle"),
    "neurological recovery": (PALETTE[1], "star"),
}


def _spread(keys: Sequence[tuple], step: float) -> list[float]:
    """Offsets that separate items sharing a key, centred on zero, in table order."""
    counts: dict[tuple, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    seen: dict[tuple, int] = {}
    out = []
    for k in keys:
        i = seen.get(k, 0)
        seen[k] = i + 1
        out.append((i - (counts[k] - 1) / 2) * step)
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- evidence map ---------------------------------------------------------------------------

def evidence_map(reports: Sequence[Report]) -> go.Figure:
    """Reports by publication year (x) and number of IVIG-treated patients (y, log), by design."""
    shown = [r for r in evidence.plotted(reports) if r.year is not None and r.n_ivig is not None]
    missing = len(evidence.plotted(reports)) - len(shown)
    offsets = _spread([(r.year, r.n_ivig) for r in shown], 0.25)
    fig = go.Figure()
    for design, (colour, symbol) in DESIGN_STYLE.items():
        idx = [i for i, r in enumerate(shown) if r.design == design]
        if not idx:
            continue
        fig.add_trace(go.Scatter(
            x=[shown[i].year + offsets[i] for i in idx], y=[shown[i].n_ivig for i in idx],
            mode="markers", name=design,
            marker=dict(color=colour, symbol=symbol, size=12, line=dict(width=1, color="white")),
            customdata=[[shown[i].label, shown[i].year, shown[i].overlap_group or "none"]
                        for i in idx],
            hovertemplate="%{customdata[0]}<br>year %{customdata[1]}, n = %{y}"
                          "<br>overlap group: %{customdata[2]}<extra></extra>",
        ))
    fig.update_layout(
        height=430, xaxis_title="Year of publication",
        yaxis=dict(title="Patients treated with IVIG (log scale)", type="log",
                   tickvals=[1, 2, 3, 5, 8, 15, 31]),
        legend_title_text="Design",
    )
    singles = sum(1 for r in shown if r.n_ivig == 1)
    largest = max(shown, key=lambda r: r.n_ivig)
    return finish(fig, alt=(
        f"Scatter plot of {_plural(len(shown), 'report')} of IVIG in scleromyxedema from "
        f"{min(r.year for r in shown)} to {max(r.year for r in shown)}, by year and number "
        f"of treated patients. {singles} report a single patient; the largest is "
        f"{largest.label} with {largest.n_ivig}. Colour and shape show the design. "
        f"{_plural(missing, 'report')} without a verified year or size are not drawn."
    ), title="Reports of IVIG in scleromyxedema with a verified year and patient count")


# --- forest plot ----------------------------------------------------------------------------

def _forest_rows(reports: Sequence[Report]):
    props = evidence.response_proportions(reports)
    # Largest first; ties keep the table's (chronological) order.
    return sorted(props, key=lambda p: -p.n)


def forest(reports: Sequence[Report], subtitle: str = "") -> go.Figure:
    """Responders / treated per report with Wilson 95% intervals; no pooled estimate."""
    props = _forest_rows(reports)
    no_denominator = evidence.responders_without_denominator(reports)
    labels = [f"{p.report.label} ({p.k}/{p.n})" for p in props]
    labels += [f"{r.label} ({r.responders}/?)" for r in no_denominator]
    fig = go.Figure()
    for definition, (colour, symbol) in DEFINITION_STYLE.items():
        idx = [i for i, p in enumerate(props) if p.report.outcome_definition == definition]
        if not idx:
            continue
        fig.add_trace(go.Scatter(
            x=[props[i].estimate for i in idx], y=[labels[i] for i in idx],
            mode="markers", name=definition,
            marker=dict(color=colour, symbol=symbol, size=11),
            error_x=dict(type="data", symmetric=False, color=colour, thickness=1.5, width=4,
                         array=[props[i].high - props[i].estimate for i in idx],
                         arrayminus=[props[i].estimate - props[i].low for i in idx]),
            customdata=[[props[i].report.outcome_detail, props[i].low, props[i].high,
                         props[i].report.co_treatment] for i in idx],
            hovertemplate="%{y}: %{x:.0%} (95% CI %{customdata[1]:.0%} to "
                          "%{customdata[2]:.0%})<br>%{customdata[0]}<br>"
                          "other treatment: %{customdata[3]}<extra></extra>",
        ))
    for r in no_denominator:
        fig.add_annotation(x=0.5, y=f"{r.label} ({r.responders}/?)", showarrow=False,
                           text=f"{r.responders} responders; denominator not reported: "
                                "no proportion", font=dict(size=12, color="#4d4d4d"))
    obstacles = evidence.pooling_obstacles(props)
    note = "No pooled estimate: " + "; ".join(obstacles) + "." if obstacles else ""
    fig.update_layout(
        height=max(300, 200 + 28 * len(labels)) + (40 if subtitle else 0),
        # A subtitle makes the title two lines: more top room, or it covers the note.
        margin=dict(l=10, r=30, t=130 if subtitle else 90, b=90),
        xaxis=dict(title="Responders among IVIG-treated patients (Wilson 95% interval)",
                   range=[-0.02, 1.02], tickformat=".0%"),
        # dtick=1: plotly otherwise labels only every other row of a tall categorical axis.
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(labels)),
                   automargin=True, dtick=1),
        legend=dict(title_text="Response as defined by each report", orientation="h",
                    y=-0.25 if len(labels) > 6 else -0.5, x=0),
    )
    if note:
        # Anchored right: it may run left over the row labels' margin, never off the figure.
        fig.add_annotation(xref="paper", yref="paper", x=1.0, xanchor="right", y=1.0,
                           yanchor="bottom",
                           showarrow=False, align="left", text=wrap_label(note, 110),
                           font=dict(size=12, color="#4d4d4d"))
    title = "Response to IVIG as each report defines it"
    if subtitle:
        title += f"<br><sup>{html.escape(subtitle)}</sup>"
    if not props:
        return finish(fig, alt="Empty forest plot: no report matches the current filter.",
                      title=title)
    top = props[0]
    return finish(fig, alt=(
        f"Forest plot of {_plural(len(props), 'report')}: each row is one report's share of "
        f"responders with a Wilson 95% interval. The largest, {top.report.label}, reports "
        f"{top.k} of {top.n} ({top.estimate:.0%}, interval {top.low:.0%} to {top.high:.0%}). "
        f"{sum(1 for p in props if p.n == 1)} single-patient reports each span about "
        f"{evidence.wilson(1, 1)[0]:.0%} to 100%. Response definitions differ, so no pooled "
        "estimate is drawn."
        + (f" {no_denominator[0].label} gives responders without a denominator."
           if no_denominator else "")
    ), title=title)



# --- regimens -------------------------------------------------------------------------------

def regimens(reports: Sequence[Report]) -> go.Figure:
    """Dose per cycle, days per cycle and interval, one row per report that states any."""
    shown = [r for r in evidence.plotted(reports)
             if r.dose_g_per_kg is not None or r.days_per_cycle or r.interval]
    labels = [r.label for r in shown]
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=("Dose per cycle (g/kg)", "Days per cycle",
                                        "Interval between cycles"))
    dosed = [r for r in shown if r.dose_g_per_kg is not None]
    fig.add_trace(go.Scatter(
        x=[r.dose_g_per_kg for r in dosed], y=[r.label for r in dosed], mode="markers",
        marker=dict(color=PALETTE[0], size=11, symbol="circle"), name="dose",
        hovertemplate="%{y}: %{x} g/kg per cycle<extra></extra>", showlegend=False,
    ), row=1, col=1)
    for r in shown:
        if r.days_per_cycle:
            low, high = r.days_per_cycle
            fig.add_trace(go.Scatter(
                x=[low, high], y=[r.label, r.label], mode="lines+markers",
                line=dict(color=PALETTE[1], width=4), marker=dict(size=9, symbol="square"),
                hovertemplate=f"{html.escape(r.label)}: {low}-{high} days<extra></extra>"
                if low != high else f"{html.escape(r.label)}: {low} days<extra></extra>",
                showlegend=False,
            ), row=1, col=2)
    timed = [r for r in shown if r.interval]
    fig.add_trace(go.Scatter(
        x=[r.interval for r in timed], y=[r.label for r in timed], mode="markers",
        marker=dict(color=PALETTE[2], size=11, symbol="diamond"), showlegend=False,
        hovertemplate="%{y}: %{x}<extra></extra>",
    ), row=1, col=3)
    fig.update_xaxes(range=[0, 2.5], dtick=0.5, row=1, col=1)
    fig.update_xaxes(range=[0, 6], dtick=1, row=1, col=2)
    fig.update_xaxes(categoryorder="array", categoryarray=list(evidence.INTERVALS),
                     tickangle=-30, row=1, col=3)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)),
                     automargin=True, dtick=1, row=1, col=1)
    fig.update_layout(height=max(300, 110 + 26 * len(labels)), margin=dict(l=10, t=90, b=110))
    doses = sorted({r.dose_g_per_kg for r in dosed})
    at_two = sum(1 for r in dosed if r.dose_g_per_kg == 2)
    monthly = sum(1 for r in timed if r.interval == "monthly")
    return finish(fig, alt=(
        f"Three aligned panels for {_plural(len(shown), 'report')} that state part of their "
        f"IVIG regimen. Dose per cycle is given per kilogram in {len(dosed)}: {at_two} use "
        f"2 g/kg and the others {', '.join(f'{d:g}' for d in doses if d != 2) or 'none'} "
        f"g/kg. Days per cycle, given in {sum(1 for r in shown if r.days_per_cycle)}, range "
        f"from 2 to 5. The interval is monthly in {monthly} of {len(timed)} reports that give "
        "one. Empty cells mean the report does not state that part."
    ), title="How IVIG was given: dose, days per cycle and interval")


# --- after withdrawal -----------------------------------------------------------------------

def withdrawal(reports: Sequence[Report]) -> go.Figure:
    """Months off IVIG until relapse (filled) or with remission still holding (open)."""
    events = evidence.withdrawal_events(reports)
    labels = list(dict.fromkeys(e.report.label for e in events))
    fig = go.Figure()
    for relapsed, name, symbol, colour in (
        (True, "relapse reported", "circle", PALETTE[5]),
        (False, "still in remission at last report", "circle-open", PALETTE[0]),
    ):
        chosen = [e for e in events if e.relapsed is relapsed]
        fig.add_trace(go.Scatter(
            x=[e.months for e in chosen], y=[e.report.label for e in chosen], mode="markers",
            name=name, marker=dict(symbol=symbol, size=13, color=colour,
                                   line=dict(width=2, color=colour)),
            customdata=[[e.report.reasons.get("relapse_reason", "")] for e in chosen],
            hovertemplate="%{y}: %{x} months off IVIG<br>%{customdata[0]}<extra></extra>",
        ))
    fig.update_layout(
        height=max(300, 150 + 34 * len(labels)), margin=dict(b=120),
        xaxis=dict(title="Months after IVIG stopped", range=[0, 27], dtick=3),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(labels)),
                   automargin=True, dtick=1),
        legend=dict(orientation="h", y=-0.45, x=0),
    )
    relapses = [e for e in events if e.relapsed]
    holding = [e for e in events if not e.relapsed]
    months = sorted(e.months for e in relapses)
    return finish(fig, alt=(
        f"Dot plot of {_plural(len(events), 'patient')} whose course after stopping IVIG is "
        f"timed, from {_plural(len(labels), 'report')}. {len(relapses)} relapsed, between "
        f"{months[0]:g} and {months[-1]:g} months after stopping; {len(holding)} were still "
        f"in remission {_months_off(holding)}."
    ), title="What happened when IVIG stopped")


def _months_off(holding) -> str:
    """'at 12 months off IVIG' for one or several equal times, else 'at 12 and 24 months...'."""
    times = [f"{e.months:g}" for e in holding]
    if len(set(times)) == 1:
        return f"at {times[0]} months off IVIG" + (" each" if len(times) > 1 else "")
    return f"at {' and '.join(times)} months off IVIG"


# --- the forest filter ----------------------------------------------------------------------
