"""A private JupyterLab server for the browser tests (one place for the start/stop dance).

Own root folder, settings, workspaces and progress file, on 127.0.0.1 with a fixed token;
the Lab "news" announcement, which can cover the notebook, is switched off. The server is
polled until /api/status answers (no fixed sleeps) and stopped by its own process id.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

TOKEN = "smx-test-token"
START_TIMEOUT = 90  # s; two shared cores can be slow to start Lab, but it must start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def lab_server(tmp: Path, root: Path, progress: Path):
    """Run ``jupyter lab`` on ``root``; yield its base URL. Logs go to ``tmp/server.log``."""
    config = tmp / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    env = dict(os.environ, SMX_PROGRESS_FILE=str(progress), JUPYTER_CONFIG_DIR=str(config),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    port = free_port()
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
         f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0",
         "--LabApp.news_url=None", *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited ({proc.returncode}); see {tmp / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer in {START_TIMEOUT} s")
            time.sleep(0.2)  # polling interval for the server, not a wait for a state
        yield url
    finally:
        stop(proc, log, signal.SIGINT)


def stop(proc: subprocess.Popen, log, sig=signal.SIGTERM) -> None:
    """Ask a server to end (``sig``), kill it if it has not within 20 s; close its log."""
    proc.send_signal(sig)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
    log.close()


def open_and_run_all(page, url: str, name: str, code_cells: int | None = None) -> None:
    """Open ``name`` in Lab, wait for a connected idle kernel, Run All, wait for every cell.

    The toolbar's execution indicator says "idle" before any kernel is attached; Run All
    clicked then opens a "Select Kernel" dialog and nothing runs (the cause of the first Lab
    test's early flakiness). The status bar names the kernel only once the session has one.
    A code cell has run once its prompt shows a number ("[7]:").
    """
    page.goto(f"{url}/lab/tree/{name}?token={TOKEN}&reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell")
    page.locator(".jp-StatusBar-TextItem", has_text="Python 3 (ipykernel) | Idle").wait_for()
    page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click()
    page.locator('li[data-command="runmenu:run-all"]').click()
    page.wait_for_function(
        """n => {
            const prompts = [...document.querySelectorAll(
                '.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && (n === null || prompts.length === n)
                && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        arg=code_cells, timeout=120_000,
    )
