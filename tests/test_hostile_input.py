"""Broken and hostile content in a copy of the course: `smx-course check` refuses it with a
message naming file, item (line) and field, and what it accepts is shown as plain text.

Each test breaks one input of a fresh copy, then runs the same checks `smx-course check` runs.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from scleromyxedema_course import case, cli, ddx, lesson
from scleromyxedema_course import course as catalogue
from scleromyxedema_course.core import content, locks, paths
from scleromyxedema_course.quiz import loader
from scleromyxedema_course.refs import citations, glossary
from scleromyxedema_course.site import build

REPO = paths.root()


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "course"
    for folder in ("lessons", "quizzes", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "tests" / "browser").mkdir(parents=True)
    shutil.copy2(REPO / "tests" / "browser" / "package-lock.json",
                 root / "tests" / "browser" / "package-lock.json")
    shutil.copy2(REPO / "tests" / "browser" / "package.json",   # the lock's manifest
                 root / "tests" / "browser" / "package.json")
    site_lock = tmp_path / "site-lock" / "package-lock.json"
    site_lock.parent.mkdir()
    shutil.copy2(locks.SITE_LOCK, site_lock)
    monkeypatch.setattr(locks, "SITE_LOCK", site_lock)
    monkeypatch.setenv("SMX_COURSE_ROOT", str(root))
    return root


def problems() -> list[str]:
    return catalogue.run_all()


def only_problem(pattern: str) -> str:
    found = problems()
    assert len(found) == 1, found
    assert re.search(pattern, found[0]), found[0]
    return found[0]


def test_the_copy_is_valid(course):
    assert problems() == []


# --------------------------------------------------------------------------- YAML


def test_duplicate_key_in_a_quiz_bank_names_both_lines(course):
    bank = course / "quizzes" / "therapy.yaml"
    lines = bank.read_text(encoding="utf-8").splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.strip().startswith("explanation:"))
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    lines.insert(first + 1, f'{indent}explanation: "A second explanation wins silently."')
    bank.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = only_problem(r"therapy\.yaml")
    assert f"lines {first + 1} and {first + 2}" in message
    assert "duplicate key" in message and "'explanation'" in message


def test_duplicate_key_in_case_steps_names_both_lines(course):
    steps = course / "assets" / "data" / "case_2014_steps.yaml"
    lines = steps.read_text(encoding="utf-8").splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.strip().startswith("title:"))
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    lines.insert(first + 1, f"{indent}title: Again")
    steps.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(case.CaseDataError) as err:
        case.load_steps()
    assert re.search(rf"case_2014_steps\.yaml, line {first + 2}, column \d+: duplicate key: "
                     rf"the key 'title' appears twice in one mapping \(lines {first + 1} and "
                     rf"{first + 2}\)", str(err.value)), str(err.value)
    assert any("case_2014_steps.yaml" in p for p in problems())


def test_duplicate_key_in_the_glossary(course):
    path = course / "assets" / "glossary.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "- term: Extra\n  definition: one\n  definition: two\n", encoding="utf-8")
    with pytest.raises(glossary.GlossaryError, match=r"glossary\.yaml, line \d+.*'definition' "
                       r"appears twice in one mapping \(lines \d+ and \d+\)"):
        glossary.load()


def test_duplicate_key_in_ddx_labels(course):
    path = course / "assets" / "data" / "ddx_labels.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "conditions: {}\n", encoding="utf-8")
    message = only_problem(r"ddx_labels\.yaml, line \d+, column 1: duplicate key")
    assert "'conditions'" in message


# --------------------------------------------------------------------------- encodings


def _latin1_into(path: Path, old: str, new: str) -> tuple[int, int]:
    """Replace ``old`` by ``new`` written in Latin-1; return the (line, column) of its é."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    data = text[:at].encode("utf-8") + new.encode("latin-1") + text[at + len(old):].encode()
    path.write_bytes(data)
    before = text[:at] + new[: new.index("é")]
    return before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1


