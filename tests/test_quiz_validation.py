"""Bad banks get one clear error naming the file, the question id and the field."""

import shutil
from pathlib import Path

import pytest
import yaml

from scleromyxedema_course.core import paths
from scleromyxedema_course.quiz import QuizBankError, loader

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "example.yaml").read_text(encoding="utf-8")
OBJECTIVES = {"welcome/scope", "welcome/navigate"}
BIB = loader.course_bib_keys()


def parse(text: str):
    return loader.parse_bank(text, "quizzes/example.yaml", objectives=OBJECTIVES, bib_keys=BIB)


def mutate(change) -> str:
    data = yaml.safe_load(GOOD)
    change(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def error(text: str) -> str:
    with pytest.raises(QuizBankError) as info:
        parse(text)
    return str(info.value)


def test_the_example_bank_is_valid_against_the_course():
    bank = parse(GOOD)
    assert [q.type for q in bank.questions] == ["single", "multiple", "numeric", "ordering"]


def test_yaml_syntax_error_names_the_line():
    broken = GOOD.replace('    type: multiple\n', '    type: [multiple\n')
    msg = error(broken)
    assert msg.startswith("quizzes/example.yaml, line ") and "YAML syntax error" in msg
    line = int(msg.split("line ")[1].split(",")[0])
    assert 17 <= line <= 20, msg


def test_unknown_type():
    text = mutate(lambda d: d["questions"][1].update(type="essay"))
    line = text.splitlines().index("  type: essay") + 1
    msg = error(text)
    assert "question example/multiple" in msg and "field 'type'" in msg
    assert "unknown question type 'essay'" in msg and f"line {line}," in msg


def test_no_correct_option():
    def change(d):
        for o in d["questions"][0]["options"]:
            o["correct"] = False
    msg = error(mutate(change))
    assert "question example/single, field 'options'" in msg and "no option is marked" in msg


def test_two_correct_options_in_a_single_choice_question():
    msg = error(mutate(lambda d: d["questions"][0]["options"][1].update(correct=True)))
    assert "question example/single, field 'options'" in msg and "type: multiple" in msg


def test_duplicate_ids_in_one_bank():
    msg = error(mutate(lambda d: d["questions"][1].update(id="example/single")))
    assert "question example/single, field 'id'" in msg and "duplicate id" in msg


def test_duplicate_ids_across_banks(tmp_path):
    a = loader.load_bank(DATA / "example.yaml", check_refs=False)
    copy = tmp_path / "other.yaml"
    copy.write_text(GOOD.replace("bank: example", "bank: other"), encoding="utf-8")
    with pytest.raises(QuizBankError) as info:
        loader.load_bank(copy, check_refs=False)  # ids must start with the bank slug
    assert "ids in this bank start with 'other/'" in str(info.value)
    copy.write_text(GOOD, encoding="utf-8")
    b = loader.load_bank(copy, check_refs=False)
    with pytest.raises(QuizBankError) as info:
        loader.check_unique_across([a, b])
    msg = str(info.value)
    assert "question example/single, field 'id'" in msg and "already used in" in msg
    assert "other.yaml" in msg or "example.yaml" in msg


def test_numeric_without_tolerance():
    msg = error(mutate(lambda d: d["questions"][2].pop("tolerance")))
    assert "question example/numeric, field 'tolerance'" in msg and "needs a tolerance" in msg


def test_ordering_with_duplicates():
    msg = error(mutate(lambda d: d["questions"][3].update(items=["first", "second", "first"])))
    assert "question example/ordering, field 'items'" in msg and "repeat: ['first']" in msg


def test_unknown_objective_id():
    msg = error(mutate(lambda d: d["questions"][2].update(objectives=["welcome/nope"])))
    assert "question example/numeric, field 'objectives.0'" in msg
    assert "unknown objective id 'welcome/nope'" in msg


def test_citation_key_not_in_the_bibliography():
    msg = error(mutate(lambda d: d["questions"][3].update(citations=["nobody1999"])))
    assert "question example/ordering, field 'citations.0'" in msg
    assert "'nobody1999' is not in assets/references.bib" in msg


def test_unknown_field_and_missing_feedback():
    msg = error(mutate(lambda d: d["questions"][0].update(colour="red")))
    assert "question example/single" in msg and "colour" in msg
    msg = error(mutate(lambda d: d["questions"][0]["options"][0].pop("feedback")))
    assert "question example/single, field 'options.0.feedback'" in msg


def test_smx_course_check_reports_a_bad_bank(tmp_path, monkeypatch, capsys):
    """`smx-course check` runs the quiz check over quizzes/ (here a scratch course)."""
    from scleromyxedema_course import cli

    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "assets").mkdir()
    shutil.copy(paths.lessons_dir() / "00-welcome.ipynb", root / "lessons")
    shutil.copy(paths.bibliography_path(), root / "assets")
    shutil.copy(paths.glossary_path(), root / "assets")
    shutil.copy(paths.quizzes_dir() / "schema.json", root / "quizzes")
    bad = mutate(lambda d: d["questions"][2].pop("tolerance")).replace("example", "welcome")
    (root / "quizzes" / "welcome.yaml").write_text(bad, encoding="utf-8")
    monkeypatch.setenv("SMX_COURSE_ROOT", str(root))
    from scleromyxedema_course.quiz import problems as quiz_banks

    problems = quiz_banks()
    assert len(problems) == 1
    assert problems[0].startswith("quizzes/welcome.yaml, line ")
    assert "question welcome/numeric, field 'tolerance'" in problems[0]
    assert cli.main(["check"]) == 1
    assert "welcome/numeric" in capsys.readouterr().err


def test_every_course_bank_is_valid():
    from scleromyxedema_course.quiz import problems as quiz_banks

    assert quiz_banks() == []
