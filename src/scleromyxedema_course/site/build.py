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

Nothing is executed: the lessons' stored outputs are exported with nbconvert's Python API in
one process (much faster than one ``jupyter nbconvert`` process per lesson). Nothing is loaded
from the network when the site is viewed, so it works from a USB stick.
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import sys
import time
import warnings
from argparse import Namespace
from dataclasses import dataclass, field
from pathlib import Path

from .. import lesson as lesson_mod
from .. import paths, views
from . import frontend, structure

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
MARKER = ".smx-site"
LANG = "en"

# "](00-welcome.ipynb#term-x)" in Markdown, href="00-welcome.ipynb" in HTML outputs.
MD_LESSON_LINK = re.compile(r"\]\((\d{2}-[a-z0-9-]+)\.ipynb(#[^)\s]*)?\)")
HTML_LESSON_LINK = re.compile(r"""href=(["'])(\d{2}-[a-z0-9-]+)\.ipynb(#[^"'\s]*)?\1""")
RENDERABLE = ("text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg",
              "text/latex", "text/plain")


# Trace types in plotly.js's cartesian bundle (its README; a browser test reads the bundle's
# own list). A lesson drawing any other type makes the build ship the full bundle instead.
CARTESIAN = "plotly.js-cartesian-dist-min"
CARTESIAN_TRACES = frozenset({
    "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
    "image", "pie", "scatter", "scatterternary", "violin",
})
PLOTLY_VERSION = re.compile(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")


class SiteBuildError(RuntimeError):
    """A lesson cannot be built; the message names the lesson and the cell."""


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


# --------------------------------------------------------------------------- vendor files


def reveal_dir() -> Path:
    """reveal.js inside the installed sphinx-revealjs wheel, found without importing Sphinx."""
    spec = importlib.util.find_spec("sphinx_revealjs")
    if spec is None or not spec.submodule_search_locations:
        raise SiteBuildError(
            "reveal.js is missing: install it with "
            "`.venv/bin/pip install --no-deps -c constraints.txt sphinx-revealjs` "
            "(make course does this)."
        )
    found = Path(next(iter(spec.submodule_search_locations))) / "_static" / "revealjs"
    if not (found / "dist" / "reveal.js").is_file():
        raise SiteBuildError(f"reveal.js not found under {found}; reinstall sphinx-revealjs.")
    return found


def plotly_js() -> Path:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise SiteBuildError("plotly is not installed; run `make course`.")
    js = Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"
    if not js.is_file():
        raise SiteBuildError(f"{js} is missing; reinstall plotly.")
    return js


def plotly_version(js: Path) -> str | None:
    """The plotly.js version a bundle's banner states (read from its first bytes)."""
    with open(js, encoding="utf-8", errors="replace") as f:
        found = PLOTLY_VERSION.search(f.read(400))
    return found.group(1) if found else None


@dataclass(frozen=True)
class PlotlyBundle:
    js: Path
    license: Path | None
    label: str


def plotly_bundle(traces: set[str], modules: Path | None = None) -> PlotlyBundle:
    """The plotly.js to ship: the cartesian bundle (3x smaller, plots drawn about a second
    sooner) when it is installed, matches the wheel's plotly.js and has every trace type the
    lessons draw; otherwise the full bundle from the plotly wheel, with the reason."""
    full = plotly_js()
    want = plotly_version(full)
    try:
        folder = frontend.installed(frontend.SITE_LOCK, modules or frontend.site_modules(),
                                    CARTESIAN)
        broken = ""
    except frontend.FrontendError as exc:  # `smx-course check` reports the lock to authors
        folder, broken = None, str(exc)
    if broken:
        why = f"the front-end lock cannot be read: {broken}"
    elif folder is None:
        why = "the cartesian bundle is not installed: `smx-course frontend` fetches it"
    elif (got := plotly_version(folder / "plotly-cartesian.min.js")) != want:
        why = f"the cartesian bundle is plotly.js {got}, the plotly wheel draws for {want}"
    elif other := sorted(traces - CARTESIAN_TRACES):
        why = f"the lessons draw {', '.join(other)}, which the cartesian bundle lacks"
    else:
        return PlotlyBundle(folder / "plotly-cartesian.min.js", folder / "LICENSE",
                            f"plotly.js {want}, cartesian bundle")
    return PlotlyBundle(full, None, f"plotly.js {want}, full bundle ({why})")


def copy_plotly(out: Path, bundle: PlotlyBundle) -> None:
    shutil.copy2(bundle.js, out / "vendor" / "plotly.min.js")
    if bundle.license:
        shutil.copy2(bundle.license, out / "vendor" / "plotly.LICENSE")


def nbconvert_lab_static() -> Path:
    from jupyter_core.paths import jupyter_path

    for base in jupyter_path("nbconvert", "templates"):
        static = Path(base) / "lab" / "static"
        if (static / "index.css").is_file():
            return static
    raise SiteBuildError("nbconvert's lab template styles are missing; reinstall nbconvert.")


def _font_css(text: str) -> str:
    """reveal's Source Sans Pro stylesheet, reduced to the WOFF files we ship."""
    text = re.sub(r"\s*src: url\('[^']*\.eot'\);", "", text)
    return re.sub(
        r"src: url\('[^']*\.eot\?#iefix'\) format\('embedded-opentype'\),\s*"
        r"(url\('[^']*\.woff'\) format\('woff'\)),\s*url\('[^']*\.ttf'\) format\('truetype'\);",
        r"src: \1;",
        text,
    )


def copy_vendor(out: Path) -> None:
    """Copy the front-end files the site needs (from installed wheels) into ``out``."""
    reveal = reveal_dir()
    dest = out / "vendor" / "reveal"
    (dest / "theme" / "fonts" / "source-sans-pro").mkdir(parents=True, exist_ok=True)
    (dest / "plugin" / "notes").mkdir(parents=True, exist_ok=True)
    shutil.copy2(reveal / "dist" / "reveal.js", dest / "reveal.js")
    shutil.copy2(reveal / "dist" / "reveal.css", dest / "reveal.css")
    shutil.copy2(reveal / "plugin" / "notes" / "notes.js", dest / "plugin" / "notes" / "notes.js")
    shutil.copy2(reveal / "LICENSE", dest / "LICENSE")
    shutil.copy2(reveal / "dist" / "theme" / "white.css", dest / "theme" / "white.css")
    fonts = reveal / "dist" / "theme" / "fonts" / "source-sans-pro"
    for woff in fonts.glob("*.woff"):
        shutil.copy2(woff, dest / "theme" / "fonts" / "source-sans-pro" / woff.name)
    shutil.copy2(fonts / "LICENSE", dest / "theme" / "fonts" / "source-sans-pro" / "LICENSE")
    css = _font_css((fonts / "source-sans-pro.css").read_text(encoding="utf-8"))
    (dest / "theme" / "fonts" / "source-sans-pro" / "source-sans-pro.css").write_text(
        css, encoding="utf-8"
    )
    lab = out / "vendor" / "nbconvert"
    lab.mkdir(parents=True, exist_ok=True)
    for name in ("index.css", "theme-light.css"):
        shutil.copy2(nbconvert_lab_static() / name, lab / name)
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("site.css", "site.js"):
        shutil.copy2(STATIC / name, assets / name)


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


def figure_traces(nb) -> set[str]:
    """Every plotly trace type the notebook's stored figures draw."""
    found = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            figure = out.get("data", {}).get("application/vnd.plotly.v1+json") or {}
            found |= {trace.get("type", "scatter") for trace in figure.get("data", [])}
    return found


def has_plotly(nb) -> bool:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html_out = out.get("data", {}).get("text/html", "")
            html_out = "".join(html_out) if isinstance(html_out, list) else html_out
            if "Plotly.newPlot" in html_out:
                return True
    return False


# --------------------------------------------------------------------------- exporters


class Exporters:
    """One slides exporter and one handout exporter, reused for every lesson."""

    def __init__(self):
        from nbconvert import HTMLExporter, SlidesExporter
        from traitlets.config import Config

        config = Config()
        for name in ("HTMLExporter", "SlidesExporter"):
            config[name].exclude_input_prompt = True
            config[name].exclude_output_prompt = True
        common = dict(
            config=config,
            extra_template_basedirs=[str(TEMPLATES)],
            extra_template_paths=[str(TEMPLATES)],
        )
        self.slides = SlidesExporter(template_name="smx_slides", **common)
        self.handout = HTMLExporter(template_name="smx_handout", **common)

    @staticmethod
    def _resources(les: lesson_mod.Lesson, plotly: bool) -> dict:
        return {
            "metadata": {"name": les.title, "path": str(les.path.parent)},
            "smx": {
                "title": f"Lesson {les.number}: {les.title}",
                "stem": les.path.stem,
                "root": "../",
                "lang": LANG,
                "plotly": plotly,
            },
        }

    def export(self, exporter, les: lesson_mod.Lesson, nb, plotly: bool) -> str:
        with warnings.catch_warnings():
            # nbconvert warns when an output cannot be shown; on a site that is an error.
            warnings.filterwarnings("error", message=".*not able to be represented.*")
            try:
                body, _ = exporter.from_notebook_node(nb, resources=self._resources(les, plotly))
                return body
            except Exception as exc:  # find the cell that breaks the export, then say so
                raise SiteBuildError(self._culprit(exporter, les, nb, plotly, exc)) from exc

    def _culprit(self, exporter, les, nb, plotly, exc) -> str:
        import copy

        for i, cell in enumerate(nb.cells):
            single = copy.deepcopy(nb)
            single.cells = [cell]
            if cell.metadata.get("slideshow", {}).get("slide_type") in ("notes", "skip"):
                single.cells[0].metadata["slideshow"] = {"slide_type": "-"}
            try:
                exporter.from_notebook_node(single, resources=self._resources(les, plotly))
            except Exception as cell_exc:  # noqa: BLE001 - reported with its cell
                return f"{les.filename}, cell {i + 1}: cannot be exported ({cell_exc})."
        return f"{les.filename}: cannot be exported ({exc})."


def prepare(les: lesson_mod.Lesson):
    """Read a lesson: (slides notebook, handout notebook, slide plan, has_plotly, files).

    ``files`` maps site paths to local files (images) the lesson shows.
    """
    import nbformat

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
    if importlib.util.find_spec("scleromyxedema_course.quiz.answer_key") is None:
        print("note: the quiz engine's answer-key writer is not available yet; the site has "
              "no answer keys.", file=sys.stderr)
        return {}
    from ..quiz import answer_key

    target = out / "answer-keys"
    code = answer_key.main(Namespace(banks=[], out=str(target)))
    if code:
        raise SiteBuildError("the answer keys could not be written (see the message above).")
    links = {s: f"answer-keys/{s}.html" for s in slugs if (target / f"{s}.html").is_file()}
    if (target / "index.html").is_file():
        links["*"] = "answer-keys/index.html"
    return links


def index_html(pages: list[Page], keys: dict[str, str]) -> str:
    e = html.escape
    rows = []
    for p in pages:
        les = p.lesson
        name = f"lesson {les.number}, {les.title}"
        links = [
            f'<a href="slides/{les.path.stem}.html">Slides'
            f'<span class="visually-hidden"> of {e(name)}</span></a>',
            f'<a href="handouts/{les.path.stem}.html">Handout'
            f'<span class="visually-hidden"> of {e(name)}</span></a>',
        ]
        if les.slug in keys:
            links.append(
                f'<a href="{keys[les.slug]}">Answer key'
                f'<span class="visually-hidden"> of {e(name)}</span></a>'
            )
        objectives = "".join(f"<li>{e(o.text)}</li>" for o in les.objectives)
        rows.append(
            f'<tr><td>{les.number:02d}</td><th scope="row">{e(les.title)}</th>'
            f"<td>{les.minutes}</td><td><ul>{objectives}</ul></td>"
            f'<td class="smx-links">{" ".join(links)}</td></tr>'
        )
    total = sum(p.lesson.minutes for p in pages)
    all_keys = (
        f'<p>Instructors: <a href="{keys["*"]}">all answer keys</a>.</p>' if "*" in keys else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{LANG}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Scleromyxedema: an open course (slides and handouts)</title>
<link rel="stylesheet" href="assets/site.css">
<link rel="stylesheet" href="vendor/reveal/theme/fonts/source-sans-pro/source-sans-pro.css">
</head>
<body class="smx-index">
<header>
<h1>Scleromyxedema: an open course</h1>
<p>Slides for teaching and handouts for reading, one of each per lesson. Everything on this
site works offline: copy the whole folder (for example to a USB stick) and open
<code>index.html</code>. In the slides, use the arrow keys; press <kbd>S</kbd> for speaker
notes and <kbd>Esc</kbd> for an overview.</p>
</header>
<main>
<h2>Course map</h2>
<table>
<caption>{len(pages)} lessons, about {total} minutes in all</caption>
<thead><tr><th scope="col">#</th><th scope="col">Lesson</th><th scope="col">Minutes</th>
<th scope="col">Objectives</th><th scope="col">Open</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
{all_keys}
</main>
<footer>
<p>{e(lesson_mod.DISCLAIMER)}</p>
</footer>
</body>
</html>
"""


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
          progress: Progress | None = None) -> BuildResult:
    """Build the whole site into ``out`` and return what was written."""
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
        page.slides.write_text(exporters.export(exporters.slides, les, slides_nb, plotly),
                               encoding="utf-8")
        progress.step(f"slides   {les.path.stem}")
        page.handout.write_text(exporters.export(exporters.handout, les, handout_nb, plotly),
                                encoding="utf-8")
        progress.step(f"handout  {les.path.stem}")
        pages.append(page)
    bundle = plotly_bundle(traces)
    copy_plotly(out, bundle)
    progress.step(bundle.label)
    keys = answer_keys(out, [les.slug for les in lessons])
    progress.step("answer keys")
    (out / "index.html").write_text(index_html(pages, keys), encoding="utf-8")
    progress.step("index")
    return BuildResult(out, pages, keys, time.perf_counter() - start, bundle.label)


def skip_slow_iri_checker() -> None:
    """Import nbformat without compiling rfc3987-syntax's grammar (about 1.5 s, P1 in the notes).

    jsonschema imports that package only to check the "iri" string format, which neither
    nbformat's schema nor the quiz schema uses; with the import blocked, jsonschema simply
    has no "iri" checker. Done only in the ``smx-course build`` process, before nbformat loads.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def main(args) -> int:
    skip_slow_iri_checker()
    out = Path(args.out)
    if not out.is_absolute():
        out = paths.root() / out
    result = build(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"Built {len(result.pages)} decks and handouts in {result.seconds:.1f} s "
          f"({size / 1e6:.1f} MB): {out / 'index.html'}")
    print(f"Figures use {result.plotly}.")
    return 0
