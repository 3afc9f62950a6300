"""The progress file (learner record v2): journal, migration, every failure named and survived."""

import errno
import json
import multiprocessing as mp
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from scleromyxedema_course.quiz import progress, reset_progress, show
from scleromyxedema_course.quiz.progress import ProgressError, ProgressStore

EXAMPLE = Path(__file__).parent / "data" / "example.yaml"


def store_at(path, **kw) -> ProgressStore:
    kw.setdefault("retry_every", None)  # no background retries unless a test asks for them
    return ProgressStore(path, **kw)


def lines(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()]


def test_env_var_overrides_the_default_path(tmp_path, monkeypatch):
    monkeypatch.setenv("SMX_PROGRESS_FILE", str(tmp_path / "p.json"))
    assert ProgressStore().path == tmp_path / "p.json"
    monkeypatch.delenv("SMX_PROGRESS_FILE")
    assert progress.default_path().name == "progress.json"
    assert "scleromyxedema-course" in str(progress.default_path())


def test_record_appends_one_journal_line_per_answer(tmp_path):
    store = store_at(tmp_path / "sub" / "progress.json")
    assert store.load().records == []
    assert store.record("a/q1", "a", ["a/o1"], True, when=0, response=2).saved
    store.record("a/q1", "a", ["a/o1"], False, when=60, response=[0, 3], certainty="sure")
    head, *events = lines(store.path)
    assert head == {"format": "smx-learner-record", "version": 2,
                    "course": {"id": "scleromyxedema-course",
                               "version": progress.course_version()}}
    assert events == [
        {"type": "answer", "question": "a/q1", "bank": "a", "objectives": ["a/o1"],
         "correct": True, "time": "1970-01-01T00:00:00+00:00", "response": 2},
        {"type": "answer", "question": "a/q1", "bank": "a", "objectives": ["a/o1"],
         "correct": False, "time": "1970-01-01T00:01:00+00:00", "response": [0, 3],
         "certainty": "sure"},
    ]
    records = store.load().records
    assert [r["correct"] for r in records] == [True, False] and "type" not in records[0]
    assert progress.latest_by_question(records)["a/q1"]["correct"] is False
    assert progress.first_by_question(records)["a/q1"]["correct"] is True
    with pytest.raises(ValueError, match="guess, fairly-sure, sure"):
        store.record("a/q2", "a", [], True, certainty="certain")


def test_marks_preferences_and_the_exported_document(tmp_path):
    store = store_at(tmp_path / "progress.json")
    store.record("a/q1", "a", [], False, when=0, response=1)
    store.mark("a/q1", when=10)
    store.mark("a/q2", when=20)
    store.mark("a/q2", False, when=30)
    store.set_preference("certainty", True)
    loaded = store.load()
    assert loaded.marks == {"a/q1": {"marked": True, "time": "1970-01-01T00:00:10+00:00"},
                            "a/q2": {"marked": False, "time": "1970-01-01T00:00:30+00:00"}}
    assert loaded.preferences == {"certainty": True}
    doc = store.document()
    assert doc["format"] == "smx-learner-record" and doc["version"] == 2
    assert doc["course"]["id"] == "scleromyxedema-course"
    assert doc["answers"] == loaded.records and doc["marks"] == loaded.marks
    json.dumps(doc)  # a plain JSON document (export file, browser local storage)


def test_compaction_keeps_every_answer_and_the_last_mark(tmp_path):
    store = store_at(tmp_path / "progress.json")
    for i in range(5):
        store.record(f"a/q{i}", "a", [], i % 2 == 0, when=i)
        store.mark("a/q0", i % 2 == 0, when=i)
    before = store.load()
    after = store.compact()
    assert after.records == before.records and after.marks == before.marks
    assert len(lines(store.path)) == 1 + 5 + 1  # header, answers, one mark


