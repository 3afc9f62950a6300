"""Benchmark of the class report (run by ``make bench``; not a test).

A class of simulated learners (seeded, every course question answered or skipped as a learner
would, about 60 questions each) is written as export files; then ``class_report.build`` reads
the folder and summarises it, as ``smx-course class-report FOLDER`` does. Timed 20 times per
class size; the target is under 2 s for 300 learners (worst run, not the median).

Prints a Markdown table and writes it to ``bench/class_report.md``.
"""

from __future__ import annotations

import platform
import tempfile
import time
from pathlib import Path

from benchstats import spread, write_report

from scleromyxedema_course.quiz import class_report

HERE = Path(__file__).resolve().parent
SIZES = (30, 100, 300)
RUNS = 20
TARGET_S = 2.0


def main() -> None:
    questions, _ = class_report.course_questions()
    rows = []
    for learners in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            class_report.simulate(Path(tmp), learners, questions, seed=f"bench-{learners}")
            size = sum(p.stat().st_size for p in Path(tmp).iterdir())
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                report = class_report.build(Path(tmp))
                report.csv()
                times.append(time.perf_counter() - start)
            assert len(report.learners) == learners
        rows.append((learners, size, *spread(times)))
    lines = [f"Class report over simulated classes ({len(questions)} course questions), {RUNS} "
             f"runs each, {platform.python_version()}, {platform.machine()}:", "",
             "| learners | records (MB) | median (s) | p95 (s) | max (s) | target |",
             "|---:|---:|---:|---:|---:|---|"]
    for learners, size, med, p, worst in rows:
        target = ("max under 2 s: met" if worst < TARGET_S else "max under 2 s: NOT met") \
            if learners == 300 else ""
        lines.append(f"| {learners} | {size / 1e6:.1f} | {med:.3f} | {p:.3f} | {worst:.3f} | "
                     f"{target} |")
    write_report(HERE / "class_report.md", lines)


if __name__ == "__main__":
    main()
