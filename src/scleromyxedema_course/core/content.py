"""Reading the course's own content files, with errors an author can act on."""

from __future__ import annotations

from pathlib import Path


def load_yaml(path: Path, error: type[ValueError] = ValueError):
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
