"""The differential-diagnosis matrix and its ranking."""

import csv
import io

import pytest

from scleromyxedema_course import ddx
from scleromyxedema_course.ddx import DdxInputError, DdxMatrixError


@pytest.fixture(scope="module")
def matrix():
    return ddx.load()


def _order(ranking):
    return [r.condition for r in ranking]


def test_course_matrix_is_complete_and_cited(matrix):
    assert len(matrix.cells) == len(matrix.conditions) * len(matrix.findings)
    for cell in matrix.cells.values():
        if cell.value != "not_reported":
            assert cell.citations, (cell.condition, cell.finding)
    assert ddx.problems() == []


def test_raynaud_nailfolds_ana_without_paraprotein_favour_systemic_sclerosis(matrix):
    ranking = ddx.rank(matrix, {"raynaud": "present", "nailfold_abnormal": "present",
                                "ana": "present", "paraprotein": "absent"})
    order = _order(ranking)
    assert order[0] == "systemic_sclerosis"
    assert order.index("systemic_sclerosis") < order.index("scleromyxedema")
    smx = next(r for r in ranking if r.condition == "scleromyxedema")
    against = {e.finding for e in smx.contradicting}
    assert {"nailfold_abnormal", "ana", "paraprotein"} <= against
    # Raynaud is 'variable' for scleromyxedema (the sources disagree): neither for nor against.
    assert "raynaud" in {e.finding for e in smx.neutral}


def test_paraprotein_papules_and_normal_thyroid_put_scleromyxedema_first(matrix):
    ranking = ddx.rank(matrix, {"paraprotein": "present", "papules": "present",
                                "thyroid_disease": "absent"})
    assert ranking[0].condition == "scleromyxedema"
    assert ranking[0].score == 3
    assert {e.finding for e in ranking[0].supporting} == {"paraprotein", "papules",
                                                          "thyroid_disease"}
    localized = next(r for r in ranking if r.condition == "localized_lm")
    assert [e.finding for e in localized.contradicting] == ["paraprotein"]


def test_gadolinium_with_renal_failure_points_to_nsf(matrix):
    ranking = ddx.rank(matrix, {"renal_gadolinium": "present", "face": "absent"})
    assert ranking[0].condition == "nsf"
    assert ranking[0].score == 2


def test_association_counts_for_but_never_against(matrix):
    with_dm = ddx.rank(matrix, {"diabetes": "present"})
    without = ddx.rank(matrix, {"diabetes": "absent"})
    score = {r.condition: r.score for r in with_dm}
    assert score["scleredema"] == 1
    assert {r.condition: r.score for r in without}["scleredema"] == 0


def test_all_unknown_gives_zero_scores_in_alphabetical_order(matrix):
    for obs in ({}, {f: "unknown" for f in matrix.findings}):
        ranking = ddx.rank(matrix, obs)
        assert {r.score for r in ranking} == {0}
        assert all(not r.supporting and not r.contradicting and not r.neutral
                   for r in ranking)
        labels = [r.label.lower() for r in ranking]
        assert labels == sorted(labels)


LABELS = {
    "conditions": {"b_cond": "Beta", "a_cond": "Alpha", "c_cond": "Gamma"},
    "findings": {"f1": {"label": "F1", "group": "G"}, "f2": {"label": "F2", "group": "G"}},
}


def _rows(values):
    """values: {(condition, finding): value} -> matrix rows with a citation each."""
    rows = []
    for c in LABELS["conditions"]:
        for f in LABELS["findings"]:
            v = values.get((c, f), "not_reported")
            rows.append({"condition": c, "finding": f, "value": v,
                         "source_wording": "" if v == "not_reported" else "says so",
                         "citation_key": "" if v == "not_reported" else "k"})
    return rows


def test_ties_break_by_fewer_contradictions_then_more_support_then_name():
    m = ddx.build(_rows({
        ("a_cond", "f1"): "present", ("a_cond", "f2"): "present",   # +1 -1 = 0
        ("b_cond", "f1"): "variable",                                 # 0, nothing against
        ("c_cond", "f1"): "variable",                                 # 0, nothing against
    }), LABELS)
    ranking = ddx.rank(m, {"f1": "present", "f2": "absent"})
    assert [r.score for r in ranking] == [0, 0, 0]
    # Beta and Gamma have no contradiction, so they precede Alpha; then alphabetical.
    assert _order(ranking) == ["b_cond", "c_cond", "a_cond"]

    m = ddx.build(_rows({("c_cond", "f1"): "associated", ("c_cond", "f2"): "present",
                         ("a_cond", "f1"): "present"}), LABELS)
    ranking = ddx.rank(m, {"f1": "present", "f2": "absent"})
    # Gamma: +1 -1 = 0 with a contradiction; Alpha +1; Beta 0 with nothing.
    assert _order(ranking) == ["a_cond", "b_cond", "c_cond"]


