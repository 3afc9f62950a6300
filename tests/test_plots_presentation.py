"""Figures of the clinical-presentation lesson: labelled by study, never pooled, deterministic;
their numbers and regions come from ``assets/data/`` and a bad value is named."""

import dataclasses
import shutil

import plotly.io as pio
import pytest

from scleromyxedema_course import plots, presentation
from scleromyxedema_course.presentation import figures as p
from scleromyxedema_course.presentation import model as m
from scleromyxedema_course.refs import citations


def test_every_bar_names_its_study_and_n_and_cohorts_stay_separate():
    rows = m.load_extracutaneous()
    fig = p.extracutaneous_figure()
    assert len(fig.data) == len({r.study for r in rows})  # one trace per cohort
    for trace in fig.data:
        for label in trace.y:
            assert "(n=" in label and any(r.study in label for r in rows)
    assert "not pooled" in fig.layout.title.text
    assert len(plots.alt_text(fig)) > 100


def test_reported_values_are_the_sources_values():
    values = {(r.study, r.category): r.percent for r in m.load_extracutaneous()}
    assert values[("Rongioletti et al. 2013", "Neurologic")] == 30.0
    assert values[("Rongioletti et al. 2013", "Rheumatologic")] == 23.3
    assert values[("Mahévas et al. 2020", "Dermato-neuro syndrome")] == 18.0
    # from the count
    assert values[("Dinneen & Dicken 1995", "Any extracutaneous")] == 20 / 26 * 100


def test_a_bar_shows_the_count_where_the_source_gives_one():
    fig = p.extracutaneous_figure()
    mayo = next(t for t in fig.data if t.name.startswith("Dinneen & Dicken 1995"))
    assert list(mayo.text) == ["77% (20/26)"]


def test_every_source_key_is_in_the_bibliography():
    bib = citations.load()
    for key in [*presentation.extracutaneous_keys(), *presentation.body_map_keys()]:
        assert key in bib
    assert presentation.problems() == []


def test_bad_rows_are_named():
    bad = dataclasses.replace(m.load_extracutaneous()[0], percent=130)
    with pytest.raises(m.PresentationDataError, match="Dinneen & Dicken 1995.*percent"):
        p.extracutaneous_figure((bad,))


@pytest.fixture
def data_copy(tmp_path):
    for name in (m.EXTRACUTANEOUS_FILE, m.BODY_REGIONS_FILE):
        shutil.copy(m.data_dir() / name, tmp_path / name)
    return tmp_path


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("Neurologic,30.0,", "Neurologic,thirty,",
     "extracutaneous.csv, row 3 (Rongioletti et al. 2013, Neurologic), column 'percent': "
     "'thirty' is not a number."),
    ("Cardiac,20.0,,,the source gives a percentage only", "Cardiac,20.0,,,",
     "extracutaneous.csv, row 5 (Rongioletti et al. 2013, Cardiac), column 'count_reason'"),
    (",the source gives the count (20 of 26); the figure shows count / n,", ",,",
     "extracutaneous.csv, row 1 (Dinneen & Dicken 1995, Any extracutaneous), column 'percent'"),
    ("Arthralgia,25.0", "Arthralgia,125.0",
     "extracutaneous.csv, row 7 (Mahévas et al. 2020, Arthralgia): field 'percent' must be 0-100."),
])
def test_a_bad_cell_in_the_csv_is_named(data_copy, old, new, message):
    path = data_copy / m.EXTRACUTANEOUS_FILE
    _edit(path, old, new)
    with pytest.raises(m.PresentationDataError) as exc:
        m.load_extracutaneous(path)
    assert message in str(exc.value)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    view: back\n    x: -1.25", "    view: side\n    x: -1.25",
     "body_regions.yaml, region 3 (Behind the ears): field 'view' must be one of front, back"),
    ("    papules: 22", "    papules: many",
     "body_regions.yaml, region 4 (Upper trunk): field 'papules' must be a whole number"),
    ("    label_at: [-5.2, 17.2]", "    label_at: [-5.2]",
     "body_regions.yaml, callout 2: field 'label_at' must be a list of two numbers"),
    ("    citations: [bloodcommentary2020]", "    citations: []",
     "body_regions.yaml, region 11 (Back): field 'citations' must be a non-empty list"),
])
def test_a_bad_field_in_the_body_map_is_named(data_copy, old, new, message):
    path = data_copy / m.BODY_REGIONS_FILE
    _edit(path, old, new)
    with pytest.raises(m.PresentationDataError) as exc:
        m.load_body_map(path)
    assert message in str(exc.value)


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


def test_body_map_draws_every_callout_of_the_data_file():
    body = m.load_body_map()
    drawn = [a.text for a in p.body_map_figure().layout.annotations]
    for callout in body.callouts:
        assert callout.text.replace("\n", "<br>") in drawn
    assert "Scalp: spared" in drawn
