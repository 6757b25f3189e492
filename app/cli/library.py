"""`clausewright library import|export|search`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.domain.errors import InvalidInputError


def register(commands: Any) -> None:
    library = commands.add_parser("library", help="import, export and search the clause library")
    actions = library.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="import clause files from a folder (idempotent)")
    imp.add_argument("folder", metavar="DIR")
    imp.set_defaults(handler=import_folder)
    exp = actions.add_parser("export", help="export every clause with its history to a folder")
    exp.add_argument("folder", metavar="DIR")
    exp.set_defaults(handler=export_folder)
    search = actions.add_parser("search", help="full-text search of the library")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--format", choices=("text", "json"), default="text")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--include-retired", action="store_true")
    search.set_defaults(handler=search_library)


def import_folder(args: argparse.Namespace, ctx: CliContext) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise InvalidInputError(f"{folder}: no such folder")
    report = ctx.library().import_folder(folder)
    ctx.print(
        f"{len(report.added)} added, {len(report.revised)} revised, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )
    documents = report.documents
    if documents.added or documents.updated or documents.unchanged:
        ctx.print(
            f"documents: {len(documents.added)} added, {len(documents.updated)} updated, "
            f"{len(documents.unchanged)} unchanged"
        )
    return 0


def export_folder(args: argparse.Namespace, ctx: CliContext) -> int:
    written = ctx.library().export_folder(Path(args.folder))
    ctx.print(f"{len(written)} clauses written to {args.folder}")
    return 0


def search_library(args: argparse.Namespace, ctx: CliContext) -> int:
    hits = ctx.library().search(args.query, limit=args.limit, include_retired=args.include_retired)
    if args.format == "json":
        ctx.print_json(
            {
                "query": args.query,
                "results": [
                    {
                        "key": h.key,
                        "title": h.title,
                        "category": h.category or "",
                        "snippet": h.marked_snippet(),
                        "type": h.type,
                        "status": h.status.value,
                    }
                    for h in hits
                ],
            }
        )
        return 0
    if not hits:
        ctx.print(f"No clauses match {args.query!r}.")
        return 0
    for hit in hits:
        ctx.print(f"{hit.key}  {hit.title}  [{hit.category or hit.type}]")
        ctx.print(f"    {hit.marked_snippet()}")
    return 0
