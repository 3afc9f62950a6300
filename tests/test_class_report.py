"""The class report: per-question and per-objective shares from a folder of learner records."""

import json

from scleromyxedema_course.cli import main
from scleromyxedema_course.quiz import class_report, load_bank
from scleromyxedema_course.quiz.progress import COURSE_ID, FORMAT, ProgressStore


def _doc(*answers):
    return {"format": FORMAT, "version": 2, "course": {"id": COURSE_ID, "version": "0.1.0"},
            "answers": list(answers), "marks": {}, "preferences": {}}


def _a(q, correct, minute, response=None, certainty=None):
    e = {"question": q, "bank": q.split("/")[0], "objectives": [], "correct": correct,
         "time": f"2026-01-05T09:{minute:02d}:00+00:00"}
    if response is not None:
        e["response"] = response
    if certainty:
        e["certainty"] = certainty
    return e


def test_a_hand_counted_class_of_three(tmp_path):
    q1, q2 = "therapy/q02", "therapy/q03"
    (tmp_path / "anna.json").write_text(json.dumps(_doc(
        _a(q1, False, 1, 1, "sure"), _a(q1, True, 2, 0), _a(q2, True, 3))))
    (tmp_path / "ben.json").write_text(json.dumps(_doc(_a(q1, False, 1, 1), _a(q2, False, 2))))
    home = tmp_path / "cara" / ".local" / "share" / "scleromyxedema-course"
    home.mkdir(parents=True)
    store = ProgressStore(home / "progress.json")  # a JupyterHub home: a journal, not an export
    store.record(q1, "therapy", ["therapy/o1"], True, when=1_767_600_000, response=0)
    (tmp_path / "notes.json").write_text('{"not": "a record"}')
    report = class_report.build(tmp_path)
    stats = {s.question.id: s for s in report.questions}
    # Hand count of first tries: q1 anna wrong (sure), ben wrong, cara right; q2 anna right,
    # ben wrong.
    assert (stats[q1].answered, stats[q1].right, stats[q1].confident_errors) == (3, 1, 1)
    assert (stats[q2].answered, stats[q2].right) == (2, 1)
    q1_text = load_bank("therapy").get(q1).options[1].text
    assert stats[q1].most_wrong() == (q1_text.replace("*", ""), 2)
    assert report.learners == ["anna", "ben", "cara/.local/share/scleromyxedema-course/progress"]
    assert [p for p, _ in report.skipped] == ["notes.json"]
    assert "field 'format'" in report.skipped[0][1]
    assert report.most_missed(1)[0].question.id == q1
    rows = report.csv().splitlines()
    assert rows[0].split(",")[:5] == list(class_report.CSV_COLUMNS[:5])
    assert any(r.startswith(f"{q1},04-therapy,3,1,0.333,") for r in rows)


def test_thirty_simulated_learners_match_an_independent_count(tmp_path):
    questions, _ = class_report.course_questions()
    truth = class_report.simulate(tmp_path, 30, questions, seed="test")
    report = class_report.build(tmp_path)
    assert len(report.learners) == 30 and report.skipped == []
    for s in report.questions:
        firsts = [got[s.question.id] for got in truth.values() if s.question.id in got]
        assert (s.answered, s.right) == (len(firsts), sum(firsts)), s.question.id


def test_the_command_writes_csv_and_html_and_names_skipped_files(tmp_path, capsys):
    questions, _ = class_report.course_questions()
    class_report.simulate(tmp_path / "class", 5, questions[:6])
    (tmp_path / "class" / "broken.json").write_text("{")
    out = tmp_path / "report.csv"
    assert main(["class-report", str(tmp_path / "class"), "--csv", str(out),
                 "--html", str(tmp_path / "r.html")]) == 0
    text = capsys.readouterr().out
    assert "5 learner record(s) read, 1 file(s) skipped." in text and "broken.json" in text
    assert out.read_text().count("\n") == len(questions) + 1
    assert 'href="handouts/01-clinical-presentation.html"' in (tmp_path / "r.html").read_text()
    assert main(["class-report", str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_a_record_of_another_course_is_skipped_not_counted(tmp_path):
    doc = _doc(_a("therapy/q02", True, 1))
    doc["course"]["id"] = "another-course"
    (tmp_path / "x.json").write_text(json.dumps(doc))
    report = class_report.build(tmp_path)
    assert report.learners == [] and "another course" in report.skipped[0][1]
