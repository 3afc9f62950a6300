"""Drive a lesson in the JupyterLite site (``_build/lite``) with Playwright: shared by
``tests/browser/test_lite.py`` and ``bench/lite.py``.

The site is served by Python's ``http.server`` on 127.0.0.1; every request the page makes to
another host is recorded (there must be none).
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session
    && w.sessionContext.session.kernel;
  return !!(k && k.status === 'idle' && w.content && w.content.model);
}"""

# Per code cell: its execution count, output types and error names (from the notebook model).
CELLS = """() => {
  const w = window.jupyterapp.shell.currentWidget, cells = w.content.model.cells, out = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    const outs = c.outputs.toJSON();
    out.push({count: c.executionCount, types: outs.map(o => o.output_type),
      errors: outs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
      stderr: outs.filter(o => o.name === 'stderr').map(o => String(o.text).slice(0, 300))});
  }
  const k = w.sessionContext.session.kernel;
  return {cells: out, idle: k.status === 'idle',
          figures: document.querySelectorAll('.jp-NotebookPanel .js-plotly-plot').length,
          radios: document.querySelectorAll('.jp-NotebookPanel .widget-radio-box').length};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """``http://127.0.0.1:<port>`` serving ``folder`` (a thread; stopped on exit)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Visit:
    """One browser context on the site: off-site requests and bytes loaded are counted."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.offsite: list[str] = []
        self.sizes: dict[str, int] = {}  # URL -> bytes: a file the page and Lite's service
        # worker both fetch is one download, counted once
        self.context.on("request", self._request)
        self.context.on("response", self._response)

    def _request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            self.offsite.append(request.url)

    def _response(self, response):
        length = response.headers.get("content-length")
        if length and length.isdigit():
            self.sizes[response.url] = int(length)

    @property
    def bytes(self) -> int:
        return sum(self.sizes.values())

    def close(self):
        self.context.close()


def open_lesson(visit: Visit, lesson: str, page=None, timeout: float = 120):
    """Open ``lessons/<lesson>`` in Lite and wait for its kernel; return the page."""
    page = page or visit.context.new_page()
    page.goto(f"{visit.base}/lab/index.html?path=lessons/{lesson}")
    page.wait_for_function(KERNEL_IDLE, timeout=timeout * 1000, polling=100)
    return page


def run_all(page, timeout: float = 180) -> tuple[dict, float]:
    """Clear outputs, Run All, wait until every code cell ran and the kernel is idle.
    Returns the final state and the seconds from Run All to the first figure or quiz drawn."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("() => { window.__smxStart = performance.now();"
                  " window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    first = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.evaluate(CELLS)
        if first is None and (state["figures"] or state["radios"]):
            first = page.evaluate("() => (performance.now() - window.__smxStart) / 1000")
        done = all(c["count"] is not None for c in state["cells"])
        if done and state["idle"]:
            return state, first
        page.wait_for_timeout(100)
    raise TimeoutError(f"lesson did not finish in {timeout} s: {page.evaluate(CELLS)}")


def kernel_eval(page, code: str, timeout: float = 60) -> str:
    """Run ``code`` in the notebook's kernel; return its text/plain result or stream."""
    return page.evaluate("""async (code) => {
      const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      const fut = k.requestExecute({code, store_history: false});
      let text = '';
      fut.onIOPub = (msg) => {
        const c = msg.content;
        if (c.text) text += c.text;
        if (c.data && c.data['text/plain']) text += c.data['text/plain'];
        if (c.ename) text += c.ename + ': ' + c.evalue;
      };
      await fut.done;
      return text;
    }""", code)


# Each source in turn in the notebook's kernel; per source: error names, stderr text, the
# number of rich outputs it displayed and their MIME types.
RUN_SOURCES = """async (sources) => {
  const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const out = [];
  for (const code of sources) {
    const r = {errors: [], stderr: '', types: [], outputs: 0};
    const fut = k.requestExecute({code, store_history: false});
    fut.onIOPub = (msg) => {
      const c = msg.content, t = msg.header.msg_type;
      if (t === 'error') r.errors.push(c.ename + ': ' + c.evalue);
      if (t === 'stream' && c.name === 'stderr') r.stderr += c.text;
      if (t === 'display_data' || t === 'execute_result') {
        r.outputs += 1; r.types.push(...Object.keys(c.data)); }
    };
    const reply = await fut.done;
    if (reply.content.status === 'error' && !r.errors.length)
      r.errors.push(reply.content.ename + ': ' + reply.content.evalue);
    out.push(r);
  }
  return out;
}"""


def run_sources(page, sources: list[str]) -> list[dict]:
    """Run ``sources`` one after another in the open notebook's kernel (see RUN_SOURCES)."""
    return page.evaluate(RUN_SOURCES, sources)


# Appends a code cell to the open notebook, runs it as a learner would (its outputs are drawn
# in the page) and reports it once the kernel is idle again.
APPEND_AND_RUN = """async (code) => {
  const app = window.jupyterapp, panel = app.shell.currentWidget, nb = panel.content;
  nb.activeCellIndex = nb.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  const cell = nb.activeCell;
  if (cell.model.type !== 'code') await app.commands.execute('notebook:change-cell-to-code');
  nb.activeCell.model.sharedModel.setSource(code);
  await app.commands.execute('notebook:run-cell');
  return nb.widgets.length - 1;
}"""

CELL_STATE = """(i) => {
  const w = window.jupyterapp.shell.currentWidget, cell = w.content.widgets[i];
  const outs = cell.model.outputs.toJSON();
  return {count: cell.model.executionCount,
          idle: w.sessionContext.session.kernel.status === 'idle',
          errors: outs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
          stderr: outs.filter(o => o.name === 'stderr').map(o => String(o.text)).join(''),
          outputs: outs.filter(o => o.output_type === 'display_data' ||
                                    o.output_type === 'execute_result').length,
          figures: cell.node.querySelectorAll('.js-plotly-plot .main-svg').length,
          widgets: [...cell.node.querySelectorAll('.jp-OutputArea-output')]
            .filter(o => o.querySelector('.jupyter-widgets')).length};
}"""


def run_as_new_cell(page, code: str, timeout: float = 120) -> dict:
    """Run ``code`` in a new cell at the end of the open notebook; its state once run (see
    CELL_STATE: errors, stderr, outputs, figures drawn, widgets shown)."""
    index = page.evaluate(APPEND_AND_RUN, code)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.evaluate(CELL_STATE, index)
        if state["count"] is not None and state["idle"]:
            return state
        page.wait_for_timeout(100)
    raise TimeoutError(f"a cell did not finish in {timeout} s: {page.evaluate(CELL_STATE, index)}")
