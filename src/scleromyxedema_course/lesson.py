"""The notebook face of a lesson: the frame every lesson shares.

A lesson calls ``header(slug)`` in its first code cell and ``footer(slug)`` in its last: the
boxes, the disclaimer and the numbered reference list are rendered from the lesson's metadata
(``syllabus.py``) and from the citations found in its own Markdown and quiz bank
(``course.cited_keys``). ``header`` also switches on the course's plotly renderer
(``plots.use()``), so every figure of the lesson is stored in both views.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from . import course, plots
from .core.content import style_tag
from .core.views import HtmlOutput
from .refs import citations
from .syllabus import (  # noqa: F401  (re-exported: lessons and tools read them from here)
    FILENAME,
    Lesson,
    LessonMetadataError,
    Objective,
    all_lessons,
    get,
    load,
)

DISCLAIMER = (
    "Educational material for health professionals in training. It is not medical advice "
    "and does not replace clinical judgement, local guidelines or the product information "
    "of any drug."
)
_CSS = style_tag("lesson")
# The boxes carry their look in a style attribute: JupyterLab keeps it when it strips the
# <style> element from a notebook it does not trust (one opened before it is run).
_BOX = "border-left:6px solid {};background:{};color:#1a1a1a;padding:.6em 1em;margin:.4em 0;"\
    "border-radius:4px"
_OBJECTIVES_BOX = _BOX.format("#0072B2", "#f2f7fb")
_KEYPOINTS_BOX = _BOX.format("#009E73", "#f0f8f5")


# Links between lessons are written to the notebooks ("04-therapy.ipynb#term-x"), which is
# what JupyterLab, JupyterLite and Voilà open. A lesson exported to HTML by stock nbconvert
# (JupyterLab's File > Save and Export As) sits beside the other lessons' exports: there the
# links are pointed at the ".html" files. Only on such a page (its own address ends in .html
# and no JupyterLab shell is around it); the course's site has rewritten them already.
_EXPORT_LINKS = (
    "<script>(function () {"
    "if (!/\\.html$/.test(location.pathname) || document.querySelector('.jp-LabShell')) return;"
    "var fix = function () { document.querySelectorAll('a[href]').forEach(function (a) {"
    "var m = /^(\\d\\d-[a-z0-9-]+)\\.ipynb(#.*)?$/.exec(a.getAttribute('href'));"
    "if (m) a.setAttribute('href', m[1] + '.html' + (m[2] || '')); }); };"
    "if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fix);"
    "else fix();})();</script>"
)


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
        f"</div>{_EXPORT_LINKS}"
    )


def footer_html(les: Lesson, also: Iterable[str] = ()) -> str:
    keys = list(dict.fromkeys([*course.cited_keys(les), *also]))
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
    plots.use()
    les = get(slug)
    return HtmlOutput(header_html(les), f"Lesson {les.number}: {les.title} ({les.minutes} min)")


def footer(slug: str, also: Iterable[str] = ()) -> HtmlOutput:
    """The box at the end of a lesson: key points, then the numbered references.

    The references are the keys cited in the lesson's Markdown and quiz bank, then the
    keys in ``also`` (sources shown by code, e.g. the evidence table or the glossary).
    """
    les = get(slug)
    keys = list(dict.fromkeys([*course.cited_keys(les), *also]))
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
