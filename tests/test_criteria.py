"""The 2001 criteria classifier: every combination that matters, and unknown findings."""

import itertools

import pytest

from scleromyxedema_course.criteria import Findings, classify
from scleromyxedema_course.criteria import model as c

FULL_SM = dict(
    generalized_eruption=True, localized_eruption=False, mucin=True,
    fibroblast_proliferation=True, fibrosis=True, ga_like_pattern=False,
    monoclonal_gammopathy=True, thyroid_disease=False,
)
LOCALIZED = dict(
    generalized_eruption=False, localized_eruption=True, mucin=True,
    fibroblast_proliferation=False, fibrosis=False, ga_like_pattern=False,
    monoclonal_gammopathy=False, thyroid_disease=False,
)


def sm(**changes):
    return Findings(**{**FULL_SM, **changes})


def loc(**changes):
    return Findings(**{**LOCALIZED, **changes})


@pytest.mark.parametrize(
    "findings, label",
    [
        (sm(), c.SCLEROMYXEDEMA),
        # Criterion 3 unmet: no gammopathy -> atypical, not scleromyxedema.
        (sm(monoclonal_gammopathy=False), c.ATYPICAL),
        # Criterion 4 unmet: thyroid disease excludes LM altogether.
        (sm(thyroid_disease=True), c.THYROID),
        (sm(thyroid_disease=True, monoclonal_gammopathy=False), c.THYROID),
        (loc(thyroid_disease=True), c.THYROID),
        # Criterion 2 incomplete: mucin without the full triad.
        (sm(fibrosis=False), c.ATYPICAL),
        (sm(fibroblast_proliferation=False), c.ATYPICAL),
        (sm(fibroblast_proliferation=False, fibrosis=False), c.ATYPICAL),
        # No mucin: not a mucinosis, whatever else is present.
        (sm(mucin=False), c.NOT_LM),
        (loc(mucin=False), c.NOT_LM),
        # No eruption at all.
        (sm(generalized_eruption=False), c.NOT_LM),
        # Localized forms.
        (loc(), c.LOCALIZED),
        (loc(fibroblast_proliferation=True), c.LOCALIZED),  # variable fibroblasts allowed
        (loc(monoclonal_gammopathy=True), c.ATYPICAL),
        # A generalized eruption wins over a localized one.
        (sm(localized_eruption=True), c.SCLEROMYXEDEMA),
    ],
)
def test_complete_findings(findings, label):
    result = classify(findings)
    assert result.label == label
    assert result.title == c.TITLES[label]
    assert result.missing == ()
    assert result.explanation


def test_ga_like_pattern_counts_only_under_the_later_variant():
    f = sm(fibroblast_proliferation=False, fibrosis=False, ga_like_pattern=True)
    assert classify(f).label == c.ATYPICAL
    later = classify(f, accept_ga_pattern=True)
    assert later.label == c.SCLEROMYXEDEMA
    assert c.NOTE_GA in later.notes
    # The GA-like pattern without mucin is still not a mucinosis.
    assert classify(sm(mucin=False, ga_like_pattern=True),
                    accept_ga_pattern=True).label == c.NOT_LM


def test_every_complete_combination_gets_a_definite_label():
    for values in itertools.product((True, False), repeat=len(c.FINDING_NAMES)):
        f = Findings(**dict(zip(c.FINDING_NAMES, values, strict=True)))
        for variant in (False, True):
            r = classify(f, accept_ga_pattern=variant)
            assert r.label != c.INCOMPLETE and r.missing == ()
            assert len(r.criteria) == 7


def test_scleromyxedema_only_when_all_four_criteria_are_met():
    for values in itertools.product((True, False), repeat=len(c.FINDING_NAMES)):
        f = Findings(**dict(zip(c.FINDING_NAMES, values, strict=True)))
        r = classify(f)
        four = r.criteria_for(c.SCLEROMYXEDEMA)
        assert (r.label == c.SCLEROMYXEDEMA) == all(x.status == c.MET for x in four)


@pytest.mark.parametrize(
    "findings, missing",
    [
        (sm(monoclonal_gammopathy=None), ("monoclonal_gammopathy",)),
        (sm(thyroid_disease=None), ("thyroid_disease",)),
        (sm(fibrosis=None), ("fibrosis",)),
        (loc(monoclonal_gammopathy=None, thyroid_disease=None),
         ("monoclonal_gammopathy", "thyroid_disease")),
    ],
)
def test_unknown_findings_that_matter_are_named(findings, missing):
    r = classify(findings)
    assert r.label == c.INCOMPLETE
    assert r.missing == missing
    for name in missing:
        assert c.FINDING_SHORT[name] in r.title


