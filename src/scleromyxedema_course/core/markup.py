"""The one Markdown subset the course renders itself, and the citation link.

Text written in content files (quiz banks, case steps, data tables) reaches the learner
through these functions. Each escapes HTML first and only then adds its few tags, so a
``<script>`` typed into a content file is shown as text and never runs.

* :func:`markdown`: one block of text: ``**bold**``, ``*italic*``, ```code``` and line
  breaks (quiz stems, options, feedback);
* :func:`paragraphs`: blank-line separated paragraphs with ``**bold**``, ``*italic*`` and
  links to references (``#ref-key``) or glossary terms (case steps);
* :func:`cite_link`: the link a learner clicks to reach a numbered reference.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def markdown(text: str) -> str:
    """Render the Markdown subset to HTML. Raw HTML is escaped, never passed through."""
    out = []
    # Split on code spans first: their content is escaped but not formatted.
    pieces = _CODE.split(str(text))
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(f"<code>{html.escape(piece)}</code>")
            continue
        piece = html.escape(piece)
        piece = _BOLD.sub(r"<strong>\1</strong>", piece)
        piece = _ITALIC.sub(r"<em>\1</em>", piece)
        out.append(piece)
    return "<br>".join(s for s in "".join(out).strip().split("\n"))


def plain(text: str) -> str:
    """The Markdown subset as plain text (for text/plain views and widget descriptions)."""
    return re.sub(r"\*\*|\*|`", "", str(text))


_LINK = re.compile(r"\[([^\]]+)\]\((#ref-[A-Za-z0-9_:\-]+|\d{2}-[a-z0-9-]+\.ipynb#term-"
                   r"[a-z0-9-]+)\)")
_PARA_BOLD = re.compile(r"\*\*(.+?)\*\*")
_PARA_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def paragraphs(text: str) -> str:
    """Paragraphs, **bold**, *italic*, and links to references (``#ref-key``) or glossary
    terms. Everything else is escaped."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        s = html.escape(" ".join(para.split()), quote=False)
        s = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', s)
        s = _PARA_BOLD.sub(r"<strong>\1</strong>", s)
        s = _PARA_ITALIC.sub(r"<em>\1</em>", s)
        out.append(f"<p>{s}</p>")
    return "".join(out)


def cite_link(key: str, label: str) -> str:
    """``<a href="#ref-key">label</a>``: the anchor every reference list writes."""
    return f'<a href="#ref-{html.escape(key, quote=True)}">{html.escape(label)}</a>'
