"""Run lessons in place so their stored outputs are fresh and reproducible.

Lessons are executed with the same settings nbval later uses to compare them: the working
folder is ``lessons/``, and ``SMX_PROGRESS_FILE`` points at an empty scratch file so a
learner's own quiz progress never leaks into (or is changed by) a stored output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .core import notebook_form, paths, views
from .core.content import CourseError


class LessonExecutionError(CourseError, RuntimeError):
    """A lesson cell raised; the message names the lesson and the cell."""


def deterministic_env(scratch: Path) -> dict[str, str]:
    """Environment variables shared by ``smx-course execute`` and the nbval run."""
    return {
        "SMX_PROGRESS_FILE": str(scratch / "progress.json"),
        "PYTHONHASHSEED": "0",
    }


def run(lesson_paths: Iterable[Path] | None = None, timeout: int = 180,
        before_save=None) -> list[Path]:
    """Execute each lesson notebook in place; return the paths executed.

    ``before_save(nb)``, when given, finishes each executed notebook before it is written
    (``smx-course execute`` stores the derived slide structure with it)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    if lesson_paths:
        targets = sorted(lesson_paths)
    else:  # the lessons, and the teachers' notebooks (teaching/), stored with outputs too
        targets = [*sorted(paths.lessons_dir().glob("[0-9][0-9]-*.ipynb")),
                   *sorted((paths.root() / "teaching").glob("*.ipynb"))]
    done = []
    with tempfile.TemporaryDirectory(prefix="smx-exec-") as tmp:
        old = {k: os.environ.get(k) for k in deterministic_env(Path(tmp))}
        os.environ.update(deterministic_env(Path(tmp)))
        try:
            for path in targets:
                nb = nbformat.read(path, as_version=4)
                client = NotebookClient(
                    nb,
                    timeout=timeout,
                    kernel_name="python3",
                    # No per-cell timestamps: re-running an unchanged lesson changes no byte.
                    record_timing=False,
                    resources={"metadata": {"path": str(path.parent)}},
                )
                try:
                    client.execute()
                except CellExecutionError as exc:
                    index = next(
                        (i for i, c in enumerate(nb.cells) if c.get("outputs") and any(
                            o.get("output_type") == "error" for o in c["outputs"])), "?")
                    raise LessonExecutionError(
                        f"{path.name}, cell {index}: {str(exc).strip().splitlines()[-1]}"
                    ) from None
                # Widget views and state hold random model ids of a kernel that is gone;
                # the static HTML face is what gets stored (see views.py).
                views.strip_widget_views(nb)
                if before_save is not None:  # e.g. the derived slide metadata (cli passes it)
                    before_save(nb)
                # Stored as JupyterLab would save it: opening a lesson changes nothing.
                notebook_form.canonical(nb)
                nbformat.write(nb, path)
                done.append(path)
                print(f"executed {path.name}")
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return done
