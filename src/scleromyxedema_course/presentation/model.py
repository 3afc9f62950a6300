"""The clinical data of the presentation lesson, read from ``assets/data/`` and validated.

* ``extracutaneous.csv``: extracutaneous involvement as each cohort reports it, one row per
  cohort and category, with the source's key. A cohort is never pooled with another.
* ``body_regions.yaml``: where the papules and signs of scleromyxedema appear (``regions``,
  drawn as dots on a schematic body) and the labelled callouts of the body map (``callouts``),
  each with its sources.

Both files are described column by column in ``assets/data/README.md``. A bad value raises
:class:`PresentationDataError` naming the file, the row or item and the field; :func:`problems`
lists every problem for ``smx-course check``. Pure: no plotting here (``figures`` draws).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import content, paths
from ..core.content import CourseError
from ..refs import citations

EXTRACUTANEOUS_FILE = "extracutaneous.csv"
BODY_REGIONS_FILE = "body_regions.yaml"
COLUMNS = ("study", "citation_key", "n", "category", "percent", "percent_reason", "count",
           "count_reason")
VIEWS = ("front", "back")


class PresentationDataError(CourseError, ValueError):
    """A presentation data file is malformed; the message names the file, row and field."""


def data_dir() -> Path:
    return paths.assets_dir() / "data"


# ---------------------------------------------------------------- extracutaneous involvement
@dataclass(frozen=True)
class Involvement:
    study: str  # the cohort's name in the figure ("Rongioletti 2013")
    key: str  # bibliography key
    n: int  # patients in the cohort
    category: str
    percent: float  # as reported by the source, or count / n x 100 where it gives a count
    count: int | None = None  # numerator, where the source gives it


def validate(rows, source: str = EXTRACUTANEOUS_FILE) -> None:
    """Check rows already built (the loader's checks of range, for rows made in code)."""
    for i, row in enumerate(rows, start=1):
        where = f"{source}, row {i} ({row.study}, {row.category})"
        if row.n <= 0:
            raise PresentationDataError(f"{where}: field 'n' must be positive.")
        if not 0 <= row.percent <= 100:
            raise PresentationDataError(f"{where}: field 'percent' must be 0-100.")
        if row.count is not None and not 0 <= row.count <= row.n:
            raise PresentationDataError(f"{where}: field 'count' must be between 0 and n.")


def _number(text: str, where: str, column: str, kind=float):
    try:
        return kind(text)
    except ValueError:
        raise PresentationDataError(
            f"{where}, column '{column}': '{text}' is not "
            f"{'a whole number' if kind is int else 'a number'}."
        ) from None


def parse_extracutaneous(rows, source: str = EXTRACUTANEOUS_FILE) -> tuple[Involvement, ...]:
    """Rows as dicts (``csv.DictReader``) to :class:`Involvement`; row 1 is the first data row.

    ``percent`` is the source's percentage; where the source gives a count instead, ``percent``
    is empty (with its reason) and is computed as count / n x 100, never rounded here.
    """
    out = []
    for i, row in enumerate(rows, start=1):
        where = f"{source}, row {i}"
        for col in COLUMNS:
            if row.get(col) is None:
                raise PresentationDataError(f"{where}: column '{col}' is missing.")
        cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
        for col in ("study", "citation_key", "category", "n"):
            if not cells[col]:
                raise PresentationDataError(f"{where}, column '{col}': the cell is empty.")
        where = f"{source}, row {i} ({cells['study']}, {cells['category']})"
        n = _number(cells["n"], where, "n", int)
        if n <= 0:
            raise PresentationDataError(f"{where}, column 'n': must be positive.")
        count = _number(cells["count"], where, "count", int) if cells["count"] else None
        if count is None and not cells["count_reason"]:
            raise PresentationDataError(
                f"{where}, column 'count_reason': say why the count is empty.")
        if cells["percent"]:
            percent = _number(cells["percent"], where, "percent")
        elif count is not None and cells["percent_reason"]:
            percent = count / n * 100
        else:
            raise PresentationDataError(
                f"{where}, column 'percent': give the source's percentage, or its count with "
                "a 'percent_reason'.")
        out.append(Involvement(cells["study"], cells["citation_key"], n, cells["category"],
                               percent, count))
    rows_out = tuple(out)
    validate(rows_out, source)
    return rows_out


def load_extracutaneous(path: Path | None = None) -> tuple[Involvement, ...]:
    path = Path(path) if path else data_dir() / EXTRACUTANEOUS_FILE
    header, rows = content.read_csv(path, PresentationDataError)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise PresentationDataError(
            f"{path.name}, header: missing column(s) {', '.join(missing)}.")
    return parse_extracutaneous(rows, path.name)


def extracutaneous_keys() -> list[str]:
    return list(dict.fromkeys(r.key for r in load_extracutaneous()))


# ---------------------------------------------------------------- body map
@dataclass(frozen=True)
class Region:
    """An area where papules or a sign appear, drawn as ``papules`` dots around (x, y)."""

    name: str
    note: str
    view: str  # "front" or "back"
    x: float  # centre, in the view's own coordinates (body midline at x = 0)
    y: float
    spread: tuple[float, float]
    papules: int  # dots drawn
    spared: bool
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Callout:
    """A labelled arrow on the body map: from ``label_at`` to the point ``at``."""

    text: str  # line breaks as "\n"
    view: str
    at: tuple[float, float]
    label_at: tuple[float, float]
    citations: tuple[str, ...]


@dataclass(frozen=True)
class BodyMap:
    regions: tuple[Region, ...]
    callouts: tuple[Callout, ...]

    def citation_keys(self) -> list[str]:
        items = (*self.regions, *self.callouts)
        return list(dict.fromkeys(k for item in items for k in item.citations))


def _field(item: dict, name: str, where: str, kind):
    value = item.get(name)
    if kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif kind is str:
        ok = isinstance(value, str) and bool(value.strip())
        value = value.strip() if ok else value
    elif kind == "view":
        ok = value in VIEWS
    elif kind == "pair":
        ok = (isinstance(value, list) and len(value) == 2
              and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value))
        value = (float(value[0]), float(value[1])) if ok else value
    elif kind == "keys":
        ok = (isinstance(value, list) and bool(value)
              and all(isinstance(k, str) and k.strip() for k in value))
        value = tuple(k.strip() for k in value) if ok else value
    else:  # pragma: no cover - a programming error
        raise TypeError(kind)
    if not ok:
        want = {float: "a number", int: "a whole number >= 0", str: "text",
                "view": f"one of {', '.join(VIEWS)}", "pair": "a list of two numbers",
                "keys": "a non-empty list of bibliography keys"}[kind]
        raise PresentationDataError(f"{where}: field '{name}' must be {want} (got {value!r}).")
    return value


