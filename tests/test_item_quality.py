"""The item-quality rule: real banks pass it, planted test-wise items fail it."""

from __future__ import annotations

import textwrap

import pytest

from scleromyxedema_course import lesson
from scleromyxedema_course.quiz import loader, quality

OBJECTIVES = {
    "demo/recall": "Name the histological triad",
    "demo/apply": "Apply the 2001 criteria to a patient",
    "demo/plan": "Plan the work-up of a suspected case",
}

GOOD_VIGNETTE = (
    "A 61-year-old man has had firm waxy papules on the hands, face and neck for eight months, "
    "with thickened skin of the forearms. Which test comes first?"
)


def _bank(questions: str):
    text = "bank: demo\ntitle: Demo\nquestions:\n" + textwrap.indent(
        textwrap.dedent(questions), "  "
    )
    return loader.parse_bank(text, "quizzes/demo.yaml")


def _single(qid: str, key: str, others: list[str], extra: str = "", obj="demo/recall") -> str:
    opts = [f'    - {{text: "{key}", correct: true, feedback: "Because."}}']
    opts += [f'    - {{text: "{o}", correct: false, feedback: "Because not."}}' for o in others]
    return (
        f"- id: demo/{qid}\n  type: single\n  text: \"Which one?\"\n"
        f"  objectives: [{obj}]\n  citations: [x]\n  explanation: \"E.\"\n{extra}"
        "  options:\n" + "\n".join(opts) + "\n"
    )


def _vignette(qid: str, obj: str, stem: str = GOOD_VIGNETTE) -> str:
    return (
        f"- id: demo/{qid}\n  type: single\n  vignette: true\n  text: \"{stem}\"\n"
        f"  objectives: [{obj}]\n  citations: [x]\n  explanation: \"E.\"\n  options:\n"
        '    - {text: "Serum immunofixation", correct: true, feedback: "Because."}\n'
        '    - {text: "Nailfold capillaroscopy", correct: false, feedback: "Because not."}\n'
        '    - {text: "Chest radiograph", correct: false, feedback: "Because not."}\n'
    )


def _clean_bank_text() -> str:
    return (
        _single("q01", "Fibroblasts", ["Mucin stain", "Elastic loss"])
        + _vignette("q02", "demo/apply")
        + _vignette("q03", "demo/plan")
    )


@pytest.fixture(scope="module")
def real_banks():
    return loader.load_all()


@pytest.fixture(scope="module")
def real_objectives():
    return {o.id: o.text for les in lesson.all_lessons() for o in les.objectives}


def test_the_real_banks_pass_the_rule(real_banks, real_objectives):
    assert quality.problems(real_banks, real_objectives) == []


@pytest.mark.parametrize("slug", loader.all_slugs())
def test_each_real_bank_has_no_item_problems_and_no_length_cue(slug, real_banks):
    bank = next(b for b in real_banks if b.slug == slug)
    assert quality.item_problems(bank) == []
    row = quality.figures([bank])[0]
    assert row.counted >= 5
    assert row.share <= quality.MAX_LONGEST_SHARE, quality.table([bank])


def test_every_real_application_objective_has_a_vignette(real_banks, real_objectives):
    vignetted = {o for b in real_banks for q in b.questions if q.vignette for o in q.objectives}
    applied = [o for o, t in real_objectives.items() if quality.is_application(t)]
    assert "clinical-presentation/workup" in applied
    assert "differential-diagnosis/reasoning" in applied
    assert [o for o in applied if o not in vignetted] == []


def test_a_clean_planted_bank_passes():
    assert quality.problems([_bank(_clean_bank_text())], OBJECTIVES) == []


def test_longest_key_bank_fails_and_names_the_items():
    longest = "".join(
        _single(f"q1{i}", "A much longer and more qualified key option", ["Short one", "Short two"])
        for i in range(3)
    )
    fair = _single("q20", "Short key", ["A longer distractor here", "Another one"])
    found = quality.problems([_bank(_clean_bank_text() + longest + fair)], OBJECTIVES)
    # 3 of 7 countable single-answer items (43%) > 35%, in the bank and overall.
    bank_line = [p for p in found if p.startswith("bank demo: the key is")]
    assert len(bank_line) == 1
    assert "3 of 7" in bank_line[0] and "demo/q10, demo/q11, demo/q12" in bank_line[0]
    assert any(p.startswith("all quiz banks: the key is the unique longest option in 3 of 7")
               for p in found)


