"""The live course in the browser, no install: JupyterLite in ``_build/lite`` (``make lite``).

Everything the browser loads comes from the site itself (no CDN, no PyPI at run time):

* Pyodide's core (the ``pyodide`` npm package, pinned with its sha512 in
  ``lite-lock/package-lock.json``), installed by :func:`.frontend.install`, the course's
  integrity-checked, Node-free installer;
* the kernel's wheels, pure Python from PyPI, each pinned by its sha256 in
  ``lite-lock/requirements.txt`` and fetched with ``pip download --require-hashes``; PyYAML has no
  pure wheel on PyPI, so its sdist (``lite-lock/sdist.txt``, hashed too) is built without
  libyaml; the course's own wheel is built from this folder;
* a ``pyodide-lock.json`` written here that lists only those wheels, with their sha256, what
  each one ``depends`` on and which ``imports`` it provides: a lesson loads a wheel when it first
  imports it, nothing else is preloaded but what the kernel itself needs.

The lessons, quiz banks, assets and ``pyproject.toml`` are the site's contents (``/drive`` in the
kernel), so :func:`scleromyxedema_course.core.paths.root` finds the course from the notebook's
folder, as in a clone, and the learner's record is ``/drive/my-progress/progress.json`` in the
browser's storage (see :mod:`scleromyxedema_course.quiz.progress`).
"""

from __future__ import annotations

import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.markers import Marker

from ..core.content import CourseError
from . import frontend

LOCKS = Path(__file__).resolve().parent / "lite-lock"
NPM_LOCK = LOCKS / "package-lock.json"
WHEELS = LOCKS / "requirements.txt"
SDISTS = LOCKS / "sdist.txt"
PYTHON = "3.14"  # the Python inside Pyodide 314.0.6
CONTENTS = ("lessons", "quizzes", "assets")
# What the kernel needs before any lesson code runs (the kernel's own ipykernel stub).
PRELOAD = ("micropip", "comm", "jedi", "ipython")
# Pyodide's core files that the site serves (the npm package also has docs and type stubs).
CORE_FILES = ("pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.mjs", "pyodide.js",
              "python_stdlib.zip", "package.json")
# The browser kernel's environment, for Requires-Dist markers.
MARKER_ENV = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
              "platform_machine": "wasm32", "python_version": PYTHON,
              "python_full_version": PYTHON + ".2", "implementation_name": "cpython",
              "platform_python_implementation": "CPython", "extra": ""}
# Requires-Dist names that the browser kernel provides itself or does not need.
PROVIDED = {"widgetsnbextension", "jupyterlab-widgets"}


class LiteError(CourseError):
    """A step of the Lite build failed; the message says which and why."""


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _run(cmd: list[str], what: str, env: dict | None = None, cwd: Path | None = None) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    if done.returncode:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise LiteError(f"{what} failed (exit {done.returncode}):\n{tail}")


def _pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args]


