"""The glossary a learner reads names its sources as the lessons do: by the bibliography's
label, linked to the numbered reference, never by a raw BibTeX key."""

import json
import re

from scleromyxedema_course.core import paths
from scleromyxedema_course.criteria import tool as criteria_tool
from scleromyxedema_course.refs import citations, glossary

LINK = re.compile(r'<a href="#ref-([^"]+)">([^<]+)</a>')


def _links(html: str) -> list[tuple[str, str]]:
    return [(key, text.replace("&amp;", "&")) for key, text in LINK.findall(html)]


def test_glossary_citations_show_the_bibliography_labels():
    bib = citations.load()
    terms = glossary.load()
    cited = [k for t in terms for k in t.citations]
    assert cited, "the glossary cites no source"
    links = _links(glossary.glossary_html(terms))
    assert sorted(k for k, _ in links) == sorted(cited)
    for key, text in links:
        assert text == bib[key].short_label(), f"glossary link to {key} reads {text!r}"
        assert text != key


def test_a_term_shows_its_sources_in_the_order_given():
    term = glossary.Term("paraprotein", "Paraprotein", "A protein.", ("mayo1995", "orteu2014"))
    html = glossary.glossary_html([term])
    assert ('<small>(<a href="#ref-mayo1995">Dinneen &amp; Dicken 1995</a>, '
            '<a href="#ref-orteu2014">Orteu &amp; Denton 2014</a>)</small>') in html
    assert ">mayo1995<" not in html


def test_the_welcome_lesson_stores_the_glossary_with_labels_not_keys():
    nb = json.loads((paths.lessons_dir() / "00-welcome.ipynb").read_text(encoding="utf-8"))
    stored = next(
        "".join(o["data"]["text/html"])
        for c in nb["cells"] if c["cell_type"] == "code"
        for o in c.get("outputs", []) if "smx-glossary" in "".join(
            o.get("data", {}).get("text/html", ""))
    )
    bib = citations.load()
    links = _links(stored)
    assert links, "the stored glossary has no citation links"
    for key, text in links:
        assert text == bib[key].short_label(), f"stored glossary: {key} shown as {text!r}"


def test_the_criteria_checker_names_its_source_by_the_bibliography_label():
    label = citations.load()[criteria_tool.SOURCE_KEY].short_label()
    static = criteria_tool.static_html()
    assert (criteria_tool.SOURCE_KEY, label) in _links(static)
    bundle = criteria_tool.checker()._repr_mimebundle_()
    assert f"({label})" in bundle["text/plain"]
    assert (criteria_tool.SOURCE_KEY, label) in _links(bundle["text/html"])
