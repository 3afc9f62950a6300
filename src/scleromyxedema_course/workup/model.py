"""The work-up checklist and the prognosis table as data: load, validate, plan.

Three files under ``assets/data/`` (described in ``assets/data/README.md``):

* ``workup_checklist.csv``: one row per test, grouped by the clinical question it answers
  (rows of one question stay together, in the order written). ``when`` is ``baseline`` (order
  it for every patient with suspected scleromyxedema) or ``if indicated``; an ``if
  indicated`` row names the finding that calls for it in ``trigger``.
* ``workup_findings.csv``: the findings a trigger may name, with the label a learner reads.
* ``prognosis_outcomes.csv``: outcomes of a followed cohort, one row per outcome.

Every row carries its citation keys. Errors name the file, the row (and item) and the field.
This module is pure: no HTML, no widgets, no plotly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..core import content, paths
from ..core.content import CourseError
from ..refs import citations

CHECKLIST_FILE = "workup_checklist.csv"
FINDINGS_FILE = "workup_findings.csv"
OUTCOMES_FILE = "prognosis_outcomes.csv"

CHECKLIST_COLUMNS = ("item_id", "question", "test", "why", "when", "trigger", "citation_keys")
FINDINGS_COLUMNS = ("finding_id", "label")
OUTCOMES_COLUMNS = ("cohort", "status", "outcome", "patients", "citation_key")

BASELINE = "baseline"
IF_INDICATED = "if indicated"
WHEN = (BASELINE, IF_INDICATED)
STATUSES = ("alive", "died")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class WorkupDataError(CourseError, ValueError):
    """A work-up or prognosis data file is malformed; the message names file, row and field."""


@dataclass(frozen=True)
class Finding:
    id: str
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    test: str
    why: str
    when: str
    trigger: str
    citations: tuple[str, ...]

    @property
    def is_baseline(self) -> bool:
        return self.when == BASELINE


@dataclass(frozen=True)
class Group:
    """A clinical question and the tests that answer it, in the order written."""

    question: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    findings: tuple[Finding, ...]
    groups: tuple[Group, ...]

    def items(self) -> list[Item]:
        return [item for g in self.groups for item in g.items]

    def finding(self, finding_id: str) -> Finding:
        for f in self.findings:
            if f.id == finding_id:
                return f
        known = ", ".join(f.id for f in self.findings)
        raise WorkupDataError(f"No finding '{finding_id}'. Known findings: {known}.")


@dataclass(frozen=True)
class Outcome:
    cohort: str
    status: str
    outcome: str
    patients: int
    citations: tuple[str, ...]


def _keys(value: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in (value or "").split(";") if k.strip())


def read_rows(path: Path, columns: tuple[str, ...]) -> list[dict]:
    """The rows of a CSV as dicts, after checking that the header has every column."""
    header, rows = content.read_csv(path, WorkupDataError)
    missing = [c for c in columns if c not in header]
    if missing:
        raise WorkupDataError(
            f"{Path(path).name}, row 1 (header): missing column(s) {', '.join(missing)}."
        )
    return rows


def _require_text(row: dict, col: str, where: str) -> str:
    value = (row.get(col) or "").strip()
    if not value:
        raise WorkupDataError(f"{where}, column '{col}': is empty.")
    return value


def parse_findings(rows: list[dict], source: str = FINDINGS_FILE) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    for i, row in enumerate(rows, start=2):
        where = f"{source}, row {i}"
        fid = _require_text(row, "finding_id", where)
        if not _ID.match(fid):
            raise WorkupDataError(f"{where}, column 'finding_id': '{fid}' is not a lower-case "
                                  "kebab-case id.")
        if any(f.id == fid for f in findings):
            raise WorkupDataError(f"{where}, column 'finding_id': '{fid}' repeats.")
        findings.append(Finding(fid, _require_text(row, "label", f"{where} ({fid})")))
    if not findings:
        raise WorkupDataError(f"{source}: no findings.")
    return tuple(findings)


def parse_checklist(rows: list[dict], findings: tuple[Finding, ...],
                    source: str = CHECKLIST_FILE) -> tuple[Group, ...]:
    """Validate the checklist rows and group them by question, keeping the written order."""
    known = {f.id for f in findings}
    items: list[Item] = []
    for i, row in enumerate(rows, start=2):
        where = f"{source}, row {i}"
        item_id = _require_text(row, "item_id", where)
        where = f"{where} ({item_id})"
        if not _ID.match(item_id):
            raise WorkupDataError(f"{where}, column 'item_id': use a lower-case kebab-case id.")
        if any(it.id == item_id for it in items):
            raise WorkupDataError(f"{where}, column 'item_id': the id repeats.")
        when = (row.get("when") or "").strip()
        if when not in WHEN:
            raise WorkupDataError(f"{where}, column 'when': '{when}' is not one of "
                                  f"{', '.join(WHEN)}.")
        trigger = (row.get("trigger") or "").strip()
        if when == IF_INDICATED and not trigger:
            raise WorkupDataError(f"{where}, column 'trigger': an 'if indicated' test names "
                                  "the finding that calls for it.")
        if when == BASELINE and trigger:
            raise WorkupDataError(f"{where}, column 'trigger': a baseline test has no trigger "
                                  f"(found '{trigger}').")
        if trigger and trigger not in known:
            raise WorkupDataError(f"{where}, column 'trigger': '{trigger}' is not a finding in "
                                  f"{FINDINGS_FILE} ({', '.join(sorted(known))}).")
        keys = _keys(row.get("citation_keys", ""))
        if not keys:
            raise WorkupDataError(f"{where}, column 'citation_keys': every test needs a source.")
        items.append(Item(item_id, _require_text(row, "question", where),
                          _require_text(row, "test", where), _require_text(row, "why", where),
                          when, trigger, keys))
    if not items:
        raise WorkupDataError(f"{source}: the checklist has no rows.")
    groups: list[Group] = []
    for item in items:
        if groups and groups[-1].question == item.question:
            groups[-1] = Group(item.question, (*groups[-1].items, item))
        elif any(g.question == item.question for g in groups):
            raise WorkupDataError(
                f"{source} ({item.id}), column 'question': '{item.question}' appears again "
                "after another question; keep the rows of one question together."
            )
        else:
            groups.append(Group(item.question, (item,)))
    return tuple(groups)


def parse_outcomes(rows: list[dict], source: str = OUTCOMES_FILE) -> tuple[Outcome, ...]:
    outcomes: list[Outcome] = []
    for i, row in enumerate(rows, start=2):
        where = f"{source}, row {i}"
        cohort = _require_text(row, "cohort", where)
        outcome = _require_text(row, "outcome", where)
        status = (row.get("status") or "").strip()
        if status not in STATUSES:
            raise WorkupDataError(f"{where}, column 'status': '{status}' is not one of "
                                  f"{', '.join(STATUSES)}.")
        raw = (row.get("patients") or "").strip()
        if not raw.isdigit() or int(raw) < 1:
            raise WorkupDataError(f"{where}, column 'patients': '{raw}' is not a whole number "
                                  "of at least 1.")
        keys = _keys(row.get("citation_key", ""))
        if not keys:
            raise WorkupDataError(f"{where}, column 'citation_key': every row needs a source.")
        outcomes.append(Outcome(cohort, status, outcome, int(raw), keys))
    if not outcomes:
        raise WorkupDataError(f"{source}: no outcomes.")
    return tuple(outcomes)


def _data_dir(folder: Path | None) -> Path:
    return Path(folder) if folder else paths.assets_dir() / "data"


def load_checklist(folder: Path | None = None) -> Checklist:
    """The work-up checklist and its findings, validated."""
    data = _data_dir(folder)
    findings = parse_findings(read_rows(data / FINDINGS_FILE, FINDINGS_COLUMNS))
    groups = parse_checklist(read_rows(data / CHECKLIST_FILE, CHECKLIST_COLUMNS), findings)
    return Checklist(findings, groups)


def load_outcomes(folder: Path | None = None) -> tuple[Outcome, ...]:
    return parse_outcomes(read_rows(_data_dir(folder) / OUTCOMES_FILE, OUTCOMES_COLUMNS))


def plan(checklist: Checklist, present: Iterable[str] = ()) -> tuple[Group, ...]:
    """The tests to order: every baseline test, plus each test whose trigger is present.

    Groups keep their order; a question left with no test is dropped."""
    present = set(present)
    for fid in present:
        checklist.finding(fid)  # raises with the known ids
    groups = []
    for g in checklist.groups:
        chosen = tuple(it for it in g.items if it.is_baseline or it.trigger in present)
        if chosen:
            groups.append(Group(g.question, chosen))
    return tuple(groups)


def citation_keys(folder: Path | None = None) -> list[str]:
    """Keys cited by the checklist and the prognosis table, first use first."""
    keys = [k for it in load_checklist(folder).items() for k in it.citations]
    keys += [k for o in load_outcomes(folder) for k in o.citations]
    return list(dict.fromkeys(keys))


def problems(folder: Path | None = None) -> list[str]:
    """Every problem with the work-up and prognosis data, for ``smx-course check``."""
    found = []
    for loader, name in ((load_checklist, CHECKLIST_FILE), (load_outcomes, OUTCOMES_FILE)):
        try:
            data = loader(folder)
            rows = data.items() if isinstance(data, Checklist) else data
            citations.check_keys([k for r in rows for k in r.citations], f"assets/data/{name}")
        except (ValueError, OSError) as exc:
            found.append(str(exc))
    return found