def test_unknown_findings_that_cannot_change_the_answer_are_not_asked_for():
    # No mucin settles it: the rest may stay unknown.
    assert classify(Findings(mucin=False)).label == c.NOT_LM
    # The GA-like pattern does not matter under the 2001 criteria.
    assert classify(sm(ga_like_pattern=None)).label == c.SCLEROMYXEDEMA
    # A localized eruption's fibroblast count is "variable": it need not be known.
    assert classify(loc(fibroblast_proliferation=None, fibrosis=None)).label == c.LOCALIZED


def test_nothing_known_asks_for_everything_that_decides():
    r = classify(Findings())
    assert r.label == c.INCOMPLETE
    assert "ga_like_pattern" not in r.missing  # irrelevant under the 2001 criteria
    assert "thyroid_disease" in r.missing and "mucin" in r.missing


def test_reasons_per_criterion():
    r = classify(sm(monoclonal_gammopathy=False))
    statuses = {(x.definition, x.number): x.status for x in r.criteria}
    assert statuses[(c.SCLEROMYXEDEMA, 3)] == c.UNMET
    assert statuses[(c.SCLEROMYXEDEMA, 1)] == c.MET
    assert c.NOTE_DISPUTED in r.notes
    r = classify(sm(fibrosis=False))
    crit2 = r.criteria_for(c.SCLEROMYXEDEMA)[1]
    assert crit2.status == c.UNMET and "fibrosis" in crit2.reason
    r = classify(sm(thyroid_disease=None))
    assert r.criteria_for(c.SCLEROMYXEDEMA)[3].status == c.UNKNOWN


@pytest.mark.parametrize("bad", ["yes", 1, 0.5])
def test_bad_values_are_named(bad):
    with pytest.raises(c.FindingsError, match="mucin"):
        Findings(mucin=bad)


def test_classify_needs_findings():
    with pytest.raises(c.FindingsError, match="Findings"):
        classify({"mucin": True})


def test_live_checker_updates_the_verdict_when_findings_are_ticked():
    from scleromyxedema_course.criteria import tool as widgets

    box = widgets.Checker()
    assert "Cannot classify yet" in box.verdict.value
    for name, value in FULL_SM.items():
        box.toggles[name].value = "present" if value else "absent"
    assert c.TITLES[c.SCLEROMYXEDEMA] in box.verdict.value
    box.toggles["thyroid_disease"].value = "present"
    assert "thyroid-associated mucinosis" in box.verdict.value
    box.toggles["thyroid_disease"].value = "absent"
    box.toggles["fibrosis"].value = "absent"
    box.toggles["ga_like_pattern"].value = "present"
    assert c.TITLES[c.ATYPICAL] in box.verdict.value
    box.variant.value = True
    assert c.TITLES[c.SCLEROMYXEDEMA] in box.verdict.value
    # Shown in a notebook, the tool is one bundle: the live view and the worked examples.
    bundle = box._repr_mimebundle_()
    assert "Worked example 1" in bundle["text/html"] and "criteria checker" in bundle["text/plain"]


def test_static_face_shows_worked_examples_and_cites_the_criteria():
    from scleromyxedema_course.criteria import tool as widgets

    page = widgets.static_html()
    assert page.count("Worked example") == 2
    assert c.TITLES[c.SCLEROMYXEDEMA] in page and c.TITLES[c.ATYPICAL] in page
    assert "#ref-rongioletti2001" in page
    assert page == widgets.static_html()  # deterministic for nbval


@pytest.mark.parametrize("ga", [False, True])
def test_the_verdict_never_contradicts_the_criteria_tables(ga):
    """For every complete set of findings: a definition's label iff all its criteria are met
    (a learner saw 'neither definition fully' over a localized table of three ticks)."""
    for values in itertools.product((True, False), repeat=len(c.FINDING_NAMES)):
        r = classify(Findings(**dict(zip(c.FINDING_NAMES, values, strict=True))), ga)
        for label, definition in ((c.SCLEROMYXEDEMA, c.SCLEROMYXEDEMA),
                                  (c.LOCALIZED, c.LOCALIZED)):
            all_met = all(x.status == c.MET for x in r.criteria_for(definition))
            if r.label != c.THYROID and r.label != c.NOT_LM:
                assert (r.label == label) == all_met, (values, r.label, definition)
            else:
                assert not all_met, (values, r.label, definition)
