"""A class on a local JupyterHub: five students log in at once, each runs a quiz through a
kernel on their own server and answers it; each answer lands in that student's own progress
file, and the teacher's class report reads all five.

The hub is the pinned ``jupyterhub`` (the course's ``hub`` extra) with configurable-http-proxy
from the npm registry, installed by the course's own integrity-checked installer
(``tests/hub/package-lock.json``); it needs Node.js (``.ci/run`` installs Debian's ``nodejs``).
Students are simulated through the hub's REST API and the kernel websocket, as a browser would
talk to them: a dummy authenticator, one home folder per student (SimpleLocalProcessSpawner),
random free ports, and every process stopped at the end, also when a step fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from scleromyxedema_course.site import frontend

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "tests" / "hub" / "package-lock.json"
BIN = Path(sys.executable).parent
STUDENTS = [f"student{n}" for n in range(1, 6)]

# What each student does in their kernel: the quiz of lesson 04, one question, an answer
# chosen and checked (the handler a click on Check runs), then where the answer was written.
ANSWER = """
from scleromyxedema_course import quiz
from scleromyxedema_course.quiz.progress import ProgressStore, default_path
shown = quiz.show("therapy", ids=["therapy/q02"])
question = shown.widget.questions[0]
question.set_response(question.order[0])
question.check_button.click()
print(default_path(), len(ProgressStore().load().records))
"""

CONFIG = """
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{folder}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = ["{node}", "{proxy}"]
c.ConfigurableHTTPProxy.pid_file = "{folder}/proxy.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/homes/{{username}}"
c.Spawner.cmd = ["{singleuser}"]
c.Spawner.args = ["--allow-root", "--ServerApp.ip=127.0.0.1"]
c.Spawner.start_timeout = 120
c.JupyterHub.services = [{{"name": "teacher", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{"name": "teacher", "services": ["teacher"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}}]
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def node_or_skip() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if node:
        return node
    message = ("Node.js is missing: the hub's proxy (configurable-http-proxy) runs on it "
               "(Debian: apt-get install nodejs; .ci/run installs it).")
    if os.environ.get("CI"):
        pytest.fail(message + " CI must run the JupyterHub test, not skip it.")
    pytest.skip(message)


class Hub:
    def __init__(self, base: str, token: str, homes: Path):
        self.base, self.token, self.homes = base, token, homes

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.base}/hub/api{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        return json.loads(text) if text else {}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    node = node_or_skip()
    folder = tmp_path_factory.mktemp("hub")
    modules = folder / "node_modules"
    frontend.install(LOCK, modules)
    token = secrets.token_hex(16)
    port = free_port()
    (folder / "jupyterhub_config.py").write_text(CONFIG.format(
        port=port, hub_port=free_port(), api_port=free_port(), folder=folder, node=node,
        proxy=modules / "configurable-http-proxy" / "bin" / "configurable-http-proxy",
        singleuser=BIN / "jupyterhub-singleuser", token=token), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMX_", "JUPYTER"))}
    log = (folder / "hub.log").open("wb")
    process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", "jupyterhub_config.py"],
                               cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        h = Hub(f"http://127.0.0.1:{port}", token, folder / "homes")
        deadline = time.monotonic() + 60
        while True:
            try:
                h.api("GET", "/")
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the hub did not start:\n"
                                       + (folder / "hub.log").read_text()[-3000:]) from None
                time.sleep(0.2)
        yield h
    finally:
        # The hub stops the students' servers and its proxy when it ends; the process group
        # is killed after that so that nothing it started outlives the test.
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


async def spawn(hub: Hub, user: str) -> None:
    await asyncio.to_thread(hub.api, "POST", f"/users/{user}")
    await asyncio.to_thread(hub.api, "POST", f"/users/{user}/server")
    for _ in range(600):
        model = await asyncio.to_thread(hub.api, "GET", f"/users/{user}")
        if (model.get("servers") or {}).get("", {}).get("ready"):
            return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{user}'s server did not start")


async def run_in_kernel(hub: Hub, user: str, code: str) -> str:
    """Start a kernel on the student's server and run ``code`` over its websocket, as
    JupyterLab does; returns what the code printed (an error raises)."""
    headers = {"Authorization": f"token {hub.token}"}
    reply = await AsyncHTTPClient().fetch(f"{hub.base}/user/{user}/api/kernels", method="POST",
                                          body="{}", headers=headers, request_timeout=60)
    kernel = json.loads(reply.body)["id"]
    ws_url = hub.base.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{kernel}/channels"
    ws = await websocket_connect(HTTPRequest(ws_url, headers=headers))
    msg_id = uuid.uuid4().hex
    ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user,
                   "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    out, status, idle = [], None, False
    while status is None or not idle:
        raw = await asyncio.wait_for(ws.read_message(), timeout=120)
        if raw is None:
            raise ConnectionError(f"{user}'s kernel closed the connection")
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["header"]["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "error":
            raise RuntimeError(f"{user}: {content['ename']}: {content['evalue']}")
        elif kind == "execute_reply":
            status = content["status"]
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
    ws.close()
    assert status == "ok", f"{user}: {status}"
    return "".join(out)


async def class_session(hub: Hub) -> dict[str, str]:
    await asyncio.gather(*(spawn(hub, u) for u in STUDENTS))
    printed = await asyncio.gather(*(run_in_kernel(hub, u, ANSWER) for u in STUDENTS))
    return dict(zip(STUDENTS, printed, strict=True))


def test_five_students_answer_each_in_their_own_record(hub):
    printed = asyncio.run(class_session(hub))
    paths = {}
    for user, text in printed.items():
        path, count = text.split()
        assert Path(path) == hub.homes / user / ".local/share/scleromyxedema-course/progress.json"
        assert count == "1", f"{user} has {count} answers in their record"
        paths[user] = Path(path)
    assert len(set(paths.values())) == len(STUDENTS)
    for user, path in paths.items():
        answers = [json.loads(line) for line in path.read_text().splitlines()
                   if line.strip().startswith("{") and '"question"' in line]
        assert [a["question"] for a in answers] == ["therapy/q02"], user

    # The teacher's class report over the homes folder, read-only: five learners.
    before = {p: p.stat().st_mtime_ns for p in paths.values()}
    report = subprocess.run([str(BIN / "smx-course"), "class-report", str(hub.homes)],
                            capture_output=True, text=True, check=True)
    assert report.stdout.startswith(f"{len(STUDENTS)} learner record(s) read"), report.stdout
    assert "therapy/q02" in report.stdout
    assert {p: p.stat().st_mtime_ns for p in paths.values()} == before

    for user in STUDENTS:
        hub.api("DELETE", f"/users/{user}/server")
