"""JupyterLite: time to the first live output of a lesson, cold and warm, and first-load bytes.

    .venv/bin/python bench/lite.py [--runs 5] [--lesson 04-therapy.ipynb] [--site _build/lite]

Needs a built site (`make lite`) and Debian's chromium. Cold: a fresh browser context (empty
cache, empty browser storage) per run. Warm: the same context opened again (cache filled by
the previous visit). Time is from navigation to the first plotly figure or quiz drawn after
Run All; bytes are the Content-Length of every distinct URL a cold visit loads (Lite's
service worker fetches some files again: one download, counted once). Writes bench/lite.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from benchstats import spread, write_report
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests"), str(HERE.parent / "tests" / "browser")]

import litedriver as drive  # noqa: E402

from conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402


def first_output(visit: drive.Visit, lesson: str) -> tuple[float, float, float]:
    """(kernel idle, first output, all cells) in seconds from navigation."""
    start = time.monotonic()
    page = drive.open_lesson(visit, lesson)
    idle = time.monotonic() - start
    state, first = drive.run_all(page)
    total = time.monotonic() - start
    page.close()
    errors = [c["errors"] for c in state["cells"] if c["errors"]]
    if errors or first is None:
        raise SystemExit(f"{lesson}: errors {errors}, nothing drawn: {state}")
    return idle, idle + first, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lesson", default="04-therapy.ipynb")
    ap.add_argument("--site", default=str(HERE.parent / "_build" / "lite"))
    args = ap.parse_args()
    cold, warm, sizes = [], [], []
    with drive.serve(Path(args.site)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for _ in range(args.runs):
            visit = drive.Visit(browser, base)
            cold.append(first_output(visit, args.lesson))
            sizes.append(visit.bytes)
            warm.append(first_output(visit, args.lesson))
            if visit.offsite:
                raise SystemExit(f"off-site requests: {visit.offsite[:5]}")
            visit.close()
        browser.close()
    lines = [f"lesson {args.lesson}, {args.runs} runs each (seconds from navigation; "
             f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end)", "",
             "| visit | kernel idle, median | first output, median | max | p95 "
             "| all cells, median |", "|---|---|---|---|---|---|"]
    for name, rows in (("cold", cold), ("warm", warm)):
        idle, first, total = zip(*rows, strict=True)
        lines.append(f"| {name} | {statistics.median(idle):.1f} | "
                     f"{statistics.median(first):.1f} | {max(first):.1f} | "
                     f"{spread(first)[1]:.1f} | {statistics.median(total):.1f} |")
    lines.append(f"\nfirst-load bytes (cold, distinct files): {max(sizes) / 1e6:.1f} MB")
    write_report(HERE / "lite.md", lines)


if __name__ == "__main__":
    main()
