"""The clinical presentation: the body map and the extracutaneous involvement by cohort
(``figures``)."""

from .figures import body_map_figure, extracutaneous_figure, extracutaneous_keys

__all__ = ["body_map_figure", "extracutaneous_figure", "extracutaneous_keys"]
