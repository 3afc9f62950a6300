"""The 2014 clinical case (J Clin Aesthet Dermatol 2014;7(5):45-47) as data.

Two files under ``assets/data/``:

* ``case_2014_timeline.csv``: the dated course, one event per row, with the lines of the
  source text (the published report) it comes from. The report gives few
  calendar dates and two of them conflict, so the drawing axis is "months, where the report
  states a duration"; ``scale`` says whether a position follows from the report
  (``stated``) or is only drawn for order (``not stated``), and ``date_note`` records every
  place where the source's dates or statements do not fit together. Nothing is smoothed.
* ``case_2014_steps.yaml``: the case told in steps, each with a decision question and its
  answer. ``case.views.step_html`` renders a step with its answer inside ``<details>``,
  which opens on click in JupyterLab, in exported HTML and in reveal.js slides, with no kernel
  and no JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core import content, paths
from ..core.content import CourseError
from ..refs import citations

TIMELINE_COLUMNS = ("step", "event", "kind", "axis_start", "axis_end", "scale",
                    "duration_text", "stated_date", "source_lines", "date_note",
                    "citation_key")
KINDS = ("symptoms", "hospital", "relapse", "diagnosis", "test", "ivig", "pause",
         "maintenance", "stop")
SCALES = ("stated", "not stated")


class CaseDataError(CourseError, ValueError):
    """The case's timeline or steps are malformed; the message names file, row and field."""


@dataclass(frozen=True)
class Event:
    step: int
    event: str
    kind: str
    start: float
    end: float
    scale: str
    duration_text: str
    stated_date: str
    source_lines: str
    date_note: str
    citations: tuple[str, ...]

    @property
    def is_period(self) -> bool:
        return self.end > self.start


def parse_timeline(rows: list[dict], source: str = "case_2014_timeline.csv") -> list[Event]:
    """Validate timeline rows (dicts from ``csv.DictReader``); line 1 is the header."""
    events: list[Event] = []
    for i, row in enumerate(rows, start=2):
        where = f"{source}, row {i}"
        for col in TIMELINE_COLUMNS:
            if row.get(col) is None:
                raise CaseDataError(f"{where}: column '{col}' is missing.")
        try:
            step = int(row["step"])
        except ValueError:
            raise CaseDataError(f"{where}, column 'step': '{row['step']}' is not a whole "
                                "number.") from None
        if events and step <= events[-1].step:
            raise CaseDataError(f"{where}, column 'step': steps must increase ({step} after "
                                f"{events[-1].step}).")
        nums = []
        for col in ("axis_start", "axis_end"):
            try:
                nums.append(float(row[col]))
            except ValueError:
                raise CaseDataError(f"{where}, column '{col}': '{row[col]}' is not a "
                                    "number.") from None
        start, end = nums
        if end < start:
            raise CaseDataError(f"{where}, column 'axis_end': ends ({end}) before it starts "
                                f"({start}).")
        if row["kind"] not in KINDS:
            raise CaseDataError(f"{where}, column 'kind': '{row['kind']}' is not one of "
                                f"{', '.join(KINDS)}.")
        if row["scale"] not in SCALES:
            raise CaseDataError(f"{where}, column 'scale': '{row['scale']}' is not one of "
                                f"{', '.join(SCALES)}.")
        if not re.fullmatch(r"\d+(-\d+)?", row["source_lines"].strip()):
            raise CaseDataError(f"{where}, column 'source_lines': give a line or a range "
                                "such as 46-53.")
        keys = tuple(k.strip() for k in row["citation_key"].split(";") if k.strip())
        if not keys:
            raise CaseDataError(f"{where}, column 'citation_key': every event needs a source.")
        if not row["event"].strip():
            raise CaseDataError(f"{where}, column 'event': describe the event.")
        events.append(Event(step, row["event"].strip(), row["kind"], start, end, row["scale"],
                            row["duration_text"].strip(), row["stated_date"].strip(),
                            row["source_lines"].strip(), row["date_note"].strip(), keys))
    if not events:
        raise CaseDataError(f"{source}: the timeline has no events.")
    return events


def load_timeline(path: Path | None = None) -> list[Event]:
    """The 2014 case's course, validated, in order."""
    path = Path(path) if path else paths.assets_dir() / "data" / "case_2014_timeline.csv"
    header, rows = content.read_csv(path, CaseDataError)
    missing = [c for c in TIMELINE_COLUMNS if c not in header]
    if missing:
        raise CaseDataError(f"{path.name}, row 1 (header): missing column(s) {missing}.")
    return parse_timeline(rows, source=path.name)


def date_conflicts(events: list[Event]) -> list[Event]:
    """Events whose dates or statements do not fit with the rest of the report."""
    return [e for e in events if e.date_note]


# ---------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    story: str
    question: str
    answer: str
    citations: tuple[str, ...]
    quiz: tuple[str, ...] = ()


STEP_FIELDS = ("id", "title", "story", "question", "answer", "citations")


def parse_steps(data, source: str = "case_2014_steps.yaml") -> list[Step]:
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise CaseDataError(f"{source}: expected a mapping with a list under 'steps'.")
    steps: list[Step] = []
    for i, item in enumerate(data["steps"], start=1):
        where = f"{source}, step {i}"
        if not isinstance(item, dict):
            raise CaseDataError(f"{where}: each step is a mapping.")
        for name in STEP_FIELDS:
            value = item.get(name)
            if name == "citations":
                if not isinstance(value, list) or not value:
                    raise CaseDataError(f"{where} ({item.get('id', '?')}): 'citations' must "
                                        "be a non-empty list of keys.")
            elif not isinstance(value, str) or not value.strip():
                raise CaseDataError(f"{where} ({item.get('id', '?')}): '{name}' is missing.")
        if any(s.id == item["id"] for s in steps):
            raise CaseDataError(f"{where}: id '{item['id']}' repeats.")
        quiz = item.get("quiz", [])
        if not isinstance(quiz, list):
            raise CaseDataError(f"{where} ({item['id']}): 'quiz' must be a list of ids.")
        steps.append(Step(item["id"], item["title"].strip(), item["story"].strip(),
                          item["question"].strip(), item["answer"].strip(),
                          tuple(item["citations"]), tuple(quiz)))
    return steps


def steps_path() -> Path:
    return paths.assets_dir() / "data" / "case_2014_steps.yaml"


def load_steps(path: Path | None = None) -> list[Step]:
    path = Path(path) if path else steps_path()
    data = content.load_yaml(path, CaseDataError)
    return parse_steps(data, source=path.name)


def citation_keys() -> list[str]:
    keys = [k for s in load_steps() for k in s.citations]
    keys += [k for e in load_timeline() for k in e.citations]
    return list(dict.fromkeys(keys))


def problems() -> list[str]:
    """Both case files load, and every key they cite is in the bibliography."""
    problems = []
    for loader, name in ((load_timeline, "case_2014_timeline.csv"),
                         (load_steps, "case_2014_steps.yaml")):
        try:
            items = loader()
            keys = [k for it in items for k in it.citations]
            citations.check_keys(keys, f"assets/data/{name}")
        except (ValueError, OSError) as exc:
            problems.append(str(exc))
    return problems
