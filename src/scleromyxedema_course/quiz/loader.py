"""Read quiz banks: YAML, then the JSON Schema, then the rules a schema cannot state.

Every problem is a :class:`QuizBankError` whose message names the file, the line, the
question id and the field, e.g.::

    quizzes/therapy.yaml, line 41, question therapy/q07, field 'tolerance': a numeric
    question needs a tolerance (the accepted distance from the answer, in its unit).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from .. import syllabus
from ..core import paths
from ..core.content import CourseError, load_json, parse_yaml, read_text, yaml_error_message
from ..refs import citations
from .model import Bank, Image, Option, Question


class QuizBankError(CourseError, ValueError):
    """A quiz bank is malformed; the message names file, question id and field."""


def schema_path() -> Path:
    return paths.quizzes_dir() / "schema.json"


@lru_cache(maxsize=2)
def _validator(path: str, mtime: float):
    import jsonschema

    schema = load_json(path, QuizBankError, _rel(Path(path)))
    return jsonschema.Draft202012Validator(schema)


def _schema_validator():
    p = schema_path()
    return _validator(str(p), p.stat().st_mtime)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.root()))
    except (ValueError, OSError):
        return str(path)


def _lines(node, path=(), out=None) -> dict[tuple, int]:
    """Map every path in a composed YAML document to its 1-based line."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _lines(v, (*path, k.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _lines(v, (*path, i), out)
    return out


class _Where:
    """Builds messages that name file, line, question id and field."""

    def __init__(self, file: str, data, lines: dict[tuple, int]):
        self.file, self.data, self.lines = file, data, lines

    def __call__(self, path: Iterable, message: str) -> QuizBankError:
        path = tuple(path)
        line = None
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                line = self.lines[path[:n]]
                break
        parts = [self.file]
        if line:
            parts.append(f"line {line}")
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            qs = self.data.get("questions") or []
            q = qs[path[1]] if path[1] < len(qs) else None
            qid = q.get("id") if isinstance(q, dict) else None
            parts.append(f"question {qid}" if qid else f"question {path[1] + 1}")
            field = ".".join(str(p) for p in path[2:])
        else:
            field = ".".join(str(p) for p in path)
        if field:
            parts.append(f"field '{field}'")
        return QuizBankError(", ".join(parts) + ": " + message)


def _schema_message(err) -> tuple[list, str]:
    """Turn a jsonschema error into (path, plain message)."""
    path = list(err.absolute_path)
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "?"
        path.append(missing)
        hints = {
            "tolerance": "a numeric question needs a tolerance (the accepted distance "
            "from the answer, in its unit; 0 for an exact answer).",
            "options": "a choice question needs a list of options.",
            "items": "an ordering question needs its items, listed in the correct order.",
            "feedback": "this question type needs feedback: {correct: ..., incorrect: ...}.",
        }
        return path, hints.get(missing, f"the field '{missing}' is required.")
    if err.validator == "enum" and path and path[-1] == "type":
        return path, (
            f"unknown question type {err.instance!r}; use single, multiple, numeric or ordering."
        )
    if err.validator == "additionalProperties":
        return path, err.message.replace("were unexpected", "are not allowed here").replace(
            "was unexpected", "is not allowed here"
        )
    if err.validator == "pattern" and path and path[-1] == "id":
        return path, f"{err.instance!r} is not an id like 'therapy/q01' (bank slug/short id)."
    return path, err.message


def _best_error(errors):
    import jsonschema

    return jsonschema.exceptions.best_match(errors)


