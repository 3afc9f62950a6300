"""The offline slide site: reveal.js decks, handouts and an index built from stored outputs.

``smx-course build`` (``make course``) calls :func:`main`. The slide structure is derived
from the lessons' content by :mod:`.structure`; :mod:`.build` exports and writes the site.
"""

from __future__ import annotations


def main(args) -> int:
    from . import build

    return build.main(args)