def test_a_version_1_file_is_read_and_migrated_with_the_original_kept(tmp_path):
    path = tmp_path / "progress.json"
    old = {"version": 1, "answers": [
        {"question": "a/q1", "bank": "a", "objectives": ["a/o1"], "correct": True,
         "time": "2025-01-01T00:00:00+00:00"}]}
    path.write_text(json.dumps(old, indent=1))
    store = store_at(path)
    assert store.load().records == old["answers"]  # reading does not change the file
    assert json.loads(path.read_text()) == old
    assert store.record("a/q2", "a", [], False, when=0).saved
    assert [r["question"] for r in store.load().records] == ["a/q1", "a/q2"]
    assert lines(path)[0]["version"] == 2
    kept = list(tmp_path.glob("progress.json.v1-*"))
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == old


# -- failures: each names the file and says what to do, and nothing is lost ---------------


def test_full_disk_cuts_the_half_line_keeps_the_answer_and_says_free_space(tmp_path,
                                                                           monkeypatch):
    store = store_at(tmp_path / "progress.json")
    store.record("a/q1", "a", [], True)
    before = store.path.read_bytes()
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(progress.os, "write", half_then_full)
    outcome = store.record("a/q2", "a", [], True)
    assert not outcome.saved and outcome.pending == 1
    assert str(store.path) in outcome.problem and "is full. Free some space" in outcome.problem
    assert "SMX_PROGRESS_FILE" in outcome.problem and "Errno" not in outcome.problem
    assert store.path.read_bytes() == before  # no half line left behind
    assert [r["question"] for r in store.load().records] == ["a/q1", "a/q2"]  # shown, pending
    monkeypatch.undo()
    assert store.record("a/q3", "a", [], False).saved  # space again: the queue is written
    assert [r["question"] for r in store_at(store.path).load().records] == ["a/q1", "a/q2",
                                                                            "a/q3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json", "progress.json.lock"]


def _read_only(folder: Path):
    """os.open refusing to create or write anything in ``folder`` (as a read-only mount does)."""
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):
        writes = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writes and Path(os.fsdecode(path)).parent == folder:
            raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    return fake_open


def test_read_only_folder_says_fix_permissions_or_where_to_point(tmp_path, monkeypatch):
    store = store_at(tmp_path / "progress.json")
    store.record("a/q1", "a", [], True)
    monkeypatch.setattr(progress.os, "open", _read_only(tmp_path))
    outcome = store.record("a/q2", "a", [], True)
    assert not outcome.saved and outcome.pending == 1
    assert str(store.path) in outcome.problem and "Fix its permissions" in outcome.problem
    assert "set SMX_PROGRESS_FILE to a file in a folder you can write to" in outcome.problem
    assert ".tmp" not in outcome.problem and "Errno" not in outcome.problem
    monkeypatch.undo()
    assert store.flush().saved
    assert [r["question"] for r in store.load().records] == ["a/q1", "a/q2"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_really_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    store = store_at(folder / "progress.json")
    folder.chmod(0o500)
    try:
        outcome = store.record("a/q1", "a", [], True)
    finally:
        folder.chmod(0o700)
    assert not outcome.saved and "Fix its permissions" in outcome.problem


def _hold_lock(lock_path: str, held, release) -> None:
    with FileLock(lock_path):
        held.set()
        release.wait(60)


def test_lock_held_by_another_process_queues_the_answer_and_retries(tmp_path):
    store = store_at(tmp_path / "progress.json", retry_every=0.05)
    store.record("a/q1", "a", [], True)
    ctx = mp.get_context("spawn")
    held, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(store.path) + ".lock", held, release))
    holder.start()
    try:
        assert held.wait(60)
        retried = []
        store.on_retry = retried.append
        outcome = store.record("a/q2", "a", [], False)  # returns: the learner keeps working
        assert not outcome.saved and outcome.pending == 1
        assert str(store.path) in outcome.problem
        assert "Close the other lesson or program" in outcome.problem
        assert "kept in memory" in outcome.problem
    finally:
        release.set()
        holder.join(60)
    for _ in range(600):  # the background retry saves it once the lock is free
        if any(o.saved for o in retried):
            break
        time.sleep(0.05)
    assert any(o.saved for o in retried) and store.pending == []
    assert [r["question"] for r in store_at(store.path).load().records] == ["a/q1", "a/q2"]


