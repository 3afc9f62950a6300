"""The diagnostic criteria of lichen myxedematosus: ``model`` (``classify``, pure) and
``tool`` (the checker a lesson shows with ``criteria.checker()``)."""

from .model import Findings, FindingsError, Result, classify
from .tool import checker

__all__ = ["Findings", "FindingsError", "Result", "checker", "classify"]
