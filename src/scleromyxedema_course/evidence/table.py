"""The IVIG report table (``assets/data/ivig_reports.csv``): load, validate, summarise.

One row per published report of IVIG in scleromyxedema, built by hand from the project's
verified fact sheet and IVIG table (see ``assets/data/README.md`` for every column).
A field the source does not report stays empty and its ``*_reason`` column says why.

What this module guarantees:

* :func:`load` validates every row and raises :class:`EvidenceError` naming the file, the
  row (with its first author and year) and the column of the first problem;
  :func:`problems` lists every problem (it backs the ``smx-course check`` content check).
* :func:`wilson` is the Wilson score interval, a pure function.
* Reports that share an ``overlap_group`` (one author group or network) probably share
  patients, so nothing here adds them up: :func:`distinct_patients` counts each overlap
  group once, and :func:`pooling_obstacles` says why no pooled response rate is computed.

No plotly and no widgets here; figures live in :mod:`scleromyxedema_course.evidence.figures`,
the filterable forest plot in :mod:`scleromyxedema_course.evidence.tool`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core import content, paths
from ..core.content import CourseError
from ..refs import citations

FILENAME = "ivig_reports.csv"
Z95 = 1.959963984540054  # standard normal quantile for a two-sided 95% interval
YEAR_RANGE = (1990, 2026)

COLUMNS = (
    "report_id", "label_note", "citation_key", "first_author", "first_author_reason", "year",
    "year_reason", "source", "design", "design_detail", "n_ivig", "n_ivig_reason", "dose_g_per_kg",
    "dose_reason", "days_per_cycle_min", "days_per_cycle_max", "days_reason", "interval",
    "interval_reason", "co_treatment", "outcome_domain", "outcome_definition", "outcome_detail",
    "responders", "complete_responders", "partial_responders", "non_responders",
    "responders_reason", "relapse_after_withdrawal", "relapsed_n", "withdrawn_n",
    "months_to_relapse", "months_off_without_relapse", "relapse_reason", "maintenance",
    "maintenance_detail", "adverse_events", "followup_months", "followup_reason",
    "overlap_group", "verification", "include_in_plots", "include_reason", "source_url", "notes",
)

DESIGNS = ("case report", "case series", "cohort", "systematic review")
INTERVALS = ("twice monthly", "every 3 weeks", "monthly", "every 6 weeks", "every 10 weeks")
OUTCOME_DEFINITIONS = (
    "complete or partial response",
    "complete or partial remission",
    "complete clinical response",
    "complete clearance",
    "improvement (authors' judgement)",
    "neurological recovery",
    "skin score change",
    "stabilization",
    "not reported",
)
RELAPSE_VALUES = ("yes", "no", "not reported", "not tested", "not applicable")
MAINTENANCE_VALUES = ("yes", "no", "not reported")
VERIFICATION_VALUES = ("abstract", "partial", "seed", "title only", "summary only")
OUTCOME_DOMAINS = (
    "skin", "neurological", "skin and neurological", "skin and systemic",
)
# Reports from one author group or network probably share patients; never add their counts.
OVERLAP_GROUPS = {
    "rongioletti-group": (
        "Rongioletti's author group (Rongioletti et al. 2013, Guarneri et al. 2017; possibly "
        "Arginelli et al. 2016)"
    ),
    "johns-hopkins": "Johns Hopkins (Blum et al. 2008, Mecoli et al. 2019)",
    "french-networks": "French networks (Mahévas et al. 2020, Theves et al. 2025)",
}


class EvidenceError(CourseError, ValueError):
    """The IVIG table is malformed; the message names the file, the row and the column."""

    def __init__(self, message: str, all_problems: Sequence[str] = ()):
        super().__init__(message)
        self.problems = list(all_problems) or [message]


@dataclass(frozen=True)
class Report:
    """One validated row. Missing numbers are ``None``; their reasons are kept."""

    row: int
    report_id: str
    label: str
    citation_keys: tuple[str, ...]
    first_author: str
    year: int | None
    design: str
    design_detail: str
    n_ivig: int | None
    dose_g_per_kg: float | None
    days_per_cycle: tuple[int, int] | None
    interval: str
    co_treatment: str
    outcome_domain: str
    outcome_definition: str
    outcome_detail: str
    responders: int | None
    complete_responders: int | None
    partial_responders: int | None
    non_responders: int | None
    relapse_after_withdrawal: str
    relapsed_n: int | None
    withdrawn_n: int | None
    months_to_relapse: tuple[float, ...]
    months_off_without_relapse: tuple[float, ...]
    maintenance: str
    maintenance_detail: str
    adverse_events: str
    followup_months: float | None
    overlap_group: str
    verification: str
    include_in_plots: bool
    reasons: dict[str, str]
    source_url: str
    notes: str

    @property
    def citation_key(self) -> str:
        return self.citation_keys[0]

    @property
    def known_treated(self) -> int | None:
        """Patients known to have had IVIG: ``n_ivig``, or when a report gives no n, the
        patients its outcome counts name (13 responders mean at least 13 treated)."""
        if self.n_ivig is not None:
            return self.n_ivig
        counted = [
            sum(c for c in (self.responders, self.non_responders) if c is not None),
            sum(c for c in (self.complete_responders, self.partial_responders) if c is not None),
        ]
        return max(counted) or None


@dataclass(frozen=True)
class Proportion:
    """Responders out of IVIG-treated patients in one report, with a Wilson 95% interval."""

    report: Report
    k: int
    n: int
    low: float
    high: float

    @property
    def estimate(self) -> float:
        return self.k / self.n


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes out of ``n`` (two-sided, default 95%).

    Unlike the textbook Wald interval it stays inside [0, 1] and is not degenerate for
    0/n or n/n, which matters here: most reports have one to three patients.
    """
    if not (isinstance(k, int) and isinstance(n, int)) or n <= 0 or k < 0 or k > n:
        raise ValueError(f"wilson() needs integers 0 <= k <= n and n > 0; got k={k}, n={n}.")
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # Rounding can put an end a hair outside [0, 1] (or off an exact 0 or 1); clamp.
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


