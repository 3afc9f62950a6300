"""The quiz's figure: the learner's progress per lesson."""

from __future__ import annotations

import plotly.graph_objects as go

from .. import plots


def progress_chart(rows: list[dict]) -> go.Figure:
    """Right, wrong and unanswered questions per lesson, as stacked bars."""
    titles = [r["title"] for r in rows]
    fig = go.Figure()
    for name, key, colour in (("Right", "right", plots.PALETTE[2]),
                              ("Wrong", "wrong", plots.PALETTE[5])):
        fig.add_bar(name=name, x=titles, y=[r[key] for r in rows], marker_color=colour)
    fig.add_bar(name="Not answered", x=titles,
                y=[r["questions"] - r["answered"] for r in rows], marker_color="#c8c8c8")
    fig.update_layout(barmode="stack", height=380, yaxis_title="Questions",
                      legend=dict(orientation="h", y=1.12))
    right = sum(r["right"] for r in rows)
    wrong = sum(r["wrong"] for r in rows)
    todo = sum(r["questions"] - r["answered"] for r in rows)
    return plots.finish(
        fig,
        alt=f"Stacked bar chart of your quiz answers per lesson: {right} right, {wrong} wrong "
        f"and {todo} not answered yet in all lessons.",
    )
