"""Reading the course's own content files, with errors an author can act on.

Every error the package raises about content (a bank, the bibliography, a data table, a
lesson's metadata, the course folders) derives from :class:`CourseError`, so the command
line and the checks catch exactly those and let programming errors surface as tracebacks.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


class CourseError(Exception):
    """Base of every error about the course's content; the message is written for people."""


def css(name: str) -> str:
    """A style sheet shipped with the package (``core/styles/<name>.css``)."""
    return resources.files(__package__).joinpath("styles", f"{name}.css").read_text("utf-8")


def style_tag(name: str) -> str:
    """The same style sheet as a ``<style>`` element, for a self-contained HTML output."""
    return f"<style>\n{css(name)}</style>"


def load_yaml(path: Path, error: type[Exception] = ValueError):
    """Parse a YAML file; a syntax error becomes ``error`` naming the file, line and column."""
    import yaml

    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise error(yaml_error_message(exc, Path(path).name)) from None


def yaml_error_message(exc, file: str) -> str:
    """'bank.yaml, line 3, column 7: YAML syntax error: ...' from a PyYAML error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{file}{where}: YAML syntax error: {problem}."
