"""The IVIG evidence table: schema, Wilson intervals, overlap rules, errors naming the row."""

import csv
import math

import pytest

from scleromyxedema_course import course, evidence
from scleromyxedema_course.core import paths
from scleromyxedema_course.evidence import EvidenceError, table, wilson
from scleromyxedema_course.refs import citations

Z = 1.959963984540054


def closed_form(k, n, z=Z):
    """Wilson score interval written out independently of the module."""
    p = k / n
    denom = 1 + z**2 / n
    centre = p + z**2 / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return (centre - spread) / denom, (centre + spread) / denom


@pytest.fixture(scope="module")
def reports():
    return evidence.load()


def _rows():
    with evidence.path().open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader), reader.fieldnames


# --- the table passes its schema --------------------------------------------------------------

def test_table_is_valid_and_complete(reports):
    assert evidence.problems() == []
    assert len(reports) == 32, "one row per report of the shared evidence table"
    rows, header = _rows()
    assert tuple(header) == evidence.COLUMNS


def test_the_course_check_reports_nothing_about_the_table():
    assert not [p for p in course.run_all() if "ivig_reports.csv" in p]


def test_every_column_is_documented_in_the_data_dictionary():
    readme = (paths.assets_dir() / "data" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## ivig_reports.csv", 1)[1].split("\n## ", 1)[0]
    for col in evidence.COLUMNS:
        assert f"`{col}`" in section, f"column {col} is not described in assets/data/README.md"


def test_numbers_respect_their_denominator(reports):
    for r in reports:
        for value in (r.responders, r.complete_responders, r.partial_responders,
                      r.non_responders, r.withdrawn_n):
            if value is not None and r.n_ivig is not None:
                assert value <= r.n_ivig, r.label
        if r.year is not None:
            assert evidence.YEAR_RANGE[0] <= r.year <= evidence.YEAR_RANGE[1]


def test_key_facts_match_the_fact_sheet(reports):
    by = evidence.by_id(reports)
    assert (by["mahevas2020"].responders, by["mahevas2020"].n_ivig) == (13, 31)
    assert (by["blum2008"].responders, by["blum2008"].n_ivig) == (8, 8)
    rong = by["rongioletti2013"]
    assert (rong.complete_responders, rong.partial_responders, rong.n_ivig) == (4, 9, None)
    assert "denominator" in rong.reasons["n_ivig_reason"]
    guar = by["guarneri2017"]
    assert guar.outcome_definition == "skin score change" and guar.responders is None
    assert guar.months_to_relapse == (6.0, 25.0)
    assert by["mecoli2019"].outcome_definition == "skin score change"


def test_excluded_rows_say_why(reports):
    by = evidence.by_id(reports)
    assert not by["imaj2025"].include_in_plots
    assert "full text" in by["imaj2025"].reasons["include_reason"]
    assert by["haber2020"].design == "systematic review" and not by["haber2020"].include_in_plots


def test_overlap_groups_are_the_declared_ones(reports):
    groups = {}
    for r in reports:
        if r.overlap_group:
            groups.setdefault(r.overlap_group, set()).add(r.report_id)
    assert groups == {
        "rongioletti-group": {"rongioletti2013", "arginelli2016", "guarneri2017"},
        "johns-hopkins": {"blum2008", "mecoli2019"},
        "french-networks": {"mahevas2020", "theves2025"},
    }


# --- Wilson interval ---------------------------------------------------------------------------

@pytest.mark.parametrize("k,n", [(13, 31), (8, 8), (0, 10), (1, 1), (2, 3), (0, 1)])
def test_wilson_matches_the_closed_form(k, n):
    low, high = wilson(k, n)
    ref_low, ref_high = closed_form(k, n)
    assert low == pytest.approx(max(0.0, ref_low), abs=1e-12)
    assert high == pytest.approx(min(1.0, ref_high), abs=1e-12)


def test_wilson_textbook_values():
    # Newcombe (1998) Stat Med 17:857, table I, method 3 (score interval without correction).
    assert wilson(81, 263) == pytest.approx((0.2553, 0.3662), abs=5e-5)
    assert wilson(15, 148) == pytest.approx((0.0624, 0.1605), abs=5e-5)
    assert wilson(0, 20) == pytest.approx((0.0, 0.1611), abs=5e-5)
    assert wilson(1, 29) == pytest.approx((0.0061, 0.1718), abs=5e-5)


def test_wilson_edges_are_exact_and_inputs_checked():
    assert wilson(8, 8)[1] == 1.0 and wilson(0, 10)[0] == 0.0
    for k, n in [(3, 2), (-1, 4), (1, 0), (1.5, 3)]:
        with pytest.raises(ValueError, match="0 <= k <= n"):
            wilson(k, n)


# --- overlap groups are never summed -------------------------------------------------------

def test_distinct_patients_counts_each_overlap_group_once(reports):
    independent = sum(r.n_ivig for r in reports if r.n_ivig and not r.overlap_group)
    largest = {}
    for r in reports:
        if r.n_ivig and r.overlap_group:
            largest[r.overlap_group] = max(largest.get(r.overlap_group, 0), r.n_ivig)
    assert largest == {"rongioletti-group": 8, "johns-hopkins": 15, "french-networks": 31}
    # The 2013 multicentre cohort gives 4 complete + 9 partial remissions and no n: at least
    # 13 were treated, more than the 8 of the prospective series from the same author group.
    assert evidence.by_id(reports)["rongioletti2013"].known_treated == 13
    assert evidence.distinct_patients(reports) == independent + 13 + 15 + 31
    naive = sum(r.n_ivig for r in reports if r.n_ivig)
    assert evidence.distinct_patients(reports) < naive


def test_distinct_patients_on_a_tiny_table(reports):
    by = evidence.by_id(reports)
    trio = [by["blum2008"], by["mecoli2019"], by["lister2000"]]
    assert evidence.distinct_patients(trio) == 15 + 2  # not 8 + 15 + 2


def test_no_pooled_estimate_across_overlap_or_definitions(reports):
    props = evidence.response_proportions(reports)
    reasons = evidence.pooling_obstacles(props)
    assert any("share patients" in r for r in reasons)
    assert any("defined" in r for r in reasons)
    assert not hasattr(evidence, "pooled_proportion")


def test_proportions_only_where_a_denominator_exists(reports):
    props = evidence.response_proportions(reports)
    ids = {p.report.report_id for p in props}
    assert "rongioletti2013" not in ids and "guarneri2017" not in ids
    assert "imaj2025" not in ids and "haber2020" not in ids
    assert [r.report_id for r in evidence.responders_without_denominator(reports)] == [
        "rongioletti2013"
    ]


# --- the filter is a pure function -------------------------------------------------------

def test_filter_reports(reports):
    assert evidence.filter_reports(reports) == reports
    big = evidence.filter_reports(reports, min_n=8)
    assert {r.report_id for r in big} == {
        "blum2008", "guarneri2017", "mecoli2019", "mahevas2020", "theves2025"}
    cohorts = evidence.filter_reports(reports, designs=["cohort"], definitions=[
        "complete clinical response"])
    assert [r.report_id for r in cohorts] == ["mahevas2020"]
    assert evidence.filter_reports(reports, designs=[]) == []


# --- a broken row names row and column --------------------------------------------------

@pytest.fixture
def course_copy(course_copy):
    """The shared course copy (tests/conftest.py); here, its evidence table."""
    return course_copy / "assets" / "data" / evidence.FILENAME


def _rewrite(path, change):
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _row_of(rows, report_id):
    return next(i for i, r in enumerate(rows) if r["report_id"] == report_id)


@pytest.mark.parametrize("report_id,column,value,message", [
    ("blum2008", "responders", "9", "exceeds the 8 patients"),
    ("mahevas2020", "year", "2031", "outside the allowed range"),
    ("lister2000", "citation_key", "nosuchkey1999", "not in assets/references.bib"),
    ("arginelli2016", "overlap_group", "milan", "not a declared group"),
    ("righi2002", "n_ivig", "", "empty without a reason"),
    ("kannan2015", "design", "anecdote", "not one of"),
])
def test_broken_row_names_row_and_column(course_copy, report_id, column, value, message):
    rows_before, _ = _rows()
    index = _row_of(rows_before, report_id)

    def change(rows):
        rows[index][column] = value

    _rewrite(course_copy, change)
    with pytest.raises(EvidenceError) as info:
        evidence.load(course_copy)
    text = str(info.value)
    assert f"ivig_reports.csv, row {index + 1} (" in text
    assert f"column {column}" in text and message in text
    assert any(f"column {column}" in p for p in evidence.problems(course_copy))


def test_lonely_overlap_group_is_reported(course_copy):
    def change(rows):
        for r in rows:
            if r["report_id"] in ("mecoli2019",):
                r["overlap_group"] = ""

    _rewrite(course_copy, change)
    problems = evidence.problems(course_copy)
    assert any("Blum" in p and "overlap_group" in p and "at least two" in p for p in problems)


def test_missing_column_is_reported(course_copy):
    text = course_copy.read_text(encoding="utf-8").replace("months_to_relapse", "months", 1)
    course_copy.write_text(text, encoding="utf-8")
    with pytest.raises(EvidenceError, match="missing columns.*months_to_relapse"):
        evidence.load(course_copy)


# --- the lesson's numbers carry citations ------------------------------------------------

def test_every_number_in_lesson_04_prose_is_cited():
    import json
    import re

    nb = json.loads((paths.lessons_dir() / "04-therapy.ipynb").read_text(encoding="utf-8"))
    uncited = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        if "Educational arithmetic, not a prescription" in text:
            assert "(#ref-bmjivig)" in text  # the one sourced number in the worked example
            continue
        for para in text.split("\n\n"):
            prose = re.sub(r"\]\([^)]*\)|`[^`]*`|^#+ .*|\*\*Figure \d+\.\*\*", "", para)
            prose = re.sub(r"^\s*\d+\. ", "", prose, flags=re.M)  # list numbering
            prose = prose.replace("95%", "")  # the confidence level, not a finding
            if re.search(r"\d", prose) and "(#ref-" not in para:
                uncited.append(f"cell {i}: {para[:80]}")
    assert not uncited, uncited


def test_reports_are_named_by_the_bibliography_and_two_cannot_share_a_name():
    bib = citations.load()
    rows, header = table._read(table.path())
    reports, problems = table.parse(rows, "ivig_reports.csv", bib, header)
    assert problems == []
    for r in reports:
        assert r.label.startswith(bib[r.citation_key].short_label()), r.report_id
    twin = dict(rows[1], report_id="righi_twin", citation_key=rows[1]["citation_key"])
    _, problems = table.parse([*rows, twin], "ivig_reports.csv", bib, header)
    assert any("column label_note" in p and "Righi et al. 2002" in p for p in problems), problems
