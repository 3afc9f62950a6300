"""The offline slide site: reveal.js decks, handouts and an index built from stored outputs.

``smx-course build`` (``make course``) calls :func:`build.build`. The slide structure is
derived from the lessons' content by :mod:`.structure`; :mod:`.vendor` copies reveal.js and
plotly.js, :mod:`.export` wraps nbconvert's exporters, and :mod:`.build` orchestrates and
writes the site and its index page (``templates/index.html.j2``).
"""

from __future__ import annotations

from ..core.content import CourseError


class SiteBuildError(CourseError, RuntimeError):
    """A lesson cannot be built; the message names the lesson and the cell."""
