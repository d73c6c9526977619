"""The ``coursekit`` command line: validate, analyze, build exercises/quizzes/handouts, classroom.

Each subcommand is a thin wrapper: the work lives in the module that owns the
concept (``cases``, ``analysis``, ``exercises``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _validate(args: argparse.Namespace) -> int:
    from coursekit.cases import validate_case

    problems = validate_case(args.path)
    if not problems:
        print(f"OK: {args.path} is a valid coursekit case.")
        return 0
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    print(f"{len(problems)} problem(s) found in {args.path}.", file=sys.stderr)
    return 1


def _analyze(args: argparse.Namespace) -> int:
    from coursekit.analysis import run_analyze_command

    return run_analyze_command(args.file, fmt=args.format, case_name=args.case, out=args.output)


def _exercises_build(args: argparse.Namespace) -> int:
    from coursekit.exercises import run_build_command

    return run_build_command(source=args.source, destination=args.destination, check=args.check)


def _quizzes_build(args: argparse.Namespace) -> int:
    from coursekit.quizzes import run_build_command

    return run_build_command(source=args.source, guide=args.guide, check=args.check)


def _handouts_build(args: argparse.Namespace) -> int:
    from coursekit.handouts import run_build_command

    return run_build_command(
        out=args.out, paper=args.paper, chromium=args.chromium, only=tuple(args.only or ())
    )


def _grading_course(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coursekit.grading import GradingError, make_course

    try:
        written = make_course(
            Path(args.course),
            args.lesson or None,
            solutions=Path(args.solutions),
            config=Path(args.config),
        )
    except GradingError as error:
        print(f"coursekit grading course: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _classroom_link(args: argparse.Namespace) -> int:
    from coursekit.classroom import LinkError, nbgitpuller_link

    try:
        link = nbgitpuller_link(
            args.hub, repo=args.repo, branch=args.branch, notebook=args.notebook
        )
    except LinkError as error:
        print(f"coursekit classroom link: {error}", file=sys.stderr)
        return 2
    print(link)
    return 0


def _add_validate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = sub.add_parser("validate", help="check a case folder against its datapackage.json")
    validate.add_argument("path", help="a case folder, e.g. data/summit-2025")
    validate.set_defaults(func=_validate)


def _add_analyze(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    analyze = sub.add_parser("analyze", help="find hedges, attribution, citation and date problems")
    analyze.add_argument("file", help="a UTF-8 text file, or - for standard input")
    analyze.add_argument("--format", choices=["text", "json", "html", "md"], default="text")
    analyze.add_argument("--case", default=None, help="a bundled case name or a case folder")
    analyze.add_argument("--output", "-o", default=None, help="write here instead of stdout")
    analyze.set_defaults(func=_analyze)


def _add_exercises(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    exercises = sub.add_parser("exercises", help="author exercise worksheets")
    ex_sub = exercises.add_subparsers(dest="exercises_command", required=True)
    build = ex_sub.add_parser(
        "build", help="generate student worksheets from the solution notebooks"
    )
    build.add_argument("--source", default="exercises/solutions")
    build.add_argument("--destination", default="exercises")
    build.add_argument(
        "--check", action="store_true", help="only report whether the worksheets are up to date"
    )
    build.set_defaults(func=_exercises_build)


def _add_quizzes(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    quizzes = sub.add_parser("quizzes", help="author the lesson quizzes")
    qz_sub = quizzes.add_subparsers(dest="quizzes_command", required=True)
    qz_build = qz_sub.add_parser(
        "build", help="hash the quiz sources into the quiz bank and the guide's misconception table"
    )
    qz_build.add_argument("--source", default="exercises/solutions/quizzes")
    qz_build.add_argument("--guide", default="docs/instructor-guide.md")
    qz_build.add_argument(
        "--check", action="store_true", help="only report whether the quiz bank is up to date"
    )
    qz_build.set_defaults(func=_quizzes_build)


def _add_handouts(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    handouts = sub.add_parser("handouts", help="printable handouts (PDF)")
    ho_sub = handouts.add_subparsers(dest="handouts_command", required=True)
    ho_build = ho_sub.add_parser(
        "build", help="print the article, paper worksheets, rubrics and forms to PDF"
    )
    ho_build.add_argument("--out", default="_build/handouts", help="output folder")
    ho_build.add_argument("--paper", choices=["a4", "letter"], default="a4")
    ho_build.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable")
    ho_build.add_argument(
        "--only", action="append", help="build only this handout (repeatable), e.g. article"
    )
    ho_build.set_defaults(func=_handouts_build)


def _add_grading(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    grading = sub.add_parser("grading", help="graded submissions with nbgrader")
    gr_sub = grading.add_subparsers(dest="grading_command", required=True)
    course = gr_sub.add_parser(
        "course", help="write an nbgrader course directory (source/) from the solutions"
    )
    course.add_argument("course", help="the course directory, e.g. ~/course")
    course.add_argument(
        "--lesson", action="append", help="only this lesson, e.g. 03 (repeatable; default: all)"
    )
    course.add_argument("--solutions", default="exercises/solutions")
    course.add_argument("--config", default="grading/nbgrader_config.py")
    course.set_defaults(func=_grading_course)


def _add_classroom(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from coursekit.classroom import START_NOTEBOOK

    classroom = sub.add_parser("classroom", help="run the course for a class on a JupyterHub")
    cl_sub = classroom.add_subparsers(dest="classroom_command", required=True)
    link = cl_sub.add_parser("link", help="print the nbgitpuller link students click")
    link.add_argument(
        "--hub", required=True, help="the hub's address, e.g. https://hub.example.edu"
    )
    link.add_argument("--branch", default="main", help="the branch students get (default: main)")
    link.add_argument(
        "--notebook",
        default=START_NOTEBOOK,
        help=f"the notebook to open (default: {START_NOTEBOOK})",
    )
    link.add_argument(
        "--repo", default=None, help="the course repository (default: this package's)"
    )
    link.set_defaults(func=_classroom_link)


def _parser() -> argparse.ArgumentParser:
    from coursekit import __version__

    parser = argparse.ArgumentParser(
        prog="coursekit", description="A Jupyter teaching kit for news media literacy."
    )
    parser.add_argument("--version", action="version", version=f"coursekit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (
        _add_validate,
        _add_analyze,
        _add_exercises,
        _add_quizzes,
        _add_handouts,
        _add_grading,
        _add_classroom,
    ):
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
