"""A failed build leaves the last good site untouched and says why (file, item, field)."""

import shutil
from pathlib import Path

import pytest

from scleromyxedema_course import cli
from scleromyxedema_course.core import locks, paths
from scleromyxedema_course.site import publish

EXAMPLE = Path(__file__).parent / "data" / "example.yaml"
MARKER = ".smx-site"


def _site(stage: Path, text: str = "new") -> str:
    (stage / MARKER).write_text("built")
    (stage / "index.html").write_text(text)
    return text


def test_publish_swaps_the_new_site_in_when_the_build_succeeds(tmp_path):
    out = tmp_path / "site"
    assert publish.publish(out, lambda s: _site(s, "one"), MARKER) == "one"
    assert publish.publish(out, lambda s: _site(s, "two"), MARKER) == "two"
    assert (out / "index.html").read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left behind


def test_publish_keeps_the_last_good_site_when_the_build_fails(tmp_path):
    out = tmp_path / "site"
    publish.publish(out, _site, MARKER)
    (out / "vendor").mkdir()
    (out / "vendor" / "plotly.min.js").write_text("plotly")

    def broken(stage):
        _site(stage, "half")
        raise ValueError("quizzes/x.yaml, question 'x/q1', field 'type': 'singel' is unknown")

    with pytest.raises(publish.PublishError) as info:
        publish.publish(out, broken, MARKER)
    message = str(info.value)
    assert "x/q1" in message and "field 'type'" in message
    assert f"The last good site in {out} was left untouched." in message
    assert (out / "index.html").read_text() == "new"
    assert (out / "vendor" / "plotly.min.js").read_text() == "plotly"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_removes_folders_a_killed_build_left_and_refuses_a_foreign_folder(tmp_path):
    out = tmp_path / "site"
    (tmp_path / ".site.new-abc").mkdir()
    (tmp_path / ".site.old-def").mkdir()
    publish.publish(out, _site, MARKER)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("keep me")
    with pytest.raises(publish.PublishError, match="was not made by this build"):
        publish.publish(mine, _site, MARKER)
    assert [p.name for p in mine.iterdir()] == ["thesis.txt"]
    with pytest.raises(publish.PublishError, match=r"Nothing was written to .*empty"):
        publish.publish(tmp_path / "empty", lambda s: 1 / 0, MARKER)
    assert not (tmp_path / "empty").exists()


# -- the real build, on a one-lesson course -------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(paths.assets_dir(), root / "assets")
    (root / "lessons").mkdir()
    (root / "quizzes").mkdir()
    shutil.copy(paths.lessons_dir() / "00-welcome.ipynb", root / "lessons")
    shutil.copy(paths.quizzes_dir() / "schema.json", root / "quizzes")
    text = EXAMPLE.read_text(encoding="utf-8").replace("example", "welcome")
    (root / "quizzes" / "welcome.yaml").write_text(text, encoding="utf-8")
    return root


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_site(course, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SMX_COURSE_ROOT", str(course))
    out = tmp_path_factory.mktemp("built") / "site"
    try:
        assert cli.main(["build", "--out", str(out)]) == 0
    finally:
        mp.undo()
    snapshot = _snapshot(out)
    assert {"index.html", "answer-keys/welcome.html", "vendor/plotly.min.js",
            "slides/00-welcome.html"} <= set(snapshot)
    assert not any(".site.new-" in text.decode("utf-8", "replace")
                   for text in snapshot.values())  # the staging folder's name never leaks
    return out, snapshot


def _break(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


@pytest.mark.parametrize("what", ["quiz bank", "bibtex"])
def test_a_broken_input_leaves_the_last_good_site_and_names_file_item_field(
        what, course, good_site, monkeypatch, capsys):
    out, snapshot = good_site
    monkeypatch.setenv("SMX_COURSE_ROOT", str(course))
    if what == "quiz bank":
        target, old, new = course / "quizzes" / "welcome.yaml", "type: numeric", "type: numerc"
        names = ["welcome.yaml", "welcome/numeric", "type"]
    else:
        target, old, new = course / "assets" / "references.bib", "@article{rongioletti2006,", \
            "@article{rongioletti2001,"
        names = ["references.bib", "rongioletti2001", "defined twice"]
    original = _break(target, old, new)
    try:
        assert cli.main(["build", "--out", str(out)]) == 1
    finally:
        target.write_text(original, encoding="utf-8")
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"The last good site in {out} was left untouched" in err
    for name in names:
        assert name in err
    assert _snapshot(out) == snapshot
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


@pytest.mark.parametrize("damage,names", [
    (('"lockfileVersion": 3,', '"lockfileVersion": 3,,'), ["package-lock.json", "line"]),
    (('"integrity"', '"integrty"'), ["package-lock.json", "plotly.js-cartesian-dist-min",
                                     "field 'integrity' is missing"]),
])
def test_a_broken_frontend_lock_is_a_clear_message_and_keeps_plotly(
        damage, names, course, good_site, tmp_path, monkeypatch, capsys):
    """A damaged lock does not stop the build: the site ships the plotly wheel's full
    plotly.js and says which file, package and field is wrong (``check`` refuses the lock)."""
    out, snapshot = good_site
    monkeypatch.setenv("SMX_COURSE_ROOT", str(course))
    lock = tmp_path / "package-lock.json"
    shutil.copy(locks.SITE_LOCK, lock)
    _break(lock, *damage)
    monkeypatch.setattr(locks, "SITE_LOCK", lock)
    assert cli.main(["build", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "Traceback" not in said and "full bundle" in said
    for name in names:
        assert name in said
    assert (out / "vendor" / "plotly.min.js").stat().st_size > 1_000_000
    assert (out / "index.html").is_file()