def parse_body_map(data, source: str = BODY_REGIONS_FILE) -> BodyMap:
    if not isinstance(data, dict) or not isinstance(data.get("regions"), list) \
            or not isinstance(data.get("callouts"), list):
        raise PresentationDataError(f"{source}: expected the lists 'regions' and 'callouts'.")
    regions = []
    for i, item in enumerate(data["regions"], start=1):
        where = f"{source}, region {i}"
        if not isinstance(item, dict):
            raise PresentationDataError(f"{where}: each region is a mapping.")
        where = f"{source}, region {i} ({item.get('name', '?')})"
        spread = _field(item, "spread", where, "pair")
        if min(spread) <= 0:
            raise PresentationDataError(f"{where}: field 'spread' must be two positive numbers.")
        spared = item.get("spared", False)
        if not isinstance(spared, bool):
            raise PresentationDataError(f"{where}: field 'spared' must be true or false.")
        regions.append(Region(
            name=_field(item, "name", where, str), note=_field(item, "note", where, str),
            view=_field(item, "view", where, "view"), x=_field(item, "x", where, float),
            y=_field(item, "y", where, float), spread=spread,
            papules=_field(item, "papules", where, int), spared=spared,
            citations=_field(item, "citations", where, "keys"),
        ))
    callouts = []
    for i, item in enumerate(data["callouts"], start=1):
        where = f"{source}, callout {i}"
        if not isinstance(item, dict):
            raise PresentationDataError(f"{where}: each callout is a mapping.")
        callouts.append(Callout(
            text=_field(item, "text", where, str), view=_field(item, "view", where, "view"),
            at=_field(item, "at", where, "pair"),
            label_at=_field(item, "label_at", where, "pair"),
            citations=_field(item, "citations", where, "keys"),
        ))
    return BodyMap(tuple(regions), tuple(callouts))


def load_body_map(path: Path | None = None) -> BodyMap:
    path = Path(path) if path else data_dir() / BODY_REGIONS_FILE
    return parse_body_map(content.load_yaml(path, PresentationDataError), path.name)


def body_map_keys() -> list[str]:
    return load_body_map().citation_keys()


# ---------------------------------------------------------------- content check


def problems() -> list[str]:
    """Both files load, and every key they cite is in the bibliography."""
    found = []
    for path, load in ((EXTRACUTANEOUS_FILE, extracutaneous_keys),
                       (BODY_REGIONS_FILE, body_map_keys)):
        try:
            citations.check_keys(load(), f"assets/data/{path}")
        except (CourseError, OSError) as exc:
            found.append(str(exc))
    if found:
        return found
    # One label per source: the cohort's name in the figure is the bibliography's label.
    bib = citations.load()
    for i, row in enumerate(load_extracutaneous(), start=1):
        label = bib[row.key].short_label()
        if row.study != label:
            found.append(f"assets/data/{EXTRACUTANEOUS_FILE}, row {i}, column 'study': "
                         f"'{row.study}' should read '{label}', the bibliography's label for "
                         f"{row.key}.")
    return found
