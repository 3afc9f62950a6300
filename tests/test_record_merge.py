"""Import and export of the learner record (the kernel side): merge rules, bad files."""

import json

import pytest

from scleromyxedema_course.cli import main
from scleromyxedema_course.quiz.progress import (
    COURSE_ID,
    FORMAT,
    ProgressError,
    ProgressStore,
)


def doc(answers=(), marks=None, course_id=COURSE_ID, **extra):
    return {"format": FORMAT, "version": 2, "course": {"id": course_id, "version": "0.0.9"},
            "answers": list(answers), "marks": marks or {}, "preferences": {}, **extra}


def answer(q, correct, time, response=0, **extra):
    return {"question": q, "bank": q.split("/")[0], "objectives": [q.split("/")[0] + "/o1"],
            "correct": correct, "time": time, "response": response, **extra}


def test_merge_adds_new_answers_in_time_order_and_keeps_the_later_mark(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.record("a/q1", "a", ["a/o1"], False, when=1_767_261_600, response=1)  # 2026-01-01 10:00
    store.mark("a/q1", True, when=1_767_261_700)
    theirs = doc(
        [answer("a/q1", True, "2025-12-31T09:00:00Z", 2, certainty="sure"),
         answer("a/q2", True, "2026-01-02T09:00:00+00:00")],
        marks={"a/q1": {"marked": False, "time": "2026-01-05T00:00:00Z"},
               "a/q2": {"marked": True, "time": "2025-01-01T00:00:00Z"}})
    assert store.merge(theirs) == 2
    mine = store.document()
    assert [(a["question"], a["correct"]) for a in mine["answers"]] == [
        ("a/q1", True), ("a/q1", False), ("a/q2", True)]  # the imported earlier answer is first
    assert mine["answers"][0]["certainty"] == "sure"
    assert mine["marks"]["a/q1"]["marked"] is False and mine["marks"]["a/q2"]["marked"] is True
    assert store.merge(theirs) == 0  # importing the same file twice adds nothing
    assert len(store.document()["answers"]) == 3


@pytest.mark.parametrize("bad, words", [
    (doc(course_id="another-course"), "field 'course.id' is 'another-course'"),
    ({"format": "something-else", "version": 2}, "field 'format'"),
    (doc(version=3), "newer course"),
    (doc([{"question": "a/q1", "correct": "yes", "time": "2026-01-01T00:00:00Z"}]),
     "answers[0] field 'correct'"),
    (doc([answer("a/q1", True, "yesterday")]), "answers[0] field 'time'"),
    (doc([answer("a/q1", True, "2026-01-01T00:00:00Z", certainty="very")]),
     "answers[0] field 'certainty'"),
    ([1, 2], "not a JSON object"),
])
def test_a_bad_record_is_refused_by_file_and_field_and_nothing_is_lost(tmp_path, bad, words):
    store = ProgressStore(tmp_path / "progress.json")
    store.record("a/q1", "a", ["a/o1"], True)
    before = (tmp_path / "progress.json").read_bytes()
    with pytest.raises(ProgressError) as err:
        store.merge(bad, source="class/anna.json")
    assert "class/anna.json" in str(err.value) and words in str(err.value)
    assert "nothing was imported" in str(err.value)
    assert (tmp_path / "progress.json").read_bytes() == before


def test_export_then_import_on_the_command_line(tmp_path, capsys):
    first = ProgressStore(tmp_path / "one.json")
    first.record("a/q1", "a", ["a/o1"], True, response=[0, 2])
    first.mark("a/q2")
    out = tmp_path / "record.json"
    assert main(["record", "export", str(out), "--progress-file", str(first.path)]) == 0
    assert json.loads(out.read_text())["answers"][0]["response"] == [0, 2]
    assert main(["record", "import", str(out), "--progress-file", str(tmp_path / "two.json")]) == 0
    assert "1 answer(s)" in capsys.readouterr().out
    second = ProgressStore(tmp_path / "two.json").document()
    assert second["answers"] == first.document()["answers"]
    assert second["marks"] == first.document()["marks"]
    (tmp_path / "broken.json").write_text('{"format": ')
    assert main(["record", "import", str(tmp_path / "broken.json"),
                 "--progress-file", str(tmp_path / "two.json")]) == 1
    assert "broken.json" in capsys.readouterr().err
