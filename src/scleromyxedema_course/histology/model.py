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

Same seed, same section: the generator uses ``numpy.random.default_rng`` seeded from the
seed and the condition, so stored notebook outputs are reproducible. Pure: no plotting.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..core.content import CourseError

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
    """One schematic section. Arrays are float64; depth grows downward from 0."""

    condition: str
    seed: int
    depth: float  # dermis depth
    bundles: np.ndarray  # (n, 4): x0, y0, x1, y1
    bundle_width: float
    fibroblasts: np.ndarray  # (n, 3): x, y, angle in degrees
    mucin: np.ndarray  # (n, 3): x, y, radius
    vessels: np.ndarray  # (n, 3): x, y, radius
    lymphocytes: np.ndarray  # (n, 2): x, y
    histiocytes: np.ndarray  # (n, 2): x, y

    @property
    def label(self) -> str:
        return LABELS[self.condition]

    @property
    def fibroblast_count(self) -> int:
        return len(self.fibroblasts)

    @property
    def mucin_area(self) -> float:
        return float(np.pi * np.sum(self.mucin[:, 2] ** 2)) if len(self.mucin) else 0.0

    @property
    def collagen_area(self) -> float:
        """Bundle length times width: a rough measure of how much collagen is drawn."""
        if not len(self.bundles):
            return 0.0
        lengths = np.hypot(self.bundles[:, 2] - self.bundles[:, 0],
                           self.bundles[:, 3] - self.bundles[:, 1])
        return float(np.sum(lengths) * self.bundle_width)

    def mucin_depth_fraction(self) -> float:
        """Mean depth of the mucin as a fraction of the dermis (NaN without mucin)."""
        return float(np.mean(self.mucin[:, 1]) / self.depth) if len(self.mucin) else float("nan")


def _check(condition: str, seed) -> None:
    if condition not in PROFILES:
        raise HistologyError(
            f"Unknown condition '{condition}'. Choose one of: "
            f"{', '.join([*CONDITIONS, *VARIANTS])}."
        )
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
        raise HistologyError(f"seed must be a non-negative integer, not {seed!r}.")


def section(condition: str, seed: int = 0) -> Section:
    """Generate the schematic section of one condition (same seed -> same arrays)."""
    _check(condition, seed)
    p = PROFILES[condition]
    # A variant draws from its condition's stream, so everything but its extra cells is equal.
    stream = CONDITIONS.index(VARIANTS.get(condition, condition))
    rng = np.random.default_rng([int(seed), stream])
    d = p.dermis_depth

    # Collagen bundles: segments scattered through the dermis, mostly horizontal.
    cx = rng.uniform(0, WIDTH, p.bundles)
    cy = rng.uniform(0.04 * d, 0.97 * d, p.bundles)
    length = rng.uniform(*p.bundle_length, p.bundles)
    angle = rng.normal(0, p.bundle_tilt, p.bundles)
    dx, dy = np.cos(angle) * length / 2, np.sin(angle) * length / 2
    bundles = np.column_stack([cx - dx, cy - dy, cx + dx, cy + dy])
    bundles[:, [0, 2]] = np.clip(bundles[:, [0, 2]], 0, WIDTH)
    bundles[:, [1, 3]] = np.clip(bundles[:, [1, 3]], 0.5, d - 0.5)

    # Fibroblast nuclei: spindle shapes, oriented roughly with the collagen.
    z0, z1 = p.fibroblast_zone
    fibro = np.column_stack([
        rng.uniform(0, WIDTH, p.fibroblasts),
        rng.uniform(max(z0 * d, 1.0), z1 * d - 1.0, p.fibroblasts),
        rng.normal(90, 25 + 30 * p.bundle_tilt, p.fibroblasts),
    ])

    # Mucin: pale deposits in the zone the sources describe.
    if p.mucin:
        m0, m1 = p.mucin_zone
        mucin = np.column_stack([
            rng.uniform(0, WIDTH, p.mucin),
            rng.uniform(m0 * d + 1.0, m1 * d - 1.0, p.mucin),
            rng.uniform(*p.mucin_size, p.mucin),
        ])
    else:
        mucin = np.zeros((0, 3))

    # Vessels: a superficial plexus and a few deeper vessels, in every condition.
    vessels = np.column_stack([
        np.linspace(8, WIDTH - 8, 6) + rng.uniform(-3, 3, 6),
        np.array([0.12, 0.12, 0.12, 0.12, 0.7, 0.7]) * d + rng.uniform(-2, 2, 6),
        rng.uniform(1.6, 2.4, 6),
    ])

    # Lymphocytes cuffing the superficial vessels (scleromyxedema only).
    if p.lymphocytes:
        around = rng.integers(0, 4, p.lymphocytes)
        theta = rng.uniform(0, 2 * np.pi, p.lymphocytes)
        r = vessels[around, 2] + rng.uniform(0.8, 2.2, p.lymphocytes)
        lymph = np.column_stack([vessels[around, 0] + r * np.cos(theta),
                                 vessels[around, 1] + r * np.sin(theta)])
    else:
        lymph = np.zeros((0, 2))

    # Epithelioid histiocytes scattered singly between the bundles (GA-like variant only);
    # drawn last, so the other arrays match the condition's own section.
    if p.histiocytes:
        histio = np.column_stack([rng.uniform(2, WIDTH - 2, p.histiocytes),
                                  rng.uniform(0.08 * d, 0.8 * d, p.histiocytes)])
    else:
        histio = np.zeros((0, 2))

    round3 = lambda a: np.round(a, 3)  # noqa: E731  (stable JSON in stored outputs)
    return Section(condition, int(seed), float(d), round3(bundles), p.bundle_width,
                   round3(fibro), round3(mucin), round3(vessels), round3(lymph),
                   round3(histio))


def sections(seed: int = 0, conditions=CONDITIONS) -> list[Section]:
    return [section(c, seed) for c in conditions]
