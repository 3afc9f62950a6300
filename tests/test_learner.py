"""The learner's own copies: made once, kept across course updates, replaced on request."""

import shutil

import nbformat
import pytest
from nbformat.sign import NotebookNotary

from scleromyxedema_course import learner
from scleromyxedema_course.core import notebook_form, paths

LESSONS = ("00-welcome.ipynb", "04-therapy.ipynb")


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course with two lessons, a learner folder and a private trust database."""
    source = paths.lessons_dir()
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    for name in LESSONS:
        shutil.copy(source / name, root / "lessons" / name)
    monkeypatch.setenv("SMX_COURSE_ROOT", str(root))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    return root, tmp_path / "my-lessons"


def test_first_start_copies_every_lesson_trusted(course):
    root, mine = course
    report = learner.prepare(mine)
    assert report.copied == list(LESSONS)
    for name in LESSONS:
        nb = nbformat.read(mine / name, as_version=4)
        assert NotebookNotary().check_signature(nb), f"{name} is not trusted"
        assert nb.metadata.kernelspec.display_name == notebook_form.kernel_display_name()


def test_a_course_update_keeps_the_learners_copy_and_says_how_to_refresh(course):
    root, mine = course
    learner.prepare(mine)
    (mine / "04-therapy.ipynb").write_text("my own notes", encoding="utf-8")
    nb = nbformat.read(root / "lessons" / "04-therapy.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A new paragraph from the course."))
    nbformat.write(nb, root / "lessons" / "04-therapy.ipynb")

    report = learner.prepare(mine)
    assert report.copied == [] and report.updated_in_course == ["04-therapy.ipynb"]
    assert (mine / "04-therapy.ipynb").read_text(encoding="utf-8") == "my own notes"
    assert any("smx-course fresh 04" in line for line in report.lines())

    dest = learner.fresh("04", mine)
    fresh = nbformat.read(dest, as_version=4)
    assert fresh.cells[-1].source == "A new paragraph from the course."
    assert (mine / ".replaced" / "04-therapy.ipynb").read_text(encoding="utf-8") == "my own notes"
    assert learner.prepare(mine).updated_in_course == []


def test_a_lesson_gone_from_the_course_is_kept_and_named(course):
    root, mine = course
    learner.prepare(mine)
    (root / "lessons" / "04-therapy.ipynb").unlink()
    report = learner.prepare(mine)
    assert report.not_in_course == ["04-therapy.ipynb"]
    assert (mine / "04-therapy.ipynb").exists()


def test_fresh_names_the_known_lessons_for_an_unknown_one(course):
    root, mine = course
    with pytest.raises(ValueError, match="No course lesson '09'. Give its number: 00, 04."):
        learner.fresh("09", mine)


def test_stored_lessons_are_in_the_form_jupyterlab_saves():
    """Lab writes 2.0 back as 2 and its own kernel display name: opening would mark it modified."""
    for path in sorted(paths.lessons_dir().glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        before = nbformat.writes(nb)
        notebook_form.canonical(nb)
        assert nbformat.writes(nb) == before, f"{path.name}: run `smx-course execute` on it"
