"""The command line works on the course it is run from, and says which one."""

import shutil
from pathlib import Path

from scleromyxedema_course import cli
from scleromyxedema_course.core import paths

PACKAGE_ROOT = Path(paths.__file__).resolve().parents[3]


def _copy_course(where: Path, name: str = "scleromyxedema-course") -> Path:
    where.mkdir(parents=True)
    for sub in ("lessons", "quizzes", "assets"):
        shutil.copytree(PACKAGE_ROOT / sub, where / sub)
    (where / "pyproject.toml").write_text(f'[project]\nname = "{name}"\nversion = "0.1.0"\n')
    return where


def test_a_copy_of_the_course_is_found_from_a_folder_inside_it(tmp_path, monkeypatch):
    copy = _copy_course(tmp_path / "my-copy")
    monkeypatch.delenv("SMX_COURSE_ROOT", raising=False)
    monkeypatch.chdir(copy / "lessons")
    assert paths.locate() == (copy, "the working folder")
    assert paths.quizzes_dir() == copy / "quizzes"


def test_check_checks_the_copy_it_runs_in_and_says_so(tmp_path, monkeypatch, capsys):
    copy = _copy_course(tmp_path / "other-copy")
    bank = copy / "quizzes" / "therapy.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("type: single", "type: singel", 1),
                    encoding="utf-8")
    monkeypatch.delenv("SMX_COURSE_ROOT", raising=False)
    monkeypatch.chdir(copy)
    assert cli.main(["check"]) == 1  # the package's own course is valid: the copy was checked
    out, err = capsys.readouterr()
    assert f"Checking the course in {copy} (found from the working folder)." in out
    assert "therapy.yaml" in err and "singel" in err


def test_a_folder_of_another_project_is_not_taken_for_the_course(tmp_path, monkeypatch):
    other = _copy_course(tmp_path / "not-a-course", name="something-else")
    monkeypatch.delenv("SMX_COURSE_ROOT", raising=False)
    monkeypatch.chdir(other)
    assert paths.locate() == (PACKAGE_ROOT, "the installed package")


def test_smx_course_root_is_used_when_set(tmp_path, monkeypatch):
    copy = _copy_course(tmp_path / "copy")
    monkeypatch.setenv("SMX_COURSE_ROOT", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(copy)
    assert paths.locate() == (tmp_path / "elsewhere", "SMX_COURSE_ROOT")
    try:
        paths.root()
    except paths.CourseLayoutError as exc:
        assert "found from SMX_COURSE_ROOT" in str(exc) and "set SMX_COURSE_ROOT" in str(exc)
    else:
        raise AssertionError("a folder without lessons/ was accepted")
