"""A learner's record (quiz answers, questions marked for review), kept in one local file.

Where: ``$SMX_PROGRESS_FILE`` if set; in a browser kernel (JupyterLite, ``sys.platform ==
"emscripten"``) ``my-progress/progress.json`` in the browser's persistent drive ``/drive`` (the
home folder there lives in memory and is lost on reload); else ``progress.json`` in the per-user
data folder (``platformdirs.user_data_dir("scleromyxedema-course")``).

The format is the *learner record*, version 2, described in ``docs/learner-record.md``: on
disk an append-only journal in JSON lines (a header line naming the format, course and
course version, then one line per event: an answer, a mark for review, a preference). The
same events, folded into one JSON document (:meth:`ProgressStore.document`), are what an
export file and the static site's local storage hold. Version 1 files (one JSON document
``{"version": 1, "answers": [...]}``) are read and migrated on the first write; the original
is kept next to it as ``progress.json.v1-<time>``.

How it stays safe and fast:

* recording an answer appends one line under a short :class:`filelock.FileLock` on
  ``progress.json.lock`` (no rewrite, so the cost does not grow with the file: a year of
  answers, 50 MB, costs the same as the first answer);
* when the lock is held by another program, or the disk is full, or the folder is read-only,
  the answer is kept in memory, the learner is told which file and what to do, and the save
  is retried in the background and with the next answer; nothing is lost and nobody waits;
* a write that fails half-way is cut back to the last whole line; a line left broken by a
  killed process is set aside into ``progress.json.damaged-<time>`` (kept, reported);
  a file that is not a learner record at all is moved to ``progress.json.corrupt-<time>``
  (never overwritten) and the learner is told where it went;
* rewrites (migration, compaction) go to a temporary file in the same folder and replace the
  file atomically; temporary files left by a killed rewrite are removed by the next writer;
* a symlinked progress file is followed: the file it points to is appended to or replaced,
  the link itself stays.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

with warnings.catch_warnings():  # a browser kernel has only SoftFileLock: fine, say nothing
    warnings.filterwarnings("ignore", "only soft file lock", UserWarning)
    from filelock import FileLock, Timeout

from ..core.content import CourseError

FORMAT = "smx-learner-record"
VERSION = 2
COURSE_ID = "scleromyxedema-course"
ENV = "SMX_PROGRESS_FILE"
CERTAINTY = ("guess", "fairly-sure", "sure")
HEAD_BYTES = 65536  # the header line is far shorter; more means the file is not a journal
# Compact when superseded marks/preferences outnumber this and a quarter of the lines.
COMPACT_AFTER = 1000
BROWSER_DRIVE = Path("/drive")  # JupyterLite's persistent, browser-stored drive


class ProgressError(CourseError, RuntimeError):
    """The progress file cannot be used; the message says which file and what to do."""


def course_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(COURSE_ID)
    except PackageNotFoundError:
        return "unknown"


def default_path() -> Path:
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    if sys.platform == "emscripten" and BROWSER_DRIVE.is_dir():
        return BROWSER_DRIVE / "my-progress" / "progress.json"
    import platformdirs

    return Path(platformdirs.user_data_dir(COURSE_ID)) / "progress.json"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _time(when: float | None) -> str:
    """RFC 3339 in UTC, to the millisecond like the browser's ``toISOString()`` (so answers
    given in two faces a moment apart keep their order when records are merged)."""
    stamp = time.time() if when is None else when
    return datetime.fromtimestamp(stamp, UTC).isoformat(
        timespec="milliseconds" if stamp % 1 else "seconds")


def header(course_version_: str | None = None) -> dict:
    return {"format": FORMAT, "version": VERSION,
            "course": {"id": COURSE_ID, "version": course_version_ or course_version()}}


def _line(entry: dict) -> bytes:
    return (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def explain(exc: OSError, path: Path, doing: str = "saved") -> str:
    """A learner-facing sentence for an OS error on the progress file: what and what to do."""
    folder = path.parent
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        todo = (f"the disk holding {folder} is full. Free some space on it, or set {ENV} to a "
                "file on another disk, and answer again")
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        todo = (f"the folder {folder} or the file cannot be written to ({exc.strerror}). Fix "
                f"its permissions (for example `chmod u+w {folder}`), or set {ENV} to a file "
                "in a folder you can write to, such as your home folder")
    elif code == errno.EISDIR:
        todo = (f"{path} is a folder, not a file. Move it away, or set {ENV} to the path of a "
                "file")
    elif code in (errno.ENOENT, errno.ENOTDIR):
        todo = (f"the folder {folder} does not exist and cannot be created. Create it, or set "
                f"{ENV} to a file in a folder that exists")
    else:
        todo = f"{exc.strerror or exc}. Fix this, or set {ENV} to another file"
    return f"Your progress file {path} could not be {doing}: {todo}."


@dataclass
class Loaded:
    """The learner record as read: answers in order, marks, preferences, any problem."""

    records: list[dict] = field(default_factory=list)  # answer entries, oldest first
    problem: str | None = None  # a message for the learner, e.g. the file was set aside
    marks: dict[str, dict] = field(default_factory=dict)  # question -> {marked, time}
    preferences: dict = field(default_factory=dict)
    course: dict = field(default_factory=dict)
    lines: int = 0  # event lines in the journal (for compaction)


@dataclass
class Outcome:
    """What happened to an answer (or mark) just recorded."""

    saved: bool
    problem: str | None = None  # what the learner should read (None when all is well)
    pending: int = 0  # entries kept in memory, not yet in the file


def fold(events, loaded: Loaded) -> Loaded:
    """Apply journal events (answers, marks, preferences) to a record, in order."""
    for e in events:
        kind = e.get("type", "answer")
        if kind == "answer":
            e = dict(e)
            e.pop("type", None)
            loaded.records.append(e)
        elif kind == "mark" and isinstance(e.get("question"), str):
            loaded.marks[e["question"]] = {"marked": bool(e.get("marked")), "time": e.get("time")}
        elif kind == "preference" and isinstance(e.get("name"), str):
            loaded.preferences[e["name"]] = e.get("value")
    return loaded


def _events_of(loaded: Loaded) -> list[dict]:
    """The shortest journal giving the same record: every answer, the last mark/preference."""
    events = [{"type": "answer", **r} for r in loaded.records]
    events += [{"type": "mark", "question": q, **m} for q, m in sorted(loaded.marks.items())]
    events += [{"type": "preference", "name": k, "value": v}
               for k, v in sorted(loaded.preferences.items())]
    return events


def _is_journal(head: bytes) -> bool:
    """Whether a file's first bytes are a learner record journal's header line."""
    first, newline, _ = head.partition(b"\n")
    if not newline:
        return False
    try:
        parsed = json.loads(first.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(parsed, dict) and parsed.get("format") == FORMAT


def _when(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def read_document(data, source: str, then: str = "nothing was imported") -> Loaded:
    """A learner record document (an export file, the browser's copy) checked field by field.

    Raises :class:`ProgressError` naming ``source``, the entry and the field of the first
    problem; a record of another course is refused (a newer course version is accepted).
    """
    def bad(where: str, why: str):
        raise ProgressError(f"{source}: {where} {why}; {then}.")

    if not isinstance(data, dict):
        bad("the file", "is not a JSON object, so it is not a learner record")
    if data.get("format") != FORMAT and not (data.get("version") == 1 and "answers" in data):
        bad("field 'format'", f"is {data.get('format')!r}, not {FORMAT!r}: this is not a "
            "learner record")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        bad("field 'version'", f"is {version!r}, not a whole number")
    if version > VERSION:
        bad("field 'version'", f"is {version}: the record was written by a newer course "
            f"(this one reads up to {VERSION}); update the course first")
    course = data.get("course") or {}
    course_id = course.get("id") if isinstance(course, dict) else course
    if version > 1 and course_id != COURSE_ID:
        bad("field 'course.id'", f"is {course_id!r}, not {COURSE_ID!r}: this record belongs "
            "to another course")
    answers = data.get("answers", [])
    if not isinstance(answers, list):
        bad("field 'answers'", "is not a list")
    for i, a in enumerate(answers):
        if not isinstance(a, dict):
            bad(f"answers[{i}]", "is not an object")
        for name, kind in (("question", str), ("correct", bool), ("time", str)):
            if not isinstance(a.get(name), kind):
                bad(f"answers[{i}] field '{name}'", f"is {a.get(name)!r}")
        if _when(a["time"]) is None:
            bad(f"answers[{i}] field 'time'", f"is {a['time']!r}, not a date and time")
        if "certainty" in a and a["certainty"] not in CERTAINTY:
            bad(f"answers[{i}] field 'certainty'", f"is {a['certainty']!r}")
    marks = data.get("marks", {}) or {}
    if not isinstance(marks, dict):
        bad("field 'marks'", "is not an object")
    for q, m in marks.items():
        if not isinstance(m, dict) or not isinstance(m.get("marked"), bool) \
                or _when(m.get("time")) is None:
            bad(f"marks[{q!r}]", "needs 'marked' (true or false) and a 'time'")
    prefs = data.get("preferences", {}) or {}
    if not isinstance(prefs, dict):
        bad("field 'preferences'", "is not an object")
    return Loaded(records=[dict(a) for a in answers], marks={q: dict(m) for q, m in marks.items()},
                  preferences=dict(prefs), course=course if isinstance(course, dict) else {})


def read_file(path: Path) -> Loaded:
    """A learner record file read and never changed (a class report reads students' files):
    a progress journal, a version 1 file or an export document. Raises :class:`ProgressError`
    naming the file and what is wrong; a journal's broken lines are skipped (and counted in
    ``problem``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProgressError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    if _is_journal(raw[:HEAD_BYTES]) or raw.lstrip()[:1] != b"{":
        try:
            loaded, bad = ProgressStore._parse(raw)
        except _Damaged as exc:
            raise ProgressError(f"{path}: not a learner record: {exc.reason}.") from None
        course_id = (loaded.course or {}).get("id")
        if course_id != COURSE_ID:
            raise ProgressError(f"{path}: header field 'course.id' is {course_id!r}, not "
                                f"{COURSE_ID!r}: this record belongs to another course.")
        if bad:
            loaded.problem = f"{len(bad)} broken line(s) skipped"
        return loaded
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProgressError(f"{path}: not valid JSON ({exc}).") from None
    return read_document(data, str(path), then="the file was left as it is")


def _answer_key(a: dict) -> tuple:
    return (a.get("question"), _when(a.get("time")), json.dumps(a.get("response"), sort_keys=True))


def merge(mine: Loaded, theirs: Loaded) -> tuple[Loaded, int]:
    """The union of two records (docs/learner-record.md): answers are identified by question,
    time and response and kept in time order; for a mark the later time wins; a preference
    already set here is kept. Returns the merged record and how many answers were new."""
    seen = {_answer_key(a) for a in mine.records}
    new = [a for a in theirs.records if _answer_key(a) not in seen]
    epoch = datetime.min.replace(tzinfo=UTC)
    records = sorted([*mine.records, *new], key=lambda a: _when(a.get("time")) or epoch)
    marks = dict(mine.marks)
    for q, m in theirs.marks.items():
        later = (_when(m.get("time")) or epoch) > (_when(marks.get(q, {}).get("time")) or epoch)
        if q not in marks or later:
            marks[q] = m
    prefs = {**theirs.preferences, **mine.preferences}
    return Loaded(records=records, marks=marks, preferences=prefs, course=mine.course), len(new)


class _Damaged(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ProgressStore:
    def __init__(self, path: Path | str | None = None, timeout: float = 0.25,
                 retry_every: float | None = 2.0, retries: int = 30):
        self.path = Path(path) if path else default_path()
        self.timeout = timeout
        self.retry_every, self.retries = retry_every, retries
        self.pending: list[dict] = []
        self.on_retry = None  # called with the Outcome of a background retry
        self._mutex = threading.RLock()
        self._timer: threading.Timer | None = None
        self._tries = 0
        self._cleaned = False

    # -- where -----------------------------------------------------------------------
    @property
    def target(self) -> Path:
        """The file written: the progress file, or the file its symlink points to."""
        return Path(os.path.realpath(self.path))

    @property
    def lock(self) -> FileLock:
        return FileLock(str(self.target) + ".lock", timeout=self.timeout)

    def _busy(self) -> str:
        return (f"Another program is writing to your progress file {self.target} (it holds "
                f"{self.target.name}.lock). Close the other lesson or program using it; ")

    # -- reading ---------------------------------------------------------------------
    @staticmethod
    def _parse(raw: bytes) -> tuple[Loaded, list[bytes]]:
        """Parse a journal or a version 1 file; raise _Damaged when it is neither."""
        first, _, rest = raw.partition(b"\n")
        try:
            head = json.loads(first.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            head = None
        if isinstance(head, dict) and head.get("format") == FORMAT:
            if not isinstance(head.get("version"), int) or head["version"] > VERSION:
                raise _Damaged(f"it is a learner record of version {head.get('version')!r}, "
                               f"newer than this course reads ({VERSION}); update the course")
            loaded = Loaded(course=head.get("course") or {})
            bad: list[bytes] = []
            lines = rest.split(b"\n")
            try:  # fast path: every line whole, parsed in one call
                events = json.loads(b"[" + b",".join(ln for ln in lines if ln.strip()) + b"]")
                if all(isinstance(e, dict) for e in events):
                    loaded.lines = len(events)
                    return fold(events, loaded), bad
            except (ValueError, UnicodeDecodeError):
                pass
            events = []
            last = len(lines) - 1
            for n, line in enumerate(lines):
                if not line.strip():
                    continue
                try:
                    event = json.loads(line.decode("utf-8"))
                    if not isinstance(event, dict):
                        raise ValueError("not an object")
                except (ValueError, UnicodeDecodeError):
                    if n == last:
                        continue  # an unfinished last line: a write in progress, not saved yet
                    bad.append(line)
                    continue
                events.append(event)
            loaded.lines = len(events)
            return fold(events, loaded), bad
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("it is not a JSON object")
            records = data["answers"]
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise ValueError("'answers' is not a list of records")
        except KeyError:
            raise _Damaged("it has no 'answers'") from None
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            raise _Damaged(str(exc)) from None
        return Loaded(records=list(records), course={"id": COURSE_ID}), []

    def _read(self, target: Path) -> bytes | None:
        try:
            return target.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ProgressError(explain(exc, target, "read") + " It was left as it is.") from None

    def _set_aside(self, target: Path, reason: str, kind: str = "corrupt") -> str:
        aside = target.with_name(f"{target.name}.{kind}-{_stamp()}")
        try:
            os.replace(target, aside)
        except OSError as exc:
            raise ProgressError(
                f"Your progress file {target} is damaged ({reason}) and could not be moved "
                f"aside ({exc.strerror}). It was left as it is and nothing was saved; move it "
                f"away yourself, or set {ENV} to another file."
            ) from None
        return (f"Your progress file {target} was damaged ({reason}). It was kept as "
                f"{aside.name} and a new, empty progress file was started.")

    def load(self) -> Loaded:
        """The whole record, with answers not saved yet; damage is set aside and reported."""
        target = self.target
        raw = self._read(target)
        problem = None
        if raw is None or not raw.strip():  # no file yet, or an empty one: nothing to read
            loaded = Loaded()
        else:
            try:
                loaded, bad = self._parse(raw)
            except _Damaged:
                loaded, bad = None, []
            superseded = loaded.lines - len(_events_of(loaded)) if loaded else 0
            if loaded is None or bad or superseded > max(COMPACT_AFTER, loaded.lines // 4):
                try:
                    with self.lock:
                        loaded, problem = self._repair_unlocked(target)
                except Timeout:
                    problem = (self._busy() + "the file was only read, and will be checked "
                               "again next time.")
                    loaded = loaded or Loaded()
                except OSError as exc:
                    raise ProgressError(explain(exc, target, "repaired")) from None
        with self._mutex:
            fold([dict(e) for e in self.pending], loaded)
            if self.pending:
                problem = " ".join(filter(None, [problem, f"{len(self.pending)} answer(s) "
                                                 "are kept in memory and not saved yet."]))
        loaded.problem = problem
        return loaded

    def _repair_unlocked(self, target: Path) -> tuple[Loaded, str | None]:
        """Under the lock: set a damaged file aside, or move broken lines out and compact."""
        raw = self._read(target)
        if raw is None:
            return Loaded(), None
        try:
            loaded, bad = self._parse(raw)
        except _Damaged as exc:
            return Loaded(), self._set_aside(target, exc.reason)
        problem = None
        if bad:
            aside = target.with_name(f"{target.name}.damaged-{_stamp()}")
            self._write_new(aside, b"\n".join(bad) + b"\n")
            problem = (f"{len(bad)} line(s) of your progress file {target} could not be read "
                       f"(a write was interrupted). They were kept in {aside.name}; your other "
                       "answers are intact.")
        self._rewrite(target, loaded)
        return loaded, problem

    # -- writing ---------------------------------------------------------------------
    def _write_new(self, target: Path, payload: bytes) -> None:
        """Write a whole file atomically: temporary file in the same folder, then replace."""
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _rewrite(self, target: Path, loaded: Loaded, extra: list[dict] = ()) -> None:
        version = (loaded.course or {}).get("version")
        lines = [_line(header(version if version not in (None, "unknown") else None))]
        lines += [_line(e) for e in _events_of(loaded)]
        lines += [_line(e) for e in extra]
        self._write_new(target, b"".join(lines))

    def _clean_temps(self, target: Path) -> None:
        """Remove temporary files a killed rewrite left (only called under the lock)."""
        for stray in target.parent.glob(f"{target.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()

    def _append_unlocked(self, entries: list[dict]) -> str | None:
        target = self.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if not self._cleaned:
            self._clean_temps(target)
            self._cleaned = True
        try:
            fd = os.open(target, os.O_RDWR | os.O_APPEND)
        except FileNotFoundError:
            self._rewrite(target, Loaded(), entries)
            return None
        try:
            size = os.fstat(fd).st_size
            if not _is_journal(os.pread(fd, min(size, HEAD_BYTES), 0)):
                os.close(fd)
                fd = -1
                return self._migrate_unlocked(target, entries)
            data = b"".join(_line(e) for e in entries)
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data  # the line a killed writer left stays apart (and is kept)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)  # no half line is left behind
                raise
        finally:
            if fd >= 0:
                os.close(fd)
        return None

    def _migrate_unlocked(self, target: Path, entries: list[dict]) -> str | None:
        """A version 1 file (or a damaged one): rewrite as a journal, keeping the original."""
        raw = self._read(target) or b""
        if not raw.strip():  # an empty file: nothing to keep
            self._rewrite(target, Loaded(), entries)
            return None
        try:
            loaded, _ = self._parse(raw)
        except _Damaged as exc:
            problem = self._set_aside(target, exc.reason)
            self._rewrite(target, Loaded(), entries)
            return problem
        backup = target.with_name(f"{target.name}.v1-{_stamp()}")
        self._write_new(backup, raw)
        self._rewrite(target, loaded, entries)
        return None

    def _flush(self) -> Outcome:
        """Write the pending entries (caller holds ``_mutex``)."""
        if not self.pending:
            return Outcome(True)
        n = len(self.pending)
        try:
            with self.lock:
                problem = self._append_unlocked(list(self.pending))
        except Timeout:
            return self._later(self._busy() + f"your answer is kept in memory ({n} not saved "
                               "yet) and will be saved as soon as the file is free.")
        except ProgressError as exc:
            return self._later(f"{exc} Your answer is kept in memory ({n} not saved yet); "
                               "saving is retried with your next answer.")
        except OSError as exc:
            return self._later(explain(exc, self.target) + f" Your answer is kept in memory "
                               f"({n} not saved yet); saving is retried with your next answer.")
        self.pending.clear()
        self._tries = 0
        return Outcome(True, problem)

    def _later(self, problem: str) -> Outcome:
        self._schedule_retry()
        return Outcome(False, problem, len(self.pending))

    def _schedule_retry(self) -> None:
        if self.retry_every is None or self._tries >= self.retries:
            return
        if self._timer is not None and self._timer.is_alive():
            return
        self._tries += 1
        timer = threading.Timer(self.retry_every, self._retry)
        timer.daemon = True
        try:
            timer.start()
        except RuntimeError:  # no threads (a browser kernel): retry with the next answer only
            self._timer = None
            return
        self._timer = timer

    def _retry(self) -> None:
        with self._mutex:
            self._timer = None
            outcome = self._flush()
        if self.on_retry is not None:
            with contextlib.suppress(Exception):
                self.on_retry(outcome)

    def flush(self) -> Outcome:
        """Try again to save the answers kept in memory."""
        with self._mutex:
            return self._flush()

    def _add(self, entry: dict) -> Outcome:
        with self._mutex:
            self.pending.append(entry)
            return self._flush()

    def record(self, question: str, bank: str, objectives, correct: bool,
               when: float | None = None, *, response=None,
               certainty: str | None = None) -> Outcome:
        """Append one answer; never raises for a file problem (see :class:`Outcome`)."""
        entry = {"type": "answer", "question": question, "bank": bank,
                 "objectives": list(objectives), "correct": bool(correct), "time": _time(when)}
        if response is not None:
            entry["response"] = response
        if certainty is not None:
            if certainty not in CERTAINTY:
                raise ValueError(f"certainty must be one of {', '.join(CERTAINTY)}, "
                                 f"not {certainty!r}")
            entry["certainty"] = certainty
        return self._add(entry)

    def mark(self, question: str, marked: bool = True, when: float | None = None) -> Outcome:
        """Mark (or unmark) a question for review."""
        return self._add({"type": "mark", "question": question, "marked": bool(marked),
                          "time": _time(when)})

    def set_preference(self, name: str, value) -> Outcome:
        return self._add({"type": "preference", "name": name, "value": value})

    def compact(self) -> Loaded:
        """Rewrite the journal as its shortest equivalent (broken lines are kept aside)."""
        loaded, problem = self._locked_rewrite(
            lambda loaded: None, "try again in a moment.", "compacted")
        loaded.problem = problem
        return loaded

    def _locked_rewrite(self, change, retry: str, verb: str) -> tuple[Loaded, str | None]:
        """Under the lock: the journal repaired into its shortest form, then ``change(loaded)``
        may return a new record to write in its place (atomically). Returns what was read and
        the repair's problem; a busy or unwritable file raises :class:`ProgressError`."""
        with self._mutex:
            self._flush()
            try:
                with self.lock:
                    self._clean_temps(self.target)
                    loaded, problem = self._repair_unlocked(self.target)
                    replacement = change(loaded)
                    if replacement is not None:
                        self._rewrite(self.target, replacement)
            except Timeout:
                raise ProgressError(self._busy() + retry) from None
            except OSError as exc:
                raise ProgressError(explain(exc, self.target, verb)) from None
        return loaded, problem

    def merge(self, document, source: str = "the imported record") -> int:
        """Add a record document (an export file) to this one; returns the answers added.

        A document that is not a learner record of this course raises :class:`ProgressError`
        before anything is written; the file is rewritten atomically, so it is never lost.
        """
        theirs = read_document(document, source)
        added = 0

        def join(mine: Loaded) -> Loaded:
            nonlocal added
            merged, added = merge(mine, theirs)
            if not mine.course:
                merged.course = {"id": COURSE_ID, "version": course_version()}
            return merged

        self._locked_rewrite(join, "then import again.", "updated")
        return added

    def document(self) -> dict:
        """The learner record as one JSON document (export file, browser local storage)."""
        loaded = self.load()
        return {**header((loaded.course or {}).get("version")), "answers": loaded.records,
                "marks": loaded.marks, "preferences": loaded.preferences}

    def reset(self) -> Path | None:
        """Move the file aside as ``progress.json.reset-<time>`` (kept, not deleted)."""
        target = self.target
        if not target.exists():
            return None
        with self._mutex:
            self.pending.clear()
            try:
                with self.lock:
                    aside = target.with_name(f"{target.name}.reset-{_stamp()}")
                    os.replace(target, aside)
                    return aside
            except Timeout:
                raise ProgressError(self._busy() + "then reset again.") from None
            except OSError as exc:
                raise ProgressError(explain(exc, target, "moved aside")) from None


def latest_by_question(records: list[dict]) -> dict[str, dict]:
    """The most recent record for each question (records are in answer order)."""
    out: dict[str, dict] = {}
    for r in records:
        if isinstance(r.get("question"), str):
            out[r["question"]] = r
    return out


def first_by_question(records: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in records:
        if isinstance(r.get("question"), str):
            out.setdefault(r["question"], r)
    return out
