"""Benchmark of the progress file (run by ``make bench``; not a test).

Per-answer cost of ``ProgressStore.record`` (lock, append one line, fsync) against the size
of the progress file, from 1 kB to 50 MB (a year of answers is about 50 MB). For each size a
journal of that size is written, then answers are recorded one by one and each is timed.
Also times reading the whole record (``load``, what the progress table does) once per size.

Prints a Markdown table and writes it to ``bench/progress_store.md``.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from benchstats import spread

from scleromyxedema_course.quiz import progress
from scleromyxedema_course.quiz.progress import ProgressStore

HERE = Path(__file__).resolve().parent
SIZES = [("1 kB", 1_000), ("100 kB", 100_000), ("1 MB", 1_000_000), ("10 MB", 10_000_000),
         ("50 MB", 50_000_000)]
TARGET_MS = 50.0
LINE = progress._line({"type": "answer", "question": "therapy/q1", "bank": "therapy",
                       "objectives": ["therapy/o1"], "correct": True,
                       "time": "2025-01-01T00:00:00+00:00", "response": [0, 2]})


def journal(path: Path, size: int) -> int:
    n = max(0, (size - len(progress._line(progress.header()))) // len(LINE))
    with open(path, "wb") as fh:
        fh.write(progress._line(progress.header()))
        fh.write(LINE * n)
    return n


def measure(size: int, answers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="smx-bench-") as tmp:
        path = Path(tmp) / "progress.json"
        n = journal(path, size)
        start_bytes = path.stat().st_size
        store = ProgressStore(path, retry_every=None)
        costs = []
        for i in range(answers):
            start = time.perf_counter()
            outcome = store.record(f"therapy/q{i}", "therapy", ["therapy/o1"], i % 2 == 0,
                                   response=[0, 2])
            costs.append((time.perf_counter() - start) * 1000)
            assert outcome.saved, outcome.problem
        start = time.perf_counter()
        loaded = store.load()
        load_s = time.perf_counter() - start
        assert len(loaded.records) == n + answers
        median, p95, worst = spread(costs)
        return {"bytes": start_bytes, "answers_in_file": n, "median": median, "p95": p95,
                "max": worst, "load_s": load_s}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100, help="answers timed per size")
    args = parser.parse_args(argv)
    rows = [
        "| File size before | Answers in file | Per answer: median | p95 | max "
        "| Read whole record |",
        "|---|---|---|---|---|---|",
    ]
    worst = 0.0
    for label, size in SIZES:
        m = measure(size, args.answers)
        worst = max(worst, m["p95"])
        rows.append(f"| {label} ({m['bytes']:,} bytes) | {m['answers_in_file']:,} | "
                    f"{m['median']:.2f} ms | {m['p95']:.2f} ms | {m['max']:.2f} ms | "
                    f"{m['load_s']:.2f} s |")
        print(rows[-1], flush=True)
    verdict = (f"p95 per answer {worst:.2f} ms at worst: "
               f"{'within' if worst < TARGET_MS else 'OVER'} the {TARGET_MS:.0f} ms target.")
    text = "\n".join([
        "# Progress file benchmark",
        "",
        f"`python bench/progress_store.py` on {platform.node() or 'this machine'} "
        f"({platform.python_implementation()} {platform.python_version()}), "
        f"{args.answers} answers timed per size (lock, append, fsync).",
        "",
        *rows,
        "",
        verdict,
        "",
    ])
    (HERE / "progress_store.md").write_text(text, encoding="utf-8")
    print(verdict)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
