"""The lessons' live tools in real JupyterLab: the criteria checker and the histology viewer.

One server (own root folder, settings, workspaces and progress file, on 127.0.0.1) serves
unrun scratch copies of lessons 01 and 02; each test opens one, runs all cells, and drives
its tool as a learner would. Every step waits for a concrete state (kernel connected and
idle, every cell numbered, the widget drawn, the verdict or figure title changed), never for
a fixed time. On failure a screenshot is left in the test's tmp folder.
"""

from pathlib import Path

import nbformat
import pytest
from labserver import lab_server, open_and_run_all

from scleromyxedema_course.core import paths

LESSONS = ("01-clinical-presentation.ipynb", "02-histology.ipynb")


def _scratch_copy(name: str, root: Path) -> int:
    """An unrun copy of a lesson, as a learner first opens it; returns its code-cell count."""
    nb = nbformat.read(paths.lessons_dir() / name, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    for cell in code:
        cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, root / name)
    return len(code)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab-tools")
    root = tmp / "root"
    root.mkdir()
    cells = {name: _scratch_copy(name, root) for name in LESSONS}
    with lab_server(tmp, root, tmp / "progress.json") as url:
        yield {"url": url, "tmp": tmp, "cells": cells}


@pytest.fixture
def page(browser, lab):
    # 1280 x 800: the smallest laptop screen the course is checked at.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _run_all(page, lab, name: str) -> None:
    """Open a scratch lesson, wait for a connected idle kernel, run all, wait for every cell."""
    from playwright.sync_api import expect

    open_and_run_all(page, lab["url"], name, lab["cells"][name])
    expect(page.locator(".jp-OutputArea-output[data-mime-type*='error']")).to_have_count(0)
    expect(page.locator(".jp-OutputArea-output[data-mime-type*='stderr']")).to_have_count(0)


def _on_failure(page, lab, name):
    page.screenshot(path=str(lab["tmp"] / f"failure-{name}.png"))


def test_criteria_checker_reclassifies_as_findings_change(page, lab):
    from playwright.sync_api import expect

    try:
        _run_all(page, lab, LESSONS[0])
        checker = page.locator(".jp-OutputArea-output .widget-vbox",
                               has=page.locator(".widget-toggle-buttons")).first
        verdict = checker.locator(".smx-verdict")
        expect(verdict).to_contain_text("Cannot classify yet")

        def mark(finding: str, value: str) -> None:
            row = checker.locator(".widget-hbox", has_text=finding)
            row.get_by_role("button", name=value, exact=True).click()

        # Worked example 1 of the lesson: every criterion of scleromyxedema is met.
        for finding, value in [
            ("Generalized papular", "present"), ("Localized papules", "absent"),
            ("Dermal mucin", "present"), ("Fibroblast proliferation", "present"),
            ("Fibrosis on biopsy", "present"), ("granuloma-annulare-like", "absent"),
            ("Monoclonal gammopathy", "present"), ("Thyroid disease", "absent"),
        ]:
            mark(finding, value)
        expect(verdict).to_have_text("Scleromyxedema (generalized lichen myxedematosus)")
        sm_table = checker.locator(".smx-criteria table").first
        criterion_3 = sm_table.locator("tr:has(td:text-is('3'))")
        expect(criterion_3).to_contain_text("✔ met")
        # Without a paraprotein the same patient is atypical, and criterion 3 says why.
        mark("Monoclonal gammopathy", "absent")
        expect(verdict).to_have_text("Atypical (intermediate) lichen myxedematosus")
        expect(criterion_3).to_contain_text("✘ not met")
        # Long finding names wrap instead of being cut off at the row's edge.
        label = checker.locator(".widget-hbox", has_text="granuloma-annulare-like")
        assert label.inner_text().startswith("Interstitial granuloma-annulare-like pattern on "
                                             "biopsy")
        box = label.locator(".widget-html").first
        assert box.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    except Exception:
        _on_failure(page, lab, "criteria")
        raise


def test_histology_viewer_redraws_for_condition_and_stain(page, lab):
    from playwright.sync_api import expect

    try:
        _run_all(page, lab, LESSONS[1])
        viewer = page.locator(".jp-OutputArea-output .widget-vbox",
                              has=page.locator(".widget-dropdown")).first
        figure = viewer.locator(".js-plotly-plot")
        title = figure.locator(".gtitle")
        expect(title).to_have_text("Scleromyxedema, H&E-like stain (Schematic, not a micrograph)")

        def colours() -> list:
            return figure.evaluate("el => el.data.map(t => t.fillcolor"
                                   " || (t.marker || {}).color || (t.line || {}).color)")

        viewer.locator("select").select_option(label="Normal skin")
        expect(title).to_have_text("Normal skin, H&E-like stain (Schematic, not a micrograph)")
        he_colours = colours()
        viewer.get_by_role("button", name="Alcian-blue-like", exact=True).click()
        expect(title).to_have_text(
            "Normal skin, Alcian-blue-like stain (Schematic, not a micrograph)")
        assert colours() != he_colours  # the redraw changed the colours, not only the title
        expect(figure).to_have_count(1)  # redrawn in place, not appended
        legend = figure.locator(".legendtext")
        expect(legend.filter(has_text="Collagen bundles")).to_be_visible()
    except Exception:
        _on_failure(page, lab, "histology")
        raise