def test_latin1_byte_in_the_glossary_names_line_and_column(course):
    path = course / "assets" / "glossary.yaml"
    first_term = glossary.load(REPO / "assets" / "glossary.yaml")
    assert first_term
    line, col = _latin1_into(path, "definition: ", "definition: café ")
    with pytest.raises(glossary.GlossaryError) as err:
        glossary.load()
    assert str(err.value).startswith(f"glossary.yaml, line {line}, column {col}: byte 0xe9 "
                                     "is not UTF-8 text")
    assert any(p.startswith(f"glossary.yaml, line {line}, column {col}") for p in problems())


def test_latin1_byte_in_ddx_features_names_line_column_and_field(course):
    path = course / "assets" / "data" / "ddx_features.csv"
    line, col = _latin1_into(path, "generalized papular", "généralized papular")
    message = only_problem(r"^ddx_features\.csv, line")
    assert message.startswith(f"ddx_features.csv, line {line}, column {col}, field "
                              "'source_wording': byte 0xe9 is not UTF-8 text"), message


def test_latin1_byte_in_the_ivig_table_and_the_timeline(course):
    ivig = course / "assets" / "data" / "ivig_reports.csv"
    line, _ = _latin1_into(ivig, "dramatic initial", "dramatic inéitial")
    timeline = course / "assets" / "data" / "case_2014_timeline.csv"
    text = timeline.read_text(encoding="utf-8").splitlines()
    row = text[1].split(",")
    tl_line, _ = _latin1_into(timeline, text[1], ",".join([row[0], "é" + row[1], *row[2:]]))
    found = problems()
    assert any(p.startswith(f"ivig_reports.csv, line {line}, column")
               and "field 'outcome_detail'" in p for p in found), found
    assert any(p.startswith(f"case_2014_timeline.csv, line {tl_line}, column")
               and "field 'event'" in p for p in found), found


def test_latin1_byte_in_a_quiz_bank(course):
    bank = course / "quizzes" / "histology.yaml"
    line, col = _latin1_into(bank, "title:", "titlé:")
    only_problem(rf"^quizzes/histology\.yaml, line {line}, column {col}: byte 0xe9")


def test_latin1_byte_in_the_bibliography(course):
    bib = course / "assets" / "references.bib"
    line, col = _latin1_into(bib, "@", "é@")
    found = problems()
    assert found and all("references.bib" in p for p in found), found
    assert re.search(rf"references\.bib, line {line}, column {col}: byte 0xe9 is not UTF-8",
                     found[0]), found


def test_broken_csv_row_names_the_line(course):
    path = course / "assets" / "data" / "ddx_features.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] += ",one too many"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    only_problem(r"^ddx_features\.csv, line 4: \d+ cells but the header names 5 columns")


# --------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("which", ["site", "tests"])
def test_lock_file_with_a_trailing_comma(course, which):
    lock = locks.SITE_LOCK if which == "site" else (
        course / "tests" / "browser" / "package-lock.json")
    text = lock.read_text(encoding="utf-8").rstrip()
    assert text.endswith("}")
    lock.write_text(text[:-1].rstrip() + ",\n}\n", encoding="utf-8")
    message = only_problem(r"package-lock\.json, line \d+, column \d+: JSON syntax error")
    assert str(lock) in message


@pytest.mark.parametrize("which", ["site", "tests"])
def test_lock_file_with_a_misspelt_field(course, which):
    lock = locks.SITE_LOCK if which == "site" else (
        course / "tests" / "browser" / "package-lock.json")
    lock.write_text(lock.read_text(encoding="utf-8").replace('"integrity"', '"integrty"'),
                    encoding="utf-8")
    only_problem(r"package-lock\.json: package 'node_modules/[^']+': field 'integrity' is "
                 r"missing")


def test_lock_file_with_a_repeated_key(course):
    lock = course / "tests" / "browser" / "package-lock.json"
    lock.write_text(lock.read_text(encoding="utf-8").replace(
        '"version":', '"version": "0.0.0", "version":', 1), encoding="utf-8")
    only_problem(r"package-lock\.json.*duplicate key: 'version' appears twice")


