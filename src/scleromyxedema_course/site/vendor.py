"""The site's vendor files: reveal.js, plotly.js (the cartesian bundle where it serves),
nbconvert's lab CSS and the course's own static files, copied into ``vendor/`` and
``assets/`` so the site works offline."""

from __future__ import annotations

import importlib.util
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core import locks
from . import SiteBuildError, frontend

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

# Trace types in plotly.js's cartesian bundle (its README; a browser test reads the bundle's
# own list). A lesson drawing any other type makes the build ship the full bundle instead.
CARTESIAN = "plotly.js-cartesian-dist-min"
CARTESIAN_TRACES = frozenset({
    "bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
    "image", "pie", "scatter", "scatterternary", "violin",
})
SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
PLOTLY_VERSION = re.compile(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")




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
        folder = frontend.installed(locks.SITE_LOCK, modules or frontend.site_modules(),
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
    # without its "//# sourceMappingURL=reveal.js.map" line: the map is not shipped
    js = (reveal / "dist" / "reveal.js").read_text(encoding="utf-8")
    (dest / "reveal.js").write_text(SOURCE_MAP.sub("", js), encoding="utf-8")
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
    for name in ("site.css", "site.js", "favicon.svg"):
        shutil.copy2(STATIC / name, assets / name)
