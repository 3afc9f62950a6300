"""Reading the course's own content files, with errors an author can act on.

One strict reader for every input the build reads:

* text must be UTF-8: a stray Latin-1 byte is reported with its file, line and column;
* YAML: a syntax error names the line and column, and a key written twice in one mapping is
  refused with both line numbers (PyYAML would silently keep the last one);
* JSON: the same for syntax errors and repeated keys;
* CSV: rows as dicts, with a malformed row named by its line.

Every error is raised as the caller's error class (a ``ValueError``), so ``smx-course check``
and the build print it without a traceback.

Every error the package raises about content (a bank, the bibliography, a data table, a
lesson's metadata, the course folders) derives from :class:`CourseError`, so the command
line and the checks catch exactly those and let programming errors surface as tracebacks.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import json.decoder
import json.scanner
import re
from importlib import resources
from pathlib import Path

import yaml


class CourseError(Exception):
    """Base of every error about the course's content; the message is written for people."""


def css(name: str) -> str:
    """A style sheet shipped with the package (``core/styles/<name>.css``)."""
    return resources.files(__package__).joinpath("styles", f"{name}.css").read_text("utf-8")


def style_tag(name: str) -> str:
    """The same style sheet as a ``<style>`` element, for a self-contained HTML output."""
    return f"<style>\n{css(name)}</style>"


def _name(path: Path | str, file: str | None) -> str:
    return file if file else Path(path).name


def decode(data: bytes, file: str, error: type[Exception] = ValueError,
           csv_header: list[str] | None = None) -> str:
    """UTF-8 text from ``data``; an invalid byte becomes ``error`` naming line and column
    (and, for a CSV file whose ``csv_header`` is given, the column's name)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        start_of_line = before.rfind(b"\n") + 1
        prefix = before[start_of_line:].decode("utf-8", errors="replace")
        column = len(prefix) + 1
        byte = data[exc.start : exc.start + 1].hex()
        field = ""
        if csv_header and line > 1:
            cells = next(csv.reader([prefix]), [""])
            index = max(len(cells) - 1, 0) if prefix else 0
            if index < len(csv_header):
                field = f", field '{csv_header[index]}'"
        raise error(
            f"{file}, line {line}, column {column}{field}: byte 0x{byte} is not UTF-8 text "
            "(perhaps Latin-1 or Windows-1252). Save the file as UTF-8."
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: Path | str, error: type[Exception] = ValueError,
              file: str | None = None) -> str:
    """The UTF-8 text of ``path``; unreadable or non-UTF-8 files raise ``error``."""
    name = _name(path, file)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise error(f"{name}: cannot read the file ({exc.strerror or exc}).") from None
    return decode(data, name, error)


# --------------------------------------------------------------------------- YAML


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key that repeats within one mapping."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict = {}
            for key_node, _ in node.value:
                try:
                    key = self.construct_object(key_node, deep=True)
                    hash(key)
                except (TypeError, yaml.YAMLError):
                    continue  # reported by the base class
                if key in seen:
                    raise _DuplicateKey(
                        problem=f"the key {key!r} appears twice in one mapping (lines "
                        f"{seen[key]} and {key_node.start_mark.line + 1}); keep one",
                        problem_mark=key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str, file: str, error: type[Exception] = ValueError):
    """Parse YAML text strictly (see :class:`StrictLoader`); ``file`` names it in errors."""
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise error(yaml_error_message(exc, file)) from None


def load_yaml(path: Path, error: type[ValueError] = ValueError, file: str | None = None):
    """Parse a YAML file; a syntax error becomes ``error`` naming the file, line and column."""
    name = _name(path, file)
    return parse_yaml(read_text(path, error, name), name, error)


def yaml_error_message(exc, file: str) -> str:
    """'bank.yaml, line 3, column 7: YAML syntax error: ...' from a PyYAML error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    kind = "duplicate key" if isinstance(exc, _DuplicateKey) else "YAML syntax error"
    return f"{file}{where}: {kind}: {problem}."


# --------------------------------------------------------------------------- JSON


def parse_json(text: str, file: str, error: type[Exception] = ValueError):
    """Parse JSON text; syntax errors and repeated keys name the line and column."""
    def pairs(items):
        out: dict = {}
        for key, value in items:
            if key in out:
                raise _JsonDuplicate(key)
            out[key] = value
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise error(f"{file}, line {exc.lineno}, column {exc.colno}: JSON syntax error: "
                    f"{exc.msg}.") from None
    except _JsonDuplicate as exc:
        first, second = _duplicate_lines(text)
        raise error(f"{file}, line {second}: duplicate key: {exc.key!r} appears twice in one "
                    f"object (lines {first} and {second}); keep one.") from None