# --- parsing and validation ---------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9_]+$")


class _Row:
    """Field access for one CSV row that records problems instead of stopping."""

    def __init__(self, index: int, raw: dict[str, str], source: str, problems: list[str]):
        self.index, self.raw, self.problems = index, raw, problems
        who = raw.get("first_author") or raw.get("report_id") or "?"
        year = raw.get("year") or "year not given"
        self.where = f"{source}, row {index} ({who}, {year})"

    def text(self, col: str) -> str:
        return (self.raw.get(col) or "").strip()

    def error(self, col: str, message: str) -> None:
        self.problems.append(f"{self.where}, column {col}: {message}")

    def need_reason(self, value_cols: Sequence[str], reason_col: str) -> None:
        if any(not self.text(c) for c in value_cols) and not self.text(reason_col):
            empty = next(c for c in value_cols if not self.text(c))
            self.error(empty, f"empty without a reason; say why in '{reason_col}'.")

    def choice(self, col: str, allowed: Sequence[str]) -> str:
        value = self.text(col)
        if value not in allowed:
            self.error(col, f"'{value}' is not one of: {', '.join(allowed)}.")
        return value

    def integer(self, col: str, low: int = 0, high: int | None = None) -> int | None:
        value = self.text(col)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(col, f"'{value}' is not a whole number.")
            return None
        if number < low or (high is not None and number > high):
            span = f"{low}..{high}" if high is not None else f">= {low}"
            self.error(col, f"{number} is outside the allowed range {span}.")
            return None
        return number

    def number(self, col: str, low: float, high: float) -> float | None:
        value = self.text(col)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(col, f"'{value}' is not a number.")
            return None
        if not (low <= number <= high) or math.isnan(number):
            self.error(col, f"{value} is outside the allowed range {low}..{high}.")
            return None
        return number

    def numbers(self, col: str, low: float, high: float) -> tuple[float, ...]:
        value = self.text(col)
        if not value:
            return ()
        out = []
        for part in value.split(";"):
            try:
                number = float(part)
            except ValueError:
                self.error(col, f"'{part.strip()}' is not a number (separate values with ';').")
                continue
            if not (low <= number <= high):
                self.error(col, f"{part.strip()} is outside the allowed range {low}..{high}.")
                continue
            out.append(number)
        return tuple(out)


def _label(keys: tuple[str, ...], note: str, bib: dict | None) -> str:
    """The report's name in figures: the bibliography's label of its first key (one label per
    source, as in the lessons), then the row's ``label_note`` in brackets when it has one."""
    key = keys[0] if keys else ""
    name = bib[key].short_label() if bib and key in bib else key or "?"
    return f"{name} ({note})" if note else name


