"""The clinical presentation: its data (``model``: extracutaneous involvement by cohort and the
body-map regions, read from ``assets/data/``), and the body map and the extracutaneous bars
(``figures``)."""

from .figures import body_map_figure, extracutaneous_figure
from .model import PresentationDataError, body_map_keys, extracutaneous_keys, problems

__all__ = ["PresentationDataError", "body_map_figure", "body_map_keys", "extracutaneous_figure",
           "extracutaneous_keys", "problems"]
