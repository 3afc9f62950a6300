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
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import hubdriver
from conftest import required
from hubdriver import BIN, Hub, run_in_kernel, spawn

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


def node_or_skip() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if node:
        return node
    required("Node.js is missing: the hub's proxy (configurable-http-proxy) runs on it "
             "(Debian: apt-get install nodejs; .ci/run installs it).", "run the JupyterHub test")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    node = node_or_skip()
    with hubdriver.running_hub(tmp_path_factory.mktemp("hub"), node) as h:
        yield h


async def class_session(hub: Hub) -> dict[str, str]:
    await asyncio.gather(*(spawn(hub, u) for u in STUDENTS))
    printed = await asyncio.gather(*(run_in_kernel(hub, u, ANSWER) for u in STUDENTS))
    return dict(zip(STUDENTS, printed, strict=True))


def test_five_students_answer_each_in_their_own_record(hub):
    printed = hubdriver.run(class_session(hub))
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
