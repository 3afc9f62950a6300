"""The course glossary (``assets/glossary.yaml``).

The file is a YAML list; each item has ``term``, ``definition`` (plain words) and, where
the definition states a clinical fact, ``citations`` (bibliography keys)::

    - term: Monoclonal gammopathy
      definition: ...
      citations: [rongioletti2001]

A lesson marks a term at its first use with a link to its entry in the welcome lesson:
``[paraprotein](00-welcome.ipynb#term-paraprotein)``. The anchor is the term's id: its
lower-case words joined by hyphens.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..core import content, markup, paths
from ..core.content import CourseError
from . import citations

TERM_LINK = re.compile(r"\]\((?:\d{2}-[a-z0-9-]+\.ipynb)?#term-([a-z0-9-]+)\)")


class GlossaryError(CourseError, ValueError):
    """The glossary file is malformed; the message names the file, the item and the field."""


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    citations: tuple[str, ...] = ()


def term_id(term: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", term.lower()))


def load(path: Path | None = None) -> list[Term]:
    path = Path(path) if path else paths.glossary_path()
    data = content.load_yaml(path, GlossaryError)
    if not isinstance(data, list):
        raise GlossaryError(f"{path.name}: expected a list of terms at the top level.")
    terms: dict[str, Term] = {}
    for i, item in enumerate(data, start=1):
        where = f"{path.name}, item {i}"
        if not isinstance(item, dict):
            raise GlossaryError(f"{where}: each item is a mapping with term and definition.")
        for name in ("term", "definition"):
            if not isinstance(item.get(name), str) or not item[name].strip():
                raise GlossaryError(f"{where} ({item.get('term', '?')}): '{name}' is missing.")
        keys = item.get("citations", [])
        if not isinstance(keys, list):
            raise GlossaryError(f"{where} ({item['term']}): 'citations' must be a list of keys.")
        tid = term_id(item["term"])
        if tid in terms:
            raise GlossaryError(f"{where}: term '{item['term']}' is defined twice.")
        terms[tid] = Term(tid, item["term"].strip(), item["definition"].strip(), tuple(keys))
    return sorted(terms.values(), key=lambda t: t.term.lower())


def citation_keys() -> list[str]:
    """Every key the glossary cites, for the reference list of the lesson that shows it."""
    return list(dict.fromkeys(k for t in load() for k in t.citations))


def terms_in_markdown(text: str) -> list[str]:
    """Term ids linked from a piece of Markdown, first use first."""
    return list(dict.fromkeys(TERM_LINK.findall(text)))


def glossary_html(terms: list[Term] | None = None) -> str:
    terms = load() if terms is None else terms
    bib = citations.load()
    rows = []
    for t in terms:
        citations.check_keys(t.citations, f"glossary term '{t.term}'", bib)
        # The bibliography's label, linked as a lesson links it: one label per source.
        refs = ", ".join(markup.cite_link(k, bib[k].short_label()) for k in t.citations)
        rows.append(
            f'<dt id="term-{t.id}"><strong>{html.escape(t.term)}</strong></dt>'
            f"<dd>{html.escape(t.definition)}{f' <small>({refs})</small>' if refs else ''}</dd>"
        )
    return f'<dl class="smx-glossary">{"".join(rows)}</dl>'


class _Glossary:
    def __init__(self, terms: list[Term]):
        self.terms = terms

    def _repr_html_(self) -> str:
        return glossary_html(self.terms)

    def __repr__(self) -> str:
        return f"Glossary: {len(self.terms)} terms"


def show() -> _Glossary:
    """Display the whole glossary (used by the welcome lesson)."""
    return _Glossary(load())
