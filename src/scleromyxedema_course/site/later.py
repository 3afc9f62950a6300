"""A deck's later slides wait in a ``<template>`` until its first slide is on screen.

A browser builds, styles and runs everything it reads before it can start reveal.js, and a
deck's first slide used to wait for all of it: every quiz of the lesson built its questions,
every figure queued its data, and reveal.js prepared every slide. Inside a ``<template>``
the browser reads the markup but does none of that. The site build moves every top-level
slide after the first (with its vertical slides) into ``<template id="smx-later-slides">``;
``site.js`` puts them into the deck right after the first slide is shown, or before reveal.js
starts when the deck opens elsewhere (a link to a later slide, the speaker view, printing).

Pure text in, text out, deterministic. A deck whose slides cannot be read with certainty
(unbalanced ``<section>`` tags) or that has a single top-level slide is left as it was.
"""

from __future__ import annotations

import re

TEMPLATE_ID = "smx-later-slides"
SLIDES = '<div class="slides">'
SECTION = re.compile(r"<(/?)section\b[^>]*>", re.I)
# Text in which "<section" is not a tag: scripts, styles, comments, existing templates.
OPAQUE = re.compile(
    r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<template\b.*?</template>", re.I | re.S)


def top_level_slides(html: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level ``<section>`` of the deck's ``<div class="slides">``,
    in order; [] when there is no such div or its sections do not balance."""
    begin = html.find(SLIDES)
    if begin < 0:
        return []
    masked = OPAQUE.sub(lambda m: " " * len(m.group(0)), html)
    spans, depth, start = [], 0, None
    for m in SECTION.finditer(masked, begin + len(SLIDES)):
        if m.group(1):  # a closing tag
            depth -= 1
            if depth < 0:
                break  # the slides div has ended (or the markup is broken)
            if depth == 0:
                spans.append((start, m.end()))
        else:
            if depth == 0:
                if spans and masked[spans[-1][1]:m.start()].strip():
                    break  # something other than slides between two slides: past the div
                start = m.start()
            depth += 1
    return spans if depth <= 0 and spans else []


def defer_later_slides(html: str) -> str:
    """``html`` with every top-level slide after the first inside the later-slides template."""
    spans = top_level_slides(html)
    if len(spans) < 2 or f'id="{TEMPLATE_ID}"' in html:
        return html
    first_end, last_end = spans[0][1], spans[-1][1]
    return (html[:first_end] + f'<template id="{TEMPLATE_ID}">' + html[first_end:last_end]
            + "</template>" + html[last_end:])
