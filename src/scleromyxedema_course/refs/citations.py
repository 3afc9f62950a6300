"""The bibliography: load ``assets/references.bib``, find the keys a text cites, and
render a numbered reference list.

Lessons cite with a Markdown link to the reference's anchor, which works in JupyterLab
and in the exported HTML alike: ``[Rongioletti 2001](#ref-rongioletti2001)``.
Quiz banks and data files cite by bare key (``citations: [rongioletti2001]``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..core import content, paths
from ..core.content import CourseError

CITE_PATTERN = re.compile(r"\(#ref-([A-Za-z0-9_:\-]+)\)")
IDENTIFIER_FIELDS = ("doi", "pmid", "url")


class BibliographyError(CourseError, ValueError):
    """A reference is missing or malformed; the message names the file, entry and field."""


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    fields: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    @property
    def link(self) -> str:
        """Best stable link: DOI, then PubMed, then the retrieved page."""
        if doi := self.get("doi"):
            return f"https://doi.org/{doi}"
        if pmid := self.get("pmid"):
            return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
        # Only a web address becomes a link (`smx-course check` refuses the rest).
        url = self.get("url")
        return url if content.safe_url(url) else ""

    def short_label(self) -> str:
        """In-text label: 'Rongioletti & Rebora 2001', 'Blum et al. 2008', or for a source
        without authors its venue and year ('Clin Rev Allergy Immunol 2005'); an entry's
        ``shorthand`` field, where set, wins."""
        if self.get("shorthand"):  # biblatex's own field for a hand-set citation label
            return self.get("shorthand")
        author = self.get("author")
        # A corporate author ("GARD (NIH ... and ...)") is one name, not a list.
        corporate = "(" in author
        authors = [author] if corporate else [a for a in author.split(" and ") if a.strip()]
        surnames = [a.split()[0].rstrip(",") for a in authors if a.split()]
        venue = self.get("journal") or self.get("publisher") or self.get("booktitle")
        words = self.get("title").split()
        short_title = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
        if not surnames:
            pmid = f"PMID {self.get('pmid')}" if self.get("pmid") else ""
            who = venue or pmid or short_title or self.key
        elif len(surnames) == 1:
            who = surnames[0]
        elif len(surnames) == 2 and "others" not in surnames:
            who = f"{surnames[0]} & {surnames[1]}"
        else:
            who = f"{surnames[0]} et al."
        if surnames and not self.get("year") and not corporate:
            # Without a year, one author's two works would share a label: name the work.
            who += f", {venue or short_title}"
        return f"{who} {self.get('year')}".strip()

    def as_text(self) -> str:
        """One-line Vancouver-like citation (plain text)."""
        parts = [self.get("author"), self.get("title")]
        venue = self.get("journal") or self.get("booktitle") or self.get("publisher")
        where = " ".join(p for p in (venue, self.get("year")) if p)
        if self.get("volume"):
            where += f";{self.get('volume')}"
            if self.get("number"):
                where += f"({self.get('number')})"
        if self.get("pages"):
            where += f":{self.get('pages')}"
        parts.append(where)
        ids = []
        if self.get("doi"):
            ids.append(f"doi:{self.get('doi')}")
        if self.get("pmid"):
            ids.append(f"PMID {self.get('pmid')}")
        if not ids and self.get("url"):
            ids.append(self.get("url"))
        parts.append("; ".join(ids))
        text = ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())
        if note := self.get("note"):
            text += f" ({note})"
        return text + "."

    def as_html(self) -> str:
        text = html.escape(self.as_text())
        if self.link:
            text += f' <a href="{html.escape(self.link)}">link</a>'
        return text


_ENTRY_START = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,")
_FIELD = re.compile(r"\s*([A-Za-z_]+)\s*=\s*")


def _read_braced(text: str, start: int) -> tuple[str, int]:
    """Return the content of the ``{...}`` that opens at ``start`` and the index after it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
    raise ValueError("unbalanced braces")