def test_ranking_is_independent_of_row_order():
    rows = _rows({("a_cond", "f1"): "present", ("b_cond", "f1"): "present"})
    one = _order(ddx.rank(ddx.build(rows, LABELS), {"f1": "present"}))
    two = _order(ddx.rank(ddx.build(list(reversed(rows)), LABELS), {"f1": "present"}))
    assert one == two == ["a_cond", "b_cond", "c_cond"]


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows[3].update(value="yes"),
     r"row 5 \(condition 'a_cond', finding 'f2'\), column 'value': 'yes'"),
    (lambda rows: rows[0].update(finding="f9"),
     r"row 2 \(condition 'b_cond'\), column 'finding': unknown finding 'f9'"),
    (lambda rows: rows[1].update(condition="zeta"),
     r"row 3, column 'condition': unknown condition 'zeta'"),
    (lambda rows: rows[2].update(citation_key=" "),
     r"row 4 \(condition 'a_cond', finding 'f1'\), column 'citation_key'"),
    (lambda rows: rows.append(dict(rows[0])),
     r"row 8 \(condition 'b_cond', finding 'f1'\): .*already given in row 2"),
    (lambda rows: rows.pop(5),
     r"no row for condition 'c_cond' and finding 'f2'"),
])
def test_a_malformed_matrix_names_row_and_column(change, message):
    rows = _rows({(c, f): "present" for c in LABELS["conditions"] for f in LABELS["findings"]})
    change(rows)
    with pytest.raises(DdxMatrixError, match=message):
        ddx.build(rows, LABELS)


def test_a_malformed_course_file_is_reported_by_the_content_check(course_copy):
    from scleromyxedema_course import course

    csv_path = course_copy / "assets" / "data" / "ddx_features.csv"
    text = csv_path.read_text().replace("scleromyxedema,raynaud,variable",
                                        "scleromyxedema,raynaud,often", 1)
    csv_path.write_text(text)
    problems = ddx.problems()
    assert len(problems) == 1
    assert "condition 'scleromyxedema', finding 'raynaud'" in problems[0]
    assert "column 'value'" in problems[0]
    assert any("raynaud" in p for p in course.run_all())


def test_missing_header_column_is_named(tmp_path):
    bad = tmp_path / "m.csv"
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["condition", "finding", "value", "citation_key"])
    bad.write_text(out.getvalue())
    with pytest.raises(DdxMatrixError, match=r"row 1 \(header\).*source_wording"):
        ddx.load(bad)


def test_bad_learner_input_is_named(matrix):
    with pytest.raises(DdxInputError, match="Unknown finding 'rash'"):
        ddx.rank(matrix, {"rash": "present"})
    with pytest.raises(DdxInputError, match="'papules': 'yes'"):
        ddx.rank(matrix, {"papules": "yes"})


def test_discriminating_findings_between_sclerosis_and_scleromyxedema(matrix):
    found = {f for f, _, _ in ddx.discriminating_findings(
        matrix, "scleromyxedema", "systemic_sclerosis")}
    assert {"nailfold_abnormal", "ana", "dermal_mucin", "papules"} <= found
    assert "raynaud" not in found  # variable for scleromyxedema: the sources disagree


def test_widget_reranks_when_findings_are_set(matrix):
    from scleromyxedema_course.ddx.tool import Explorer

    ex = Explorer(matrix)
    assert "No finding is marked" in ex.result.value
    for finding in ("raynaud", "nailfold_abnormal", "ana"):
        ex.toggles[finding].value = "present"
    ex.toggles["paraprotein"].value = "absent"
    first_row = ex.result.value.split("<tbody>")[1].split("</tr>")[0]
    assert "Systemic sclerosis" in first_row and "+3" in first_row
    ex.clear()
    assert ex.observations() == {} and "No finding is marked" in ex.result.value


def test_static_face_shows_the_preset_ranking():
    from scleromyxedema_course.ddx import tool as ddx_widget

    dual = ddx_widget.explorer({"renal_gadolinium": "present", "face": "absent"}, title="NSF")
    bundle = dual._repr_mimebundle_()
    first_row = bundle["text/html"].split("<tbody>")[1].split("</tr>")[0]
    assert "Nephrogenic systemic fibrosis" in first_row
    assert 'href="#ref-tyndall2013"' in bundle["text/html"]


def test_a_shortened_table_still_names_every_condition_below_it(matrix):
    from scleromyxedema_course.ddx import tool as ddx_widget

    findings = {"raynaud": "present", "nailfold_abnormal": "present", "ana": "present",
                "paraprotein": "absent"}
    page = ddx_widget.ranking_html(matrix, findings, top=5)
    table, after = page.split("</table>")
    assert table.count("<tr>") == 6  # header and five rows
    assert "Lower in the ranking (5 of 10): " in after
    assert "Scleromyxedema (-3)." in after  # last, so the lesson's "drops to the bottom" shows
    assert "Lower in the ranking" not in ddx_widget.ranking_html(matrix, findings)
