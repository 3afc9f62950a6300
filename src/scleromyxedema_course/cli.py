"""``smx-course``: the course's command line.

The only module that knows argparse: each subcommand turns its arguments into typed
parameters of a library function and prints the result. Subcommands import their module only
when called, so ``smx-course --help`` is instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _execute(args) -> int:
    from . import authoring, execute
    from .site import structure

    targets = [Path(p).resolve() for p in args.lessons] or None
    # One label per source: typed citation labels become the bibliography's before the run.
    for path in authoring.relabel_course(targets):
        print(f"citation labels rewritten: {path.name}")
    # The slide structure is stored with the outputs for Jupyter's own slide tools (stock
    # nbconvert, JupyterLab's Reveal.js export, RISE), derived, never hand-set.
    execute.run(targets, before_save=structure.store)
    return 0


def _report(problems: list[str], ok: str) -> int:
    """Each problem on stderr, or ``ok``; the exit status says which."""
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if not problems:
        print(ok)
    return 1 if problems else 0


def _check(args) -> int:
    from . import course
    from .core import paths

    print(f"Checking the course in {paths.root()} (found from {paths.locate()[1]}).")
    return _report(course.run_all(), "All course content is valid.")


def _in_course(path: str) -> Path:
    """A folder given on the command line; a relative one is inside the course folder."""
    from .core import paths

    p = Path(path)
    return p if p.is_absolute() else paths.root() / p


def _megabytes(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def _build(args) -> int:
    from .core import paths
    from .site import build, publish

    print(f"Building the course in {paths.root()} (found from {paths.locate()[1]}).")

    build.skip_slow_iri_checker()
    out = _in_course(args.out)
    live = args.live
    if live is None and (out.parent / "lite" / "lab" / "index.html").is_file():
        live = "../lite/"  # `make lite` built the live course next to the site
    result = publish.publish(out, lambda stage: build.build(stage, live=live or None),
                             build.MARKER)  # a failed build keeps the old site
    print(f"Built {len(result.pages)} decks and handouts in {result.seconds:.1f} s "
          f"({_megabytes(out):.1f} MB): {out / 'index.html'}")
    print(f"Figures use {result.plotly}.")
    if live:
        print(f"The index links each lesson to the live course at {live}")
    return 0


def _frontend(args) -> int:
    from .core import locks
    from .site import frontend

    lock = Path(args.lock) if args.lock else locks.SITE_LOCK
    dest = Path(args.dest) if args.dest else frontend.site_modules()
    try:
        done = frontend.install(lock, dest)
    except frontend.FrontendError as exc:
        print(f"smx-course frontend: {exc}", file=sys.stderr)
        return 1
    names = ", ".join(done) if done else "nothing new"
    print(f"Front-end packages from {lock.name} in {dest}: {names}.")
    return 0


def _answer_key(args) -> int:
    from .quiz import answer_key

    written = answer_key.write(Path(args.out), list(args.banks or []))
    if not written:
        print("No quiz banks found in quizzes/.")
    for path in written:
        print(f"wrote {path}")
    return 0


def _labels(args) -> int:
    from . import authoring, course

    if args.fix:
        changed = authoring.relabel_course()
        for path in changed:
            print(f"citation labels rewritten: {path.name}")
        print(f"{len(changed)} file(s) changed.")
        return 0
    return _report(course.citation_labels(), "Every citation label is the bibliography's.")


def _new_lesson(args) -> int:
    from . import authoring

    print(f"created {authoring.new_lesson(args.filename, args.title, args.minutes)}")
    return 0


def _readme(args) -> int:
    from . import authoring
    from .core import paths

    readme = paths.root() / "README.md"
    readme.write_text(authoring.update_readme(readme.read_text(encoding="utf-8")), "utf-8")
    print("README.md lesson table updated.")
    return 0


def _my_lessons(args) -> int:
    from . import learner

    print("\n".join(learner.prepare().lines()))
    return 0


def _fresh(args) -> int:
    from . import learner

    dest = learner.fresh(args.lesson)
    print(f"{dest}: a fresh copy of the course's lesson (your old copy is in "
          f"{dest.parent / '.replaced'})")
    return 0


def _record(args) -> int:
    import json

    from .core import content
    from .quiz.progress import ProgressError, ProgressStore

    store = ProgressStore(args.progress_file)
    path = Path(args.file)
    if args.action == "export":
        path.write_text(json.dumps(store.document(), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        print(f"Your record ({store.path}) was saved to {path}.")
        return 0
    document = content.load_json(path, ProgressError)
    added = store.merge(document, source=str(path))
    print(f"{added} answer(s) from {path} added to your record ({store.path}).")
    return 0


def _class_report(args) -> int:
    from .quiz import class_report

    report = class_report.build(Path(args.folder))
    print(report.text())
    if args.csv:
        Path(args.csv).write_text(report.csv(), encoding="utf-8")
        print(f"CSV written to {args.csv} (one row per question).")
    if args.html:
        Path(args.html).write_text(report.html_page(), encoding="utf-8")
        print(f"Report written to {args.html}.")
    return 0


def _lite(args) -> int:
    import time

    from .core import paths
    from .site import lite

    out, cache = _in_course(args.out), _in_course(args.cache)
    start = time.perf_counter()
    lite.build(paths.root(), out, cache)
    print(f"Built the live course (JupyterLite) in {time.perf_counter() - start:.1f} s "
          f"({_megabytes(out):.1f} MB): serve {out} over http and open lab/index.html")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="smx-course", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("execute", help="run lessons in place so stored outputs are fresh")
    p.add_argument("lessons", nargs="*", help="lesson notebooks (default: all)")
    p.set_defaults(func=_execute)

    p = sub.add_parser("check", help="validate quiz banks, bibliography, glossary and data")
    p.set_defaults(func=_check)

    p = sub.add_parser("build", help="build the offline slide site in _build/site")
    p.add_argument("--out", default="_build/site", help="output folder")
    p.add_argument("--live", default=None,
                   help="address of the live course (JupyterLite site) the index links to; "
                        "default: ../lite/ when _build/lite was built next to the site, "
                        "'' for no links")
    p.set_defaults(func=_build)

    p = sub.add_parser("frontend", help="install the pinned npm front-end files (no Node needed)")
    p.add_argument("--lock", help="package-lock.json (default: the site's)")
    p.add_argument("--dest", help="node_modules folder (default: inside the Python environment)")
    p.set_defaults(func=_frontend)

    p = sub.add_parser("lite", help="build the live course for the browser (JupyterLite)")
    p.add_argument("--out", default="_build/lite", help="output folder")
    p.add_argument("--cache", default="_build/lite-cache", help="downloads and work folder")
    p.set_defaults(func=_lite)

    p = sub.add_parser("answer-key", help="write the instructor answer keys as HTML")
    p.add_argument("banks", nargs="*", help="bank slugs (default: all)")
    p.add_argument("--out", default="_build/site/answer-keys", help="output folder")
    p.set_defaults(func=_answer_key)

    p = sub.add_parser("new-lesson", help="create lessons/NN-slug.ipynb with the course frame")
    p.add_argument("filename", help="e.g. 06-follow-up.ipynb")
    p.add_argument("title")
    p.add_argument("--minutes", type=int, default=30)
    p.set_defaults(func=_new_lesson)

    p = sub.add_parser("labels", help="check typed citation labels against the bibliography")
    p.add_argument("--fix", action="store_true", help="rewrite them to the bibliography's")
    p.set_defaults(func=_labels)

    p = sub.add_parser("readme", help="regenerate the README's lesson table from lesson metadata")
    p.set_defaults(func=_readme)

    p = sub.add_parser("my-lessons", help="make your own copies of new lessons (make lab runs it)")
    p.set_defaults(func=_my_lessons)

    p = sub.add_parser("fresh", help="replace your copy of one lesson by the course's, e.g. 04")
    p.add_argument("lesson", help="lesson number (04) or file name")
    p.set_defaults(func=_fresh)

    p = sub.add_parser("record", help="save your learner record to a file, or add one to it")
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("file", help="the .json file to write (export) or read (import)")
    p.add_argument("--progress-file", help="your progress file (default: the usual one)")
    p.set_defaults(func=_record)

    p = sub.add_parser("class-report", help="what a class got right and missed, from records")
    p.add_argument("folder", help="a folder of learner records (exports, or students' homes)")
    p.add_argument("--csv", help="also write one row per question to this CSV file")
    p.add_argument("--html", help="also write the report as an HTML page")
    p.set_defaults(func=_class_report)

    args = parser.parse_args(argv)
    from .core.content import CourseError  # after parsing: --help stays instant

    try:
        return args.func(args)
    except (CourseError, OSError) as exc:
        # Content errors are written for people: show the message, not a traceback.
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
