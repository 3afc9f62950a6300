"""The progress file: atomic writes, concurrent writers, damaged files kept and reported."""

import json
import multiprocessing as mp
import os

import pytest

from scleromyxedema_course.quiz import progress, reset_progress
from scleromyxedema_course.quiz.progress import ProgressError, ProgressStore


def test_env_var_overrides_the_default_path(tmp_path, monkeypatch):
    monkeypatch.setenv("SMX_PROGRESS_FILE", str(tmp_path / "p.json"))
    assert ProgressStore().path == tmp_path / "p.json"
    monkeypatch.delenv("SMX_PROGRESS_FILE")
    assert progress.default_path().name == "progress.json"
    assert "scleromyxedema-course" in str(progress.default_path())


def test_record_appends_one_record_per_answer(tmp_path):
    store = ProgressStore(tmp_path / "sub" / "progress.json")
    assert store.load().records == []
    store.record("a/q1", "a", ["a/o1"], True, when=0)
    store.record("a/q1", "a", ["a/o1"], False, when=60)
    data = json.loads(store.path.read_text())
    assert data["version"] == 1
    assert data["answers"] == [
        {"question": "a/q1", "bank": "a", "objectives": ["a/o1"], "correct": True,
         "time": "1970-01-01T00:00:00+00:00"},
        {"question": "a/q1", "bank": "a", "objectives": ["a/o1"], "correct": False,
         "time": "1970-01-01T00:01:00+00:00"},
    ]
    assert progress.latest_by_question(data["answers"])["a/q1"]["correct"] is False
    assert progress.first_by_question(data["answers"])["a/q1"]["correct"] is True


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path / "progress.json")
    store.record("a/q1", "a", [], True)
    before = store.path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.os, "replace", boom)
    with pytest.raises(OSError):
        store.record("a/q2", "a", [], True)
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json", "progress.json.lock"]


def _writer(path: str, name: str, n: int, start) -> None:
    start.wait()
    store = ProgressStore(path, timeout=60)
    for i in range(n):
        store.record(f"{name}/q{i}", name, [], i % 2 == 0)


def test_two_lesson_kernels_writing_at_once_keep_every_record(tmp_path):
    path = str(tmp_path / "progress.json")
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(path, name, 40, start)) for name in ("a", "b")]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    records = ProgressStore(path).load().records
    assert len(records) == 80
    for name in ("a", "b"):
        mine = [r["question"] for r in records if r["bank"] == name]
        assert mine == [f"{name}/q{i}" for i in range(40)]  # each writer's order is kept


@pytest.mark.parametrize("content", [b"{not json", b'{"answers": 3}', b"\xff\xfe", b"[]"])
def test_a_damaged_file_is_kept_aside_and_reported(tmp_path, content):
    store = ProgressStore(tmp_path / "progress.json")
    store.path.write_bytes(content)
    loaded = store.record("a/q1", "a", [], True)
    assert loaded.problem and "was damaged" in loaded.problem and "corrupt-" in loaded.problem
    kept = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == content  # never overwritten
    assert [r["question"] for r in store.load().records] == ["a/q1"]
    assert store.load().problem is None


def test_an_unreadable_file_is_left_alone_and_nothing_is_saved(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.path.mkdir()  # a folder where the file should be: reading raises OSError
    with pytest.raises(ProgressError) as info:
        store.record("a/q1", "a", [], True)
    assert "cannot be read" in str(info.value) and str(store.path) in str(info.value)
    assert store.path.is_dir()


def test_reset_keeps_the_old_answers(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    assert "No progress saved yet" in reset_progress(store)
    store.record("a/q1", "a", [], True)
    message = reset_progress(store)
    assert "Progress reset" in message
    assert not store.path.exists()
    kept = list(tmp_path.glob("progress.json.reset-*"))
    assert len(kept) == 1 and "a/q1" in kept[0].read_text()
    assert store.load().records == []


def test_the_test_run_uses_a_scratch_progress_file():
    assert os.environ["SMX_PROGRESS_FILE"].startswith(("/tmp", os.path.realpath("/tmp")))


def test_progress_view_rows_table_and_chart():
    from pathlib import Path

    from scleromyxedema_course.quiz import loader
    from scleromyxedema_course.quiz import overview as progress_view

    bank = loader.load_bank(Path(__file__).parent / "data" / "example.yaml", check_refs=False)
    empty = progress_view.summarise([], [bank])
    assert empty == [{"bank": "example", "title": "Example quiz", "questions": 4,
                      "answered": 0, "right": 0, "wrong": 0, "last": ""}]
    table = progress_view.table_html(empty, None, "/somewhere/progress.json")
    assert "No answers yet." in table and "/somewhere" not in table
    records = [
        {"question": "example/single", "bank": "example", "correct": False,
         "time": "2026-01-01T10:00:00+00:00"},
        {"question": "example/single", "bank": "example", "correct": True,
         "time": "2026-01-02T10:00:00+00:00"},
        {"question": "example/numeric", "bank": "example", "correct": False,
         "time": "2026-01-01T11:00:00+00:00"},
        {"question": "gone/q1", "bank": "gone", "correct": True, "time": "2026-01-01"},
    ]
    rows = progress_view.summarise(records, [bank])
    assert rows[0] | {} == {"bank": "example", "title": "Example quiz", "questions": 4,
                            "answered": 2, "right": 1, "wrong": 1,
                            "last": "2026-01-02T10:00:00+00:00"}
    table = progress_view.table_html(rows, "file was damaged", "/somewhere/progress.json")
    assert "You have answered 2 of 4 questions" in table and "/somewhere/progress.json" in table
    assert "file was damaged" in table
    from scleromyxedema_course.quiz.figures import progress_chart

    fig = progress_chart(rows)
    assert [t.name for t in fig.data] == ["Right", "Wrong", "Not answered"]
    assert [t.y[0] for t in fig.data] == [1, 1, 2]
    assert "1 right, 1 wrong and 2 not answered" in fig.layout.meta["alt"]
