"""The two nbconvert exporters the site uses (slides and handout), and the search for the
cell that breaks an export."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

from ..syllabus import Lesson
from . import SiteBuildError
from .structure import TAG_HIDE_INPUT, TAG_NOTES

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG = "en"


class Exporters:
    """One slides exporter and one handout exporter, reused for every lesson."""

    def __init__(self):
        # nbconvert loads in about a second: only when a site is built.
        from nbconvert import HTMLExporter, SlidesExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        from traitlets.config import Config

        config = Config()
        for name in ("HTMLExporter", "SlidesExporter"):
            config[name].exclude_input_prompt = True
            config[name].exclude_output_prompt = True
        common = dict(
            config=config,
            extra_template_basedirs=[str(TEMPLATES)],
            extra_template_paths=[str(TEMPLATES)],
        )
        self.slides = SlidesExporter(template_name="smx_slides", **common)
        self.handout = HTMLExporter(template_name="smx_handout", **common)
        # The handout leaves out speaker notes and hides helper-call inputs, as tagged by
        # structure.handout; on this exporter only (the slides keep their notes).
        self.handout.register_preprocessor(TagRemovePreprocessor(
            remove_cell_tags={TAG_NOTES}, remove_input_tags={TAG_HIDE_INPUT},
        ), enabled=True)

    @staticmethod
    def _resources(les: Lesson, plotly: bool) -> dict:
        return {
            "metadata": {"name": les.title, "path": str(les.path.parent)},
            "smx": {
                "title": f"Lesson {les.number}: {les.title}",
                "stem": les.path.stem,
                "root": "../",
                "lang": LANG,
                "plotly": plotly,
            },
        }

    def export(self, exporter, les: Lesson, nb, plotly: bool) -> str:
        with warnings.catch_warnings():
            # nbconvert warns when an output cannot be shown; on a site that is an error.
            warnings.filterwarnings("error", message=".*not able to be represented.*")
            try:
                body, _ = exporter.from_notebook_node(nb, resources=self._resources(les, plotly))
                return body
            except Exception as exc:  # find the cell that breaks the export, then say so
                raise SiteBuildError(self._culprit(exporter, les, nb, plotly, exc)) from exc

    def _culprit(self, exporter, les, nb, plotly, exc) -> str:
        for i, cell in enumerate(nb.cells):
            single = copy.deepcopy(nb)
            single.cells = [cell]
            if cell.metadata.get("slideshow", {}).get("slide_type") in ("notes", "skip"):
                single.cells[0].metadata["slideshow"] = {"slide_type": "-"}
            try:
                exporter.from_notebook_node(single, resources=self._resources(les, plotly))
            except Exception as cell_exc:  # noqa: BLE001 - reported with its cell
                return f"{les.filename}, cell {i + 1}: cannot be exported ({cell_exc})."
        return f"{les.filename}: cannot be exported ({exc})."
