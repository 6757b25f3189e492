"""`clausewright split FILE`: the clauses an import finds."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, existing_file


def register(commands: Any) -> None:
    split = commands.add_parser("split", help="show the clauses found in a .docx, .md or .txt file")
    split.add_argument("file", metavar="FILE", help="a .docx, .md or .txt file")
    split.add_argument("--format", choices=("text", "json"), default="text")
    split.set_defaults(handler=split_file)


def split_file(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.documents_io import load_document

    document = load_document(existing_file(args.file))
    if args.format == "json":
        ctx.print_json(document.to_json())
        return 0
    if document.title:
        ctx.print(f"Title: {document.title}")
    for warning in document.warnings:
        ctx.print(f"Warning: {warning}")
    ctx.print(f"{len(document.clauses)} clauses")
    for clause in document.clauses:
        indent = "  " * (clause.level - 1)
        lead = " ".join(p for p in (clause.number, clause.heading) if p)
        text = " ".join(clause.text.split())
        preview = text if len(text) <= 80 else text[:77] + "..."
        line = " \u2014 ".join(p for p in (lead, preview) if p)
        ctx.print(f"{clause.index:>4}  {indent}{line}")
    return 0
