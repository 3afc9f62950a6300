"""One look for every figure, and the renderer that stores figures for both worlds.

Figure functions live in each topic's ``figures.py`` (``evidence.figures``,
``histology.figures``, ``ddx.figures``, ...); each builds a ``go.Figure`` from validated data
and ends with :func:`finish`, which gives it alt text and the course's template.

Importing this module changes nothing in plotly. :func:`use` (called by ``lesson.header()``)
registers the ``smx`` renderer and template and makes them the defaults. The renderer stores
two views of a figure in the notebook:

* ``application/vnd.plotly.v1+json``: JupyterLab draws this natively.
* ``text/html``: a ``<div>`` plus a ``Plotly.newPlot`` call, with **no** plotly.js inside and an
  id derived from the figure's content. nbconvert (handouts, slides) uses this view; the site
  template loads one shared ``plotly.min.js`` on pages that have figures.

Why not a stock renderer: plotly's default (``plotly_mimetype``) gives nothing in exported HTML,
``notebook`` stores 4.8 MB of plotly.js in every notebook and loads MathJax from a CDN, and all
HTML renderers use random uuid4 div ids that nbval cannot compare.

Every figure carries alt text in ``layout.meta.alt`` (set with :func:`finish`); the HTML view
exposes it as ``role="figure"`` + ``aria-label`` so screen readers announce it.

What the renderer writes is read back in one place, :func:`figure_info`, next to the writer:
the site build asks it whether a stored output holds a figure, how tall and with which traces.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer
from plotly.offline import get_plotlyjs_version

from .core.content import CourseError

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FONT = "Arial, Helvetica, sans-serif"


class AltTextMissing(CourseError, ValueError):
    """A figure reached the renderer without alt text."""


def alt_text(fig: go.Figure) -> str:
    meta = fig.layout.meta
    return str(meta.get("alt", "")) if isinstance(meta, dict) else ""


def finish(fig: go.Figure, alt: str, title: str | None = None) -> go.Figure:
    """Attach alt text (and optionally a title) to a figure; return it for chaining."""
    if not alt or len(alt.strip()) < 20:
        raise AltTextMissing("Give every figure an alt text of at least one full sentence.")
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["alt"] = alt.strip()
    fig.update_layout(meta=meta)
    # The course's look, whatever plotly's default template is when the figure was made.
    fig.layout.template = TEMPLATE
    if title:
        fig.update_layout(title=title)
    return fig


def wrap_label(text: str, width: int = 70) -> str:
    """Break a long annotation or axis label into ``<br>``-joined lines (HTML-escaped)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(html.escape(x, quote=False) for x in lines)


def figure_id(fig_json: str) -> str:
    return "fig-" + hashlib.sha1(fig_json.encode("utf-8")).hexdigest()[:12]


def figure_html(fig: go.Figure) -> str:
    """Deterministic HTML for a figure, without plotly.js (the page provides it)."""
    fig_json = pio.to_json(fig, validate=False, engine="json")
    div_id = figure_id(fig_json)
    body = pio.to_html(
        fig,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        div_id=div_id,
        # A fixed height: "100%" collapses to nothing inside nbconvert's output areas.
        default_height=f"{fig.layout.height or 450}px",
        default_width="100%",
        config={"displaylogo": False, "responsive": True},
        validate=False,
    )
    alt = html.escape(alt_text(fig) or "Figure", quote=True)
    body = _load_or_fall_back(body, div_id)
    # role="figure", not "img": the plotly toolbar inside is interactive, which "img" forbids.
    return (f'<div class="smx-figure" role="figure" aria-label="{alt}">'
            f'{fallback_html(fig, div_id)}{body}</div>')


# plotly.js of the same version as the plotly wheel, from plotly's own CDN (the address
# plotly.py itself uses for include_plotlyjs="cdn"): only where a page has no plotly.js, as in
# an export made with stock nbconvert or JupyterLab's menu. The course's own pages define
# window.Plotly before any figure, so they never ask for it.
PLOTLY_CDN = f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"

_LOADER = """(function (draw) {{
  var fallback = document.getElementById("{div_id}-fallback");
  var shown = function () {{ if (fallback) {{ fallback.hidden = true; }} }};
  if (window.Plotly) {{ draw().then(shown); return; }}
  var s = document.querySelector("script[data-smx-plotly]");
  if (!s) {{
    s = document.createElement("script");
    s.src = "{cdn}";
    s.setAttribute("data-smx-plotly", "");
    document.head.appendChild(s);
  }}
  s.addEventListener("load", function () {{ draw().then(shown); }});
}})(function () {{ return {call}; }});"""


def _load_or_fall_back(body: str, div_id: str) -> str:
    """plotly's HTML calls ``Plotly.newPlot(...)`` at once; here the call runs when plotly.js
    is on the page, after loading it if it is missing, and hides the static fallback once the
    figure is drawn. Offline without plotly.js, the fallback stays."""
    start = body.index(_NEW_PLOT + "(")
    guard = body.rindex("};", start)
    end = body.rindex(")", start, guard) + 1
    script_start = body.rindex("<script", 0, start)
    script_open_end = body.index(">", script_start) + 1
    script_end = body.index("</script>", end)
    loader = _LOADER.format(div_id=div_id, cdn=PLOTLY_CDN, call=body[start:end])
    return body[:script_open_end] + loader + body[script_end:]