def _parse_row(row: _Row, bib: dict | None) -> Report:
    t = row.text
    report_id = t("report_id")
    if not _ID.match(report_id):
        row.error("report_id", f"'{report_id}' must be lower-case letters, digits or '_'.")
    keys = tuple(k.strip() for k in t("citation_key").split(";") if k.strip())
    if not keys:
        row.error("citation_key", "empty; every report needs a key in assets/references.bib.")
    elif bib is not None:
        for key in keys:
            if key not in bib:
                row.error("citation_key", f"'{key}' is not in assets/references.bib.")
    if not t("first_author") and not t("first_author_reason"):
        row.error("first_author", "empty without a reason in 'first_author_reason'.")
    year = row.integer("year", *YEAR_RANGE)
    row.need_reason(["year"], "year_reason")
    design = row.choice("design", DESIGNS)
    n = row.integer("n_ivig", low=1)
    row.need_reason(["n_ivig"], "n_ivig_reason")
    dose = row.number("dose_g_per_kg", 0.1, 3.0)
    row.need_reason(["dose_g_per_kg"], "dose_reason")
    d_min, d_max = row.integer("days_per_cycle_min", 1, 7), row.integer("days_per_cycle_max", 1, 7)
    if bool(t("days_per_cycle_min")) != bool(t("days_per_cycle_max")):
        row.error("days_per_cycle_max", "give both minimum and maximum days, or neither.")
    elif d_min is not None and d_max is not None and d_min > d_max:
        row.error("days_per_cycle_max", f"maximum {d_max} is below minimum {d_min}.")
    row.need_reason(["days_per_cycle_min"], "days_reason")
    interval = t("interval")
    if interval:
        row.choice("interval", INTERVALS)
    row.need_reason(["interval"], "interval_reason")
    row.choice("outcome_domain", OUTCOME_DOMAINS)
    definition = row.choice("outcome_definition", OUTCOME_DEFINITIONS)

    counts = {c: row.integer(c) for c in
              ("responders", "complete_responders", "partial_responders", "non_responders")}
    row.need_reason(list(counts), "responders_reason")
    if n is not None:
        for col, value in counts.items():
            if value is not None and value > n:
                row.error(col, f"{value} exceeds the {n} patients treated (n_ivig).")
        resp, non = counts["responders"], counts["non_responders"]
        if resp is not None and non is not None and resp + non > n:
            row.error("non_responders", f"responders + non-responders ({resp + non}) exceed n={n}.")
        cr, pr = counts["complete_responders"], counts["partial_responders"]
        if cr is not None and pr is not None and cr + pr > n:
            row.error("partial_responders", f"complete + partial ({cr + pr}) exceed n={n}.")
    if definition in ("skin score change", "not reported", "stabilization") and (
        counts["responders"] is not None
    ):
        row.error("responders", f"a count makes no sense for outcome '{definition}'.")

    relapse = row.choice("relapse_after_withdrawal", RELAPSE_VALUES)
    relapsed, withdrawn = row.integer("relapsed_n"), row.integer("withdrawn_n")
    if relapsed is not None and withdrawn is not None and relapsed > withdrawn:
        row.error("relapsed_n", f"{relapsed} relapses among {withdrawn} who stopped IVIG.")
    if withdrawn is not None and n is not None and withdrawn > n:
        row.error("withdrawn_n", f"{withdrawn} stopped IVIG but only {n} were treated.")
    to_relapse = row.numbers("months_to_relapse", 0, 240)
    off_ok = row.numbers("months_off_without_relapse", 0, 240)
    if relapsed is not None and len(to_relapse) > relapsed:
        row.error("months_to_relapse", f"{len(to_relapse)} times for {relapsed} relapses.")
    if relapse != "yes" and to_relapse:
        row.error("months_to_relapse", f"times given but relapse_after_withdrawal is '{relapse}'.")
    if relapse == "yes" and not to_relapse and not t("relapse_reason"):
        row.error("months_to_relapse", "relapse reported without times; say why in relapse_reason.")
    if relapse in ("not reported", "not tested", "not applicable") and not t("relapse_reason"):
        row.error("relapse_reason", f"relapse is '{relapse}'; give the reason.")
    maintenance = row.choice("maintenance", MAINTENANCE_VALUES)
    followup = row.number("followup_months", 0, 600)
    row.need_reason(["followup_months"], "followup_reason")
    group = t("overlap_group")
    if group and group not in OVERLAP_GROUPS:
        declared = ", ".join(OVERLAP_GROUPS)
        row.error("overlap_group", f"'{group}' is not a declared group: {declared}.")
    verification = row.choice("verification", VERIFICATION_VALUES)
    include = row.choice("include_in_plots", ("yes", "no")) == "yes"
    if not include and not t("include_reason"):
        row.error("include_reason", "a report left out of the plots needs a reason.")
    if not t("source_url"):
        row.error("source_url", "empty; give the page the data came from.")
    elif problem := content.url_problem(t("source_url")):
        row.error("source_url", problem)

    reasons = {c: t(c) for c in COLUMNS if c.endswith("_reason") and t(c)}
    return Report(
        row=row.index, report_id=report_id, label=_label(keys, t("label_note"), bib),
        citation_keys=keys or ("",),
        first_author=t("first_author"), year=year, design=design,
        design_detail=t("design_detail"), n_ivig=n, dose_g_per_kg=dose,
        days_per_cycle=(d_min, d_max) if d_min is not None and d_max is not None else None,
        interval=interval, co_treatment=t("co_treatment"), outcome_domain=t("outcome_domain"),
        outcome_definition=definition, outcome_detail=t("outcome_detail"),
        responders=counts["responders"], complete_responders=counts["complete_responders"],
        partial_responders=counts["partial_responders"], non_responders=counts["non_responders"],
        relapse_after_withdrawal=relapse, relapsed_n=relapsed, withdrawn_n=withdrawn,
        months_to_relapse=to_relapse, months_off_without_relapse=off_ok,
        maintenance=maintenance, maintenance_detail=t("maintenance_detail"),
        adverse_events=t("adverse_events"), followup_months=followup, overlap_group=group,
        verification=verification, include_in_plots=include, reasons=reasons,
        source_url=t("source_url"), notes=t("notes"),
    )


