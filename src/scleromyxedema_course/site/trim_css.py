"""JupyterLab's cell stylesheet, reduced to the rules the built pages can use.

nbconvert's lab template ships JupyterLab's whole stylesheet (about 240 kB: file browser,
toolbars, editors, widgets...), and a page would parse it all. After the pages are written,
the build keeps a rule only when one of its selectors can match on this site: every class,
id and attribute name the selector names is a word that occurs in some page or in the
site's script. The test is deliberately generous (a word anywhere counts), so a rule is
dropped only when no page can ever match it; at-rules other than ``@media``/``@supports``
(fonts, keyframes, imports) are kept whole. Then a custom property (``--jp-...``, most of
them icons as data URIs) is kept only when some kept rule, another kept property, a page or
the site's own stylesheet refers to it with ``var(--name)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"[A-Za-z_][\w-]*")
NAMES = re.compile(r"""[.#]([A-Za-z_][\w-]*)|\[\s*([A-Za-z_][\w-]*)""")
NESTED = ("media", "supports", "layer", "container")


def words(texts: Iterable[str]) -> set[str]:
    """Every identifier-like word in the given texts (pages, scripts)."""
    found: set[str] = set()
    for text in texts:
        found.update(WORD.findall(text))
    return found


def _without_negations(selector: str) -> str:
    """The selector without its ``:not(...)`` parts (a name there must be absent, not used)."""
    out, i = [], 0
    while (at := selector.lower().find(":not(", i)) >= 0:
        out.append(selector[i:at])
        depth, j = 0, at + 4
        while j < len(selector):
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
            if depth == 0:
                break
        i = j
    out.append(selector[i:])
    return "".join(out)


def _selector_can_match(selector: str, used: set[str]) -> bool:
    selector = re.sub(r"""(["']).*?\1""", "", selector)   # attribute values are not names
    selector = _without_negations(selector)
    return all((a or b) in used for a, b in NAMES.findall(selector))


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def _keep(nodes, used: set[str]) -> list:
    import tinycss2  # nbconvert's dependency (bleach[css]); loaded only when a site is built

    kept = []
    for node in nodes:
        if node.type == "qualified-rule":
            prelude = tinycss2.serialize(node.prelude)
            if any(_selector_can_match(s, used) for s in _split_selectors(prelude)):
                kept.append(node)
        elif node.type == "at-rule" and node.lower_at_keyword in NESTED and node.content:
            inner = _keep(tinycss2.parse_rule_list(node.content), used)
            if any(n.type in ("qualified-rule", "at-rule") for n in inner):
                node.content = inner
                kept.append(node)
        elif node.type in ("at-rule", "qualified-rule"):
            kept.append(node)
    return kept


VAR = re.compile(r"var\(\s*--([\w-]+)")


def _walk(nodes):
    for node in nodes:
        if node.type == "qualified-rule":
            yield node
        elif node.type == "at-rule" and isinstance(node.content, list):
            yield from _walk(n for n in node.content if not isinstance(n, str))


def trim(sheets: dict[str, str], used: set[str], elsewhere: Iterable[str] = ()) -> dict[str, str]:
    """Each stylesheet (name -> text) without the rules no selector of which can match the
    ``used`` names, and without the custom properties nothing kept refers to (``elsewhere``:
    pages and stylesheets that may refer to them too)."""
    import tinycss2

    parsed = {}
    for name, css in sheets.items():
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        parsed[name] = _keep(nodes, used)
    # custom properties: name -> value text, and the rules that declare them
    values: dict[str, list[str]] = {}
    declared = []
    plain = list(elsewhere)
    for nodes in parsed.values():
        for rule in _walk(nodes):
            decls = [d for d in tinycss2.parse_declaration_list(
                rule.content, skip_comments=True, skip_whitespace=True) if d.type == "declaration"]
            props = [d for d in decls if d.name.startswith("--")]
            if props:
                declared.append((rule, decls))
                for d in props:
                    values.setdefault(d.name[2:], []).append(tinycss2.serialize(d.value))
            plain.append(tinycss2.serialize([d for d in decls if not d.name.startswith("--")]))
    needed = set(VAR.findall("\n".join(plain)))
    todo = list(needed)
    while todo:
        for value in values.get(todo.pop(), []):
            for ref in VAR.findall(value):
                if ref not in needed:
                    needed.add(ref)
                    todo.append(ref)
    for rule, decls in declared:
        kept = [d for d in decls if not d.name.startswith("--") or d.name[2:] in needed]
        rule.content = tinycss2.parse_blocks_contents(
            "".join(f"{d.name}:{tinycss2.serialize(d.value)}"
                    f"{' !important' if d.important else ''};" for d in kept))
    return {name: "\n".join(tinycss2.serialize([n]).strip() for n in nodes
                             if not (n.type == "qualified-rule" and not _has_content(n))) + "\n"
            for name, nodes in parsed.items()}


def _has_content(rule) -> bool:
    return any(t.type not in ("whitespace", "comment") for t in rule.content)
