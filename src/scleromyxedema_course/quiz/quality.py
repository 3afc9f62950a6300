"""Item quality: does a bank test judgement, or can a test-wise learner pass it?

A pure rule over loaded banks (no I/O, nothing registered on import). ``smx-course check``
calls :func:`problems`; :func:`figures` gives the numbers behind it, per bank and overall.

What it measures (medical review, section 6; issue 17):

* **Length cue.** Among single-answer items with text options, the share whose key is the
  *unique longest* option (in characters, Markdown marks removed) must be at most
  :data:`MAX_LONGEST_SHARE` in every bank and over all banks. Items whose options are only
  labels (image items answered "A" ... "E") are not counted: length cannot cue them.
* **Absolute words.** No option of a choice question uses one of :data:`ABSOLUTE_WORDS`
  unless the bank marks that option ``absolute_ok: true`` (a deliberate exception).
* **Format.** No "select all that apply" (``type: multiple``) items; no "all/none of the
  above" options; feedback does not open with its own verdict ("Right:", "Wrong:",
  "Correct:", "Incorrect:"), since every view adds the label.
* **Vignettes for application.** Each objective whose text starts with an application verb
  (:data:`APPLICATION_VERBS`: apply, plan, choose, distinguish, separate, rank, recognise,
  decide, manage, respond, interpret) has at least one item marked ``vignette: true``. A
  marked stem must read like a case: at least :data:`MIN_VIGNETTE_CHARS` characters and a
  person in it (a patient, a woman, a 58-year-old, he/she ...).

The verb list is deliberately short. "Describe ... and work out the dose" starts with a
recall verb and is tested by numeric items; "Contrast" and "Weigh" are analysis and
evaluation, tested by comparison items rather than cases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .model import Bank, Question, plain

MAX_LONGEST_SHARE = 0.35
ABSOLUTE_WORDS = (
    "never", "always", "every", "all", "none", "only", "exactly", "must", "cannot", "can't",
)
APPLICATION_VERBS = (
    "apply", "plan", "choose", "distinguish", "separate", "rank", "recognise", "recognize",
    "decide", "manage", "respond", "interpret",
)
MIN_VIGNETTE_CHARS = 100
VERDICT_OPENINGS = ("right", "wrong", "correct", "incorrect")

_ABSOLUTE = re.compile(r"\b(" + "|".join(re.escape(w) for w in ABSOLUTE_WORDS) + r")\b", re.I)
_ABOVE = re.compile(r"\b(all|none|both|neither) of the above\b", re.I)
_VERDICT = re.compile(r"^\s*(" + "|".join(VERDICT_OPENINGS) + r")\b\s*[:.!,-]", re.I)
_PERSON = re.compile(
    r"\b(patient|man|woman|men|women|boy|girl|child|infant|he|she|his|her|"
    r"\d{1,3}-year-old|aged \d{1,3})\b",
    re.I,
)
_LABEL_MAX = 3  # options of at most this many characters are labels ("A", "B", ...)


@dataclass(frozen=True)
class BankFigures:
    """The length-cue count for one bank (or ``slug="all"`` for every bank together)."""

    slug: str
    counted: int  # single-answer items with text options
    key_longest: int  # ... whose key is the unique longest option
    vignettes: int
    items: int

    @property
    def share(self) -> float:
        return self.key_longest / self.counted if self.counted else 0.0


def _len(text: str) -> int:
    return len(plain(text).strip())


def key_is_unique_longest(q: Question) -> bool | None:
    """True/False for a countable single-answer item, ``None`` if the item is not counted."""
    if q.type != "single" or not q.options:
        return None
    lengths = [_len(o.text) for o in q.options]
    if max(lengths) <= _LABEL_MAX:
        return None
    keys = [i for i, o in enumerate(q.options) if o.correct]
    if len(keys) != 1:
        return None
    k = keys[0]
    return all(lengths[k] > n for i, n in enumerate(lengths) if i != k)


def figures(banks: Iterable[Bank]) -> list[BankFigures]:
    """One row per bank, then a row ``all`` with the totals."""
    rows = []
    for bank in banks:
        flags = [key_is_unique_longest(q) for q in bank.questions]
        rows.append(
            BankFigures(
                bank.slug,
                counted=sum(f is not None for f in flags),
                key_longest=sum(f is True for f in flags),
                vignettes=sum(q.vignette for q in bank.questions),
                items=len(bank.questions),
            )
        )
    rows.append(
        BankFigures(
            "all",
            counted=sum(r.counted for r in rows),
            key_longest=sum(r.key_longest for r in rows),
            vignettes=sum(r.vignettes for r in rows),
            items=sum(r.items for r in rows),
        )
    )
    return rows


def is_application(objective_text: str) -> bool:
    """Does the objective's first word ask for application (see the module docstring)?"""
    words = re.findall(r"[a-z]+", objective_text.lower())
    return bool(words) and words[0] in APPLICATION_VERBS


