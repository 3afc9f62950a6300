"""A procedural, seeded schematic of a dermis section for five conditions.

:func:`section` returns plain arrays (collagen bundles, fibroblast nuclei, mucin deposits,
vessels, lymphocytes) that :mod:`scleromyxedema_course.plots.histology` draws and
:mod:`.svg` writes as a quiz image. It is a teaching schematic, not a micrograph: each
condition differs only in the features the sources describe.

=====================  ======================================================================
condition              what differs (sources: the lesson's citations)
=====================  ======================================================================
normal                 thin dermis, loose collagen, few fibroblasts, no visible mucin
scleromyxedema         mucin, many fibroblasts and fibrosis in the superficial and mid dermis;
                       a superficial perivascular lymphocytic infiltrate
scleredema             thick dermis; mucin between normal collagen bundles, mostly in the deep
                       dermis; fibroblasts not increased
pretibial-myxoedema    mucin throughout the dermis; collagen reduced to thin wisps;
                       fibroblasts not increased
systemic-sclerosis     thick dermis with thick, packed collagen; no dermal mucin
=====================  ======================================================================

One variant, :data:`VARIANTS`, is drawn on top of a condition's own section:
``scleromyxedema-ga-like`` is the scleromyxedema section (same seed, same arrays) plus
interstitial epithelioid histiocytes between the collagen bundles, the feature that set the
granuloma-annulare-like specimens apart in Rongioletti 2016 (PMID 26897387). That abstract
does not say how much mucin, fibrosis or fibroblast proliferation those specimens had, so
nothing else changes: the learner compares two sections that differ in one feature.

Same seed, same section: the generator uses Python's ``random.Random`` seeded from the seed
and the condition, so stored notebook outputs are reproducible. Pure Python (no numpy, so the
lesson runs in a browser kernel too) and no plotting.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

from ..core.content import CourseError

Rows = tuple[tuple[float, ...], ...]  # one tuple per drawn item, columns as in Section

WIDTH = 100.0  # arbitrary units across the section
EPIDERMIS = 8.0  # thickness drawn above the dermis (depth < 0)

CONDITIONS = (
    "normal", "scleromyxedema", "scleredema", "pretibial-myxoedema", "systemic-sclerosis",
)
LABELS = {
    "normal": "Normal skin",
    "scleromyxedema": "Scleromyxedema",
    "scleredema": "Scleredema",
    "pretibial-myxoedema": "Pretibial myxoedema",
    "systemic-sclerosis": "Systemic sclerosis",
    "scleromyxedema-ga-like": "Scleromyxedema, GA-like pattern",
}
# A variant -> the condition whose section it is drawn on.
VARIANTS = {"scleromyxedema-ga-like": "scleromyxedema"}


class HistologyError(CourseError, ValueError):
    """An unknown condition or a bad parameter; the message names it and the choices."""


@dataclass(frozen=True)
class Profile:
    """How one condition is drawn. Depths are fractions of the dermis (0 = top)."""

    dermis_depth: float
    bundles: int
    bundle_width: float  # line width of a collagen bundle
    bundle_length: tuple[float, float]
    bundle_tilt: float  # spread of bundle angles (radians); small = parallel, packed
    fibroblasts: int
    fibroblast_zone: tuple[float, float]
    mucin: int
    mucin_zone: tuple[float, float]
    mucin_size: tuple[float, float]  # radius range
    lymphocytes: int = 0
    histiocytes: int = 0  # interstitial epithelioid histiocytes (GA-like pattern)


PROFILES = {
    "normal": Profile(60, 34, 3.0, (10, 18), 0.35, 24, (0.0, 1.0), 0, (0, 0), (0, 0)),
    "scleromyxedema": Profile(
        66, 80, 2.4, (6, 13), 1.2, 120, (0.0, 0.65), 70, (0.02, 0.65), (1.0, 2.4), 24),
    "scleredema": Profile(
        92, 34, 3.4, (12, 20), 0.3, 24, (0.0, 1.0), 70, (0.4, 0.98), (1.2, 2.8)),
    "pretibial-myxoedema": Profile(
        66, 26, 0.8, (4, 9), 1.4, 22, (0.0, 1.0), 110, (0.0, 1.0), (1.4, 3.2)),
    "systemic-sclerosis": Profile(
        86, 62, 6.0, (16, 26), 0.12, 24, (0.0, 1.0), 0, (0, 0), (0, 0)),
}
PROFILES["scleromyxedema-ga-like"] = replace(PROFILES["scleromyxedema"], histiocytes=34)

STAINS = ("he", "alcian-blue", "colloidal-iron")
STAIN_LABELS = {
    "he": "H&E-like",
    "alcian-blue": "Alcian-blue-like",
    "colloidal-iron": "Colloidal-iron-like",
}


# ---------------------------------------------------------------- stain colours
# The one definition of each stain's colours, used by the plotly figures and the SVG panels.
@dataclass(frozen=True)
class Palette:
    background: str  # dermis ground substance
    epidermis: str
    collagen: str
    nuclei: str
    mucin: str
    mucin_opacity: float
    vessel: str
    lymphocyte: str
    histiocyte: str  # plump epithelioid cells: pale cytoplasm, outlined in the nuclear colour


PALETTES = {
    # H&E: pink collagen, purple nuclei; mucin is pale and wispy, easy to miss.
    "he": Palette("#fbeef3", "#b784b8", "#e597b7", "#3d1f6b", "#c9cbe0", 0.55,
                  "#b3262d", "#2b1a55", "#d7b0dc"),
    # Alcian blue with a red nuclear counterstain: mucin blue.
    "alcian-blue": Palette("#fbf6f4", "#e6b7bd", "#f1cfd3", "#b2334f", "#2f6fd1", 0.75,
                           "#c9707c", "#8c2840", "#ecc2c9"),
    # Colloidal iron with a red counterstain: mucin blue-green.
    "colloidal-iron": Palette("#faf6f1", "#e8b9a8", "#f0cdc4", "#a3352b", "#1b8a84", 0.75,
                              "#c97a6f", "#7f2a22", "#ebc4b8"),
}


class StainError(CourseError, ValueError):
    """An unknown stain name; the message lists the choices."""


def palette(stain: str) -> Palette:
    if stain not in PALETTES:
        raise StainError(f"Unknown stain '{stain}'. Choose one of: {', '.join(STAINS)}.")
    return PALETTES[stain]


@dataclass(frozen=True)
class Section:
    """One schematic section: rows of floats (3 decimals); depth grows downward from 0."""

    condition: str
    seed: int
    depth: float  # dermis depth
    bundles: Rows  # (x0, y0, x1, y1) per bundle
    bundle_width: float
    fibroblasts: Rows  # (x, y, angle in degrees)
    mucin: Rows  # (x, y, radius)
    vessels: Rows  # (x, y, radius)
    lymphocytes: Rows  # (x, y)
    histiocytes: Rows  # (x, y)

    @property
    def label(self) -> str:
        return LABELS[self.condition]

    @property
    def fibroblast_count(self) -> int:
        return len(self.fibroblasts)

    @property
    def mucin_area(self) -> float:
        return math.pi * math.fsum(r * r for _, _, r in self.mucin)

    @property
    def collagen_area(self) -> float:
        """Bundle length times width: a rough measure of how much collagen is drawn."""
        lengths = (math.hypot(x1 - x0, y1 - y0) for x0, y0, x1, y1 in self.bundles)
        return math.fsum(lengths) * self.bundle_width

    def mucin_depth_fraction(self) -> float:
        """Mean depth of the mucin as a fraction of the dermis (NaN without mucin)."""
        if not self.mucin:
            return float("nan")
        return math.fsum(column(self.mucin, 1)) / len(self.mucin) / self.depth


def _check(condition: str, seed) -> None:
    if condition not in PROFILES:
        raise HistologyError(
            f"Unknown condition '{condition}'. Choose one of: "
            f"{', '.join([*CONDITIONS, *VARIANTS])}."
        )
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise HistologyError(f"seed must be a non-negative integer, not {seed!r}.")


def column(rows: Rows, k: int) -> list[float]:
    """The k-th value of every row (e.g. ``column(sec.mucin, 1)``: the mucin depths)."""
    return [row[k] for row in rows]


def _clip(v: float, lo: float, hi: float) -> float:
    return min(max(v, lo), hi)


def _rows(*cols) -> Rows:
    """Columns of equal length -> rows rounded to 3 decimals (stable JSON in stored outputs)."""
    return tuple(tuple(round(v, 3) + 0.0 for v in row) for row in zip(*cols, strict=True))


def section(condition: str, seed: int = 0) -> Section:
    """Generate the schematic section of one condition (same seed -> same arrays)."""
    _check(condition, seed)
    p = PROFILES[condition]
    # A variant draws from its condition's stream, so everything but its extra cells is equal.
    stream = CONDITIONS.index(VARIANTS.get(condition, condition))
    rng = random.Random(int(seed) * 64 + stream)
    d = p.dermis_depth

    def uniform(lo: float, hi: float, n: int) -> list[float]:
        return [rng.uniform(lo, hi) for _ in range(n)]

    def normal(mu: float, sigma: float, n: int) -> list[float]:
        return [rng.gauss(mu, sigma) for _ in range(n)]

    # Collagen bundles: segments scattered through the dermis, mostly horizontal.
    cx = uniform(0, WIDTH, p.bundles)
    cy = uniform(0.04 * d, 0.97 * d, p.bundles)
    length = uniform(*p.bundle_length, p.bundles)
    angle = normal(0, p.bundle_tilt, p.bundles)
    dx = [math.cos(a) * n / 2 for a, n in zip(angle, length, strict=True)]
    dy = [math.sin(a) * n / 2 for a, n in zip(angle, length, strict=True)]
    bundles = _rows(
        [_clip(x - u, 0, WIDTH) for x, u in zip(cx, dx, strict=True)],
        [_clip(y - v, 0.5, d - 0.5) for y, v in zip(cy, dy, strict=True)],
        [_clip(x + u, 0, WIDTH) for x, u in zip(cx, dx, strict=True)],
        [_clip(y + v, 0.5, d - 0.5) for y, v in zip(cy, dy, strict=True)],
    )

    # Fibroblast nuclei: spindle shapes, oriented roughly with the collagen.
    z0, z1 = p.fibroblast_zone
    fibro = _rows(
        uniform(0, WIDTH, p.fibroblasts),
        uniform(max(z0 * d, 1.0), z1 * d - 1.0, p.fibroblasts),
        normal(90, 25 + 30 * p.bundle_tilt, p.fibroblasts),
    )

    # Mucin: pale deposits in the zone the sources describe.
    m0, m1 = p.mucin_zone
    mucin = _rows(
        uniform(0, WIDTH, p.mucin),
        uniform(m0 * d + 1.0, m1 * d - 1.0, p.mucin),
        uniform(*p.mucin_size, p.mucin),
    )

    # Vessels: a superficial plexus and a few deeper vessels, in every condition.
    vessel_x = [8 + i * (WIDTH - 16) / 5 + j for i, j in enumerate(uniform(-3, 3, 6))]
    vessel_y = [f * d + j for f, j in zip((0.12,) * 4 + (0.7,) * 2, uniform(-2, 2, 6),
                                          strict=True)]
    vessel_r = uniform(1.6, 2.4, 6)

    # Lymphocytes cuffing the superficial vessels (scleromyxedema only).
    around = [rng.randrange(4) for _ in range(p.lymphocytes)]
    theta = uniform(0, 2 * math.pi, p.lymphocytes)
    r = [vessel_r[a] + g for a, g in zip(around, uniform(0.8, 2.2, p.lymphocytes), strict=True)]
    lymph = _rows(
        [vessel_x[a] + q * math.cos(t) for a, q, t in zip(around, r, theta, strict=True)],
        [vessel_y[a] + q * math.sin(t) for a, q, t in zip(around, r, theta, strict=True)],
    )

    # Epithelioid histiocytes scattered singly between the bundles (GA-like variant only);
    # drawn last, so the other rows match the condition's own section.
    histio = _rows(uniform(2, WIDTH - 2, p.histiocytes),
                   uniform(0.08 * d, 0.8 * d, p.histiocytes))

    return Section(condition, int(seed), float(d), bundles, p.bundle_width, fibro, mucin,
                   _rows(vessel_x, vessel_y, vessel_r), lymph, histio)


def sections(seed: int = 0, conditions=CONDITIONS) -> list[Section]:
    return [section(c, seed) for c in conditions]