def test_widget_status_says_what_to_do_when_the_lock_is_held(tmp_path):
    store = store_at(tmp_path / "progress.json")
    d = show(EXAMPLE, store=store)
    with FileLock(str(store.path) + ".lock"):
        # Another FileLock object in this process on the same file: a different holder.
        q = d.widget.questions[0]
        q.set_response(0)
        q.check_button.click()
        status = d.widget.status.value
    assert "checked but is not saved yet" in status and str(store.path) in status
    assert "Close the other lesson or program" in status
    q2 = d.widget.questions[1]
    q2.set_response([0])
    q2.check_button.click()  # lock free again: both answers are written
    assert "Your answers are saved in" in d.widget.status.value
    assert len(store.load().records) == 2


def _writer_forever(path: str, report: str) -> None:
    store = ProgressStore(path, timeout=60, retry_every=None)
    i = 0
    while True:
        outcome = store.record(f"k/q{i}", "k", [], True, response="x" * (i % 300))
        if outcome.saved:
            with open(report, "a") as fh:
                fh.write(f"k/q{i}\n")
        i += 1


def test_killed_writers_lose_no_committed_answer_and_leave_no_stray_file(tmp_path):
    path, report = tmp_path / "progress.json", tmp_path / "committed.txt"
    report.touch()
    ctx = mp.get_context("spawn")
    for round_ in range(4):
        proc = ctx.Process(target=_writer_forever, args=(str(path), str(report)))
        proc.start()
        for _ in range(400):  # let it commit a few answers, then kill it mid-flight
            if len(report.read_text().split()) > 5 * (round_ + 1):
                break
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
    # A killed rewrite leaves a temporary file; a killed append can leave a broken line.
    (tmp_path / "progress.json.abc123.tmp").write_text("half")
    with open(path, "ab") as fh:
        fh.write(b'{"type":"answer","question":"k/torn"')
    store = store_at(path)
    assert store.record("a/after", "a", [], True).saved
    assert not list(tmp_path.glob("*.tmp"))
    loaded = store.load()
    saved = [r["question"] for r in loaded.records]
    committed = report.read_text().split()
    assert committed and set(committed) <= set(saved) and saved[-1] == "a/after"
    assert "could not be read" in loaded.problem and "damaged-" in loaded.problem
    kept = list(tmp_path.glob("progress.json.damaged-*"))
    assert len(kept) == 1 and b"k/torn" in kept[0].read_bytes()  # set aside, not destroyed
    assert store.load().problem is None  # repaired once, reported once


def _big_journal(path: Path, megabytes: int) -> int:
    line = progress._line({"type": "answer", "question": "a/q1", "bank": "a",
                           "objectives": ["a/o1"], "correct": True,
                           "time": "2025-01-01T00:00:00+00:00", "response": [0, 2, 3]})
    n = megabytes * 1_000_000 // len(line)
    with open(path, "wb") as fh:
        fh.write(progress._line(progress.header()))
        fh.write(line * n)
    return n


def test_a_56_mb_file_gets_one_line_appended_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    n = _big_journal(path, 56)
    size = path.stat().st_size
    assert size > 56_000_000
    monkeypatch.setattr(progress.Path, "read_bytes", lambda self: pytest.fail("file read"))
    store = store_at(path)
    assert store.record("b/q9", "b", [], False).saved
    monkeypatch.undo()
    tail = path.read_bytes()[size:]
    assert tail.count(b"\n") == 1 and b'"question":"b/q9"' in tail
    records = store.load().records
    assert len(records) == n + 1 and records[-1]["question"] == "b/q9"


