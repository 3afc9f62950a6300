"""Lesson metadata and the frame every lesson shares.

Each ``lessons/NN-slug.ipynb`` keeps its frame in notebook metadata under ``"smx"``::

    {"title": "...", "minutes": 40,
     "questions": ["..."],
     "objectives": [{"id": "histology/triad", "text": "Name the histological triad"}],
     "key_points": ["..."]}

The filename alone states the lesson's order (two digits) and slug. A lesson calls
``header(slug)`` in its first code cell and ``footer(slug)`` in its last: the boxes, the
disclaimer and the numbered reference list are rendered from that metadata and from the
citations found in the lesson's own Markdown and quiz bank.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import citations, paths
from .views import HtmlOutput

FILENAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.ipynb$")
DISCLAIMER = (
    "Educational material for health professionals in training. It is not medical advice "
    "and does not replace clinical judgement, local guidelines or the product information "
    "of any drug."
)
# The boxes carry their look in a style attribute: JupyterLab keeps it when it strips the
# <style> element from a notebook it does not trust (one opened before it is run).
_BOX = "border-left:6px solid {};background:{};color:#1a1a1a;padding:.6em 1em;margin:.4em 0;"\
    "border-radius:4px"
_OBJECTIVES_BOX = _BOX.format("#0072B2", "#f2f7fb")
_KEYPOINTS_BOX = _BOX.format("#009E73", "#f0f8f5")
_CSS = """<style>
.smx-box h2,.smx-box h3{margin:.2em 0 .3em 0;font-size:1.1em}
.smx-box ul{margin:.2em 0 .4em 1.2em}
.smx-disclaimer{font-size:.9em;color:#4d4d4d;margin:.3em 0 0 0}
.smx-id{font-family:monospace;font-size:.8em;color:#4d4d4d}
.smx-references{font-size:.9em}
.jp-RenderedHTMLCommon table:is(.smx-case-timeline,.smx-course-map) :is(td,th),
table:is(.smx-case-timeline,.smx-course-map) :is(td,th){text-align:left;vertical-align:top}
</style>"""


class LessonMetadataError(ValueError):
    """A lesson's metadata is missing or malformed; the message names lesson and field."""


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    path: Path
    title: str
    minutes: int
    questions: tuple[str, ...]
    objectives: tuple[Objective, ...]
    key_points: tuple[str, ...]

    @property
    def filename(self) -> str:
        return self.path.name

    def objective_ids(self) -> set[str]:
        return {o.id for o in self.objectives}

    def notebook(self) -> dict:
        return json.loads(self.path.read_text(encoding="utf-8"))

    def cited_keys(self) -> list[str]:
        """Keys cited in this lesson's Markdown, then in its quiz bank, first use first."""
        keys: list[str] = []
        for cell in self.notebook()["cells"]:
            if cell["cell_type"] == "markdown":
                keys += citations.keys_in_markdown("".join(cell["source"]))
        if (paths.quizzes_dir() / f"{self.slug}.yaml").exists():
            from .quiz import citation_keys  # lazy: the quiz package imports this module

            keys += citation_keys(self.slug)
        return list(dict.fromkeys(keys))


def _require(meta: dict, name: str, kind: type, where: str):
    value = meta.get(name)
    if not isinstance(value, kind) or (kind is not int and not value):
        raise LessonMetadataError(
            f"{where}: notebook metadata 'smx.{name}' is missing or not a non-empty "
            f"{kind.__name__}."
        )
    return value


def load(path: Path) -> Lesson:
    """Read and validate one lesson's frame from its notebook metadata."""
    m = FILENAME.match(path.name)
    if not m:
        raise LessonMetadataError(
            f"{path.name}: lesson files are named NN-slug.ipynb (two digits, kebab-case)."
        )
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LessonMetadataError(f"{path.name}: cannot read the notebook ({exc}).") from exc
    meta = nb.get("metadata", {}).get("smx")
    where = path.name
    if not isinstance(meta, dict):
        raise LessonMetadataError(f"{where}: notebook metadata has no 'smx' section.")
    objectives = []
    for i, obj in enumerate(_require(meta, "objectives", list, where)):
        if not (isinstance(obj, dict) and obj.get("id") and obj.get("text")):
            raise LessonMetadataError(
                f"{where}: objective {i + 1} needs both an 'id' and a 'text'."
            )
        objectives.append(Objective(str(obj["id"]), str(obj["text"])))
    ids = [o.id for o in objectives]
    if len(set(ids)) != len(ids):
        raise LessonMetadataError(f"{where}: objective ids repeat: {ids}.")
    minutes = _require(meta, "minutes", int, where)
    if minutes <= 0:
        raise LessonMetadataError(f"{where}: 'smx.minutes' must be a positive number.")
    return Lesson(
        number=int(m.group(1)),
        slug=m.group(2),
        path=path,
        title=_require(meta, "title", str, where),
        minutes=minutes,
        questions=tuple(_require(meta, "questions", list, where)),
        objectives=tuple(objectives),
        key_points=tuple(_require(meta, "key_points", list, where)),
    )


def all_lessons() -> list[Lesson]:
    """Every lesson, in filename order."""
    return [load(p) for p in sorted(paths.lessons_dir().glob("[0-9][0-9]-*.ipynb"))]


def get(slug: str) -> Lesson:
    for path in sorted(paths.lessons_dir().glob(f"[0-9][0-9]-{slug}.ipynb")):
        return load(path)
    known = ", ".join(lesson.slug for lesson in all_lessons())
    raise LessonMetadataError(f"No lesson with slug '{slug}'. Known lessons: {known}.")


def all_objective_ids() -> dict[str, str]:
    """Objective id -> slug of the lesson that owns it."""
    return {o.id: les.slug for les in all_lessons() for o in les.objectives}


def _ul(items, render=html.escape) -> str:
    return "<ul>" + "".join(f"<li>{render(i)}</li>" for i in items) + "</ul>"



def header_html(les: Lesson) -> str:
    objectives = _ul(
        les.objectives,
        lambda o: f'{html.escape(o.text)} <span class="smx-id">[{html.escape(o.id)}]</span>',
    )
    return (
        f'{_CSS}\n<div class="smx-box smx-objectives" role="note" style="{_OBJECTIVES_BOX}">'
        f"<p><strong>Lesson {les.number}</strong> · about {les.minutes} minutes</p>"
        f"<h3>Questions</h3>{_ul(les.questions)}"
        f"<h3>Learning objectives</h3><p>After this lesson you can:</p>{objectives}"
        f'<p class="smx-disclaimer"><strong>Disclaimer.</strong> {html.escape(DISCLAIMER)}</p>'
        "</div>"
    )


def footer_html(les: Lesson, also: Iterable[str] = ()) -> str:
    keys = list(dict.fromkeys([*les.cited_keys(), *also]))
    refs = (
        citations.reference_list_html(keys, where=les.filename)
        if keys
        else "<p>This lesson cites no sources.</p>"
    )
    return (
        f'{_CSS}\n<div class="smx-box smx-keypoints" role="note" style="{_KEYPOINTS_BOX}">'
        f"<h3>Key points</h3>{_ul(les.key_points)}</div>"
        f"<h3>References</h3>{refs}"
        f'<p class="smx-disclaimer">{html.escape(DISCLAIMER)}</p>'
    )


def header(slug: str) -> HtmlOutput:
    """The box at the top of a lesson: time, questions, objectives, disclaimer."""
    import scleromyxedema_course.plots  # noqa: F401  (sets the course's plotly renderer)

    les = get(slug)
    return HtmlOutput(header_html(les), f"Lesson {les.number}: {les.title} ({les.minutes} min)")


def footer(slug: str, also: Iterable[str] = ()) -> HtmlOutput:
    """The box at the end of a lesson: key points, then the numbered references.

    The references are the keys cited in the lesson's Markdown and quiz bank, then the
    keys in ``also`` (sources shown by code, e.g. the evidence table or the glossary).
    """
    les = get(slug)
    keys = list(dict.fromkeys([*les.cited_keys(), *also]))
    return HtmlOutput(footer_html(les, also), f"Key points and {len(keys)} references")


def course_map_html(lessons: list[Lesson] | None = None, link_suffix: str = ".ipynb") -> str:
    lessons = all_lessons() if lessons is None else lessons
    rows = []
    for les in lessons:
        link = les.path.stem + link_suffix
        rows.append(
            f"<tr><td>{les.number:02d}</td>"
            f'<td><a href="{html.escape(link)}">{html.escape(les.title)}</a></td>'
            f"<td>{les.minutes}</td><td>{_ul(o.text for o in les.objectives)}</td></tr>"
        )
    total = sum(les.minutes for les in lessons)
    return (
        '<table class="smx-course-map"><caption>Course map: '
        f"{len(lessons)} lessons, about {total} minutes in all</caption>"
        "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Lesson</th>"
        "<th scope=\"col\">Minutes</th><th scope=\"col\">Objectives</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def course_map() -> HtmlOutput:
    """The table of every lesson, generated from the lessons' own metadata."""
    lessons = all_lessons()
    return HtmlOutput(course_map_html(lessons), f"Course map: {len(lessons)} lessons")
