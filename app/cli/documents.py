"""`clausewright documents`: the terms documents in the library."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext


def register(commands: Any) -> None:
    documents = commands.add_parser("documents", help="list the terms documents in the library")
    documents.add_argument("--format", choices=("text", "json"), default="text")
    documents.set_defaults(handler=list_documents)


def list_documents(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.drafting import Drafting

    library = ctx.library()
    summaries = Drafting(library.database, user=library.user).list_documents()
    if args.format == "json":
        ctx.print_json(
            {
                "documents": [
                    {"name": s.name, "title": s.title, "versions": s.versions} for s in summaries
                ]
            }
        )
        return 0
    if not summaries:
        ctx.print("No documents in the library.")
        return 0
    for summary in summaries:
        saved = f"{summary.versions} version(s) saved" if summary.versions else "no versions saved"
        ctx.print(f"{summary.name}  {summary.title}  ({saved})")
    return 0
