"""The README promises two commands and a lesson table that matches the lessons."""

import re
from importlib import metadata

from packaging.specifiers import SpecifierSet

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


def _python_floor() -> str:
    text = (paths.root() / "pyproject.toml").read_text()
    return re.search(r'^requires-python = ">=([0-9.]+)"$', text, re.M).group(1)


def test_readme_names_the_python_floor_of_pyproject():
    floor = _python_floor()
    assert f"You need Python {floor} or newer" in (paths.root() / "README.md").read_text()


def test_every_pinned_package_installs_on_the_oldest_supported_python():
    """A pin that needs a newer patch release (soupsieve 4.1.2 needs 3.11.5) breaks Debian 12."""
    oldest = _python_floor() + ".0"
    pins = [line.split("==")[0] for line in
            (paths.root() / "constraints.txt").read_text().splitlines()
            if "==" in line and not line.startswith("#")]
    too_new = {}
    for name in pins:
        try:
            needs = metadata.metadata(name).get("Requires-Python")
        except metadata.PackageNotFoundError:
            continue  # not installed in this environment (e.g. a files-only wheel)
        if needs and not SpecifierSet(needs).contains(oldest):
            too_new[name] = needs
    assert not too_new, f"pins that refuse Python {oldest}: {too_new}"