def vignette_stem_problem(q: Question) -> str | None:
    """Why a stem marked ``vignette: true`` does not read like a case, or ``None``."""
    text = plain(q.text)
    if len(text) < MIN_VIGNETTE_CHARS:
        return (
            f"marked vignette: true, but the stem has {len(text)} characters; a case needs "
            f"at least {MIN_VIGNETTE_CHARS} (who, what is found, what is asked)."
        )
    if not _PERSON.search(text):
        return "marked vignette: true, but the stem names no patient (a person with findings)."
    return None


def _where(bank: Bank, q: Question | None, field: str) -> str:
    path = bank.path
    file = f"quizzes/{path.name}" if isinstance(path, Path) else f"bank {bank.slug}"
    parts = [file]
    if q is not None:
        if q.line:
            parts.append(f"line {q.line}")
        parts.append(f"question {q.id}")
    if field:
        parts.append(f"field '{field}'")
    return ", ".join(parts)


def _feedback_texts(q: Question) -> list[tuple[str, str]]:
    out = [(f"options.{i}.feedback", o.feedback) for i, o in enumerate(q.options)]
    out += [(f"feedback.{k}", v) for k, v in sorted(q.feedback.items())]
    return out


def item_problems(bank: Bank) -> list[str]:
    """Problems of single items in one bank (absolute words, format, verdicts, stems)."""
    out = []
    for q in bank.questions:
        if q.type == "multiple":
            out.append(
                f"{_where(bank, q, 'type')}: a 'select all that apply' item; rewrite it as a "
                "single best answer with 4-5 homogeneous options."
            )
        for i, o in enumerate(q.options):
            if _ABOVE.search(plain(o.text)):
                out.append(
                    f"{_where(bank, q, f'options.{i}.text')}: 'all/none of the above' rewards "
                    "test-wiseness; write a specific option."
                )
            m = _ABSOLUTE.search(plain(o.text))
            if m and not o.absolute_ok:
                out.append(
                    f"{_where(bank, q, f'options.{i}.text')}: the absolute word "
                    f"{m.group(1)!r} cues the option as wrong; rephrase it, or mark the option "
                    "absolute_ok: true if the word is the point."
                )
        for field, text in _feedback_texts(q):
            m = _VERDICT.match(plain(text))
            if m:
                out.append(
                    f"{_where(bank, q, field)}: feedback opens with {m.group(1)!r}; the quiz "
                    "adds its own label, so start with the reason."
                )
        if q.vignette:
            why = vignette_stem_problem(q)
            if why:
                out.append(f"{_where(bank, q, 'text')}: {why}")
    return out


def problems(banks: Iterable[Bank], objectives: Mapping[str, str]) -> list[str]:
    """Every item-quality problem in ``banks``.

    ``objectives`` maps objective id to its text (from the lessons' ``smx.objectives``); the
    caller supplies it, so this module needs nothing beyond the quiz model.
    """
    banks = list(banks)
    out: list[str] = []
    for bank in banks:
        out += item_problems(bank)
    rows = figures(banks)
    for bank, row in zip(banks, rows, strict=False):
        if row.share > MAX_LONGEST_SHARE:
            longest = [q.id for q in bank.questions if key_is_unique_longest(q)]
            out.append(
                f"{_where(bank, None, '')}: the key is the unique longest option in "
                f"{row.key_longest} of {row.counted} single-answer items ({row.share:.0%}; "
                f"at most {MAX_LONGEST_SHARE:.0%}): {', '.join(longest)}."
            )
    total = rows[-1]
    if total.share > MAX_LONGEST_SHARE:
        out.append(
            f"all quiz banks: the key is the unique longest option in {total.key_longest} of "
            f"{total.counted} single-answer items ({total.share:.0%}; at most "
            f"{MAX_LONGEST_SHARE:.0%})."
        )
    covered: dict[str, list[str]] = {}
    for bank in banks:
        for q in bank.questions:
            if q.vignette and vignette_stem_problem(q) is None:
                for obj in q.objectives:
                    covered.setdefault(obj, []).append(q.id)
    tested = {obj for bank in banks for q in bank.questions for obj in q.objectives}
    banked = {b.slug for b in banks}
    for obj, text in sorted(objectives.items()):
        if not is_application(text) or obj in covered:
            continue
        if obj.split("/")[0] not in banked and obj not in tested:
            continue  # a lesson without a bank (welcome, self-assessment)
        out.append(
            f"objective {obj} ({text!r}) asks for application, but no item marked "
            "vignette: true tests it; add a clinical vignette item."
        )
    return out


def table(banks: Iterable[Bank]) -> str:
    """The figures as a small text table (for reports and the command line)."""
    lines = ["bank                     items  counted  key-longest  share  vignettes"]
    for r in figures(banks):
        lines.append(
            f"{r.slug:<24} {r.items:>5}  {r.counted:>7}  {r.key_longest:>11}  "
            f"{r.share:>5.0%}  {r.vignettes:>9}"
        )
    return "\n".join(lines)
