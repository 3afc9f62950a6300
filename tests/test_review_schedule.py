"""The review schedule (quiz/review.py) against the shared cases review.js also meets."""

import json
from datetime import date
from pathlib import Path

import pytest

from scleromyxedema_course.quiz import review

CASES = json.loads((Path(__file__).parent / "data" / "review_schedule_cases.json").read_text())


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_schedule_meets_the_shared_case(case):
    got = review.schedule(case["record"], date.fromisoformat(case["today"]), CASES["questions"])
    assert got.as_json() == case["expect"]


def test_counts_name_every_reason():
    case = next(c for c in CASES["cases"] if c["name"].startswith("confident errors first"))
    got = review.schedule(case["record"], date.fromisoformat(case["today"]), CASES["questions"])
    assert got.counts() == {"confident-error": 3, "wrong": 2, "marked": 0, "scheduled": 1}