def _check_table(reports: list[Report], rows: list[_Row], source: str, problems: list[str]):
    seen: dict[str, int] = {}
    for rep, row in zip(reports, rows, strict=True):
        if rep.report_id in seen:
            row.error("report_id", f"'{rep.report_id}' repeats row {seen[rep.report_id]}.")
        seen.setdefault(rep.report_id, rep.row)
    named: dict[str, int] = {}
    for rep, row in zip(reports, rows, strict=True):
        if rep.label in named:  # figures draw one row per name: two reports cannot share one
            row.error("label_note", f"the report would be called '{rep.label}' like row "
                      f"{named[rep.label]}; add a few distinguishing words here.")
        named.setdefault(rep.label, rep.row)
    members: dict[str, list[Report]] = {}
    for rep in reports:
        if rep.overlap_group:
            members.setdefault(rep.overlap_group, []).append(rep)
    for group in OVERLAP_GROUPS:
        found = members.get(group, [])
        if len(found) == 1:
            rep = found[0]
            problems.append(
                f"{source}, row {rep.row} ({rep.label}), column overlap_group: group '{group}' "
                "has only this report; an overlap group needs at least two."
            )


def parse(rows: Sequence[dict[str, str]], source: str = FILENAME,
          bib: dict | None = None, header: Sequence[str] | None = None) -> tuple[list, list]:
    """Validate rows (dicts from ``csv.DictReader``); return ``(reports, problems)``."""
    problems: list[str] = []
    if header is not None:
        missing = [c for c in COLUMNS if c not in header]
        extra = [c for c in header if c not in COLUMNS]
        if missing or extra:
            problems.append(
                f"{source}, header: missing columns {missing}, unknown columns {extra}; "
                "see assets/data/README.md."
            )
            return [], problems
    wrapped = [_Row(i, dict(r), source, problems) for i, r in enumerate(rows, start=1)]
    reports = [_parse_row(w, bib) for w in wrapped]
    _check_table(reports, wrapped, source, problems)
    return reports, problems


def path() -> Path:
    return paths.assets_dir() / "data" / FILENAME


def _read(p: Path) -> tuple[list[dict[str, str]], list[str]]:
    header, rows = content.read_csv(p, EvidenceError)
    return rows, header


def problems(p: Path | None = None) -> list[str]:
    """Every problem in the table (empty list when it is valid)."""
    p = Path(p) if p else path()
    try:
        rows, header = _read(p)
    except (OSError, ValueError) as exc:
        return [str(exc)]
    try:
        bib = citations.load()
    except (OSError, ValueError) as exc:
        return [f"{p.name}: {exc}"]
    return parse(rows, p.name, bib, header)[1]


