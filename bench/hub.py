"""A class on a local JupyterHub: memory and time per student, for 1, 5 and 10 students.

    .venv/bin/python bench/hub.py [--classes 1,5,10]

Each round logs in its students at once (the hub of ``tests/hubdriver.py``: pinned jupyterhub,
configurable-http-proxy from npm, one home folder per student), runs every code cell of lesson
04 in a kernel on each student's server, then opens lesson 06 in a second kernel. Memory is the
proportional set size (PSS, shared pages split between the processes sharing them) of each
student's single-user server and its kernels, read from /proc with every kernel alive; RSS is
given beside it. Times are from the request to the server being ready, and from sending the
lesson's code to its last reply. Median, 95th percentile and maximum over the students of a
round. Needs Node.js. Writes bench/hub.md. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil
from benchstats import spread, write_report

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import hubdriver  # noqa: E402


def lesson_code(stem: str) -> str:
    nb = json.loads((HERE.parent / "lessons" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def servers() -> dict[str, psutil.Process]:
    """Each student's single-user server process, by the user name the hub gave it."""
    found = {}
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if any("jupyterhub-singleuser" in part for part in proc.info["cmdline"] or []):
                user = proc.environ().get("JUPYTERHUB_USER")
                if user:
                    found[user] = proc
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def memory(proc: psutil.Process) -> tuple[float, float]:
    """(PSS, RSS) in MB of a server and all its children (its kernels)."""
    pss = rss = 0
    for p in [proc, *proc.children(recursive=True)]:
        info = p.memory_full_info()
        pss += info.pss
        rss += info.rss
    return pss / 1e6, rss / 1e6


def shown(xs: list[float]) -> str:
    return " / ".join(f"{x:.1f}" for x in spread(xs))


async def timed(coro) -> float:
    start = time.monotonic()
    await coro
    return time.monotonic() - start


async def one_class(hub: hubdriver.Hub, users: list[str]) -> dict:
    spawn = await asyncio.gather(*(timed(hubdriver.spawn(hub, u)) for u in users))
    first = lesson_code("04-therapy")
    run = await asyncio.gather(*(timed(hubdriver.run_in_kernel(hub, u, first)) for u in users))
    procs = servers()
    one = [memory(procs[u]) for u in users]
    second = lesson_code("06-clinical-case")
    await asyncio.gather(*(hubdriver.run_in_kernel(hub, u, second) for u in users))
    procs = servers()
    two = [memory(procs[u]) for u in users]
    for u in users:
        await asyncio.to_thread(hub.api, "DELETE", f"/users/{u}/server")
    return {"spawn": spawn, "run": run, "one": one, "two": two}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--classes", default="1,5,10")
    args = ap.parse_args()
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        raise SystemExit("Node.js is missing (apt-get install nodejs).")
    rows = []
    with tempfile.TemporaryDirectory(prefix="smx-hub-") as tmp, \
            hubdriver.running_hub(Path(tmp), node) as hub:
        for n in (int(x) for x in args.classes.split(",")):
            users = [f"c{n}s{i}" for i in range(1, n + 1)]
            r = hubdriver.run(one_class(hub, users))
            rows.append((n, r))
            print(f"{n} students done", flush=True)
    lines = [
        "# A class on a local JupyterHub", "",
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; "
        "median / p95 / max over the students of each round.", "",
        "| students | server start, s | lesson 04 run, s | server + lesson 04: PSS MB (RSS) "
        "| + lesson 06 open: PSS MB (RSS) |",
        "|---|---|---|---|---|",
    ]
    for n, r in rows:
        pss1, rss1 = zip(*r["one"], strict=True)
        pss2, rss2 = zip(*r["two"], strict=True)
        lines.append(f"| {n} | {shown(r['spawn'])} | {shown(r['run'])} | "
                     f"{shown(pss1)} ({statistics.median(rss1):.0f}) | "
                     f"{shown(pss2)} ({statistics.median(rss2):.0f}) |")
    write_report(HERE / "hub.md", lines)


if __name__ == "__main__":
    main()