def parse(text: str, source: str = "references.bib") -> dict[str, Entry]:
    """Parse the small BibTeX dialect this course writes: ``field = {value}`` only."""
    entries: dict[str, Entry] = {}
    pos = 0
    while (m := _ENTRY_START.search(text, pos)) is not None:
        kind, key = m.group(1).lower(), m.group(2)
        line = text.count("\n", 0, m.start()) + 1
        if key in entries:
            raise BibliographyError(f"{source}, line {line}: entry '{key}' is defined twice.")
        fields: dict[str, str] = {}
        i = m.end()
        while True:
            while i < len(text) and text[i] in " \t\r\n,":
                i += 1
            if i >= len(text):
                raise BibliographyError(f"{source}: entry '{key}' is not closed with '}}'.")
            if text[i] == "}":
                i += 1
                break
            fm = _FIELD.match(text, i)
            if fm is None or i + len(fm.group(0)) >= len(text) or text[fm.end()] != "{":
                raise BibliographyError(
                    f"{source}, line {text.count(chr(10), 0, i) + 1}: entry '{key}': "
                    "expected a field written as name = {value}."
                )
            try:
                value, i = _read_braced(text, fm.end())
            except ValueError:
                raise BibliographyError(
                    f"{source}: entry '{key}', field '{fm.group(1)}': unbalanced braces."
                ) from None
            # BibTeX protects capitals with extra braces; a reader does not need them.
            fields[fm.group(1).lower()] = " ".join(value.replace("{", "").replace("}", "").split())
        entries[key] = Entry(key, kind, fields)
        pos = i
    return entries


def identifier_problem(name: str, value: str) -> str | None:
    """Why a url, doi or pmid field cannot be used (``None`` when it is fine or empty)."""
    if not value:
        return None
    if name == "url":
        if not re.match(r"https?://", value, re.I):
            return (f"{value[:60]!r} is not a web address; a reference's url starts with "
                    "http:// or https://.")
        return content.url_problem(value)
    if name == "pmid" and not value.isdigit():
        return f"{value[:60]!r} is not a PubMed id (digits only, e.g. 11231298)."
    if name == "doi" and not re.fullmatch(r"10\.\S+/\S+", value):
        return f"{value[:60]!r} is not a DOI (it starts with 10., e.g. 10.1067/mjd.2001.113712)."
    return None


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> dict[str, Entry]:
    p = Path(path)
    entries = parse(content.read_text(p, BibliographyError, str(p)), source=str(p))
    for entry in entries.values():
        for name in ("url", "doi", "pmid"):
            if problem := identifier_problem(name, entry.get(name)):
                raise BibliographyError(f"{p}: entry '{entry.key}', field '{name}': {problem}")
        if not any(entry.get(f) for f in IDENTIFIER_FIELDS):
            raise BibliographyError(
                f"{p}: entry '{entry.key}' has no doi, pmid or url field; "
                "every reference needs one so a reader can find it."
            )
    return entries


def load(path: Path | None = None) -> dict[str, Entry]:
    """Load the course bibliography (cached until the file changes)."""
    p = Path(path) if path else paths.bibliography_path()
    return _load_cached(str(p), p.stat().st_mtime)


def keys_in_markdown(text: str) -> list[str]:
    """Cited keys in order of first appearance."""
    return list(dict.fromkeys(CITE_PATTERN.findall(text)))


def check_keys(keys: Iterable[str], where: str, bib: dict[str, Entry] | None = None) -> None:
    """Raise if any key is not in the bibliography; ``where`` names the citing place."""
    bib = load() if bib is None else bib
    missing = [k for k in dict.fromkeys(keys) if k not in bib]
    if missing:
        raise BibliographyError(
            f"{where} cites {', '.join(repr(k) for k in missing)}, not found in "
            f"assets/references.bib. Add the entry or fix the key."
        )


def reference_list_html(keys: Iterable[str], where: str = "this lesson") -> str:
    """Numbered reference list, one anchor per key (``id="ref-<key>"``)."""
    bib = load()
    keys = list(dict.fromkeys(keys))
    check_keys(keys, where, bib)
    items = "\n".join(
        f'<li id="ref-{html.escape(k)}">{bib[k].as_html()}</li>' for k in keys
    )
    return f'<ol class="smx-references">\n{items}\n</ol>'


DATA_KEY_COLUMNS = ("citation_key", "citation_keys")


def keys_in_data_file(path: Path) -> list[str]:
    """Keys in a CSV's ``citation_key(s)`` column (several keys separated by ';')."""
    _, rows = content.read_csv(path)
    keys: list[str] = []
    for row in rows:
        for col in DATA_KEY_COLUMNS:
            keys += [k.strip() for k in (row.get(col) or "").split(";") if k.strip()]
    return keys

