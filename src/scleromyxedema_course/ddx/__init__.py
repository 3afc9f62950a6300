"""The differential diagnosis: a findings matrix, its heat map and the differential builder.

``model`` (load the matrix, rank conditions for a learner's findings), ``figures`` (the heat
map), ``tool`` (the builder, live and static). A lesson calls ``ddx.load()``,
``ddx.explorer(...)`` and ``ddx.ranking(...)``.
"""

from .model import (
    OBSERVATIONS,
    VALUES,
    Cell,
    DdxInputError,
    DdxMatrixError,
    Evidence,
    Matrix,
    Ranked,
    build,
    discriminating_findings,
    load,
    problems,
    rank,
)
from .tool import Explorer, explorer, ranking, ranking_html

__all__ = [
    "OBSERVATIONS", "VALUES", "Cell", "DdxInputError", "DdxMatrixError", "Evidence",
    "Explorer", "Matrix", "Ranked", "build", "discriminating_findings", "explorer", "load",
    "problems", "rank", "ranking", "ranking_html",
]
