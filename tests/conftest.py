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


# The reason every browser test gives when it is skipped; the summary at the end counts them.
NO_CHROMIUM = "Debian's chromium is not installed (apt-get install chromium)."


def chromium_path() -> str | None:
    """Debian's chromium; ``SMX_CHROMIUM``, when set, is the only candidate (a missing path
    means: no browser, as on a machine without the package)."""
    override = os.environ.get("SMX_CHROMIUM")
    candidates = (override,) if override else (*CHROMIUM_CANDIDATES, shutil.which("chromium"))
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def required(message: str, in_ci: str):
    """A tool a test needs is missing: skip here, fail in CI (which must run every test)."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} CI must {in_ci}, not skip it.")
    pytest.skip(message)


def answer_and_read_feedback(page, question) -> str:
    """Choose the first option of a static quiz question, press Check, return the feedback."""
    question.locator(".smx-options input").first.check()
    question.locator("button.smx-check").click()
    feedback = question.locator(".smx-q-feedback")
    page.wait_for_function("el => el.textContent.trim().length > 0",
                           arg=feedback.element_handle())
    return feedback.inner_text().strip()


def new_page(browser, width: int = 1280, height: int = 900, timeout: int | None = None):
    """A fresh browser context and page at ``width`` x ``height``, and the list the page's
    uncaught errors are written to: ``(context, page, errors)``. Close the context after."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    if timeout is not None:
        page.set_default_timeout(timeout)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


@pytest.fixture(scope="session")
def browser():
    """A Playwright Chromium (Debian's package). In CI a missing browser fails the test."""
    path = chromium_path()
    if path is None:
        required(NO_CHROMIUM, "run the browser tests")
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

# `make test` must not look like a clean pass when the browser tests did not run: the last
# line of the run says so, and what to install (pytest_unconfigure runs after the stats line).
_browser_skips: set[str] = set()


def pytest_runtest_logreport(report):
    if report.skipped and NO_CHROMIUM in str(report.longrepr):
        _browser_skips.add(report.nodeid)


def pytest_unconfigure(config):
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if _browser_skips and reporter is not None:
        reporter.write_line(
            f"browser tests skipped: {len(_browser_skips)} (Debian's chromium is not installed). "
            "Install it with `sudo apt-get install chromium` and run `make test` again.",
            yellow=True, bold=True,
        )
