"""The learner's progress across lessons: a table, and a chart once there are answers."""

from __future__ import annotations

import html

from ..core.views import HtmlOutput
from . import figures
from .loader import QuizBankError, all_slugs, load_bank
from .progress import ProgressError, ProgressStore, latest_by_question


def summarise(records: list[dict], banks) -> list[dict]:
    """One row per bank: questions, answered, right and wrong (latest answer counts)."""
    latest = latest_by_question(records)
    rows = []
    for b in banks:
        ids = {q.id for q in b.questions}
        mine = [r for qid, r in latest.items() if qid in ids]
        right = sum(1 for r in mine if r.get("correct") is True)
        rows.append({
            "bank": b.slug, "title": b.title, "questions": len(ids), "answered": len(mine),
            "right": right, "wrong": len(mine) - right,
            "last": max((str(r.get("time", "")) for r in mine), default=""),
        })
    return rows


def table_html(rows: list[dict], problem: str | None, path) -> str:
    body = "".join(
        f"<tr><td>{html.escape(r['title'])}</td><td>{r['questions']}</td>"
        f"<td>{r['answered']}</td><td>{r['right']}</td><td>{r['wrong']}</td>"
        f"<td>{html.escape(r['last'][:16].replace('T', ' ')) or '–'}</td></tr>"
        for r in rows
    )
    answered = sum(r["answered"] for r in rows)
    note = (
        "<p><strong>No answers yet.</strong> Answer a quiz in a lesson running in JupyterLab, "
        "then run this cell again to see your progress here.</p>"
        if answered == 0
        else f"<p>You have answered {answered} of {sum(r['questions'] for r in rows)} "
        "questions; your latest answer to each question counts.</p>"
    )
    warn = (
        f'<p class="smx-wrong"><strong>Note.</strong> {html.escape(problem)}</p>' if problem else ""
    )
    # The path is shown once something is saved: before that it may be a scratch folder
    # (tests, `smx-course execute`), which would make the stored output differ per run.
    where = (
        '<p class="smx-disclaimer">Saved on this computer only, in '
        f"<code>{html.escape(str(path))}</code>.</p>"
        if answered
        else '<p class="smx-disclaimer">Answers are saved on this computer only.</p>'
    )
    return (
        f'<div class="smx-progress">{warn}{note}'
        '<table class="smx-progress-table"><caption>Your quiz progress by lesson</caption>'
        '<thead><tr><th scope="col">Lesson quiz</th><th scope="col">Questions</th>'
        '<th scope="col">Answered</th><th scope="col">Right</th><th scope="col">Wrong</th>'
        '<th scope="col">Last answer (UTC)</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
        f"{where}</div>"
    )


def view(store: ProgressStore):
    try:
        loaded = store.load()
        records, problem = loaded.records, loaded.problem
    except ProgressError as exc:
        records, problem = [], str(exc)
    banks, broken = [], []
    for slug in all_slugs():
        try:
            banks.append(load_bank(slug))
        except QuizBankError as exc:  # `smx-course check` reports it to authors
            broken.append(str(exc))
    if broken:
        problem = " ".join(filter(None, [problem, "Some quizzes could not be read:", *broken]))
    rows = summarise(records, banks)
    table = HtmlOutput(table_html(rows, problem, store.path),
                  f"Progress: {sum(r['answered'] for r in rows)} answers")
    if not any(r["answered"] for r in rows):
        return table
    from IPython.display import display  # IPython only when there is a chart to show

    display(table)
    return figures.progress_chart(rows)