def load(p: Path | None = None) -> list[Report]:
    """Load and validate the table; raise :class:`EvidenceError` on the first problem."""
    p = Path(p) if p else path()
    rows, header = _read(p)
    reports, found = parse(rows, p.name, citations.load(), header)
    if found:
        raise EvidenceError(found[0], found)
    return reports


# --- summaries ------------------------------------------------------------------------------

def plotted(reports: Iterable[Report]) -> list[Report]:
    """Reports flagged for the figures (drops the review and unverified rows)."""
    return [r for r in reports if r.include_in_plots]


def response_proportions(reports: Iterable[Report]) -> list[Proportion]:
    """One proportion per plotted report that gives responders out of a known n."""
    out = []
    for r in plotted(reports):
        if r.responders is None or r.n_ivig is None:
            continue
        low, high = wilson(r.responders, r.n_ivig)
        out.append(Proportion(r, r.responders, r.n_ivig, low, high))
    return out


def responders_without_denominator(reports: Iterable[Report]) -> list[Report]:
    """Reports with responder counts but no IVIG-treated denominator (no proportion possible)."""
    return [r for r in plotted(reports) if r.responders is not None and r.n_ivig is None]


def filter_reports(reports: Iterable[Report], designs: Iterable[str] | None = None,
                   min_n: int = 1, definitions: Iterable[str] | None = None) -> list[Report]:
    """The forest-plot filter as a pure function (the widget only calls this).

    A report whose size is not reported passes only while ``min_n <= 1`` (no size filter).
    """
    designs = set(designs) if designs is not None else None
    definitions = set(definitions) if definitions is not None else None
    return [
        r for r in reports
        if (designs is None or r.design in designs)
        and (definitions is None or r.outcome_definition in definitions)
        and (r.n_ivig >= min_n if r.n_ivig is not None else min_n <= 1)
    ]


def distinct_patients(reports: Iterable[Report]) -> int:
    """Patients treated with IVIG, counting each overlap group once (its largest report).

    Reports in one overlap group share patients, so their counts are never added; the
    group contributes its largest report (by ``known_treated``: a cohort that gives 13
    responders without a denominator treated at least 13). Reports with no count add nothing.
    A rough count, not a census: single case reports may also be among a cohort's patients.
    """
    total = 0
    largest: dict[str, int] = {}
    for r in reports:
        n = r.known_treated
        if n is None:
            continue
        if r.overlap_group:
            largest[r.overlap_group] = max(largest.get(r.overlap_group, 0), n)
        else:
            total += n
    return total + sum(largest.values())


def pooling_obstacles(props: Sequence[Proportion]) -> list[str]:
    """Reasons a pooled response rate over these proportions would not be honest."""
    reasons = []
    definitions = sorted({p.report.outcome_definition for p in props})
    if len(definitions) > 1:
        reasons.append(f"response is defined {len(definitions)} different ways")
    groups: dict[str, list[str]] = {}
    for p in props:
        if p.report.overlap_group:
            groups.setdefault(p.report.overlap_group, []).append(p.report.label)
    if any(len(v) > 1 for v in groups.values()):
        reasons.append("some cohorts share patients")
    if any(p.n <= 3 for p in props):
        reasons.append("most reports are single cases, published because they went well")
    if len(props) < 2:
        reasons.append("fewer than two reports are selected")
    return reasons


@dataclass(frozen=True)
class RelapseEvent:
    report: Report
    months: float
    relapsed: bool


def withdrawal_events(reports: Iterable[Report]) -> list[RelapseEvent]:
    """Each patient whose course off IVIG is timed: relapse, or remission still holding."""
    events = []
    for r in plotted(reports):
        events += [RelapseEvent(r, m, True) for m in r.months_to_relapse]
        events += [RelapseEvent(r, m, False) for m in r.months_off_without_relapse]
    return events


def by_id(reports: Iterable[Report]) -> dict[str, Report]:
    return {r.report_id: r for r in reports}


def citation_keys(reports: Iterable[Report] | None = None) -> list[str]:
    """Every key the table cites, in table order (for a lesson footer's ``also=``)."""
    reports = load() if reports is None else reports
    return list(dict.fromkeys(k for r in reports for k in r.citation_keys))
