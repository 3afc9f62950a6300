"""The one summary every benchmark reports: median, 95th percentile and maximum.

Each benchmark script is run by path (``python bench/x.py``), so this folder is on its import
path. The 95th percentile is the nearest rank (the smallest value with at least 95 % of the
values at or below it), so it is always a measured value.
"""

from __future__ import annotations

import statistics
from pathlib import Path


def spread(values) -> tuple[float, float, float]:
    """(median, 95th percentile by nearest rank, maximum) of ``values`` (not empty)."""
    ordered = sorted(values)
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
    return statistics.median(ordered), p95, ordered[-1]


def write_report(path: Path, lines: list[str]) -> None:
    """Print a benchmark's Markdown report and keep it in ``path`` (beside the README's
    figures)."""
    report = "\n".join(lines) + "\n"
    print(report)
    path.write_text(report, encoding="utf-8")
