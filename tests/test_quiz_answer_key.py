"""`smx-course answer-key` writes one page per bank with answers, explanations, references."""

import shutil
from pathlib import Path

from scleromyxedema_course import cli
from scleromyxedema_course.core import paths
from scleromyxedema_course.quiz import answer_key, loader
from scleromyxedema_course.refs import citations

EXAMPLE = Path(__file__).parent / "data" / "example.yaml"


def test_page_lists_every_question_with_answer_explanation_and_references():
    bank = loader.load_bank(EXAMPLE, check_refs=False)
    page = answer_key.page(bank, citations.load(), {"welcome/scope": "State the scope"})
    for q in bank.questions:
        assert q.id in page
    assert page.count('<span class="right">Answer:</span>') == 4
    assert "140 g (accepted: ± 0.5)" in page and "first → second → third" in page
    assert "<strong>Explanation:</strong> The <em>first</em> option" in page
    assert "State the scope" in page and "doi.org/10.1067/mjd.2001.111630" in page
    assert "<script" not in page.replace("&lt;script", "")
    assert "http" not in page.split("<ol class=\"refs\">")[0]  # nothing loads from the web


def test_cli_writes_all_banks_and_an_index(tmp_path, monkeypatch, capsys):
    root = tmp_path / "course"
    for sub in ("lessons", "quizzes", "assets"):
        (root / sub).mkdir(parents=True)
    shutil.copy(paths.lessons_dir() / "00-welcome.ipynb", root / "lessons")
    shutil.copy(paths.bibliography_path(), root / "assets")
    shutil.copy(paths.quizzes_dir() / "schema.json", root / "quizzes")
    text = EXAMPLE.read_text(encoding="utf-8").replace("example", "welcome")
    (root / "quizzes" / "welcome.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("SMX_COURSE_ROOT", str(root))
    out = tmp_path / "keys"
    assert cli.main(["answer-key", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "welcome.html"]
    assert "welcome/numeric" in (out / "welcome.html").read_text(encoding="utf-8")
    assert 'href="welcome.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert "welcome.html" in capsys.readouterr().out


def test_cli_unknown_bank_is_an_error(tmp_path, capsys):
    assert cli.main(["answer-key", "nope", "--out", str(tmp_path)]) == 1
    assert "No quiz bank 'nope'" in capsys.readouterr().err
