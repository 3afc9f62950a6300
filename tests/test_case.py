"""The 2014 case: its timeline data, its steps and its figure."""

import csv

import pytest

from scleromyxedema_course import case, plots
from scleromyxedema_course.case import CaseDataError
from scleromyxedema_course.case import figures as case_plots
from scleromyxedema_course.core import markup

SEED = "003_942a40f2e8e06c77.txt"


@pytest.fixture(scope="module")
def events():
    return case.load_timeline()


def test_timeline_is_ordered_sourced_and_keeps_the_conflicting_dates(events):
    assert [e.step for e in events] == sorted(e.step for e in events)
    assert all(e.citations == ("jcad2014",) for e in events)
    dated = {e.stated_date for e in events if e.stated_date}
    # Both printed dates stay as printed; the conflict is written down, not smoothed over.
    assert {"December 2010", "2010-01-14 to 2010-06-14"} <= dated
    notes = " ".join(e.date_note for e in case.date_conflicts(events))
    assert "December 2010" in notes and "misprint" in notes


def test_source_lines_point_at_the_words_they_summarise(events):
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "shared" / "evidence" / "seeds" / SEED
    if not seed.exists():
        pytest.skip("the shared evidence folder is not next to this checkout")
    lines = seed.read_text(encoding="utf-8").splitlines()

    def text(ev):
        a, _, b = ev.source_lines.partition("-")
        return " ".join(lines[int(a) - 1:int(b or a)]).lower()

    by_step = {e.step: e for e in events}
    assert "viral" in text(by_step[2]) and "encephalitis" in text(by_step[2])
    assert "december of 2010" in text(by_step[6])
    assert "january 14, 2010" in text(by_step[7])
    assert "one infusion per month" in text(by_step[9])


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("field, value, message", [
    ("axis_end", "-1", r"row 3, column 'axis_end': ends"),
    ("kind", "party", r"row 3, column 'kind': 'party'"),
    ("source_lines", "somewhere", r"row 3, column 'source_lines'"),
    ("citation_key", "", r"row 3, column 'citation_key'"),
    ("step", "x", r"row 3, column 'step'"),
])
def test_a_malformed_timeline_names_row_and_column(field, value, message):
    rows = _rows(case.model.paths.assets_dir() / "data" / "case_2014_timeline.csv")
    rows[1][field] = value
    with pytest.raises(CaseDataError, match=message):
        case.parse_timeline(rows)


def test_timeline_figure_has_every_event_and_alt_text(events):
    fig = case_plots.timeline(events)
    named = {t.name for t in fig.data}
    assert {str(e.step) for e in events} <= named
    assert "viral encephalitis" in plots.alt_text(fig)
    html = plots.figure_html(fig)
    assert html == plots.figure_html(case_plots.timeline(events))  # deterministic


def test_hover_text_is_bold_markup_not_escaped_tags(events):
    fig = case_plots.timeline(events)
    hovers = [t.hovertext[0] for t in fig.data if t.hovertext]
    assert len(hovers) == len(events)
    for text in hovers:
        assert text.startswith("<b>") and "</b><br>Timing in the report: " in text
        assert "&lt;b&gt;" not in text


def test_inline_markdown_subset_is_escaped_and_links_work():
    out = markup.paragraphs("**Bold** and *it* <script>x</script> [Case](#ref-jcad2014)"
                           "\n\nSecond [term](00-welcome.ipynb#term-mucin)")
    assert "<strong>Bold</strong>" in out and "<em>it</em>" in out
    assert "&lt;script&gt;" in out and "<script>" not in out
    assert '<a href="#ref-jcad2014">Case</a>' in out
    assert '<a href="00-welcome.ipynb#term-mucin">term</a>' in out
    assert out.count("<p>") == 2


def test_every_step_hides_its_answer_in_details_and_names_real_quiz_questions():
    from scleromyxedema_course import quiz

    steps = case.load_steps()
    assert steps[0].id == "presentation" and "viral" in steps[0].answer.lower()
    ids = {q.id for q in quiz.load_bank("clinical-case").questions}
    for n, step in enumerate(steps, start=1):
        out = case.step_html(step, n)
        question_at, details_at = out.index("smx-question"), out.index("<details>")
        assert question_at < details_at, step.id  # the question is asked before the answer
        assert out.count("<details>") == 1 and "<summary>" in out
        assert set(step.quiz) <= ids, step.id
    relapse = next(s for s in steps if s.id == "relapse")
    assert "do not fit" in relapse.answer


@pytest.mark.parametrize("data, message", [
    ({"steps": [{"id": "a", "title": "T", "story": "s", "question": "q", "answer": ""}]},
     r"step 1 \(a\): 'answer' is missing"),
    ({"steps": [{"id": "a", "title": "T", "story": "s", "question": "q", "answer": "x",
                 "citations": []}]}, r"step 1 \(a\): 'citations'"),
    ({"stages": []}, "list under 'steps'"),
])
def test_malformed_steps_are_named(data, message):
    with pytest.raises(CaseDataError, match=message):
        case.parse_steps(data)


def test_unknown_step_is_named():
    with pytest.raises(CaseDataError, match="No case step 'nope'"):
        case.show_step("nope")
