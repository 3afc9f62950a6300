"""A learner's quiz answers, kept in one local JSON file (no server).

Where: ``$SMX_PROGRESS_FILE`` if set, else ``progress.json`` in the per-user data folder
(``platformdirs.user_data_dir("scleromyxedema-course")``).

How it stays safe:

* every answer appends one record ``{question, bank, objectives, correct, time}``;
* a write happens under a :class:`filelock.FileLock` on ``progress.json.lock`` and replaces
  the file atomically (temporary file in the same folder + ``os.replace``), so two lesson
  kernels answering at the same moment both keep their records and a crash never leaves
  half a file;
* a file that cannot be parsed is renamed to ``progress.json.corrupt-<time>`` (never
  overwritten) and the learner is told where it went; a file that cannot be read or moved
  is left alone and nothing is saved until the problem is fixed.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from ..core.content import CourseError

VERSION = 1
ENV = "SMX_PROGRESS_FILE"


class ProgressError(CourseError, RuntimeError):
    """The progress file cannot be used; the message says which file and what to do."""


def default_path() -> Path:
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("scleromyxedema-course")) / "progress.json"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


@dataclass
class Loaded:
    records: list[dict] = field(default_factory=list)
    problem: str | None = None  # a message for the learner, e.g. the file was set aside


class ProgressStore:
    def __init__(self, path: Path | str | None = None, timeout: float = 10.0):
        self.path = Path(path) if path else default_path()
        self.lock = FileLock(str(self.path) + ".lock", timeout=timeout)

    # -- reading -------------------------------------------------------------------
    def _read_unlocked(self) -> Loaded:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Loaded()
        except OSError as exc:
            raise ProgressError(
                f"Your progress file {self.path} cannot be read ({exc.strerror}). It was left "
                "as it is and this answer was not saved; fix its permissions or set "
                f"{ENV} to another file."
            ) from None
        try:
            data = json.loads(raw.decode("utf-8"))
            records = data["answers"]
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise ValueError("'answers' is not a list of records")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{_stamp()}")
            try:
                os.replace(self.path, aside)
            except OSError as move_exc:
                raise ProgressError(
                    f"Your progress file {self.path} is damaged ({exc}) and could not be moved "
                    f"aside ({move_exc.strerror}). It was left as it is and nothing was saved."
                ) from None
            return Loaded(
                problem=f"Your progress file {self.path} was damaged ({exc}). It was kept as "
                f"{aside.name} and a new, empty progress file was started."
            )
        return Loaded(records=records)

    def load(self) -> Loaded:
        """All records; a damaged file is set aside (see the module docstring)."""
        if not self.path.exists():
            return Loaded()
        try:
            with self.lock:
                return self._read_unlocked()
        except Timeout:
            raise ProgressError(
                f"Another lesson holds the lock on {self.path} for too long; try again."
            ) from None

    # -- writing -------------------------------------------------------------------
    def _write_unlocked(self, records: list[dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": VERSION, "answers": records}, indent=1)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def record(
        self, question: str, bank: str, objectives, correct: bool, when: float | None = None
    ) -> Loaded:
        """Append one answer. Returns the records after writing (and any problem found)."""
        rec = {
            "question": question,
            "bank": bank,
            "objectives": list(objectives),
            "correct": bool(correct),
            "time": datetime.fromtimestamp(time.time() if when is None else when, UTC).isoformat(
                timespec="seconds"
            ),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self.lock:
                loaded = self._read_unlocked()
                loaded.records.append(rec)
                self._write_unlocked(loaded.records)
                return loaded
        except Timeout:
            raise ProgressError(
                f"Another lesson holds the lock on {self.path} for too long; this answer "
                "was not saved."
            ) from None

    def reset(self) -> Path | None:
        """Move the file aside as ``progress.json.reset-<time>`` (kept, not deleted)."""
        if not self.path.exists():
            return None
        with self.lock:
            aside = self.path.with_name(f"{self.path.name}.reset-{_stamp()}")
            os.replace(self.path, aside)
            return aside


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
