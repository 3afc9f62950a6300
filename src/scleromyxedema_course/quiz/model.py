"""The quiz data model: immutable questions and banks, plus the Markdown subset.

Everything a bank says reaches the learner through :func:`markdown` (``core.markup``), which
escapes HTML first
and only then turns ``**bold**``, ``*italic*``, ```code``` and line breaks into tags. So a
``<script>`` written in a bank is shown as text and never runs, in the live and static views.
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import markup

TYPES = ("single", "multiple", "numeric", "ordering")
TYPE_LABELS = {
    "single": "Choose one answer.",
    "multiple": "Choose every correct answer.",
    "numeric": "Type a number.",
    "ordering": "Put the items in the right order.",
}

# The Markdown subset lives in core.markup (one renderer for every content file); the quiz
# views import it from here.
markdown = markup.markdown
plain = markup.plain


def dom_id(*parts: str) -> str:
    """An HTML id from quiz/question ids: lower case, [a-z0-9-] only, stable."""
    raw = "-".join(parts)
    return re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")


def seeded_order(seed: str, n: int) -> list[int]:
    """A permutation of range(n) that depends only on ``seed`` (deterministic across runs)."""
    rng = random.Random(int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16], 16))
    order = list(range(n))
    rng.shuffle(order)
    return order


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str
    # The bank marks an absolute word ("never", "only", ...) in this option as intended,
    # so the item-quality rule (quality.py) lets it pass. Use sparingly.
    absolute_ok: bool = False


@dataclass(frozen=True)
class Image:
    """A figure a question refers to. ``src`` is relative to the course folder; the loader
    embeds the file as ``data_uri`` so the question is self-contained wherever it shows
    (JupyterLab opens lessons from ``lessons/``, the site from elsewhere: a path would break)."""

    src: str
    alt: str
    data_uri: str = ""

    def tag(self, css_class: str = "") -> str:

        cls = f' class="{css_class}"' if css_class else ""
        return (
            f'<img{cls} src="{html.escape(self.data_uri or self.src, quote=True)}" '
            f'alt="{html.escape(self.alt, quote=True)}" style="max-width:100%">'
        )


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    objectives: tuple[str, ...]
    citations: tuple[str, ...]
    explanation: str
    bank: str = ""
    options: tuple[Option, ...] = ()
    answer: float | None = None
    tolerance: float | None = None
    unit: str = ""
    items: tuple[str, ...] = ()
    feedback: dict = field(default_factory=dict)  # numeric/ordering: {correct, incorrect}
    shuffle: bool = True
    image: Image | None = None
    line: int | None = None
    # The stem is a clinical vignette (a patient, findings, a decision); quality.py checks
    # the stem looks like one and counts it for application-level objectives.
    vignette: bool = False

    def display_order(self) -> list[int]:
        """Indices of options (or ordering items) in the order they are shown.

        Seeded by the question id, so the order is the same in every run and every view.
        An ordering question is never shown already solved.
        """
        n = len(self.options) if self.type in ("single", "multiple") else len(self.items)
        if self.type in ("numeric",) or n == 0:
            return []
        if not self.shuffle and self.type != "ordering":
            return list(range(n))
        order = seeded_order(self.id, n)
        if self.type == "ordering" and n > 1 and order == sorted(order):
            order = order[1:] + order[:1]
        return order

    def correct_indices(self) -> set[int]:
        return {i for i, o in enumerate(self.options) if o.correct}


@dataclass(frozen=True)
class Bank:
    slug: str
    title: str
    questions: tuple[Question, ...]
    path: Path | None = None

    def get(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)
