"""`make test` on a machine without chromium ends by saying the browser tests were skipped."""

import os
import subprocess
import sys

from scleromyxedema_course.core import paths


def test_skipped_browser_tests_are_named_on_the_last_line():
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # in CI a missing browser fails
    env["SMX_CHROMIUM"] = "/nonexistent/chromium"  # as on a machine without the package
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/browser/test_jupyterlab.py"],
        cwd=paths.root(), env=env, capture_output=True, text=True, timeout=300,
    )
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    assert run.returncode == 0, run.stdout + run.stderr
    assert "skipped" in lines[-2]
    assert lines[-1].startswith("browser tests skipped: "), lines[-3:]
    assert "apt-get install chromium" in lines[-1]
