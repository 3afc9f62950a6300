"""A local JupyterHub for a simulated class: shared by ``tests/test_hub.py`` and
``bench/hub.py``.

The pinned ``jupyterhub`` (the course's ``hub`` extra), configurable-http-proxy from the npm
registry installed by the course's integrity-checked installer (``tests/hub/package-lock.json``),
a dummy authenticator, SimpleLocalProcessSpawner with one home folder per student, and a
service token for the teacher. Students are driven through the hub's REST API and the kernel
websocket, as a browser would.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from scleromyxedema_course.site import frontend

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "tests" / "hub" / "package-lock.json"
BIN = Path(sys.executable).parent

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


@contextmanager
def running_hub(folder: Path, node: str):
    """A JupyterHub on free ports with its files in ``folder`` (students' homes in
    ``folder/homes``); on exit the hub, its proxy and every student's server are stopped."""
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


def run(coro):
    """``asyncio.run(coro)`` in a thread of its own: the calling thread may already run an event
    loop (in a test process, the browser tests' Playwright does)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
