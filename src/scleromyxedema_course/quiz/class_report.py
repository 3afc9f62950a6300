"""The class report: what a class got right and missed, from the learners' own records.

A teacher collects learner records in one folder: export files students saved from the site or
from JupyterLab (``smx-course record export``), or the students' home folders of a JupyterHub,
where each progress file is ``.../progress.json``. Every ``*.json`` file under the folder is read
(and never changed); one file is one learner, named by its path inside the folder. Files that are
not learner records of this course are listed as skipped, with the reason.

What counts is each learner's **first try** at each question (the score the quizzes show): per
question, how many learners answered it, the share right at the first try, the wrong option
chosen most often, and the confident errors (wrong at the first try while "fairly sure" or
"sure"); per objective, the share right over the first tries at its questions.

Pure functions over records plus :func:`build` (which reads a folder) and a seeded
:func:`simulate` for demonstrations, tests and the benchmark.
"""

from __future__ import annotations

import csv
import html
import io
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .. import syllabus
from .loader import load_all
from .model import Question, plain
from .progress import COURSE_ID, FORMAT, Loaded, ProgressError, read_file

CONFIDENT = ("fairly-sure", "sure")
CSV_COLUMNS = ("question", "lesson", "learners_answered", "right_first_try", "share_right",
               "most_chosen_wrong_answer", "chosen_by", "confident_errors", "question_text")


@dataclass
class QuestionStats:
    question: Question
    lesson: str  # the lesson's file stem, e.g. "04-therapy"
    answered: int = 0
    right: int = 0
    confident_errors: int = 0
    wrong_choices: Counter = field(default_factory=Counter)

    @property
    def share(self) -> float | None:
        return self.right / self.answered if self.answered else None

    def most_wrong(self) -> tuple[str, int]:
        """The wrong answer chosen most often at a first try (single-answer questions)."""
        if not self.wrong_choices:
            return "", 0
        index, n = min(self.wrong_choices.items(), key=lambda kv: (-kv[1], kv[0]))
        return plain(self.question.options[index].text), n


@dataclass
class Report:
    learners: list[str]
    questions: list[QuestionStats]
    objectives: list[tuple[str, str, int, int]]  # id, text, first tries, right
    skipped: list[tuple[str, str]]  # file, reason

    def most_missed(self, n: int = 10) -> list[QuestionStats]:
        answered = [s for s in self.questions if s.answered]
        return sorted(answered, key=lambda s: (s.share, -s.answered))[:n]

    def text(self) -> str:
        lines = [f"{len(self.learners)} learner record(s) read"
                 + (f", {len(self.skipped)} file(s) skipped" if self.skipped else "") + "."]
        for path, why in self.skipped:
            lines.append(f"  skipped {path}: {why}")
        missed = self.most_missed()
        if missed:
            lines.append("Most missed (share right at the first try):")
            for s in missed:
                wrong, n = s.most_wrong()
                lines.append(f"  {s.share:4.0%} of {s.answered:3d}  {s.question.id}"
                             + (f"  most chose: {wrong} ({n})" if n else "")
                             + (f"  confident errors: {s.confident_errors}"
                                if s.confident_errors else ""))
        if any(tries for _, _, tries, _ in self.objectives):
            lines.append("By objective (share right at the first try):")
            for oid, text, tries, right in self.objectives:
                if tries:
                    lines.append(f"  {right / tries:4.0%} of {tries:4d}  {oid}  {text}")
        return "\n".join(lines)

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for s in self.questions:
            wrong, n = s.most_wrong()
            writer.writerow([s.question.id, s.lesson, s.answered, s.right,
                             "" if s.share is None else f"{s.share:.3f}", wrong, n or "",
                             s.confident_errors, plain(s.question.text)])
        return out.getvalue()

    def html_page(self) -> str:
        ranked = self.most_missed(len(self.questions))
        rows = "".join(
            f'<tr><td><a href="handouts/{html.escape(s.lesson)}.html">'
            f"{html.escape(s.question.id)}</a></td><td>{html.escape(plain(s.question.text))}</td>"
            f"<td>{s.answered}</td><td>{s.share:.0%}</td><td>{html.escape(s.most_wrong()[0])}"
            f"</td><td>{s.confident_errors}</td></tr>" for s in ranked
        )
        objectives = "".join(
            f"<tr><td>{html.escape(oid)}</td><td>{html.escape(text)}</td><td>{tries}</td>"
            f"<td>{right / tries:.0%}</td></tr>" for oid, text, tries, right in self.objectives
            if tries)
        skipped = "".join(f"<li>{html.escape(p)}: {html.escape(w)}</li>" for p, w in self.skipped)
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Class report'
            "</title></head><body><h1>Class report</h1>"
            f"<p>{len(self.learners)} learner records; links open the lesson's handout of the "
            "course site (put this page in the site's folder).</p>"
            "<h2>Questions, most missed first</h2><table><thead><tr><th>Question</th><th>Text"
            "</th><th>Answered</th><th>Right at first try</th><th>Most chosen wrong answer</th>"
            f"<th>Confident errors</th></tr></thead><tbody>{rows}</tbody></table>"
            "<h2>Objectives</h2><table><thead><tr><th>Objective</th><th>Text</th><th>First "
            f"tries</th><th>Right</th></tr></thead><tbody>{objectives}</tbody></table>"
            + (f"<h2>Files skipped</h2><ul>{skipped}</ul>" if skipped else "")
            + "</body></html>"
        )


