"""`clausewright diff OLD NEW`: the clause-aware redline of two documents."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from app.cli.context import CliContext, existing_file, write_output
from app.domain.errors import ClausewrightError

if TYPE_CHECKING:
    from app.domain.comparison import Comparison

DEFAULT_AUTHOR = "Clausewright"
FORMATS = ("text", "json", "html", "docx")


def register(commands: Any) -> None:
    diff = commands.add_parser(
        "diff",
        help="compare two documents clause by clause (redline, moved clauses, risk changes)",
    )
    diff.add_argument("old", metavar="OLD", help="the earlier version (.docx, .md or .txt)")
    diff.add_argument("new", metavar="NEW", help="the later version (.docx, .md or .txt)")
    diff.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, html (a redline page) or docx (tracked changes; needs -o)",
    )
    diff.add_argument("-o", "--output", metavar="OUT", help="write to a file (needed for docx)")
    diff.add_argument(
        "--author",
        metavar="NAME",
        default=DEFAULT_AUTHOR,
        help=f"author of the tracked changes in a Word redline (default: {DEFAULT_AUTHOR})",
    )
    diff.add_argument("--ignore-case", action="store_true", help="case changes are not changes")
    diff.add_argument(
        "--ignore-whitespace", action="store_true", help="spacing changes are not changes"
    )
    diff.add_argument(
        "--ignore-numbering", action="store_true", help="renumbered clauses are not changes"
    )
    diff.set_defaults(handler=diff_documents)


def diff_documents(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.format == "docx" and not args.output:
        print("clausewright: error: --format docx needs -o OUT.docx", file=sys.stderr)
        return 2
    from app.domain.comparison import CompareOptions
    from app.services.comparing import Comparing, write_redline
    from app.services.scanning import Scanning

    old, new = existing_file(args.old), existing_file(args.new)
    options = CompareOptions(
        ignore_case=args.ignore_case,
        ignore_whitespace=args.ignore_whitespace,
        ignore_numbering=args.ignore_numbering,
    )
    rules = Scanning.from_folders(ctx.paths.resources / "rules", ctx.paths.user_rules_dir)
    comparison = Comparing(rules).compare_files(old, new, options)
    if args.format == "docx":
        from pathlib import Path

        write_redline(comparison, Path(args.output), author=args.author)
        return 0
    text = _render(comparison, args.format)
    if args.output:
        write_output(args.output, text.encode("utf-8"))
    else:
        try:
            ctx.out.write(text)
            ctx.out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise ClausewrightError(f"cannot write the output: {exc.strerror}") from exc
    return 0


def _render(comparison: Comparison, kind: str) -> str:
    if kind == "json":
        return json.dumps(comparison.to_json(), ensure_ascii=False, indent=2) + "\n"
    if kind == "html":
        from app.diffing.html import render_html

        return render_html(comparison)
    from app.diffing.report import render_text

    return render_text(comparison)
