"""The differential diagnosis of scleromyxedema: a findings matrix and a transparent ranking.

The matrix (``assets/data/ddx_features.csv``) is long: one row per condition and finding, with
the value, the source's own wording and the citation keys. Names and display order come from
``assets/data/ddx_labels.yaml``. Every condition has a row for every finding; a finding the
sources do not address is ``not_reported``, never guessed.

Values
------
``present``       typical of the condition (the sources call it usual or universal)
``absent``        absent, or called "uncommon"/"unusual" by the source
``variable``      sometimes present, or the sources disagree
``associated``    a recognised association (diabetes in scleredema): counts for the condition
                  when present, not against it when absent
``not_reported``  the sources we use do not address it

Ranking
-------
The learner marks findings ``present``, ``absent`` or ``unknown``. For each condition and each
marked finding: +1 when the condition's value agrees (present/present, absent/absent,
associated/present), -1 when it contradicts (present/absent, absent/present), 0 otherwise
(variable, not reported, associated/absent). All findings weigh the same: the matrix says what
is typical, not how often, so a weight would be a number we cannot source.

Ties are broken, in order, by fewer contradicting findings, then more supporting findings,
then the condition's display name (alphabetical), so the order never depends on the file.

Everything here is pure (no widgets, no plotting); :mod:`scleromyxedema_course.ddx_widget`
and :mod:`scleromyxedema_course.plots.ddx` sit on top.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core import content, paths
from ..core.content import CourseError
from ..refs import citations

VALUES = ("present", "absent", "variable", "associated", "not_reported")
OBSERVATIONS = ("present", "absent", "unknown")
COLUMNS = ("condition", "finding", "value", "source_wording", "citation_key")


class DdxMatrixError(CourseError, ValueError):
    """The findings matrix is malformed; the message names file, row and column."""


class DdxInputError(CourseError, ValueError):
    """The learner's findings name an unknown finding or an unknown observation."""


@dataclass(frozen=True)
class Cell:
    condition: str
    finding: str
    value: str
    source_wording: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Matrix:
    """Conditions x findings, with display names, in display order."""

    conditions: dict[str, str]  # id -> display name
    findings: dict[str, str]  # id -> display name
    groups: dict[str, str]  # finding id -> group name
    cells: dict[tuple[str, str], Cell]

    def cell(self, condition: str, finding: str) -> Cell:
        return self.cells[(condition, finding)]

    def citation_keys(self) -> list[str]:
        return list(dict.fromkeys(k for c in self.cells.values() for k in c.citations))


@dataclass(frozen=True)
class Evidence:
    finding: str
    label: str
    observed: str
    expected: str
    source_wording: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Ranked:
    condition: str
    label: str
    score: int
    supporting: tuple[Evidence, ...]
    contradicting: tuple[Evidence, ...]
    neutral: tuple[Evidence, ...]


# ---------------------------------------------------------------- building and validation


def build(rows: list[Mapping[str, str]], labels: Mapping, source: str = "ddx_features.csv"
          ) -> Matrix:
    """Validate matrix rows (dicts, as from ``csv.DictReader``) against the labels.

    Row numbers in messages are file lines: the header is line 1, the first row line 2.
    """
    conditions, findings, groups = _labels(labels, source)
    cells: dict[tuple[str, str], Cell] = {}
    first_line: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows, start=2):
        where = f"{source}, row {i}"
        for col in COLUMNS:
            if col not in row or row[col] is None:
                raise DdxMatrixError(f"{where}: column '{col}' is missing.")
        cond, find = row["condition"].strip(), row["finding"].strip()
        if cond not in conditions:
            raise DdxMatrixError(
                f"{where}, column 'condition': unknown condition '{cond}' "
                f"(known: {', '.join(conditions)})."
            )
        if find not in findings:
            raise DdxMatrixError(
                f"{where} (condition '{cond}'), column 'finding': unknown finding '{find}' "
                f"(known: {', '.join(findings)})."
            )
        where = f"{source}, row {i} (condition '{cond}', finding '{find}')"
        value = row["value"].strip()
        if value not in VALUES:
            raise DdxMatrixError(
                f"{where}, column 'value': '{value}' is not one of {', '.join(VALUES)}."
            )
        keys = tuple(k.strip() for k in row["citation_key"].split(";") if k.strip())
        if value != "not_reported" and not keys:
            raise DdxMatrixError(
                f"{where}, column 'citation_key': a '{value}' value needs a citation."
            )
        if value != "not_reported" and not row["source_wording"].strip():
            raise DdxMatrixError(
                f"{where}, column 'source_wording': say what the source states."
            )
        if (cond, find) in cells:
            raise DdxMatrixError(
                f"{where}: this condition and finding were already given in row "
                f"{first_line[(cond, find)]}."
            )
        first_line[(cond, find)] = i
        cells[(cond, find)] = Cell(cond, find, value, row["source_wording"].strip(), keys)
    for cond in conditions:
        for find in findings:
            if (cond, find) not in cells:
                raise DdxMatrixError(
                    f"{source}: no row for condition '{cond}' and finding '{find}'. "
                    "Add it, with value 'not_reported' if the sources do not address it."
                )
    return Matrix(conditions, findings, groups, cells)


