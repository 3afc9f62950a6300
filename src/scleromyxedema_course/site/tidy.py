"""Make an exported page valid HTML (the Nu Html Checker finds no error in it).

The lessons' stored outputs are made to work alone in a notebook, so each quiz, box or case
output carries its own ``<style>`` element, lesson headers use ``<h3>`` under the lesson's
``<h1>``, and a long slide's "(continued)" heading repeats the id of the first. The stored
outputs stay as they are (nbval compares them); the site build rewrites its own pages:

* every ``<style>`` element of the body moves to the end of ``<head>``, each distinct one once;
* a heading that skips a level (``<h1>`` then ``<h3>``) takes the level that follows the
  previous heading, with a class naming the level it had (``smx-was-h3``);
* a heading id seen before on the page gets a suffix (``-2``, ``-3``), its anchor link too.

Pure text in, text out, deterministic.
"""

from __future__ import annotations

import re

BODY = re.compile(r"<body\b", re.I)
STYLE = re.compile(r"<style\b[^>]*>.*?</style>\s*", re.I | re.S)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.I | re.S)
HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.I | re.S)
ID = re.compile(r"""\bid=(["'])(.*?)\1""")
CLASS = re.compile(r"""\bclass=(["'])(.*?)\1""")


def hoist_styles(html: str) -> str:
    """Move the body's ``<style>`` elements into ``<head>``, once each, in first-seen order."""
    start = BODY.search(html)
    if start is None or "</head>" not in html[:start.start()]:
        return html
    head, body = html[:start.start()], html[start.start():]
    seen: dict[str, None] = {}
    scripts: list[str] = []

    def keep_script(m: re.Match) -> str:  # a "<style>" inside a script's text stays there
        scripts.append(m.group(0))
        return f"\x00{len(scripts) - 1}\x00"

    def take(m: re.Match) -> str:
        seen.setdefault(m.group(0).strip(), None)
        return ""

    body = STYLE.sub(take, SCRIPT.sub(keep_script, body))
    body = re.sub(r"\x00(\d+)\x00", lambda m: scripts[int(m.group(1))], body)
    if not seen:
        return html
    styles = "".join(s + "\n" for s in seen if s not in head)
    at = head.rindex("</head>")
    return head[:at] + styles + head[at:] + body


def order_headings(html: str) -> str:
    """No heading skips a level: ``<hN>`` after ``<hM>`` becomes ``<h(M+1)>`` when N > M+1."""
    previous = 0

    def level(m: re.Match) -> str:
        nonlocal previous
        n, attrs, inner = int(m.group(1)), m.group(2), m.group(3)
        if previous and n > previous + 1:
            new = previous + 1
            if CLASS.search(attrs):
                attrs = CLASS.sub(lambda c: f"class={c.group(1)}{c.group(2)} smx-was-h{n}"
                                  f"{c.group(1)}", attrs, count=1)
            else:
                attrs += f' class="smx-was-h{n}"'
            n = new
        previous = n
        return f"<h{n}{attrs}>{inner}</h{n}>"

    return HEADING.sub(level, html)


def unique_heading_ids(html: str) -> str:
    """A heading id used before on the page gets ``-2``, ``-3``...; its anchor link follows."""
    seen = {m.group(2) for m in ID.finditer(html)}
    counts: dict[str, int] = {}

    def rename(m: re.Match) -> str:
        whole = m.group(0)
        found = ID.search(m.group(2))
        if not found:
            return whole
        old = found.group(2)
        counts[old] = counts.get(old, 0) + 1
        if counts[old] == 1:
            return whole
        k = counts[old]
        while f"{old}-{k}" in seen:
            k += 1
        new = f"{old}-{k}"
        seen.add(new)
        attrs = m.group(2).replace(found.group(0), f'id="{new}"', 1)
        inner = m.group(3).replace(f'href="#{old}"', f'href="#{new}"')
        return f"<h{m.group(1)}{attrs}>{inner}</h{m.group(1)}>"

    return HEADING.sub(rename, html)


def tidy(html: str) -> str:
    return unique_heading_ids(order_headings(hoist_styles(html)))
