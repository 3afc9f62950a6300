"""The diagnostic criteria of lichen myxedematosus (Rongioletti & Rebora 2001), as a function.

:func:`classify` takes a patient's findings, each ``True`` (present), ``False`` (absent) or
``None`` (not known yet), and returns the classification under the 2001 criteria together
with the reason for every criterion::

    >>> r = classify(Findings(generalized_eruption=True, mucin=True,
    ...     fibroblast_proliferation=True, fibrosis=True,
    ...     monoclonal_gammopathy=True, thyroid_disease=False))
    >>> r.label
    'scleromyxedema'

Scleromyxedema needs all four: (1) a generalized papular and sclerodermoid eruption;
(2) mucin deposition, fibroblast proliferation and fibrosis; (3) a monoclonal gammopathy;
(4) no thyroid disease. Localized lichen myxedematosus needs a papular (or nodular or plaque)
eruption, mucin with variable fibroblast proliferation, and neither a gammopathy nor thyroid
disease. Cases that meet neither definition fully are "atypical" (intermediate).

A later restatement lets criterion 2 be met by an interstitial granuloma-annulare-like
pattern instead of the classic triad (``accept_ga_pattern=True``). As in both 2001
definitions, this checker asks for dermal mucin in every form.

Unknown findings are handled exactly: the function tries every way the unknowns could turn
out, and only if they could change the answer does it say "cannot classify yet" and name
the findings that matter.

This module is pure: no widgets, no plotting, no file access.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, fields, replace

from ..core.content import CourseError

# Classification labels.
SCLEROMYXEDEMA = "scleromyxedema"
LOCALIZED = "localized"
ATYPICAL = "atypical"
THYROID = "thyroid"
NOT_LM = "not-lm"
INCOMPLETE = "incomplete"

TITLES = {
    SCLEROMYXEDEMA: "Scleromyxedema (generalized lichen myxedematosus)",
    LOCALIZED: "Localized lichen myxedematosus",
    ATYPICAL: "Atypical (intermediate) lichen myxedematosus",
    THYROID: "Not lichen myxedematosus: thyroid disease points to a thyroid-associated mucinosis",
    NOT_LM: "Not lichen myxedematosus under these criteria",
    INCOMPLETE: "Cannot classify yet",
}

MET, UNMET, UNKNOWN = "met", "not met", "unknown"


class FindingsError(CourseError, ValueError):
    """A finding has a value other than True, False or None; the message names it."""


@dataclass(frozen=True)
class Findings:
    """What is known about a patient. ``None`` means not examined or not known yet."""

    generalized_eruption: bool | None = None
    localized_eruption: bool | None = None
    mucin: bool | None = None
    fibroblast_proliferation: bool | None = None
    fibrosis: bool | None = None
    ga_like_pattern: bool | None = None
    monoclonal_gammopathy: bool | None = None
    thyroid_disease: bool | None = None

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and not isinstance(value, bool):
                raise FindingsError(
                    f"Finding '{f.name}' is {value!r}; use True (present), False (absent) "
                    "or None (not known)."
                )


FINDING_NAMES = tuple(f.name for f in fields(Findings))

# Plain-words label of each finding, in the order a clinician meets them.
FINDING_LABELS = {
    "generalized_eruption": "Generalized papular and sclerodermoid eruption",
    "localized_eruption": "Localized papules, nodules or plaques",
    "mucin": "Dermal mucin on biopsy",
    "fibroblast_proliferation": "Fibroblast proliferation on biopsy",
    "fibrosis": "Fibrosis on biopsy",
    "ga_like_pattern": "Interstitial granuloma-annulare-like pattern on biopsy",
    "monoclonal_gammopathy": "Monoclonal gammopathy (serum immunofixation)",
    "thyroid_disease": "Thyroid disease",
}

FINDING_SHORT = {
    "generalized_eruption": "generalized eruption",
    "localized_eruption": "localized eruption",
    "mucin": "mucin",
    "fibroblast_proliferation": "fibroblast proliferation",
    "fibrosis": "fibrosis",
    "ga_like_pattern": "granuloma-annulare-like pattern",
    "monoclonal_gammopathy": "monoclonal gammopathy",
    "thyroid_disease": "thyroid status",
}


@dataclass(frozen=True)
class Criterion:
    """One criterion of one definition, with its status for this patient."""

    definition: str  # SCLEROMYXEDEMA or LOCALIZED
    number: int
    text: str
    status: str  # MET, UNMET or UNKNOWN
    reason: str


@dataclass(frozen=True)
class Result:
    label: str
    title: str
    explanation: str
    criteria: tuple[Criterion, ...]
    missing: tuple[str, ...] = ()  # unknown findings that could change the label
    notes: tuple[str, ...] = ()

    def criteria_for(self, definition: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.definition == definition)


# Three-valued logic: True, False, or None (unknown).
def _and(*values):
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(*values):
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _not(value):
    return None if value is None else not value


def _status(value) -> str:
    return {True: MET, False: UNMET, None: UNKNOWN}[value]


def histology_met(f: Findings, accept_ga_pattern: bool = False):
    """Criterion 2 of scleromyxedema, three-valued."""
    triad = _and(f.mucin, f.fibroblast_proliferation, f.fibrosis)
    if not accept_ga_pattern:
        return triad
    return _or(triad, _and(f.mucin, f.ga_like_pattern))


def _label_complete(f: Findings, accept_ga_pattern: bool) -> str:
    """The label when every finding that is used is known."""
    if f.mucin is False:
        return NOT_LM
    if not (f.generalized_eruption or f.localized_eruption):
        return NOT_LM
    if f.thyroid_disease:
        return THYROID
    if f.generalized_eruption:
        if histology_met(f, accept_ga_pattern) and f.monoclonal_gammopathy:
            return SCLEROMYXEDEMA
        return ATYPICAL
    # A localized eruption with mucin and no thyroid disease.
    return ATYPICAL if f.monoclonal_gammopathy else LOCALIZED


def _completions(f: Findings):
    unknown = [n for n in FINDING_NAMES if getattr(f, n) is None]
    for values in itertools.product((True, False), repeat=len(unknown)):
        yield replace(f, **dict(zip(unknown, values, strict=True)))


def _criteria(f: Findings, accept_ga_pattern: bool) -> tuple[Criterion, ...]:
    hist = histology_met(f, accept_ga_pattern)
    hist_text = (
        "Mucin deposition, fibroblast proliferation and fibrosis"
        + (" (or mucin with an interstitial granuloma-annulare-like pattern)"
           if accept_ga_pattern else "")
    )
    triad_parts = {
        "mucin": f.mucin, "fibroblast proliferation": f.fibroblast_proliferation,
        "fibrosis": f.fibrosis,
    }
    absent = [k for k, v in triad_parts.items() if v is False]
    unknown = [k for k, v in triad_parts.items() if v is None]
    if hist is True:
        hist_reason = ("The biopsy shows the full triad." if _and(*triad_parts.values())
                       else "The biopsy shows mucin with a granuloma-annulare-like pattern.")
    elif hist is False:
        hist_reason = f"The biopsy lacks {_join(absent)}." if absent else (
            "Neither the triad nor the granuloma-annulare-like pattern is present.")
        if accept_ga_pattern and absent and f.mucin and f.ga_like_pattern is False:
            hist_reason += " No granuloma-annulare-like pattern either."
    else:
        hist_reason = f"Not yet known: {_join(unknown) or 'the granuloma-annulare-like pattern'}."

    def reason(value, yes, no, unknown_text):
        return {True: yes, False: no, None: unknown_text}[value]

    sm = (
        Criterion(SCLEROMYXEDEMA, 1, "Generalized papular and sclerodermoid eruption",
                  _status(f.generalized_eruption),
                  reason(f.generalized_eruption, "The eruption is generalized and sclerodermoid.",
                         "There is no generalized sclerodermoid eruption.",
                         "The extent of the eruption is not recorded.")),
        Criterion(SCLEROMYXEDEMA, 2, hist_text, _status(hist), hist_reason),
        Criterion(SCLEROMYXEDEMA, 3, "Monoclonal gammopathy", _status(f.monoclonal_gammopathy),
                  reason(f.monoclonal_gammopathy, "A monoclonal protein is present.",
                         "No monoclonal protein was found.",
                         "Protein electrophoresis and immunofixation are still to be done.")),
        Criterion(SCLEROMYXEDEMA, 4, "No thyroid disease", _status(_not(f.thyroid_disease)),
                  reason(f.thyroid_disease, "Thyroid disease is present, which excludes it.",
                         "Thyroid disease is absent.", "Thyroid function is not yet known.")),
    )
    # The localized form's eruption: papules, nodules or plaques that are not the generalized
    # sclerodermoid eruption (which is criterion 1 of scleromyxedema), as in _label_complete.
    erupt = _and(f.localized_eruption, _not(f.generalized_eruption))
    no_mgus_no_thyroid = _and(_not(f.monoclonal_gammopathy), _not(f.thyroid_disease))
    lm = (
        Criterion(LOCALIZED, 1, "Localized papular (or nodular or plaque) eruption",
                  _status(erupt),
                  reason(erupt, "Localized papules, nodules or plaques are present.",
                         "The eruption is generalized and sclerodermoid: criterion 1 of "
                         "scleromyxedema, not of the localized form." if f.generalized_eruption
                         else "There is no localized papular eruption.",
                         "The eruption is not described yet.")),
        Criterion(LOCALIZED, 2, "Mucin with variable fibroblast proliferation",
                  _status(f.mucin),
                  reason(f.mucin, "The biopsy shows dermal mucin.", "The biopsy shows no mucin.",
                         "No biopsy result yet.")),
        Criterion(LOCALIZED, 3, "No monoclonal gammopathy and no thyroid disease",
                  _status(no_mgus_no_thyroid),
                  reason(no_mgus_no_thyroid, "Neither is present.",
                         "A gammopathy or thyroid disease is present.",
                         "Gammopathy or thyroid status is not yet known.")),
    )
    return sm + lm


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _explain(label: str, f: Findings, missing: tuple[str, ...]) -> str:
    if label == INCOMPLETE:
        names = [FINDING_SHORT[m] for m in missing]
        return (f"The answer still depends on: {_join(names)}. "
                "Complete these findings before naming the disease.")
    if label == SCLEROMYXEDEMA:
        return "All four criteria of scleromyxedema are met."
    if label == LOCALIZED:
        return "All three criteria of localized lichen myxedematosus are met."
    if label == THYROID:
        return ("Thyroid disease excludes lichen myxedematosus under the 2001 criteria; "
                "think of a thyroid-associated mucinosis such as pretibial myxoedema.")
    if label == NOT_LM:
        if f.mucin is False:
            return "Without dermal mucin this is not a mucinosis at all."
        return "Without a papular eruption the criteria do not apply."
    # ATYPICAL
    if f.generalized_eruption and f.monoclonal_gammopathy is False:
        return ("A generalized eruption without a monoclonal gammopathy meets neither "
                "definition fully: an atypical form under the 2001 scheme.")
    if f.generalized_eruption:
        return ("A generalized eruption with mucin but without the full histological "
                "criterion meets neither definition fully: an atypical form.")
    return ("A localized eruption with a monoclonal gammopathy meets neither definition "
            "fully: an atypical form under the 2001 scheme.")


NOTE_DISPUTED = (
    "The gammopathy and thyroid criteria are disputed: some patients without a gammopathy are "
    "reported and treated as scleromyxedema, and the thyroid exclusion has been challenged."
)
NOTE_GA = (
    "A later restatement accepts an interstitial granuloma-annulare-like pattern in place of "
    "the classic triad for criterion 2 (secondary source)."
)


def classify(findings: Findings, accept_ga_pattern: bool = False) -> Result:
    """Classify under the 2001 criteria; with ``accept_ga_pattern`` use the later variant."""
    if not isinstance(findings, Findings):
        raise FindingsError(f"classify() takes a Findings object, not {type(findings).__name__}.")
    labels = {c: _label_complete(c, accept_ga_pattern) for c in _completions(findings)}
    possible = set(labels.values())
    if len(possible) == 1:
        label = possible.pop()
        missing: tuple[str, ...] = ()
    else:
        label = INCOMPLETE
        matters = set()
        for c, lab in labels.items():
            for name in FINDING_NAMES:
                if getattr(findings, name) is None:
                    flipped = replace(c, **{name: not getattr(c, name)})
                    if labels[flipped] != lab:
                        matters.add(name)
        missing = tuple(n for n in FINDING_NAMES if n in matters)
    notes = []
    if label in (ATYPICAL, THYROID) or (
        label == INCOMPLETE and {"monoclonal_gammopathy", "thyroid_disease"} & set(missing)
    ):
        notes.append(NOTE_DISPUTED)
    if accept_ga_pattern or findings.ga_like_pattern:
        notes.append(NOTE_GA)
    title = TITLES[label]
    if label == INCOMPLETE:
        title += ": missing " + _join([FINDING_SHORT[m] for m in missing])
    return Result(
        label=label,
        title=title,
        explanation=_explain(label, findings, missing),
        criteria=_criteria(findings, accept_ga_pattern),
        missing=missing,
        notes=tuple(notes),
    )
