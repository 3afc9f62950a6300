"""Figures of the clinical-presentation lesson: labelled by study, never pooled, deterministic."""

import dataclasses

import plotly.io as pio
import pytest

from scleromyxedema_course import plots
from scleromyxedema_course.presentation import figures as p
from scleromyxedema_course.refs import citations


def test_every_bar_names_its_study_and_n_and_cohorts_stay_separate():
    fig = p.extracutaneous_figure()
    assert len(fig.data) == len({r.study for r in p.EXTRACUTANEOUS})  # one trace per cohort
    for trace in fig.data:
        for label in trace.y:
            assert "(n=" in label and any(r.study in label for r in p.EXTRACUTANEOUS)
    assert "not pooled" in fig.layout.title.text
    assert len(plots.alt_text(fig)) > 100


def test_reported_values_are_the_sources_values():
    values = {(r.study, r.category): r.percent for r in p.EXTRACUTANEOUS}
    assert values[("Rongioletti 2013", "Neurologic")] == 30.0
    assert values[("Rongioletti 2013", "Rheumatologic")] == 23.3
    assert values[("Mahévas 2020", "Dermato-neuro syndrome")] == 18.0


def test_every_source_key_is_in_the_bibliography():
    bib = citations.load()
    for key in [*p.extracutaneous_keys(), *p.BODY_MAP_KEYS]:
        assert key in bib


def test_bad_rows_are_named():
    bad = dataclasses.replace(p.EXTRACUTANEOUS[0], percent=130)
    with pytest.raises(p.PresentationDataError, match="Mayo 1995.*percent"):
        p.extracutaneous_figure((bad,))


def test_body_map_is_schematic_deterministic_and_light():
    a, b = p.body_map_figure(), p.body_map_figure()
    assert pio.to_json(a) == pio.to_json(b)
    assert "schematic" in a.layout.title.text.lower()
    assert "Schematic" in plots.alt_text(a)
    assert len(pio.to_json(a)) < 40_000
    regions = " ".join(t for t in a.data[0].text)
    for region in ("Hands", "Forearms", "Head and neck", "Upper trunk", "Thighs",
                   "Behind the ears", "Glabella"):
        assert region in regions
