"""IVIG evidence figures: every plotted number equals the table's; alt text; determinism."""

import plotly.io as pio
import pytest

from scleromyxedema_course import evidence, plots
from scleromyxedema_course.core import views
from scleromyxedema_course.evidence import figures as pe
from scleromyxedema_course.evidence import tool as evidence_tool


@pytest.fixture(scope="module")
def reports():
    return evidence.load()


def _points(fig):
    """(y label, x value) for every marker in every trace."""
    return [(y, x) for tr in fig.data for x, y in zip(tr.x, tr.y, strict=True)]


def test_forest_numbers_equal_the_table(reports):
    fig = pe.forest(reports)
    props = {f"{p.report.label} ({p.k}/{p.n})": p for p in evidence.response_proportions(reports)}
    drawn = {}
    for tr in fig.data:
        for i, (x, y) in enumerate(zip(tr.x, tr.y, strict=True)):
            drawn[y] = (x, x - tr.error_x.arrayminus[i], x + tr.error_x.array[i], tr.name)
    assert set(drawn) == set(props)
    for label, (x, low, high, definition) in drawn.items():
        p = props[label]
        assert x == pytest.approx(p.report.responders / p.report.n_ivig)
        assert (low, high) == pytest.approx(evidence.wilson(p.report.responders, p.report.n_ivig))
        assert definition == p.report.outcome_definition
    mahevas = drawn["Mahévas et al. 2020 (13/31)"]
    assert mahevas[0] == pytest.approx(13 / 31)


def test_forest_shows_no_pooled_estimate_and_says_why(reports):
    fig = pe.forest(reports)
    names = [tr.name for tr in fig.data]
    assert not any("pool" in (n or "").lower() for n in names)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "No pooled estimate" in texts and "share patients" in texts
    assert "Rongioletti et al. 2013" in " ".join(str(a.y) for a in fig.layout.annotations)
    assert "denominator not reported" in texts


def test_evidence_map_numbers_equal_the_table(reports):
    fig = pe.evidence_map(reports)
    by_label = {r.label: r for r in reports}
    shown = 0
    for tr in fig.data:
        for x, y, custom in zip(tr.x, tr.y, tr.customdata, strict=True):
            r = by_label[custom[0]]
            assert y == r.n_ivig and abs(x - r.year) < 0.5 and tr.name == r.design
            assert r.include_in_plots
            shown += 1
    expected = [r for r in reports if r.include_in_plots and r.year and r.n_ivig]
    assert shown == len(expected)


def test_regimen_numbers_equal_the_table(reports):
    fig = pe.regimens(reports)
    by_label = {r.label: r for r in reports}
    dose = fig.data[0]
    for x, y in zip(dose.x, dose.y, strict=True):
        assert by_label[y].dose_g_per_kg == x
    assert len(dose.x) == sum(1 for r in evidence.plotted(reports) if r.dose_g_per_kg)
    days = [tr for tr in fig.data if tr.xaxis == "x2"]
    for tr in days:
        assert tuple(tr.x) == by_label[tr.y[0]].days_per_cycle
    interval = fig.data[-1]
    for x, y in zip(interval.x, interval.y, strict=True):
        assert by_label[y].interval == x


def test_withdrawal_numbers_equal_the_table(reports):
    fig = pe.withdrawal(reports)
    relapsed, holding = fig.data
    drawn = sorted(zip(relapsed.y, relapsed.x, strict=True))
    table = sorted((r.label, m) for r in evidence.plotted(reports) for m in r.months_to_relapse)
    assert drawn == table
    assert ("Guarneri et al. 2017", 25.0) in drawn and ("Guarneri et al. 2017", 6.0) in drawn
    assert sorted(zip(holding.y, holding.x, strict=True)) == sorted(
        (r.label, m) for r in evidence.plotted(reports) for m in r.months_off_without_relapse)
    # the alt text says it once, not "at 12 and 12 months"
    assert "still in remission at 12 months off IVIG each." in plots.alt_text(fig)


@pytest.mark.parametrize("name", ["evidence_map", "forest", "regimens", "withdrawal"])
def test_every_figure_has_alt_text_and_is_deterministic(reports, name):
    make = getattr(pe, name)
    first, second = make(reports), make(reports)
    alt = plots.alt_text(first)
    assert len(alt) > 80 and alt.endswith(".")
    assert pio.to_json(first) == pio.to_json(second)
    assert plots.figure_html(first) == plots.figure_html(second)


def test_palette_is_the_course_palette(reports):
    for name in ("evidence_map", "forest", "regimens", "withdrawal"):
        fig = getattr(pe, name)(reports)
        for tr in fig.data:
            colour = tr.marker.color if tr.marker else None
            if isinstance(colour, str):
                assert colour in plots.PALETTE, (name, colour)


def test_filter_widget_redraws_the_forest(reports):
    live = evidence_tool.ForestFilter(reports)
    every = len(evidence.response_proportions(reports))
    assert sum(len(tr.x) for tr in live.figure.data) == every
    live.min_n.value = 8
    drawn = sorted(y for tr in live.figure.data for y in tr.y)
    expected = evidence.filter_reports(reports, designs=live.designs.value, min_n=8,
                                       definitions=live.definitions.value)
    assert drawn == sorted(f"{p.report.label} ({p.k}/{p.n})"
                           for p in evidence.response_proportions(expected))
    live.designs.value = ("cohort",)
    assert [y for tr in live.figure.data for y in tr.y] == ["Mahévas et al. 2020 (13/31)"]
    live.designs.value = ()
    assert not live.figure.data and "Empty" in plots.alt_text(live.figure)


def test_forest_filter_static_face_is_the_unfiltered_plot(reports):
    dual = evidence_tool.forest_filter(reports)
    assert isinstance(dual, views.Dual)
    assert plots.figure_html(pe.forest(reports)) in dual.html
    assert "running kernel" in dual.html
    bundle = dual._repr_mimebundle_()
    assert "text/html" in bundle and "text/plain" in bundle


def test_in_a_kernel_the_filter_puts_the_figure_in_its_output(reports, monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    live = evidence_tool.ForestFilter(reports)
    live.min_n.value = 8
    (out,) = live.output.outputs
    assert out["output_type"] == "display_data"
    assert "application/vnd.plotly.v1+json" in out["data"]
    assert 'role="figure" aria-label=' in out["data"]["text/html"]
    assert out["data"]["application/vnd.plotly.v1+json"]["layout"]["meta"]["alt"] == (
        plots.alt_text(live.figure))
