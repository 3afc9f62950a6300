"""Benchmark of the slide site (run by ``make bench``; not a test).

Measures, for the whole course, in one run on this machine:

* wall time of ``smx-course build`` (one process, nbconvert's Python API, stored outputs)
  against a naive loop of ``jupyter nbconvert --to slides`` run once per lesson;
* total size of the site and its largest file;
* per deck, in headless Chromium over file://: time from navigation start to the first slide
  shown, to every slide ready (the later slides joined from their template and every slide
  cut to fit: → and the slide count work), and to the figures of the slide on screen drawn
  (plotly.js loaded; a deck draws each other figure when its slide is shown), over several
  loads after one untimed load of the index.

Prints a Markdown table and writes it to ``bench/results.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchstats import spread, write_report

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {"size_mb": 10.0, "speedup": 5.0, "first_slide_s": 0.5, "plots_s": 2.5}

# Recorded inside the page: the first moment a slide is on screen, and the moment plotly.js
# has loaded and drawn the figures of the slide on screen (html[data-smx-plots=drawn]).
PROBE = """
(() => {
  const t = {};
  window.__smxTimes = t;
  function tick() {
    const now = performance.now();
    if (t.first === undefined) {
      const s = document.querySelector('.reveal.ready .slides section.present');
      if (s && s.getBoundingClientRect().height > 0 && getComputedStyle(s).opacity !== '0') {
        t.first = now;
      }
    }
    // the deck's figures, with those of the slides still waiting in their template
    const later = document.getElementById('smx-later-slides');
    const figs = document.querySelectorAll('.smx-figure .plotly-graph-div').length +
      (later ? later.content.querySelectorAll('.smx-figure .plotly-graph-div').length : 0);
    t.figures = figs;
    if (t.plots === undefined && t.first !== undefined) {
      const drawn = document.documentElement.getAttribute('data-smx-plots') === 'drawn';
      if (figs === 0 || drawn) { t.plots = now; }
    }
    // every slide in the deck and cut to fit: what → and the slide count need
    if (t.complete === undefined && document.documentElement.hasAttribute('data-smx-paginated')) {
      t.complete = now;
    }
    if (t.first === undefined || t.plots === undefined || t.complete === undefined) {
      requestAnimationFrame(tick);
    }
  }
  requestAnimationFrame(tick);
})();
"""


def timed(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def build_site(out: Path, root: Path) -> float:
    env = {**os.environ, "SMX_COURSE_ROOT": str(root)}
    return timed([str(BIN / "smx-course"), "build", "--out", str(out)], cwd=ROOT, env=env)


def naive_loop(lessons: list[Path], out: Path) -> float:
    start = time.perf_counter()
    for nb in lessons:
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "slides", str(nb),
                        "--output-dir", str(out)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def sizes(site: Path) -> tuple[int, str, int, int]:
    """(total bytes, largest file, its bytes, number of files)."""
    files = [f for f in site.rglob("*") if f.is_file()]
    largest = max(files, key=lambda f: f.stat().st_size)
    return (sum(f.stat().st_size for f in files), str(largest.relative_to(site)),
            largest.stat().st_size, len(files))


def deck_times(site: Path, repeats: int) -> dict[str, tuple[tuple, tuple, tuple | None, int]]:
    """Per deck: (first slide shown, every slide ready, plotly.js ready and the slide's
    figures drawn or None, number of figures); each a (median, p95, max) in seconds."""
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        print("Chromium is missing: deck timings skipped (apt-get install chromium).")
        return {}
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        # Untimed warm-up: the index first, as a teacher opens it, so the first deck timed
        # does not also pay for starting the browser's renderer process.
        warm = browser.new_page()
        warm.goto((site / "index.html").as_uri())
        warm.close()
        for deck in sorted((site / "slides").glob("*.html")):
            firsts, completes, plots, figures = [], [], [], 0
            for _ in range(repeats):
                # Offline as in a lecture room. Not by intercepting requests (page.route):
                # that sends every file request through this Python process and added up to
                # a few hundred ms to a load, which a teacher's browser never pays.
                context = browser.new_context(viewport={"width": 1024, "height": 768},
                                              offline=True)
                page = context.new_page()
                page.add_init_script(PROBE)
                page.goto(deck.as_uri())
                page.wait_for_function(
                    "() => window.__smxTimes && window.__smxTimes.plots !== undefined"
                    " && window.__smxTimes.complete !== undefined",
                    timeout=30_000)
                t = page.evaluate("window.__smxTimes")
                firsts.append(t["first"] / 1000)
                completes.append(t["complete"] / 1000)
                figures = t["figures"]
                if figures:
                    plots.append(t["plots"] / 1000)
                context.close()
            results[deck.stem] = (spread(firsts), spread(completes),
                                  spread(plots) if plots else None, figures)
        browser.close()
    return results


def mark(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20,
                        help="loads per deck (median, p95 and max reported)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--decks-only", action="store_true",
                        help="time the decks only (no naive nbconvert loop; nothing written)")
    parser.add_argument("--root", default=os.environ.get("SMX_COURSE_ROOT", str(ROOT)),
                        help="course folder holding lessons/ (default: this repository)")
    args = parser.parse_args(argv)

    root = Path(args.root)
    lessons = sorted((root / "lessons").glob("[0-9][0-9]-*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="smx-bench-") as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        t_site = build_site(site, root)
        total, largest, largest_size, n_files = sizes(site)
        # Decks are timed before the naive loop, so no nbconvert process is still busy.
        decks = deck_times(site, args.repeats)
        if args.decks_only:
            for name, (first, complete, plots, _) in decks.items():
                print(name, "first slide", first, "every slide", complete, "plots", plots)
            print(f"load average {os.getloadavg()}")
            return 0
        t_naive = naive_loop(lessons, tmp / "naive")

    speedup = t_naive / t_site
    size_mb = total / 1e6
    lines = [
        "# Slide site benchmark",
        "",
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {len(lessons)} lessons; "
        f"decks timed in headless Chromium over file://, {args.repeats} loads each "
        "(median / 95th percentile / maximum), each in a fresh offline browser context; "
        f"load average at the end {os.getloadavg()[0]:.1f}.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| site build (`smx-course build`, one process) | {t_site:.2f} s | |",
        f"| naive loop (`jupyter nbconvert --to slides` per lesson) | {t_naive:.2f} s | |",
        f"| speedup | {speedup:.1f}x | ≥ {TARGETS['speedup']:.0f}x: {mark(speedup >= 5)} |",
        f"| site size ({n_files} files) | {size_mb:.2f} MB | < {TARGETS['size_mb']:.0f} MB: "
        f"{mark(size_mb < TARGETS['size_mb'])} |",
        f"| largest file | {largest} ({largest_size / 1e6:.2f} MB)"
        " | |",
        "",
        "| deck | figures | first slide shown: median / p95 / max "
        "| every slide ready: median / p95 / max "
        "| plotly.js ready, slide's figures drawn: median / p95 / max |",
        "|---|---|---|---|---|",
    ]
    ok_first = ok_plots = True
    def fmt(t):
        return " / ".join(f"{x:.2f}" for x in t) + " s"

    for name, (first, complete, plots, figures) in decks.items():
        ok_first &= first[2] <= TARGETS["first_slide_s"]
        ok_plots &= plots is None or plots[2] <= TARGETS["plots_s"]
        plot_text = fmt(plots) if plots is not None else "no figures"
        lines.append(f"| {name} | {figures} | {fmt(first)} | {fmt(complete)} | {plot_text} |")
    if decks:
        lines += [
            "",
            f"Targets (on the maximum, every load of every deck): first slide ≤ "
            f"{TARGETS['first_slide_s']} s: "
            f"{mark(ok_first)}; plotly.js ready ≤ {TARGETS['plots_s']} s: {mark(ok_plots)}.",
        ]
    write_report(Path(args.out), lines)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