def test_a_broken_site_lock_does_not_break_the_build(course):
    """The build ships the full plotly.js and says why, instead of a traceback."""
    locks.SITE_LOCK.write_text("{,}", encoding="utf-8")
    bundle = build.plotly_bundle(set())
    assert bundle.license is None
    assert "the front-end lock cannot be read" in bundle.label
    assert "JSON syntax error" in bundle.label


def test_duplicate_key_in_a_lesson_notebook(course):
    path = sorted((course / "lessons").glob("02-*.ipynb"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"smx": {', '"smx": {\n   "title": "Shadowed",', 1),
                    encoding="utf-8")
    message = only_problem(rf"{path.name}.*duplicate key: 'title' appears twice")
    assert re.search(r"line (\d+): .* \(lines \d+ and \1\)", message), message


def test_json_helpers_name_line_and_column():
    with pytest.raises(ValueError, match=r"^x\.json, line 2, column 1: JSON syntax error"):
        content.parse_json('{"a": 1,\n}', "x.json")


# --------------------------------------------------------------------------- lesson metadata


def _edit_meta(course: Path, stem: str, edit) -> Path:
    path = sorted((course / "lessons").glob(f"{stem}-*.ipynb"))[0]
    nb = json.loads(path.read_text(encoding="utf-8"))
    edit(nb["metadata"]["smx"])
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("field, value, expected", [
    ("key_points", [42], r"'smx\.key_points', item 1: must be text, not a int \(42\)"),
    ("questions", ["ok", None], r"'smx\.questions', item 2: must be text, not a NoneType"),
    ("title", 7, r"'smx\.title' must be a non-empty text, not a int \(7\)"),
    ("minutes", True, r"'smx\.minutes' must be a non-empty whole number, not a bool"),
    ("minutes", "40", r"'smx\.minutes' must be a non-empty whole number, not a str"),
    ("key_points", "one point", r"'smx\.key_points' must be a non-empty list, not a str"),
])
def test_lesson_metadata_of_the_wrong_type_fails_check(course, field, value, expected):
    path = _edit_meta(course, "02", lambda m: m.__setitem__(field, value))
    message = only_problem(expected)
    assert message.startswith(path.name)
    assert cli.main(["check"]) == 1


def test_objective_text_of_the_wrong_type_fails_check(course):
    path = _edit_meta(course, "01", lambda m: m["objectives"][1].__setitem__("text", 3.5))
    message = " ".join(problems())
    assert (f"{path.name}: notebook metadata 'smx.objectives', objective 2, field 'text': "
            "must be text, not a float") in message


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
    "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd",
])
def test_unsafe_addresses_are_refused(url):
    assert content.url_problem(url)
    assert not content.safe_url(url)


@pytest.mark.parametrize("url", [
    "https://doi.org/10.1/x", "http://example.org/a?b=c", "doi:10.1/x", "#ref-key",
    "00-welcome.ipynb#term-mucin", "../assets/figures/a.svg", "HTTPS://EXAMPLE.ORG",
])
def test_safe_addresses_are_allowed(url):
    assert content.url_problem(url) is None


def test_bibtex_javascript_url_is_refused_naming_file_entry_and_field(course):
    bib = course / "assets" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    key = "uptodate" if "@misc{uptodate" in text else None
    m = re.search(r"url = \{http://www\.uptodate\.com[^}]*\}", text)
    assert m, "the test expects the UpToDate entry with a url"
    bib.write_text(text.replace(m.group(0), "url = {javascript:window.__pwned=1}"),
                   encoding="utf-8")
    message = " ".join(problems())
    assert re.search(r"references\.bib: entry '[^']+', field 'url': 'javascript:window"
                     r"\.__pwned=1' is not a web address", message), message
    del key


def test_a_javascript_url_never_becomes_a_link():
    entry = citations.Entry("x", "misc", {"title": "T", "url": "javascript:alert(1)"})
    assert entry.link == ""
    assert "href" not in entry.as_html()
    entry = citations.Entry("x", "misc", {"title": "T", "url": "https://a.org/?q=\"><b>"})
    assert 'href="https://a.org/?q=&quot;&gt;&lt;b&gt;"' in entry.as_html()


@pytest.mark.parametrize("field, value, expected", [
    ("pmid", "123abc", "is not a PubMed id"),
    ("doi", "javascript:alert(1)", "is not a DOI"),
])
def test_bibtex_identifiers_are_checked(course, field, value, expected):
    bib = course / "assets" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    m = re.search(rf"\b{field} = \{{[^}}]*\}}", text)
    bib.write_text(text.replace(m.group(0), f"{field} = {{{value}}}", 1), encoding="utf-8")
    message = " ".join(problems())
    assert re.search(rf"references\.bib: entry '[^']+', field '{field}': .*{expected}",
                     message), message


def test_ivig_source_url_must_be_a_web_address(course):
    path = course / "assets" / "data" / "ivig_reports.csv"
    text = path.read_text(encoding="utf-8")
    url = "https://acnpsearch.tweb-dev.unibo.it/singlejournalindex/74392865"
    path.write_text(text.replace(url, "javascript:alert(1)"), encoding="utf-8")
    only_problem(r"ivig_reports\.csv, row \d+ \(Lister RK, 2000\), column source_url: "
                 r"'javascript:alert\(1\)' is not an allowed address")


@pytest.mark.parametrize("markdown, expected", [
    ("[click](javascript:window.__pwned=1)", "scheme 'javascript:'"),
    ("<script>window.__pwned=1</script>", "the HTML tag <script> is not allowed"),
    ('<img src="x" onerror="window.__pwned=1">', "event-handler attribute"),
    ("<a href='data:text/html,hi'>x</a>", "scheme 'data:'"),
    ("<iframe src=https://example.org></iframe>", "the HTML tag <iframe> is not allowed"),
])
def test_lesson_markdown_that_would_run_script_is_refused(course, markdown, expected):
    path = sorted((course / "lessons").glob("02-*.ipynb"))[0]
    nb = json.loads(path.read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown")
    nb["cells"][index]["source"] = ["Some text ", markdown, "\n"]
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    # numbered among the Markdown cells, as the citation-label check numbers them
    message = only_problem(rf"^lessons/{path.name}, Markdown cell 1: ")
    assert expected in message


def test_plain_text_payloads_in_lesson_metadata_are_escaped(course):
    payload = '<img src=x onerror="window.__pwned=1">'
    _edit_meta(course, "02", lambda m: (m.__setitem__("key_points", [payload]),
                                        m.__setitem__("title", payload)))
    assert problems() == []
    les = lesson.get(sorted(p.stem for p in (course / "lessons").glob("02-*"))[0][3:])
    for page in (lesson.header_html(les), lesson.footer_html(les),
                 lesson.course_map_html([les])):
        assert "<img" not in page
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in lesson.footer_html(les)


def test_every_reader_goes_through_the_strict_reader():
    """No module reads YAML with PyYAML's lenient loader or a content file with open()."""
    src = Path(content.__file__).parents[1]
    lenient = []
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "content.py" and re.search(r"yaml\.safe_load|csv\.DictReader\(", text):
            lenient.append(path.name)
    assert lenient == []


def test_ddx_and_case_loaders_still_read_the_course():
    assert ddx.load().conditions
    assert case.load_timeline() and case.load_steps()
    assert loader.load_all()


def test_a_quiz_image_outside_the_course_is_refused(course, tmp_path):
    outside = tmp_path / "secret.svg"
    outside.write_text("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", encoding="utf-8")
    bank = course / "quizzes" / "histology.yaml"
    text = bank.read_text(encoding="utf-8")
    m = re.search(r"src: ([^,\s]+)", text)
    assert m, "the test expects a question with an image"
    bank.write_text(text.replace(m.group(0), "src: ../secret.svg", 1), encoding="utf-8")
    only_problem(r"histology\.yaml, line \d+, question histology/\w+, field 'image\.src': "
                 r"'\.\./secret\.svg' is outside the course folder")
