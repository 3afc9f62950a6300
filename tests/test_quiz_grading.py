"""Scoring of every question type (pure functions, no widgets)."""

from pathlib import Path

import pytest

from scleromyxedema_course.quiz import grading, loader
from scleromyxedema_course.quiz.model import markdown, seeded_order

BANK = loader.load_bank(Path(__file__).parent / "data" / "example.yaml", check_refs=False)
SINGLE, MULTIPLE, NUMERIC, ORDERING = BANK.questions


def test_single_right_wrong_and_blank():
    right = grading.grade(SINGLE, 0)
    assert right.correct and right.answered and right.marks[0].feedback.startswith("Yes")
    wrong = grading.grade(SINGLE, 1)
    assert not wrong.correct and wrong.answered and wrong.marks[0].feedback.startswith("No")
    for blank in (None, 7, -1, True):
        r = grading.grade(SINGLE, blank)
        assert not r.answered and not r.correct and r.headline == grading.NOT_ANSWERED


@pytest.mark.parametrize(
    ("chosen", "correct", "missed_note"),
    [([0, 1], True, False), ([1, 0], True, False), ([0], False, True),
     ([0, 1, 2], False, False), ([2], False, True)],
)
def test_multiple_is_all_or_nothing(chosen, correct, missed_note):
    r = grading.grade(MULTIPLE, chosen)
    assert r.answered and r.correct is correct
    assert [m.index for m in r.marks] == sorted(chosen)
    assert any("left out" in n for n in r.notes) is missed_note


def test_multiple_blank():
    assert not grading.grade(MULTIPLE, []).answered


@pytest.mark.parametrize(
    ("typed", "correct"),
    [("140", True), (140, True), ("139.5", True), ("140,5", True), ("140.6", False),
     ("139.4", False), ("140 g", True), (" 140g ", True), ("1.4e2", True), (0, False)],
)
def test_numeric_uses_the_tolerance(typed, correct):
    r = grading.grade(NUMERIC, typed)
    assert r.answered and r.correct is correct
    assert r.notes[0] == NUMERIC.feedback["correct" if correct else "incorrect"]


@pytest.mark.parametrize("typed", ["", "abc", "g 140", None, "nan", "inf", True])
def test_numeric_not_a_number_is_not_an_answer(typed):
    r = grading.grade(NUMERIC, typed)
    assert not r.answered and "Type a number (in g)" in r.headline


def test_ordering():
    assert grading.grade(ORDERING, [0, 1, 2]).correct
    r = grading.grade(ORDERING, [1, 0, 2])
    assert r.answered and not r.correct and "1 of 3 items are in the right place." in r.notes
    assert not grading.grade(ORDERING, [0, 0, 1]).answered
    assert not grading.grade(ORDERING, [0, 1]).answered


def test_shuffle_is_deterministic_and_ordering_never_starts_solved():
    assert SINGLE.display_order() == SINGLE.display_order()
    assert sorted(SINGLE.display_order()) == [0, 1, 2]
    assert seeded_order("a", 10) == seeded_order("a", 10) != seeded_order("b", 10)
    assert ORDERING.display_order() != [0, 1, 2]


def test_right_answer_text():
    assert grading.right_answer_text(SINGLE) == "Right answer"
    assert grading.right_answer_text(MULTIPLE) == "A; B"
    assert grading.right_answer_text(NUMERIC) == "140 g (accepted: ± 0.5)"
    assert grading.right_answer_text(ORDERING) == "first → second → third"


def test_markdown_subset_escapes_html():
    assert markdown("**b** *i* `<x>`\nnext") == (
        "<strong>b</strong> <em>i</em> <code>&lt;x&gt;</code><br>next"
    )
    out = markdown('<script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<script" not in out and "<img" not in out and "&lt;script&gt;" in out
    assert markdown("2 * 3 * 4") == "2 * 3 * 4"