def test_a_tie_for_longest_is_not_a_cue():
    q = _bank(_single("q01", "Equal length", ["Equal-length", "Short"])).questions[0]
    assert quality.key_is_unique_longest(q) is False


def test_letter_options_are_not_counted():
    q = _bank(_single("q01", "B", ["A", "C", "D"])).questions[0]
    assert quality.key_is_unique_longest(q) is None


def test_absolute_word_in_a_distractor_fails_unless_marked():
    bad = _single("q09", "It is usually dermal", ["It is never dermal", "It is in the fat"])
    found = quality.problems([_bank(_clean_bank_text() + bad)], OBJECTIVES)
    assert any("demo/q09" in p and "options.1.text" in p and "'never'" in p for p in found)

    marked = bad.replace(
        '{text: "It is never dermal", correct: false, feedback: "Because not."}',
        '{text: "It is never dermal", correct: false, feedback: "Because not.", '
        "absolute_ok: true}",
    )
    assert "absolute_ok" in marked
    assert quality.problems([_bank(_clean_bank_text() + marked)], OBJECTIVES) == []


@pytest.mark.parametrize("word", ["always", "Only", "exactly", "cannot", "All", "must"])
def test_each_absolute_word_is_caught(word):
    bad = _single("q09", "Key text", [f"{word} this way", "Other text"])
    found = quality.problems([_bank(_clean_bank_text() + bad)], OBJECTIVES)
    assert any("demo/q09" in p and repr(word) in p for p in found)


def test_all_of_the_above_and_select_all_fail():
    bad = (
        "- id: demo/q30\n  type: multiple\n  text: \"Select all that apply.\"\n"
        "  objectives: [demo/recall]\n  citations: [x]\n  explanation: \"E.\"\n  options:\n"
        '    - {text: "Alcian blue", correct: true, feedback: "Stains mucin."}\n'
        '    - {text: "Colloidal iron", correct: true, feedback: "Stains mucin."}\n'
        '    - {text: "Both of the above", correct: false, feedback: "Hm."}\n'
    )
    found = quality.problems([_bank(_clean_bank_text() + bad)], OBJECTIVES)
    assert any("demo/q30" in p and "field 'type'" in p and "select all" in p for p in found)
    assert any("demo/q30" in p and "options.2.text" in p and "above" in p for p in found)


def test_feedback_that_opens_with_a_verdict_fails():
    bad = _single("q40", "Key text", ["Other text", "Third text"]).replace(
        'feedback: "Because."', 'feedback: "Right: because."'
    )
    found = quality.problems([_bank(_clean_bank_text() + bad)], OBJECTIVES)
    assert any("demo/q40" in p and "options.0.feedback" in p and "'Right'" in p for p in found)


def test_application_objective_without_a_vignette_fails():
    text = _single("q01", "Fibroblasts", ["Mucin stain", "Elastic loss"]) + _vignette(
        "q02", "demo/apply"
    )
    found = quality.problems([_bank(text)], OBJECTIVES)
    assert found == [
        "objective demo/plan ('Plan the work-up of a suspected case') asks for application, "
        "but no item marked vignette: true tests it; add a clinical vignette item."
    ]


def test_a_vignette_flag_on_a_bare_stem_fails_and_does_not_count():
    text = _single("q01", "Fibroblasts", ["Mucin stain", "Elastic loss"]) + _vignette(
        "q02", "demo/apply"
    ) + _vignette("q03", "demo/plan", stem="Which test first?")
    found = quality.problems([_bank(text)], OBJECTIVES)
    assert any("demo/q03" in p and "field 'text'" in p and "characters" in p for p in found)
    assert any(p.startswith("objective demo/plan") for p in found)


def test_a_long_stem_without_a_person_is_not_a_vignette():
    stem = "Which of these laboratory tests, taken together with the biopsy, " * 3
    text = _clean_bank_text() + _vignette("q05", "demo/apply", stem=stem)
    found = quality.problems([_bank(text)], OBJECTIVES)
    assert any("demo/q05" in p and "names no patient" in p for p in found)


def test_application_verbs():
    assert quality.is_application("Distinguish scleromyxedema from systemic sclerosis")
    assert quality.is_application("Recognise the skin signs")
    assert not quality.is_application("Name the histological triad")
    assert not quality.is_application("Describe the regimen and work out the dose")
