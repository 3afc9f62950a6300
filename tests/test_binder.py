"""Binder / repo2docker: what the generated image would install and run (no Docker needed).

``jupyter-repo2docker --no-build --debug`` prints the Dockerfile it would build. A learner on
Binder must get the course pinned by constraints.txt, installed editable (so the package finds
lessons/, quizzes/ and assets/), their own copies of the lessons, and lesson 00 first.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / ".binder"


@pytest.fixture(scope="module")
def dockerfile() -> str:
    r2d = Path(sys.executable).with_name("jupyter-repo2docker")
    result = subprocess.run(
        [str(r2d), "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan",
         "--target-repo-dir", "/srv/course", str(ROOT)],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_image_installs_exactly_the_pinned_requirements(dockerfile):
    assert "Building conda environment for python=3.11" in dockerfile
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert installs == [
        'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r ".binder/requirements.txt"'
    ]
    # pip runs after the whole repository is copied in, so "-e ." and "-c ../constraints.txt"
    # resolve to the course and its pins.
    assert dockerfile.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/") \
        < dockerfile.index(installs[0])
    lines = [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert lines == ["-c ../constraints.txt", "-e .[lab]"]


def test_image_starts_on_the_learners_copy_of_lesson_00(dockerfile):
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/.binder/start"' in dockerfile
    start = (BINDER / "start").read_text()
    assert start.startswith("#!/bin/bash")
    assert re.search(r"^smx-course my-lessons$", start, re.M)
    assert start.rstrip().endswith('exec "$@"')
    config = json.loads((BINDER / "jupyter" / "jupyter_server_config.json").read_text())
    url = config["ServerApp"]["default_url"]
    assert url == "/lab/tree/my-lessons/00-welcome.ipynb"
    assert (ROOT / "lessons" / Path(url).name).is_file()


def test_the_same_requirements_resolve_to_the_pinned_versions_in_a_fresh_environment(tmp_path):
    """pip's resolver, as on Binder (from the repository root, ignoring what this venv has):
    every package it would install that constraints.txt pins gets exactly that version, and the
    course itself comes with JupyterLab (a dry run: nothing is installed)."""
    report = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q",
         "--disable-pip-version-check", "--report", str(report),
         "-r", str(BINDER / "requirements.txt")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    pins = dict(line.split("==", 1) for line in
                (ROOT / "constraints.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    pins = {re.sub(r"[-_.]+", "-", k).lower(): v.strip() for k, v in pins.items()}
    resolved = {re.sub(r"[-_.]+", "-", i["metadata"]["name"]).lower(): i["metadata"]["version"]
                for i in json.loads(report.read_text())["install"]}
    assert {"scleromyxedema-course", "jupyterlab", "ipywidgets", "plotly"} <= set(resolved)
    unpinned = sorted(set(resolved) - set(pins) - {"scleromyxedema-course"})
    assert unpinned == [], f"installed on Binder without a pin: {unpinned}"
    wrong = {k: (v, pins[k]) for k, v in resolved.items() if k in pins and v != pins[k]}
    assert wrong == {}, f"resolved versions differ from constraints.txt: {wrong}"