def test_a_symlinked_progress_file_is_followed_never_replaced(tmp_path):
    real = tmp_path / "synced" / "my-answers.json"
    real.parent.mkdir()
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    store = store_at(link)
    store.record("a/q1", "a", [], True)  # creates the file the link points to
    store.record("a/q2", "a", [], True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert [e.get("question") for e in lines(real)[1:]] == ["a/q1", "a/q2"]
    store.mark("a/q1")
    store.compact()  # a rewrite replaces the target, not the link
    assert link.is_symlink() and len(lines(real)) == 4
    real.write_text(json.dumps({"version": 1, "answers": []}))  # migration, too
    store.record("a/q3", "a", [], True)
    assert link.is_symlink() and lines(real)[0]["version"] == 2


@pytest.mark.parametrize("content", [b"{not json", b'{"answers": 3}', b"\xff\xfe", b"[]"])
def test_a_damaged_file_is_kept_aside_and_reported(tmp_path, content):
    store = store_at(tmp_path / "progress.json")
    store.path.write_bytes(content)
    outcome = store.record("a/q1", "a", [], True)
    assert outcome.saved and "was damaged" in outcome.problem and "corrupt-" in outcome.problem
    kept = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == content  # never overwritten
    assert [r["question"] for r in store.load().records] == ["a/q1"]
    assert store.load().problem is None


def test_an_empty_file_is_a_new_record_not_a_damaged_one(tmp_path):
    store = store_at(tmp_path / "progress.json")
    store.path.write_bytes(b"")
    assert store.load().problem is None
    outcome = store.record("a/q1", "a", [], True)
    assert outcome.saved and outcome.problem is None
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []
    assert [r["question"] for r in store.load().records] == ["a/q1"]


def test_a_damaged_file_found_when_reading_is_kept_aside_and_reported(tmp_path):
    store = store_at(tmp_path / "progress.json")
    store.path.write_bytes(b"\x00garbage")
    loaded = store.load()
    assert loaded.records == [] and "was damaged" in loaded.problem
    assert [p.read_bytes() for p in tmp_path.glob("progress.json.corrupt-*")] == [b"\x00garbage"]


def test_a_folder_where_the_file_should_be_is_left_alone_and_explained(tmp_path):
    store = store_at(tmp_path / "progress.json")
    store.path.mkdir()
    outcome = store.record("a/q1", "a", [], True)
    assert not outcome.saved and str(store.path) in outcome.problem
    assert "is a folder, not a file" in outcome.problem
    with pytest.raises(ProgressError, match="could not be read"):
        store.load()
    assert store.path.is_dir()


def _writer(path: str, name: str, n: int, start) -> None:
    start.wait()
    store = ProgressStore(path, timeout=60, retry_every=None)
    for i in range(n):
        assert store.record(f"{name}/q{i}", name, [], i % 2 == 0).saved


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


def test_reset_keeps_the_old_answers(tmp_path):
    store = store_at(tmp_path / "progress.json")
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
    from scleromyxedema_course.quiz import loader
    from scleromyxedema_course.quiz import overview as progress_view

    bank = loader.load_bank(EXAMPLE, check_refs=False)
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


def test_without_threads_a_busy_file_keeps_the_answer_and_the_next_answer_saves_it(
        tmp_path, monkeypatch):
    # A browser kernel (Pyodide) has no threads: Timer.start raises RuntimeError there.
    def no_threads(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Timer, "start", no_threads)
    store = store_at(tmp_path / "progress.json", retry_every=0.05)
    with FileLock(str(store.path) + ".lock"):
        outcome = store.record("a/q1", "a", [], True)
    assert not outcome.saved and outcome.pending == 1 and "kept in memory" in outcome.problem
    assert store._timer is None
    assert store.record("a/q2", "a", [], False).saved
    assert [r["question"] for r in store_at(store.path).load().records] == ["a/q1", "a/q2"]


def test_in_a_browser_kernel_the_record_lives_in_the_persistent_drive(tmp_path, monkeypatch):
    monkeypatch.delenv(progress.ENV, raising=False)
    monkeypatch.setattr(progress.sys, "platform", "emscripten")
    monkeypatch.setattr(progress, "BROWSER_DRIVE", tmp_path)
    assert progress.default_path() == tmp_path / "my-progress" / "progress.json"
    monkeypatch.setenv(progress.ENV, str(tmp_path / "mine.json"))
    assert progress.default_path() == tmp_path / "mine.json"