def _labels(labels: Mapping, source: str) -> tuple[dict, dict, dict]:
    where = f"{source} labels"
    conds, finds = labels.get("conditions"), labels.get("findings")
    if not isinstance(conds, Mapping) or not conds:
        raise DdxMatrixError(f"{where}: 'conditions' must map ids to display names.")
    if not isinstance(finds, Mapping) or not finds:
        raise DdxMatrixError(f"{where}: 'findings' must map ids to {{label, group}}.")
    findings, groups = {}, {}
    for fid, spec in finds.items():
        if not isinstance(spec, Mapping) or not spec.get("label") or not spec.get("group"):
            raise DdxMatrixError(f"{where}: finding '{fid}' needs a 'label' and a 'group'.")
        findings[str(fid)], groups[str(fid)] = str(spec["label"]), str(spec["group"])
    return {str(k): str(v) for k, v in conds.items()}, findings, groups


def load(path: Path | None = None, labels_path: Path | None = None) -> Matrix:
    """Read and validate the course matrix."""

    data = paths.assets_dir() / "data"
    path = Path(path) if path else data / "ddx_features.csv"
    labels_path = Path(labels_path) if labels_path else data / "ddx_labels.yaml"
    labels = content.load_yaml(labels_path, DdxMatrixError)
    if not isinstance(labels, Mapping):
        raise DdxMatrixError(f"{labels_path.name}: expected 'conditions' and 'findings'.")
    header, rows = content.read_csv(path, DdxMatrixError)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise DdxMatrixError(f"{path.name}, row 1 (header): missing column(s) {missing}.")
    return build(rows, labels, source=path.name)


# ---------------------------------------------------------------- ranking

_AGREE = {("present", "present"), ("absent", "absent"), ("associated", "present")}
_CONTRADICT = {("present", "absent"), ("absent", "present")}


def _check_observations(matrix: Matrix, observations: Mapping[str, str]) -> dict[str, str]:
    clean = {}
    for finding, observed in observations.items():
        if finding not in matrix.findings:
            raise DdxInputError(
                f"Unknown finding '{finding}'. Known findings: {', '.join(matrix.findings)}."
            )
        if observed not in OBSERVATIONS:
            raise DdxInputError(
                f"Finding '{finding}': '{observed}' is not one of {', '.join(OBSERVATIONS)}."
            )
        clean[finding] = observed
    return clean


def rank(matrix: Matrix, observations: Mapping[str, str]) -> list[Ranked]:
    """Rank every condition for the learner's findings (see the module docstring).

    ``observations`` maps finding ids to ``present``, ``absent`` or ``unknown``; findings
    not named are unknown. With nothing marked, every score is 0 and the order is
    alphabetical.
    """
    marked = {
        f: o for f, o in _check_observations(matrix, observations).items() if o != "unknown"
    }
    ranked = []
    for cond, label in matrix.conditions.items():
        score, pro, con, neutral = 0, [], [], []
        for finding in matrix.findings:  # display order, so explanations read the same way
            if finding not in marked:
                continue
            cell = matrix.cell(cond, finding)
            ev = Evidence(finding, matrix.findings[finding], marked[finding], cell.value,
                          cell.source_wording, cell.citations)
            pair = (cell.value, marked[finding])
            if pair in _AGREE:
                score += 1
                pro.append(ev)
            elif pair in _CONTRADICT:
                score -= 1
                con.append(ev)
            else:
                neutral.append(ev)
        ranked.append(Ranked(cond, label, score, tuple(pro), tuple(con), tuple(neutral)))
    ranked.sort(key=lambda r: (-r.score, len(r.contradicting), -len(r.supporting),
                               r.label.lower()))
    return ranked


def discriminating_findings(matrix: Matrix, a: str, b: str) -> list[tuple[str, Cell, Cell]]:
    """Findings where conditions ``a`` and ``b`` have opposite values (present vs absent)."""
    out = []
    for finding in matrix.findings:
        ca, cb = matrix.cell(a, finding), matrix.cell(b, finding)
        if {ca.value, cb.value} == {"present", "absent"}:
            out.append((finding, ca, cb))
    return out


# ---------------------------------------------------------------- content check


def problems() -> list[str]:
    """The matrix loads, and every key it cites is in the bibliography."""
    try:
        matrix = load()
        citations.check_keys(matrix.citation_keys(), "assets/data/ddx_features.csv")
    except (ValueError, OSError) as exc:
        return [str(exc)]
    return []
