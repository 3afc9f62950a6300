"""The one Markdown subset the course renders itself, and the citation link.

Text written in content files (quiz banks, case steps, data tables) reaches the learner
through these functions. Each escapes HTML first and only then adds its few tags, so a
``<script>`` typed into a content file is shown as text and never runs.

* :func:`markdown`: one block of text: ``**bold**``, ``*italic*``, ```code``` and line
  breaks (quiz stems, options, feedback);
* :func:`paragraphs`: blank-line separated paragraphs of the same inline subset (one
  formatter serves both), plus links to references (``#ref-key``) or glossary terms (case
  steps);
* :func:`cite_link`: the link a learner clicks to reach a numbered reference.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def _inline(text: str) -> str:
    """Escape, then ``code``, **bold** and *italic*: the one inline formatter of the subset."""
    out = []
    # Split on code spans first: their content is escaped but not formatted.
    for i, piece in enumerate(_CODE.split(str(text))):
        if i % 2:
            out.append(f"<code>{html.escape(piece)}</code>")
            continue
        piece = html.escape(piece)
        piece = _BOLD.sub(r"<strong>\1</strong>", piece)
        out.append(_ITALIC.sub(r"<em>\1</em>", piece))
    return "".join(out)


def markdown(text: str) -> str:
    """Render the Markdown subset to HTML. Raw HTML is escaped, never passed through."""
    return "<br>".join(s for s in _inline(text).strip().split("\n"))


def plain(text: str) -> str:
    """The Markdown subset as plain text (for text/plain views and widget descriptions)."""
    return re.sub(r"\*\*|\*|`", "", str(text))


_LINK = re.compile(r"\[([^\]]+)\]\((#ref-[A-Za-z0-9_:\-]+|\d{2}-[a-z0-9-]+\.ipynb#term-"
                   r"[a-z0-9-]+)\)")


def paragraphs(text: str) -> str:
    """Blank-line separated paragraphs of the same inline subset as :func:`markdown`, plus
    links to references (``#ref-key``) or glossary terms. Everything else is escaped."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        s = _inline(" ".join(para.split()))
        s = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', s)
        out.append(f"<p>{s}</p>")
    return "".join(out)


def cite_link(key: str, label: str) -> str:
    """``<a href="#ref-key">label</a>``: the anchor every reference list writes."""
    return f'<a href="#ref-{html.escape(key, quote=True)}">{html.escape(label)}</a>'
