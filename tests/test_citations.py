"""The bibliography is complete, findable and lean."""

import pytest

from scleromyxedema_course import course
from scleromyxedema_course.refs import citations


def test_every_entry_has_an_identifier():
    # load() itself refuses an entry without doi/pmid/url; this asserts what it returned.
    for entry in citations.load().values():
        assert entry.link.startswith("http"), entry.key


def test_every_cited_key_exists():
    bib = citations.load()
    missing = {k: places for k, places in course.cited_keys_everywhere().items() if k not in bib}
    assert not missing, f"cited but not in references.bib: {missing}"


def test_no_entry_is_unused():
    unused = set(citations.load()) - set(course.cited_keys_everywhere())
    assert not unused, f"references.bib entries that nothing cites: {sorted(unused)}"


def test_a_removed_key_is_reported_with_the_lesson_and_key(course_copy):
    bib = (course_copy / "assets" / "references.bib").read_text()
    start = bib.index("@article{rongioletti2001")
    end = bib.index("\n}\n", start) + 3
    (course_copy / "assets" / "references.bib").write_text(bib[:start] + bib[end:])
    problems = course.lessons()
    assert any("00-welcome.ipynb" in p and "rongioletti2001" in p for p in problems), problems


def test_parser_names_entry_and_field_on_bad_input():
    with pytest.raises(citations.BibliographyError, match="'x2020'.*field 'title'"):
        citations.parse("@article{x2020,\n  title = {a {b}\n")
    with pytest.raises(citations.BibliographyError, match="defined twice"):
        citations.parse("@misc{a, url = {http://a}}\n@misc{a, url = {http://b}}")


def test_reference_list_is_numbered_in_order_of_first_citation():
    out = citations.reference_list_html(["gard", "rongioletti2001", "gard"])
    assert out.index('id="ref-gard"') < out.index('id="ref-rongioletti2001"')
    assert out.count("<li") == 2
    assert "https://doi.org/10.1067/mjd.2001.111630" in out


@pytest.mark.parametrize(
    ("bib", "label"),
    [
        ("@article{a, author = {Rongioletti F and Rebora A}, year = {2001}, pmid = {1}}",
         "Rongioletti & Rebora 2001"),
        ("@article{a, author = {Blum M and others}, year = {2008}, pmid = {1}}",
         "Blum et al. 2008"),
        ("@article{a, title = {A long title of seven words here}, journal = {BMJ}, year = {2005},"
         " url = {http://x}}", "BMJ 2005"),
        ("@article{a, title = {Untitled case}, year = {2010}, pmid = {20110069}}",
         "PMID 20110069 2010"),
        ("@misc{a, author = {{GARD (NIH Genetic and Rare Diseases Center)}}, url = {http://x}}",
         "GARD"),
        # No year: the work is named, so one author's two works never share a label.
        ("@misc{a, author = {Rongioletti F}, title = {Scleromyxedema (UpToDate topic)},"
         " url = {http://x}}", "Rongioletti, Scleromyxedema (UpToDate topic)"),
    ],
)
def test_short_label_a_learner_sees_next_to_a_quiz_answer(bib, label):
    assert citations.parse(bib)["a"].short_label() == label


def test_no_two_sources_share_a_label():
    """A quiz answer or the differential shows sources by label: two alike would be
    indistinguishable (set ``shorthand`` on one of them)."""
    seen = {}
    for key, entry in citations.load().items():
        seen.setdefault(entry.short_label(), []).append(key)
    assert {label: keys for label, keys in seen.items() if len(keys) > 1} == {}
