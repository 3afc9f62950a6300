"""The README promises two commands and a lesson table that matches the lessons."""

from scleromyxedema_course import authoring
from scleromyxedema_course.core import paths


def test_readme_lesson_table_is_current():
    text = (paths.root() / "README.md").read_text()
    assert authoring.update_readme(text) == text, (
        "README.md's lesson table is stale: run `smx-course readme`."
    )


def test_readme_shows_the_two_commands_and_ci_runs_the_test_command():
    text = (paths.root() / "README.md").read_text()
    assert "make course" in text and "make test" in text
    ci = (paths.root() / ".ci" / "run").read_text()
    assert ci.rstrip().endswith("make test")
