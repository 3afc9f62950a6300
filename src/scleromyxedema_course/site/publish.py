"""Publish a site only when its whole build succeeded: build aside, then swap it in.

The build writes into a temporary folder next to the output folder (``.site.new-XXXX``, same
disk, so the swap is two renames). Only when the build returns is the old site moved to
``.site.old-XXXX``, the new one renamed into place and the old one deleted. When the build
fails, the temporary folder is removed and the last good site is not touched: a teacher who
rebuilds the morning of a lecture still has yesterday's decks, answer keys and vendor files.
Folders left by a build that was killed are removed by the next build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..core.content import CourseError

T = TypeVar("T")


class PublishError(CourseError, RuntimeError):
    """The build failed (the message says why) or the output folder cannot be used."""


def _leftovers(out: Path) -> list[Path]:
    prefixes = (f".{out.name}.new-", f".{out.name}.old-")
    if not out.parent.is_dir():
        return []
    return [p for p in out.parent.iterdir() if p.name.startswith(prefixes) and p.is_dir()]


def _kept(out: Path) -> str:
    if (out / "index.html").is_file():
        return f"The last good site in {out} was left untouched."
    return f"Nothing was written to {out}."


def publish(out: Path, build: Callable[[Path], T], marker: str) -> T:
    """Run ``build(stage)`` into a fresh folder; swap it in as ``out`` only if it returns.

    ``marker`` is the file a build leaves in its site: an existing ``out`` without it was not
    made by a build and is never replaced.
    """
    out = Path(out)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise PublishError(f"{out} is not a folder made by this build; choose another --out.")
    if out.is_dir() and any(out.iterdir()) and not (out / marker).exists():
        raise PublishError(f"{out} exists and was not made by this build; choose an empty "
                           "folder (it was left untouched).")
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in _leftovers(out):  # a build killed half-way
        shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        result = build(stage)
        if not (stage / marker).exists():
            raise PublishError(f"the build did not finish its site (no {marker} in it).")
    except Exception as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise PublishError(f"the build failed: {exc}\n{_kept(out)}") from exc
    except BaseException:  # Ctrl-C: same promise, but let it through
        shutil.rmtree(stage, ignore_errors=True)
        raise
    swap(stage, out)
    return result


def swap(stage: Path, out: Path) -> None:
    """Put ``stage`` in place of ``out``; if that fails, ``out`` is as it was."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    try:
        os.rename(stage, out)
    except OSError as exc:
        if old is not None:
            os.rename(old, out)
        shutil.rmtree(stage, ignore_errors=True)
        raise PublishError(f"the new site could not be moved into {out} ({exc.strerror}). "
                           f"{_kept(out)}") from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