def _duplicate_lines(text: str) -> tuple[int, int]:
    """Lines of the first repeated key, found again with the pure-Python JSON scanner (which,
    unlike the C one, tells where each object starts)."""
    found: list[tuple[int, int]] = []

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None,
                     _w=json.decoder.WHITESPACE.match):
        s, start = s_and_end
        keys: dict[str, int] = {}
        end = start
        # Walk the object's own keys: after '{' or ',', a string followed by ':'.
        while True:
            end = _w(s, end).end()
            if s[end:end + 1] != '"':
                break
            key, key_end = json.decoder.scanstring(s, end + 1, strict)
            line = s.count("\n", 0, end) + 1
            if key in keys and not found:
                found.append((keys[key], line))
            keys.setdefault(key, line)
            colon = _w(s, key_end).end() + 1
            _, end = scan_once(s, _w(s, colon).end())
            end = _w(s, end).end()
            if s[end:end + 1] != ",":
                break
            end += 1
        return json.decoder.JSONObject(s_and_end, strict, scan_once, object_hook, None, memo)

    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    with contextlib.suppress(ValueError, RecursionError):
        decoder.decode(text)
    return found[0] if found else (0, 0)


class _JsonDuplicate(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def load_json(path: Path | str, error: type[Exception] = ValueError, file: str | None = None):
    name = _name(path, file)
    return parse_json(read_text(path, error, name), name, error)


# --------------------------------------------------------------------------- CSV


def read_csv(path: Path | str, error: type[Exception] = ValueError,
             file: str | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows) of a UTF-8 CSV file; rows are dicts as from ``csv.DictReader``.

    A header that names a column twice, or a row with more cells than the header, is refused
    with its line (line 1 is the header).
    """
    name = _name(path, file)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise error(f"{name}: cannot read the file ({exc.strerror or exc}).") from None
    first = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    text = decode(data, name, error, csv_header=next(csv.reader([first]), []))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
        dupes = sorted({c for c in header if header.count(c) > 1})
        if dupes:
            raise error(f"{name}, line 1 (header): column(s) {dupes} appear twice.")
        rows = []
        for cells in reader:
            line = reader.line_num
            if not cells:
                continue
            if len(cells) > len(header):
                raise error(f"{name}, line {line}: {len(cells)} cells but the header names "
                            f"{len(header)} columns (a comma inside a value needs quotes).")
            row = dict(zip(header, cells, strict=False))
            for col in header[len(cells):]:
                row[col] = None
            rows.append(row)
    except csv.Error as exc:
        raise error(f"{name}, line {reader.line_num}: CSV syntax error: {exc}.") from None
    return header, rows


# --------------------------------------------------------------------------- URLs and markup

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE_SCHEMES = ("http", "https", "doi")


def url_problem(url: str) -> str | None:
    """Why ``url`` may not become a link (``None`` when it may): only http(s), doi and
    relative links are allowed, so a ``javascript:`` or ``data:`` address never reaches a page.

    The address is read the way a browser reads it: tabs and line breaks inside it and
    control characters or spaces before it are ignored.
    """
    text = re.sub(r"[\t\n\r]", "", str(url)).lstrip("".join(map(chr, range(0x21))))
    m = _SCHEME.match(text)
    if m and m.group(1).lower() not in SAFE_SCHEMES:
        return (f"{str(url)[:60]!r} is not an allowed address (scheme '{m.group(1)}:'); use an "
                "http(s) link, a doi or a link relative to the page.")
    return None


def safe_url(url: str) -> bool:
    return bool(str(url).strip()) and url_problem(url) is None


# Raw HTML an author may write in a lesson's Markdown is shown as written; these parts of it
# would run script, so `smx-course check` refuses them.
_ACTIVE_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|base|meta|link|"
                         r"form|svg|math)\b", re.I)
_HANDLER = re.compile(r"<[a-zA-Z][^>]*?[\s/\"']on[a-zA-Z]+\s*=", re.S)
_ATTR_URL = re.compile(r"""\b(?:href|src|action|formaction|xlink:href|poster|data)\s*=\s*"""
                       r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


def markup_problems(text: str) -> list[str]:
    """What in a piece of author Markdown (with raw HTML) would run script or link unsafely."""
    found = []
    for m in _ACTIVE_TAG.finditer(text):
        found.append(f"the HTML tag <{m.group(1).lower()}> is not allowed")
    if _HANDLER.search(text):
        found.append("an HTML event-handler attribute (on...=) is not allowed")
    for m in _ATTR_URL.finditer(text):
        url = next(g for g in m.groups() if g is not None)
        if problem := url_problem(url):
            found.append(problem)
    for m in _MD_LINK.finditer(text):
        if problem := url_problem(m.group(1)):
            found.append(problem)
    return found