def record_files(folder: Path) -> list[Path]:
    """Every ``*.json`` file under ``folder`` (sorted; hidden folders of a home included)."""
    return sorted(p for p in folder.rglob("*.json") if p.is_file())


def summarise(records: dict[str, Loaded], questions: list[Question], lesson_of: dict[str, str],
              objective_text: dict[str, str], skipped=()) -> Report:
    """The report for learners' records (name → record) over the course's ``questions``."""
    stats = {q.id: QuestionStats(q, lesson_of.get(q.bank, q.bank)) for q in questions}
    for loaded in records.values():
        first: dict[str, dict] = {}
        for a in loaded.records:
            first.setdefault(a.get("question"), a)
        for qid, a in first.items():
            s = stats.get(qid)
            if s is None:  # a question no longer in the course
                continue
            s.answered += 1
            if a.get("correct"):
                s.right += 1
                continue
            if a.get("certainty") in CONFIDENT:
                s.confident_errors += 1
            response = a.get("response")
            if s.question.type == "single" and isinstance(response, int) \
                    and 0 <= response < len(s.question.options):
                s.wrong_choices[response] += 1
    objectives = []
    for oid in dict.fromkeys(o for q in questions for o in q.objectives):
        tested = [stats[q.id] for q in questions if oid in q.objectives]
        objectives.append((oid, objective_text.get(oid, oid), sum(s.answered for s in tested),
                           sum(s.right for s in tested)))
    return Report(sorted(records), list(stats.values()), objectives, list(skipped))


def read_folder(folder: Path) -> tuple[dict[str, Loaded], list[tuple[str, str]]]:
    """The learner records under ``folder`` by name, and the files skipped with the reason."""
    if not folder.is_dir():
        raise ProgressError(f"{folder}: no such folder of learner records.")
    records, skipped = {}, []
    for path in record_files(folder):
        name = str(path.relative_to(folder).with_suffix(""))
        try:
            records[name] = read_file(path)
        except ProgressError as exc:
            skipped.append((str(path.relative_to(folder)), str(exc).split(": ", 1)[-1]))
    return records, skipped


def simulate(folder: Path, learners: int, questions: list[Question], seed: str = "class",
             start: datetime = datetime(2026, 1, 5, 9, tzinfo=UTC)) -> dict[str, dict[str, bool]]:
    """Write ``learners`` export files of simulated learners into ``folder`` (seeded); return
    what each learner got right at the first try (question id → correct), for checking."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for n in range(learners):
        skill = rng.uniform(0.3, 0.95)
        answers, firsts = [], {}
        when = start + timedelta(minutes=n)
        for q in questions:
            if rng.random() < 0.15:  # some questions are skipped
                continue
            for _attempt in range(rng.choice((1, 1, 2))):
                right = rng.random() < skill
                firsts.setdefault(q.id, right)
                entry = {"question": q.id, "bank": q.bank, "objectives": list(q.objectives),
                         "correct": right, "time": when.isoformat()}
                if q.type == "single":
                    good = sorted(q.correct_indices())
                    bad = [i for i in range(len(q.options)) if i not in good]
                    entry["response"] = good[0] if right else rng.choice(bad)
                if rng.random() < 0.5:
                    entry["certainty"] = rng.choice(("guess", "fairly-sure", "sure"))
                answers.append(entry)
                when += timedelta(seconds=30)
        doc = {"format": FORMAT, "version": 2, "course": {"id": COURSE_ID, "version": "0.1.0"},
               "answers": answers, "marks": {}, "preferences": {}}
        (folder / f"learner-{n + 1:03d}.json").write_text(json.dumps(doc), encoding="utf-8")
        truth[f"learner-{n + 1:03d}"] = firsts
    return truth


def course_questions() -> tuple[list[Question], list[syllabus.Lesson]]:
    """The course's questions in lesson order, and the lessons that hold them."""
    banks = {b.slug: b for b in load_all()}
    lessons = [les for les in syllabus.all_lessons() if les.slug in banks]
    return [q for les in lessons for q in banks[les.slug].questions], lessons


def build(folder: Path) -> Report:
    """The class report for every learner record under ``folder``."""
    questions, lessons = course_questions()
    lesson_of = {les.slug: les.path.stem for les in lessons}
    records, skipped = read_folder(folder)
    return summarise(records, questions, lesson_of, syllabus.objective_text(), skipped)
