"""`clausewright eval-rules LABELLED.jsonl`: precision, recall and F1 of the rules."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, existing_file


def register(commands: Any) -> None:
    evaluate = commands.add_parser(
        "eval-rules", help="measure the highlighting rules on labelled text (JSON lines)"
    )
    evaluate.add_argument(
        "file", metavar="LABELLED.jsonl", help='lines of {"text": ..., "labels": [...]}'
    )
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument(
        "--only",
        metavar="CATEGORY",
        action="append",
        help="score only this category (repeatable); others found are ignored",
    )
    evaluate.set_defaults(handler=evaluate_rules)


def evaluate_rules(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.detection.evaluation import format_table
    from app.domain.errors import InvalidInputError
    from app.domain.findings import CATEGORIES
    from app.services.scanning import Scanning

    only = frozenset(args.only) if args.only else None
    unknown = sorted((only or frozenset()) - set(CATEGORIES))
    if unknown:
        raise InvalidInputError(f"unknown category {unknown[0]!r}")
    path = existing_file(args.file)
    scanning = Scanning.from_folders(ctx.paths.resources / "rules", ctx.paths.user_rules_dir)
    result = scanning.evaluate_file(path, only)
    if args.format == "json":
        ctx.print_json(result.to_json())
    else:
        ctx.print(format_table(result))
    return 0
