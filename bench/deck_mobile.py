"""Mobile performance of a deck, measured the way Lighthouse's mobile run loads a page
(run on demand; not a test).

Lighthouse itself is not used (it is a Node program and the course needs none); the same two
figures are measured with Playwright and Debian's Chromium:

* a phone-sized window (412 x 823 CSS px, device scale 1.75, touch) and the CPU slowed 4x
  through the DevTools protocol (``Emulation.setCPUThrottlingRate``), as Lighthouse does;
* **largest contentful paint** (LCP): the browser's own ``largest-contentful-paint`` entry;
* **total blocking time** (TBT): for every main-thread task longer than 50 ms that ends after
  the first contentful paint, the part above 50 ms, summed (``longtask`` entries), over the
  load and until the page has been quiet for 2 s (plotly.js loaded, the slide's figures drawn);
* the number of figures drawn at that point, of the deck's figures.

Reports median / p95 / max over ``--runs`` loads (5 by default) of deck 04 (``--deck``).
``--site`` measures an existing built site instead of building one (e.g. an older commit's).
Over file://, so no network time is included.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchstats import spread

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

PROBE = """
(() => {
  const t = {lcp: 0, fcp: null, tasks: []};
  window.__smxPerf = t;
  new PerformanceObserver(l => l.getEntries().forEach(e => { t.lcp = e.startTime; }))
    .observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver(l => l.getEntries().forEach(e => {
    if (e.name === 'first-contentful-paint') { t.fcp = e.startTime; } }))
    .observe({type: 'paint', buffered: true});
  new PerformanceObserver(l => l.getEntries().forEach(e => {
    t.tasks.push([e.startTime, e.duration]); }))
    .observe({type: 'longtask', buffered: true});
})();
"""
RESULT = """() => { const t = window.__smxPerf;
  const fcp = t.fcp || 0;
  const tbt = t.tasks.filter(([s, d]) => s + d > fcp)
    .reduce((sum, [s, d]) => sum + Math.max(0, d - Math.max(50, fcp - s)), 0);
  return {lcp: t.lcp, fcp: fcp, tbt: tbt, longest: Math.max(0, ...t.tasks.map(x => x[1])),
          tasks: t.tasks.length,
          figures: document.querySelectorAll('.plotly-graph-div').length,
          drawn: document.querySelectorAll('.plotly-graph-div:has(.main-svg)').length,
          list: t.tasks.map(([s, d]) => `${Math.round(s)}+${Math.round(d)}`).join(' ')}; }"""


def measure(deck: Path, runs: int) -> list[dict]:
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        raise SystemExit("Chromium is missing (apt-get install chromium).")
    found = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        warm = browser.new_page()   # untimed: the renderer process starts here
        warm.goto((deck.parents[1] / "index.html").as_uri())
        warm.close()
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 412, "height": 823},
                                          device_scale_factor=1.75, is_mobile=True,
                                          has_touch=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.add_init_script(PROBE)
            page.goto(deck.as_uri(), wait_until="load")
            quiet_since, last_count = time.monotonic(), -1
            while time.monotonic() - quiet_since < 2.0:   # until 2 s without a new long task
                count = page.evaluate("() => window.__smxPerf.tasks.length")
                if count != last_count:
                    quiet_since, last_count = time.monotonic(), count
                page.wait_for_timeout(250)
            found.append(page.evaluate(RESULT))
            context.close()
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--deck", default="04")
    parser.add_argument("--site", help="a built site to measure (default: build one now)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="smx-mobile-") as tmp:
        site = Path(args.site) if args.site else Path(tmp) / "site"
        if not args.site:
            subprocess.run([str(BIN / "smx-course"), "build", "--out", str(site)], check=True,
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env={**os.environ})
        deck = next((site / "slides").glob(f"{args.deck}-*.html"))
        runs = measure(deck, args.runs)
    def fmt(key: str) -> str:
        return " / ".join(f"{x:.0f}" for x in spread([r[key] for r in runs])) + " ms"

    print(f"Deck {deck.name}, {args.runs} loads, phone window, CPU 4x slower "
          "(median / p95 / max):")
    print(f"| total blocking time | {fmt('tbt')} |")
    print(f"| largest contentful paint | {fmt('lcp')} |")
    print(f"| first contentful paint | {fmt('fcp')} |")
    print(f"| longest task | {fmt('longest')} |")
    print(f"| figures drawn after load (of {runs[0]['figures']}) | "
          f"{', '.join(str(r['drawn']) for r in runs)} |")
    print(f"long tasks of the last load (start+duration ms): {runs[-1]['list']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
