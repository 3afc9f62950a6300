"""Build the offline course site from the lessons' stored outputs.

Layout of the output folder (``_build/site`` by default)::

    index.html                 course map: lessons, minutes, objectives, links
    slides/NN-slug.html        one reveal.js deck per lesson
    handouts/NN-slug.html      one full-page handout per lesson
    answer-keys/...            instructor answer keys (the quiz engine writes them)
    assets/site.css, site.js   the site's own style and script
    vendor/reveal/...          reveal.js 5.2.0, from the pinned sphinx-revealjs wheel
    vendor/plotly.min.js       plotly.js once for the site: the cartesian bundle (npm, pinned
                               by frontend/package-lock.json), else the plotly wheel's full one
    vendor/nbconvert/...       nbconvert's JupyterLab cell styles, once for the site
    media/<hash>.svg           images the lessons embed, once each (``media.py``)

A deck's slides after the first wait in a ``<template>`` until the first is shown (``later.py``).

Nothing is executed: the lessons' stored outputs are exported with nbconvert's Python API in
one process (much faster than one ``jupyter nbconvert`` process per lesson). Nothing is loaded
from the network when the site is viewed, so it works from a USB stick.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import lesson as lesson_mod
from .. import plots
from ..core import paths, views
from ..quiz import answer_key
from . import SiteBuildError, later, media, structure, tidy, trim_css
from .export import LANG, TEMPLATES, Exporters
from .vendor import copy_plotly, copy_vendor, plotly_bundle

MARKER = ".smx-site"

# "](00-welcome.ipynb#term-x)" in Markdown, href="00-welcome.ipynb" in HTML outputs.
MD_LESSON_LINK = re.compile(r"\]\((\d{2}-[a-z0-9-]+)\.ipynb(#[^)\s]*)?\)")
HTML_LESSON_LINK = re.compile(r"""href=(["'])(\d{2}-[a-z0-9-]+)\.ipynb(#[^"'\s]*)?\1""")
RENDERABLE = ("text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg",
              "text/latex", "text/plain")


@dataclass
class Page:
    lesson: lesson_mod.Lesson
    slides: Path
    handout: Path
    has_plotly: bool
    slide_plan: list[structure.CellSlide] = field(default_factory=list)


@dataclass
class BuildResult:
    out: Path
    pages: list[Page]
    answer_keys: dict[str, str]
    seconds: float
    plotly: str = ""


# --------------------------------------------------------------------------- notebooks


def rewrite_links(nb) -> None:
    """Point links to other lessons at their handouts (``../handouts/NN-slug.html#x``)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = MD_LESSON_LINK.sub(
                lambda m: f"](../handouts/{m.group(1)}.html{m.group(2) or ''})", cell.source
            )
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/html" in data:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/html"] = HTML_LESSON_LINK.sub(
                    lambda m: f'href={m.group(1)}../handouts/{m.group(2)}.html'
                    f"{m.group(3) or ''}{m.group(1)}",
                    text,
                )


LOCAL_SRC = re.compile(r"""(\bsrc=)(["'])(?![a-z][a-z0-9+.-]*:|/|#|\.\./)([^"'\s]+)\2""", re.I)
MD_IMAGE = re.compile(r"(!\[[^\]]*\]\()(?![a-z][a-z0-9+.-]*:|/|#|\.\./)([^)\s]+)(\))", re.I)


def local_files(les: lesson_mod.Lesson, nb) -> dict[str, Path]:
    """Rewrite image paths in the lesson to the site's copy; return {site path: source file}.

    Images are referenced relative to the course folder (``assets/figures/...``) or to the
    lesson; on the site they sit at the same path under the site root (``../assets/...``).
    """
    root = paths.root()
    found: dict[str, Path] = {}

    def resolve(where: str, ref: str) -> str:
        for base in (root, les.path.parent):
            candidate = (base / ref).resolve()
            if candidate.is_file() and candidate.is_relative_to(root):
                rel = candidate.relative_to(root).as_posix()
                found[rel] = candidate
                return "../" + rel
        raise SiteBuildError(f"{where}: the image {ref!r} does not exist.")

    def rewrite(text: str, where: str, markdown: bool) -> str:
        text = LOCAL_SRC.sub(
            lambda m: f"{m.group(1)}{m.group(2)}{resolve(where, m.group(3))}{m.group(2)}", text)
        if markdown:
            text = MD_IMAGE.sub(
                lambda m: m.group(1) + resolve(where, m.group(2)) + m.group(3), text)
        return text

    for i, cell in enumerate(nb.cells):
        where = _where(les, i, cell)
        if cell.cell_type == "markdown":
            cell.source = rewrite(cell.source, where, markdown=True)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/html" in data:
                text = data["text/html"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/html"] = rewrite(text, where, markdown=False)
    return found


def _where(les: lesson_mod.Lesson, index: int, cell) -> str:
    first = next((ln.strip() for ln in cell.source.splitlines() if ln.strip()), "")
    snippet = first if len(first) <= 50 else first[:47] + "..."
    return f"{les.filename}, cell {index + 1} ({snippet!r})"


def check_stored_outputs(les: lesson_mod.Lesson, nb) -> None:
    """The build uses stored outputs: every code cell must have run, without error."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        if cell.get("execution_count") is None and not cell.get("outputs"):
            raise SiteBuildError(
                f"{_where(les, i, cell)}: has no stored output. "
                f"Run `smx-course execute lessons/{les.filename}` first."
            )
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                raise SiteBuildError(
                    f"{_where(les, i, cell)}: the stored output is an error "
                    f"({out.get('ename')}: {out.get('evalue')}). Fix the cell and run "
                    f"`smx-course execute lessons/{les.filename}`."
                )
            data = out.get("data")
            if data and not any(k in data for k in RENDERABLE):
                raise SiteBuildError(
                    f"{_where(les, i, cell)}: output {sorted(data)} has no HTML view, so it "
                    "would vanish from slides. Figures must go through the course renderer "
                    "(plots.finish + `import scleromyxedema_course.plots`)."
                )
            if data and "application/vnd.plotly.v1+json" in data and "text/html" not in data:
                raise SiteBuildError(
                    f"{_where(les, i, cell)}: a plotly figure was stored without its HTML "
                    "view (the course renderer was not active). Re-run the lesson with "
                    "`smx-course execute`."
                )


def _figures(nb):
    """Facts about every figure the notebook's stored outputs draw (``plots.figure_info``)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if (info := plots.figure_info(out.get("data", {}))) is not None:
                yield info


def figure_traces(nb) -> set[str]:
    """Every plotly trace type the notebook's stored figures draw."""
    return {t for info in _figures(nb) for t in info.traces}


def has_plotly(nb) -> bool:
    return any(True for _ in _figures(nb))


def prepare(les: lesson_mod.Lesson):
    """Read a lesson: (slides notebook, handout notebook, slide plan, has_plotly, files).

    ``files`` maps site paths to local files (images) the lesson shows.
    """
    import nbformat  # deferred: jsonschema's slow import is skipped first (skip_slow_iri_checker)

    try:
        nb = nbformat.read(les.path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any read problem is named with the file
        raise SiteBuildError(f"{les.filename}: cannot read the notebook ({exc}).") from exc
    check_stored_outputs(les, nb)
    views.strip_widget_views(nb)  # the static HTML faces are what a site can show
    rewrite_links(nb)
    files = local_files(les, nb)
    plan = structure.derive(nb)
    handout = structure.handout(nb)
    return structure.apply(nb, plan), handout, plan, has_plotly(nb), files


# --------------------------------------------------------------------------- progress


class Progress:
    """A one-line text progress bar on stderr (one line per step when not a terminal)."""

    def __init__(self, total: int, stream=None, width: int = 24):
        self.total, self.done, self.width = max(total, 1), 0, width
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        filled = round(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {self.done:>2}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r\033[K" + line)
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


# --------------------------------------------------------------------------- index


def answer_keys(out: Path, slugs: list[str]) -> dict[str, str]:
    """Write the instructor answer keys with the quiz engine; slug -> relative link."""
    target = out / "answer-keys"
    answer_key.write(target)
    links = {s: f"answer-keys/{s}.html" for s in slugs if (target / f"{s}.html").is_file()}
    if (target / "index.html").is_file():
        links["*"] = "answer-keys/index.html"
    return links


def index_html(pages: list[Page], keys: dict[str, str], live: str | None = None) -> str:
    """The site's front page (``templates/index.html.j2``): the course map with links; with
    ``live`` (the address of the JupyterLite site, ending in ``/``), each lesson also links
    to itself running in the browser."""
    import jinja2  # comes with nbconvert; loaded only when a site is built

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             keep_trailing_newline=True)
    return env.get_template("index.html.j2").render(
        lang=LANG, pages=pages, keys=keys, live=live,
        total=sum(p.lesson.minutes for p in pages),
        disclaimer=lesson_mod.DISCLAIMER)


# --------------------------------------------------------------------------- build


def _prepare_out(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteBuildError(
            f"{out} exists and was not made by this build; choose an empty folder."
        )
    if out.exists():
        shutil.rmtree(out)
    for sub in ("slides", "handouts"):
        (out / sub).mkdir(parents=True)
    (out / MARKER).write_text("Built by smx-course build; safe to delete.\n", encoding="utf-8")


def build(out: Path, lessons: list[lesson_mod.Lesson] | None = None,
          progress: Progress | None = None, live: str | None = None) -> BuildResult:
    """Build the whole site into ``out`` and return what was written; ``live`` is the
    address of the live course (JupyterLite) for the index's "Study live" links."""
    start = time.perf_counter()
    lessons = lesson_mod.all_lessons() if lessons is None else lessons
    if not lessons:
        raise SiteBuildError(f"no lessons found in {paths.lessons_dir()}.")
    progress = progress or Progress(2 * len(lessons) + 4)
    out = Path(out)
    _prepare_out(out)
    copy_vendor(out)
    progress.step("vendor files (reveal.js, styles)")
    exporters = Exporters()
    pages, traces = [], set()
    for les in lessons:
        slides_nb, handout_nb, plan, plotly, files = prepare(les)
        traces |= figure_traces(slides_nb)
        for rel, source in files.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, out / rel)
        page = Page(les, out / "slides" / f"{les.path.stem}.html",
                    out / "handouts" / f"{les.path.stem}.html", plotly, plan)
        page.slides.write_text(
            later.defer_later_slides(
                page_text(exporters.export(exporters.slides, les, slides_nb, plotly), out)),
            encoding="utf-8")
        progress.step(f"slides   {les.path.stem}")
        page.handout.write_text(
            page_text(exporters.export(exporters.handout, les, handout_nb, plotly), out),
            encoding="utf-8")
        progress.step(f"handout  {les.path.stem}")
        pages.append(page)
    bundle = plotly_bundle(traces)
    copy_plotly(out, bundle)
    progress.step(bundle.label)
    keys = answer_keys(out, [les.slug for les in lessons])
    progress.step("answer keys")
    (out / "index.html").write_text(index_html(pages, keys, live), encoding="utf-8")
    trim_lab_styles(out)
    progress.step("index")
    return BuildResult(out, pages, keys, time.perf_counter() - start, bundle.label)


def page_text(html: str, out: Path) -> str:
    """An exported deck or handout as the site stores it: valid HTML, images in media/."""
    return media.externalize(tidy.tidy(html), out / "media", "../media/")


def trim_lab_styles(out: Path) -> None:
    """Reduce JupyterLab's stylesheets to the rules some page of the site can use."""
    texts = [f.read_text(encoding="utf-8") for f in sorted(out.rglob("*.html"))]
    texts.append((out / "assets" / "site.js").read_text(encoding="utf-8"))
    used = trim_css.words(texts)
    folder = out / "vendor" / "nbconvert"
    sheets = {css.name: css.read_text(encoding="utf-8") for css in sorted(folder.glob("*.css"))}
    site_css = (out / "assets" / "site.css").read_text(encoding="utf-8")
    for name, text in trim_css.trim(sheets, used, [*texts, site_css]).items():
        (folder / name).write_text(text, encoding="utf-8")


def skip_slow_iri_checker() -> None:
    """Import nbformat without compiling rfc3987-syntax's grammar (about 1.5 s, P1 in the notes).

    jsonschema imports that package only to check the "iri" string format, which neither
    nbformat's schema nor the quiz schema uses; with the import blocked, jsonschema simply
    has no "iri" checker. Done only in the ``smx-course build`` process, before nbformat loads.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