_FALLBACK_ROWS = 30


def _cell(value) -> str:
    if isinstance(value, float):
        value = f"{value:g}"
    return html.escape(re.sub(r"<br\s*/?>", " ", str(value)), quote=False)


def fallback_html(fig: go.Figure, div_id: str) -> str:
    """What a page without plotly.js shows instead of the figure: its title, its alt text and
    its data as a table (at most 30 rows). The course's pages hide it (site.css)."""
    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else "Figure"
    rows, more = [], 0
    for trace in fig.data:
        name = getattr(trace, "name", None) or trace.type
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if xs is None or ys is None:
            z = getattr(trace, "z", None)
            if z is not None:
                rows.append((name, f"{len(z)} rows of values", "(drawn as a grid)"))
            continue
        for x, y in zip(xs, ys, strict=False):
            if len(rows) < _FALLBACK_ROWS:
                rows.append((name, x, y))
            else:
                more += 1
    body = "".join(f"<tr><td>{_cell(n)}</td><td>{_cell(x)}</td><td>{_cell(y)}</td></tr>"
                   for n, x, y in rows)
    if more:
        body += f'<tr><td colspan="3">… and {more} more values</td></tr>'
    return (f'<div class="smx-figure-fallback" id="{div_id}-fallback">'
            f"<p><strong>{_cell(title)}</strong> (the interactive figure needs plotly.js, "
            f"which this page could not load): {html.escape(alt_text(fig), quote=False)}</p>"
            f"<table><thead><tr><th>series</th><th>x</th><th>y</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


class CourseRenderer(MimetypeRenderer):
    """Plotly JSON for JupyterLab plus deterministic HTML for nbconvert."""

    def to_mimebundle(self, fig_dict):
        fig = go.Figure(fig_dict)
        if not alt_text(fig):
            raise AltTextMissing(
                "This figure has no alt text. Build it with plots.finish(fig, alt=...)."
            )
        return {
            "application/vnd.plotly.v1+json": json.loads(pio.to_json(fig, validate=False)),
            "text/html": figure_html(fig),
        }


def _template() -> go.layout.Template:
    t = go.layout.Template()
    t.layout = go.Layout(
        colorway=list(PALETTE),
        font=dict(family=FONT, size=14, color="#1a1a1a"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=60, r=30, t=60, b=60),
        xaxis=dict(showline=True, linecolor="#4d4d4d", gridcolor="#e5e5e5", zeroline=False),
        yaxis=dict(showline=True, linecolor="#4d4d4d", gridcolor="#e5e5e5", zeroline=False),
        hoverlabel=dict(font=dict(family=FONT)),
        legend=dict(bgcolor="rgba(255,255,255,0.8)"),
    )
    return t


TEMPLATE = _template()
RENDERER = CourseRenderer()


def use() -> None:
    """Make the course's template and renderer plotly's defaults in this kernel.

    The only place the package changes plotly's global state; ``lesson.header()`` calls it,
    so every lesson's figures are stored in both views from its first cell on.
    """
    pio.templates["smx"] = TEMPLATE
    pio.templates.default = "smx"
    pio.renderers["smx"] = RENDERER
    pio.renderers.default = "smx"


def show_in(output, fig: go.Figure) -> None:
    """Draw ``fig`` into an ipywidgets ``Output`` without sending a display message.

    Set the Output's contents directly instead of printing into it: printed output would
    travel as cell output and be stored by nbclient, which nbval cannot replay. (IPython's
    formatter would call the figure's _ipython_display_, which prints.)
    """
    bundle = RENDERER.to_mimebundle(fig.to_dict())
    output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)


PLOTLY_JSON = "application/vnd.plotly.v1+json"
_NEW_PLOT = "Plotly.newPlot"
_HEIGHT = re.compile(r"height:\s*(\d+)px")


@dataclass(frozen=True)
class FigureInfo:
    """What the site needs to know about a stored figure."""

    height: int  # pixels, as written by :func:`figure_html` (450 when not set)
    traces: frozenset[str]  # plotly trace types (from the plotly JSON view, where stored)


def figure_info(data: dict) -> FigureInfo | None:
    """Read one stored output's MIME bundle: the figure it draws in HTML, or ``None``.

    The HTML view is what exported pages draw, so it decides; the trace types come from the
    plotly JSON view stored beside it (a static face of a tool carries HTML only).
    """
    body = data.get("text/html", "")
    body = "".join(body) if isinstance(body, list) else body
    if _NEW_PLOT not in body:
        return None
    m = _HEIGHT.search(body)
    figure = data.get(PLOTLY_JSON) or {}
    traces = frozenset(t.get("type", "scatter") for t in figure.get("data", []))
    return FigureInfo(int(m.group(1)) if m else 450, traces)
