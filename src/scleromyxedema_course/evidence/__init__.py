"""IVIG evidence: the report table, its summaries, its figures and the forest-plot filter.

``table`` (model: load, validate, summarise), ``figures`` (plotly figures of validated
reports), ``tool`` (the filterable forest plot). A lesson calls ``evidence.load()`` and the
names below; the figures module it imports itself (``from ...evidence import figures``).
"""

from .table import (
    COLUMNS,
    DESIGNS,
    FILENAME,
    YEAR_RANGE,
    EvidenceError,
    Proportion,
    RelapseEvent,
    Report,
    by_id,
    citation_keys,
    distinct_patients,
    filter_reports,
    load,
    parse,
    path,
    plotted,
    pooling_obstacles,
    problems,
    responders_without_denominator,
    response_proportions,
    wilson,
    withdrawal_events,
)
from .tool import ForestFilter, forest_filter

__all__ = [
    "COLUMNS", "DESIGNS", "FILENAME", "YEAR_RANGE", "EvidenceError", "ForestFilter",
    "Proportion", "RelapseEvent", "Report", "by_id", "citation_keys", "distinct_patients",
    "filter_reports", "forest_filter", "load", "parse", "path", "plotted",
    "pooling_obstacles", "problems", "responders_without_denominator",
    "response_proportions", "wilson", "withdrawal_events",
]