def fetch_wheels(cache: Path, root: Path) -> list[Path]:
    """Every wheel the kernel needs, in ``cache`` (pip skips the ones already there)."""
    pure = cache / "pypi"
    _run(_pip("download", "--require-hashes", "--no-deps", "--only-binary=:all:",
              "--platform", "any", "--implementation", "py", "--python-version", PYTHON,
              "--abi", "none", "-r", str(WHEELS), "-d", str(pure)),
         f"pip download of the wheels pinned in {WHEELS}")
    built = cache / "built"
    if not list(built.glob("pyyaml-*.whl")) and not list(built.glob("PyYAML-*.whl")):
        sdists = cache / "sdist"
        _run(_pip("download", "--require-hashes", "--no-deps", "--no-binary=:all:",
                  "-r", str(SDISTS), "-d", str(sdists)),
             f"pip download of the sdists pinned in {SDISTS}")
        env = dict(os.environ, PYYAML_FORCE_LIBYAML="0")
        for sdist in sorted(sdists.glob("*.tar.gz")):
            _run(_pip("wheel", "--no-deps", "-w", str(built), str(sdist)),
                 f"building a pure wheel from {sdist.name}", env=env)
    course, source = cache / "course", cache / "course-src"
    for folder in (course, source):
        shutil.rmtree(folder, ignore_errors=True)
    # Built from a copy: setuptools leaves build/ and *.egg-info in the folder it builds.
    shutil.copytree(root / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(root / name, source / name)
    _run(_pip("wheel", "--no-deps", "-w", str(course), str(source)),
         f"building the course's wheel from {root / 'src'}")
    wheels = sorted([*pure.glob("*.whl"), *built.glob("*.whl"), *course.glob("*.whl")])
    compiled = [w.name for w in wheels if not w.name.endswith("-none-any.whl")]
    if compiled:
        raise LiteError(f"not pure-Python wheels (a browser kernel cannot load them): {compiled}")
    return wheels


def wheel_entry(wheel: Path) -> dict:
    """The Pyodide lock entry of one pure wheel: name, version, sha256, imports, requires."""
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(zf.read(meta_name).decode("utf-8"))
    imports = sorted({
        n.split("/")[0].removesuffix(".py") for n in names
        if not n.split("/")[0].endswith((".dist-info", ".data"))
        and (n.count("/") >= 1 and n.endswith("/__init__.py") and n.count("/") == 1
             or "/" not in n and n.endswith(".py"))
    })
    requires = []
    for req in meta.get_all("Requires-Dist") or []:
        spec, _, marker = req.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate(MARKER_ENV):
            continue  # another platform's, or an extra's
        requires.append(_norm(re.split(r"[\s<>=!~\[(;]", spec.strip(), maxsplit=1)[0]))
    return {
        "name": _norm(meta["Name"]), "version": meta["Version"], "file_name": wheel.name,
        "install_dir": "site", "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package", "imports": imports, "requires": requires,
        "unvendored_tests": False, "shared_library": False,
    }


def pyodide_lock(wheels: list[Path], core_lock: dict) -> dict:
    """A ``pyodide-lock.json`` listing exactly ``wheels``; depends follow Requires-Dist."""
    entries = {e["name"]: e for e in map(wheel_entry, wheels)}
    for e in entries.values():
        missing = [r for r in e["requires"] if r not in entries and r not in PROVIDED]
        if missing:
            raise LiteError(f"{e['file_name']} requires {missing}, which no pinned wheel "
                            f"provides: add them to {WHEELS}.")
        e["depends"] = sorted(r for r in e.pop("requires") if r in entries)
    return {"info": core_lock["info"], "packages": dict(sorted(entries.items()))}


def config() -> dict:
    """``jupyter-lite.json``: no PyPI fallback, only the kernel's own packages preloaded."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Scleromyxedema course (live in your browser)",
            "exposeAppInBrowser": True,
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": list(PRELOAD)},
                },
            },
        },
    }


def prepare(root: Path, work: Path, cache: Path) -> Path:
    """Fill ``work`` (the Lite folder: config, static/pyodide, contents); return contents."""
    core = frontend.installed(NPM_LOCK, cache / "node_modules", "pyodide")
    if core is None:
        frontend.install(NPM_LOCK, cache / "node_modules")
        core = frontend.installed(NPM_LOCK, cache / "node_modules", "pyodide")
    wheels = fetch_wheels(cache, root)
    shutil.rmtree(work, ignore_errors=True)
    static = work / "static" / "pyodide"
    static.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(core / name, static / name)
    for wheel in wheels:
        shutil.copy2(wheel, static / wheel.name)
    core_lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock = pyodide_lock(wheels, core_lock)
    names = set(lock["packages"])
    if not set(PRELOAD) <= names:
        raise LiteError(f"preloaded packages missing from the lock: {set(PRELOAD) - names}")
    (static / "pyodide-lock.json").write_text(json.dumps(lock, indent=1), encoding="utf-8")
    (work / "jupyter-lite.json").write_text(json.dumps(config(), indent=1), encoding="utf-8")
    contents = work / "contents"
    for sub in CONTENTS:
        shutil.copytree(root / sub, contents / sub,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy2(root / "pyproject.toml", contents / "pyproject.toml")  # paths.is_course
    return contents


def build(root: Path, out: Path, cache: Path) -> Path:
    """Build the Lite site into ``out`` (replaced); downloads are cached in ``cache``."""
    work = cache / "lite-dir"
    contents = prepare(root, work, cache)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    jupyter = Path(sys.executable).with_name("jupyter")
    # Run inside the fresh Lite folder: doit keeps its task database in the working folder,
    # and a database left from an earlier build would skip merging jupyter-lite.json.
    _run([str(jupyter), "lite", "build", "--lite-dir", str(work), "--contents", str(contents),
          "--output-dir", str(tmp.resolve()), "--no-sourcemaps", "--apps", "lab",
          "--no-unused-shared-packages"], "jupyter lite build", cwd=work)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out