def parse_bank(
    text: str,
    file: str,
    objectives: set[str] | None = None,
    bib_keys: set[str] | None = None,
    expected_slug: str | None = None,
) -> Bank:
    """Validate and build a bank from YAML text. ``file`` is used in messages.

    ``objectives`` and ``bib_keys`` are the allowed objective ids and citation keys; ``None``
    skips that check (callers normally pass the course's own, see :func:`load_bank`).
    """
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise QuizBankError(yaml_error_message(exc, file)) from None
    data = parse_yaml(text, file, QuizBankError)
    if node is None or not isinstance(data, dict):
        raise QuizBankError(f"{file}: a bank is a mapping with bank, title and questions.")
    where = _Where(file, data, _lines(node))

    errors = list(_schema_validator().iter_errors(data))
    if errors:
        # Report unknown types first: other errors are usually consequences of them.
        errors.sort(key=lambda e: (e.validator != "enum", list(e.absolute_path).__len__()))
        err = next((e for e in errors if e.validator == "enum"), None) or _best_error(errors)
        path, message = _schema_message(err)
        raise where(path, message)

    slug = data["bank"]
    if expected_slug is not None and slug != expected_slug:
        raise where(["bank"], f"the bank is named {slug!r} but its file says {expected_slug!r}.")

    seen: dict[str, int] = {}
    questions = []
    for i, q in enumerate(data["questions"]):
        at = ["questions", i]
        qid = q["id"]
        if not qid.startswith(slug + "/"):
            raise where([*at, "id"], f"ids in this bank start with '{slug}/'.")
        if qid in seen:
            raise where([*at, "id"], f"duplicate id {qid!r} (also question {seen[qid] + 1}).")
        seen[qid] = i
        if objectives is not None:
            for j, obj in enumerate(q["objectives"]):
                if obj not in objectives:
                    raise where(
                        [*at, "objectives", j],
                        f"unknown objective id {obj!r}; objective ids come from the lesson "
                        "metadata (smx.objectives).",
                    )
        if bib_keys is not None:
            for j, key in enumerate(q["citations"]):
                if key not in bib_keys:
                    raise where(
                        [*at, "citations", j],
                        f"citation key {key!r} is not in assets/references.bib.",
                    )
        kind = q["type"]
        options: tuple[Option, ...] = ()
        if kind in ("single", "multiple"):
            options = tuple(
                Option(o["text"], o["correct"], o["feedback"], o.get("absolute_ok", False))
                for o in q["options"]
            )
            n_right = sum(o.correct for o in options)
            if n_right == 0:
                raise where([*at, "options"], "no option is marked correct: true.")
            if kind == "single" and n_right > 1:
                raise where(
                    [*at, "options"],
                    f"{n_right} options are correct in a single-choice question; use "
                    "type: multiple or keep one.",
                )
            texts = [o.text for o in options]
            if len(set(texts)) != len(texts):
                raise where([*at, "options"], "two options have the same text.")
        if kind == "ordering":
            items = q["items"]
            dupes = sorted({x for x in items if items.count(x) > 1})
            if dupes:
                raise where([*at, "items"], f"ordering items repeat: {dupes}.")
        image = _image(q["image"], where, [*at, "image"]) if q.get("image") else None
        questions.append(
            Question(
                id=qid,
                type=kind,
                text=q["text"],
                objectives=tuple(q["objectives"]),
                citations=tuple(q["citations"]),
                explanation=q["explanation"],
                bank=slug,
                options=options,
                answer=float(q["answer"]) if "answer" in q else None,
                tolerance=float(q["tolerance"]) if "tolerance" in q else None,
                unit=q.get("unit", ""),
                items=tuple(q.get("items", ())),
                feedback=dict(q.get("feedback", {})),
                shuffle=q.get("shuffle", True),
                image=image,
                line=where.lines.get(("questions", i)),
                vignette=q.get("vignette", False),
            )
        )
    return Bank(slug=slug, title=data["title"], questions=tuple(questions))


def course_objectives() -> set[str]:
    return set(syllabus.all_objective_ids())


def course_bib_keys() -> set[str]:
    return set(citations.load())


def bank_path(slug: str) -> Path:
    return paths.quizzes_dir() / f"{slug}.yaml"


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float, check_refs: bool) -> Bank:
    p = Path(path)
    text = read_text(p, QuizBankError, _rel(p))
    bank = parse_bank(
        text,
        _rel(p),
        objectives=course_objectives() if check_refs else None,
        bib_keys=course_bib_keys() if check_refs else None,
        expected_slug=p.stem if p.parent == paths.quizzes_dir() else None,
    )
    return Bank(bank.slug, bank.title, bank.questions, p)


def load_bank(bank: str | Path, check_refs: bool | None = None) -> Bank:
    """Load ``quizzes/<slug>.yaml`` (or a path) and validate it fully.

    Objective ids and citation keys are checked against the course for banks in
    ``quizzes/``; for a bank elsewhere (tests) pass ``check_refs`` explicitly.
    """
    if isinstance(bank, Path) or str(bank).endswith((".yaml", ".yml")):
        p = Path(bank)
    else:
        p = bank_path(str(bank))
        if not p.exists():
            known = ", ".join(all_slugs()) or "none yet"
            raise QuizBankError(f"No quiz bank '{bank}' ({_rel(p)}). Known banks: {known}.")
    if check_refs is None:
        check_refs = p.resolve().parent == paths.quizzes_dir().resolve()
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise QuizBankError(f"{_rel(p)}: cannot read the bank ({exc.strerror}).") from None
    return _load_cached(str(p.resolve()), mtime, bool(check_refs))


def all_slugs() -> list[str]:
    return sorted(p.stem for p in paths.quizzes_dir().glob("*.yaml"))


def load_all() -> list[Bank]:
    """Every bank in ``quizzes/``, with ids checked to be unique across banks."""
    banks = [load_bank(s) for s in all_slugs()]
    check_unique_across(banks)
    return banks


def check_unique_across(banks: Iterable[Bank]) -> None:
    first: dict[str, Bank] = {}
    for bank in banks:
        for q in bank.questions:
            if q.id in first and first[q.id] is not bank:
                other = first[q.id]
                raise QuizBankError(
                    f"{_rel(bank.path) if bank.path else bank.slug}, line {q.line}, question "
                    f"{q.id}, field 'id': duplicate id, already used in "
                    f"{_rel(other.path) if other.path else other.slug}."
                )
            first.setdefault(q.id, bank)


_IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


def _image(spec: dict, where, at: list) -> Image:
    """Read a question's image and embed it (see ``Image``)."""
    import base64

    path = paths.root() / spec["src"]
    kind = _IMAGE_TYPES.get(path.suffix.lower())
    if kind is None:
        raise where([*at, "src"], f"images are .svg or .png files, not {path.suffix!r}.")
    if not path.resolve().is_relative_to(paths.root().resolve()):
        raise where([*at, "src"], f"{spec['src']!r} is outside the course folder; images "
                    "live in it, e.g. assets/figures/...")
    if not path.is_file():
        raise where([*at, "src"], f"no image file at {spec['src']!r} (paths start at the "
                    "course folder, e.g. assets/figures/...).")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return Image(spec["src"], spec["alt"], f"data:{kind};base64,{data}")
