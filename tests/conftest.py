"""Fixtures shared by the tests: a copy of the course to break, and a headless Chromium for
the browser tests."""

import os
import shutil

import pytest

from scleromyxedema_course.core import paths

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# As root in a closed network, Chromium needs these to start quietly (see the machine notes).
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("SMX_CHROMIUM"), *CHROMIUM_CANDIDATES,
                      shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """A Playwright Chromium (Debian's package). In CI a missing browser fails the test."""
    path = chromium_path()
    if path is None:
        message = "Debian's chromium is not installed (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message + " CI must run browser tests, not skip them.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """A copy of the course's content (lessons, quizzes, assets) that the package reads
    instead of the repository's (``SMX_COURSE_ROOT``): break it freely. Returns its root."""
    root = tmp_path / "course"
    for folder in ("lessons", "quizzes", "assets"):
        shutil.copytree(paths.root() / folder, root / folder)
    monkeypatch.setenv("SMX_COURSE_ROOT", str(root))
    return root
