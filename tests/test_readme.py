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


def test_readme_module_table_matches_the_package_tree():
    text = (paths.root() / "README.md").read_text()
    table = text.split("<!-- modules:start -->", 1)[1].split("<!-- modules:end -->", 1)[0]
    listed = {row.split("|")[2].strip().strip("`") for row in table.strip().splitlines()[2:]}
    package = paths.root() / "src" / "scleromyxedema_course"
    tree = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    tree |= {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    assert listed == tree
