"""The 2014 clinical case: ``model`` (timeline and steps as data, pure), ``views`` (a step,
the timeline table), ``figures`` (the timeline drawing)."""

from .model import (
    CaseDataError,
    Event,
    Step,
    citation_keys,
    date_conflicts,
    load_steps,
    load_timeline,
    parse_steps,
    parse_timeline,
    problems,
)
from .views import show_step, step_html, timeline_table, timeline_table_html

__all__ = [
    "CaseDataError", "Event", "Step", "citation_keys", "date_conflicts", "load_steps",
    "load_timeline", "parse_steps", "parse_timeline", "problems", "show_step", "step_html",
    "timeline_table", "timeline_table_html",
]
