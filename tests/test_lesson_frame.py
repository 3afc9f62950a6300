"""Every lesson has the course frame and the content rules a learner relies on."""

import json
import re

import pytest

from scleromyxedema_course import lesson
from scleromyxedema_course.core import paths
from scleromyxedema_course.lesson import DISCLAIMER, LessonMetadataError
from scleromyxedema_course.refs import glossary

LESSONS = sorted(paths.lessons_dir().glob("[0-9][0-9]-*.ipynb"))


def _code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _html_outputs(cell):
    return "".join(
        "".join(o.get("data", {}).get("text/html", "")) for o in cell.get("outputs", [])
    )


def test_there_are_lessons_and_filenames_state_the_order():
    assert LESSONS, "no lessons found"
    numbers = [int(p.name[:2]) for p in LESSONS]
    assert numbers == sorted(set(numbers)), f"lesson numbers repeat: {numbers}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_has_the_frame(path):
    les = lesson.load(path)  # raises with lesson + field if metadata is incomplete
    nb = json.loads(path.read_text())
    first_md = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "".join(first_md["source"]).startswith(f"# {les.title}"), (
        f"{path.name}: the first cell must be the title '# {les.title}'"
    )
    code = _code_cells(nb)
    assert f'lesson.header("{les.slug}")' in "".join(code[0]["source"]), (
        f"{path.name}: the first code cell shows the objectives box"
    )
    assert f'lesson.footer("{les.slug}"' in "".join(code[-1]["source"]), (
        f"{path.name}: the last code cell shows key points and references"
    )
    header_out, footer_out = _html_outputs(code[0]), _html_outputs(code[-1])
    assert "Learning objectives" in header_out and DISCLAIMER in header_out
    assert "Key points" in footer_out and "References" in footer_out


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_unfinished_text(path):
    text = path.read_text()
    for marker in ("TODO", "FIXME", "citation needed", "lorem ipsum"):
        assert marker.lower() not in text.lower(), f"{path.name} contains '{marker}'"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_figure_has_alt_text_and_a_caption(path):
    nb = json.loads(path.read_text())
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            fig = out.get("data", {}).get("application/vnd.plotly.v1+json")
            if fig is None:
                continue
            alt = (fig.get("layout", {}).get("meta") or {}).get("alt", "")
            assert len(alt) >= 20, f"{path.name}, cell {i}: figure without alt text"
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            assert nxt and nxt["cell_type"] == "markdown" and "".join(
                nxt["source"]
            ).lstrip().startswith("**Figure"), (
                f"{path.name}, cell {i}: a figure is followed by a '**Figure ...**' caption"
            )


def test_every_marked_term_has_a_glossary_entry_and_every_entry_is_used():
    defined = {t.id for t in glossary.load()}
    used = set()
    for path in LESSONS:
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                ids = glossary.terms_in_markdown("".join(cell["source"]))
                unknown = set(ids) - defined
                assert not unknown, f"{path.name}: terms without a glossary entry: {unknown}"
                used |= set(ids)
    assert defined <= used, f"glossary entries no lesson marks: {sorted(defined - used)}"


def test_a_removed_objective_is_named(tmp_path):
    src = LESSONS[0]
    nb = json.loads(src.read_text())
    nb["metadata"]["smx"]["objectives"] = []
    bad = tmp_path / src.name
    bad.write_text(json.dumps(nb))
    with pytest.raises(LessonMetadataError, match=re.escape(src.name) + ".*objectives"):
        lesson.load(bad)


MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_markdown_link_resolves(path):
    """A learner's click never lands nowhere: links are web pages, lessons, or anchors we make."""
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        for target in MD_LINK.findall("".join(cell["source"])):
            if target.startswith(("http://", "https://", "#ref-", "#term-")):
                continue
            file_part = target.partition("#")[0]
            assert (paths.lessons_dir() / file_part).is_file(), (
                f"{path.name}, cell {i}: link to '{target}' points at no lesson file"
            )
