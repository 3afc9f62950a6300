"""Virtual histology: ``model`` (schematic sections, pure), ``figures`` (plotly),
``svg`` (the static panels, committed under ``assets/figures/``) and ``tool`` (the viewer a
lesson shows with ``histology.viewer()``)."""

from .model import CONDITIONS, LABELS, STAINS, VARIANTS, HistologyError, section
from .tool import viewer

__all__ = ["CONDITIONS", "LABELS", "STAINS", "VARIANTS", "HistologyError", "section", "viewer"]
