"""The work-up checklist and prognosis data: what a learner and a teacher see."""

import csv
import shutil

import pytest

from scleromyxedema_course import plots, workup
from scleromyxedema_course.core import paths
from scleromyxedema_course.workup import model
from scleromyxedema_course.workup.model import WorkupDataError
from scleromyxedema_course.workup.views import checklist_html


@pytest.fixture(scope="module")
def data():
    return workup.load_checklist()


@pytest.fixture
def folder(tmp_path):
    """A writable copy of the three data files."""
    src = paths.assets_dir() / "data"
    for name in (model.CHECKLIST_FILE, model.FINDINGS_FILE, model.OUTCOMES_FILE):
        shutil.copy(src / name, tmp_path / name)
    return tmp_path


def _edit(path, row_id, column, value, id_column="item_id"):
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row[id_column] == row_id:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


# ------------------------------------------------------------------ model

def test_checklist_answers_the_diagnostic_questions_with_the_gammopathy_tests(data):
    questions = [g.question for g in data.groups]
    assert any("monoclonal gammopathy" in q for q in questions)
    assert any("thyroid" in q.lower() for q in questions)
    tests = " ".join(it.test for it in data.items()).lower()
    for needed in ("immunofixation", "free light chains", "urine", "mucin stain",
                   "reticular dermis", "thyroid"):
        assert needed in tests, needed
    assert all(it.citations for it in data.items())


def test_plan_keeps_baseline_tests_and_adds_what_a_finding_calls_for(data):
    baseline = [it.id for g in workup.plan(data) for it in g.items]
    assert "spep-ife" in baseline and "swallow" not in baseline
    with_dysphagia = [it.id for g in workup.plan(data, {"dysphagia"}) for it in g.items]
    assert set(with_dysphagia) - set(baseline) == {"swallow"}


def test_plan_rejects_an_unknown_finding_and_names_the_known_ones(data):
    with pytest.raises(WorkupDataError, match="No finding 'rash'.*dysphagia"):
        workup.plan(data, {"rash"})


def test_every_cited_key_is_in_the_bibliography():
    assert workup.problems() == []
    assert {"rongioletti2001", "rongioletti2013"} <= set(workup.citation_keys())


def test_an_if_indicated_test_without_trigger_is_named(folder):
    _edit(folder / model.CHECKLIST_FILE, "swallow", "trigger", "")
    with pytest.raises(WorkupDataError,
                       match=r"workup_checklist.csv, row \d+ \(swallow\), column 'trigger'"):
        workup.load_checklist(folder)


def test_an_unknown_trigger_and_a_missing_source_are_named(folder):
    _edit(folder / model.CHECKLIST_FILE, "lungs", "trigger", "cough")
    with pytest.raises(WorkupDataError, match=r"\(lungs\), column 'trigger': 'cough'"):
        workup.load_checklist(folder)
    _edit(folder / model.CHECKLIST_FILE, "lungs", "trigger", "dyspnoea")
    _edit(folder / model.CHECKLIST_FILE, "thyroid", "citation_keys", "")
    with pytest.raises(WorkupDataError, match=r"\(thyroid\), column 'citation_keys'"):
        workup.load_checklist(folder)


def test_a_question_split_across_the_file_is_refused(folder):
    _edit(folder / model.CHECKLIST_FILE, "joints", "question",
          "Does the skin show the changes of scleromyxedema?")
    with pytest.raises(WorkupDataError, match=r"\(joints\), column 'question'.*together"):
        workup.load_checklist(folder)


def test_bad_outcome_count_and_unknown_key_are_reported(folder):
    _edit(folder / model.OUTCOMES_FILE, "Alive with skin disease", "patients", "twelve",
          id_column="outcome")
    with pytest.raises(WorkupDataError, match=r"prognosis_outcomes.csv, row 3, column 'patients'"):
        workup.load_outcomes(folder)
    _edit(folder / model.OUTCOMES_FILE, "Alive with skin disease", "patients", "12",
          id_column="outcome")
    _edit(folder / model.OUTCOMES_FILE, "Alive with skin disease", "citation_key", "nosuchkey",
          id_column="outcome")
    assert any("nosuchkey" in p for p in workup.problems(folder))


def test_outcomes_add_up_to_the_cohort():
    rows = workup.load_outcomes()
    assert sum(r.patients for r in rows) == 21
    assert sum(r.patients for r in rows if r.status == "died") == 5


# ------------------------------------------------------------------ views

def test_static_view_shows_every_test_with_when_and_linked_sources(data):
    page = checklist_html(data)
    assert page.count("<tr><td>") == len(data.items())
    assert "Every patient" in page and "If: Difficulty swallowing" in page
    assert 'href="#ref-rongioletti2001"' in page
    assert "not a protocol" in page


def test_a_finding_adds_its_test_to_the_view(data):
    without = checklist_html(data, present=())
    with_it = checklist_html(data, present={"dyspnoea"})
    assert "Pulmonary function tests" not in without
    assert "Pulmonary function tests" in with_it


def test_content_is_escaped(data):
    item = data.items()[0]
    evil = model.Item(item.id, "<script>alert(1)</script>?", "<b>test</b>", "a & b", item.when,
                      item.trigger, item.citations)
    page = checklist_html(model.Checklist(data.findings, (model.Group(evil.question, (evil,)),)))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;test&lt;/b&gt;" in page and "a &amp; b" in page


# ------------------------------------------------------------------ tool and figure

def test_tool_has_a_box_per_finding_and_ticking_one_adds_its_test(data):
    tool = workup.checklist_tool()
    dual = tool.dual()
    assert "Work-up checklist" in dual.text and "<table>" in dual.html
    _intro, boxes, out = dual.widget.children
    assert len(boxes.children) == len(data.findings) == len(tool.boxes)
    assert "Oesophageal studies" not in out.value
    box = next(b for b in boxes.children if b.description == "Difficulty swallowing")
    box.value = True
    assert "Oesophageal studies" in out.value
    box.value = False
    assert "Oesophageal studies" not in out.value


def test_outcomes_figure_has_alt_text_naming_the_causes_of_death():
    fig = workup.outcomes_figure(workup.load_outcomes())
    alt = plots.alt_text(fig)
    assert "21 followed patients" in alt and "dermato-neuro syndrome 2" in alt
    assert [t.name for t in fig.data] == ["Alive at last follow-up", "Died"]
