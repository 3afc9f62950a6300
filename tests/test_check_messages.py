"""`smx-course check` names what is wrong, one kind of content at a time.

Each case breaks one file of a copy of the course and expects the message an author sees
(the same messages the checks gave before the catalogue listed them in ``course.CHECKS``).
"""

import json

import pytest

from scleromyxedema_course import cli


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _bibliography(root):
    bib = root / "assets" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@article{rongioletti2001")
    end = text.index("\n}\n", start) + 3
    bib.write_text(text + "\n" + text[start:end], encoding="utf-8")


def _lesson(root):
    path = root / "lessons" / "02-histology.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["smx"]["minutes"] = 0
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def _glossary(root):
    path = root / "assets" / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    i = text.index("definition:")
    path.write_text(text[:i] + "meaning:" + text[i + len("definition:"):], encoding="utf-8")


def _bank(root):
    _replace(root / "quizzes" / "therapy.yaml", "questions:", "questions: [")


def _evidence(root):
    path = root / "assets" / "data" / "ivig_reports.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    col = header.index("design")
    row = lines[1].split(",")
    row[col] = "anecdote"
    lines[1] = ",".join(row)
    path.write_text("\n".join(lines), encoding="utf-8")


def _ddx(root):
    _replace(root / "assets" / "data" / "ddx_features.csv",
             "scleromyxedema,raynaud,variable", "scleromyxedema,raynaud,often")


def _case(root):
    _replace(root / "assets" / "data" / "case_2014_steps.yaml", "title:", "heading:")


def _presentation(root):
    _replace(root / "assets" / "data" / "extracutaneous.csv", "Cardiac,20.0,", "Cardiac,200,")


def _label(root):
    path = root / "lessons" / "06-clinical-case.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = ["Read [Rongioletti 2001 review](#ref-rongioletti2001).\n"]
    nb["cells"][0]["cell_type"] = "markdown"
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


CASES = [
    (_bibliography, ["references.bib, line", "entry 'rongioletti2001' is defined twice."]),
    (_lesson, ["02-histology.ipynb: 'smx.minutes' must be a positive number."]),
    (_glossary, ["glossary.yaml, item 1", "'definition' is missing."]),
    (_bank, ["therapy.yaml, line", "YAML syntax error"]),
    (_evidence, ["ivig_reports.csv, row 1 (Lister RK, 2000), column design: "
                 "'anecdote' is not one of"]),
    (_ddx, ["condition 'scleromyxedema', finding 'raynaud'", "column 'value'"]),
    (_case, ["case_2014_steps.yaml, step 1", "'title' is missing."]),
    (_presentation, ["extracutaneous.csv, row 5 (Rongioletti et al. 2013, Cardiac): "
                     "field 'percent' must be 0-100."]),
    (_label, ["06-clinical-case.ipynb, Markdown cell 1: the citation "
              "[Rongioletti 2001 review](#ref-rongioletti2001) should read "
              "[Rongioletti & Rebora 2001](#ref-rongioletti2001)"]),
]


@pytest.mark.parametrize(("breaks", "expected"), CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_check_names_the_broken_file_and_field(course_copy, capsys, breaks, expected):
    breaks(course_copy)
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    for part in expected:
        assert part in err, err


def test_check_passes_on_the_course_as_it_is(capsys):
    assert cli.main(["check"]) == 0
    assert "All course content is valid." in capsys.readouterr().out
