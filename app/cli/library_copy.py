"""`clausewright copy-library SOURCE TARGET`: move a library between SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext

TABLE_NAMES = {
    "clause": "clauses",
    "clause_version": "clause versions",
    "terms_document": "documents",
    "terms_document_version": "document versions",
}


def register(commands: Any) -> None:
    copy = commands.add_parser(
        "copy-library",
        help="copy a whole library (clauses, versions, documents) into an empty database",
        description="Copy every clause with all its versions, every document and the library "
        "settings from SOURCE into TARGET, in one transaction: all or nothing. TARGET must be "
        "empty or already hold the same library (then nothing is written). Each is a database "
        "URL (sqlite:///path.db, postgresql+psycopg://user@host/db) or a SQLite file path.",
    )
    copy.add_argument("source", metavar="SOURCE")
    copy.add_argument("target", metavar="TARGET")
    copy.set_defaults(handler=copy_library)


def copy_library(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.library_transfer import copy_library as copy
    from app.services.library_transfer import shown_url

    report = copy(args.source, args.target)
    counts = ", ".join(
        f"{report.rows[name]} {label}" for name, label in TABLE_NAMES.items() if name in report.rows
    )
    if report.already_there:
        ctx.print(f"{shown_url(args.target)} already holds this library ({counts}); nothing copied")
    else:
        ctx.print(f"copied {counts} to {shown_url(args.target)}")
    return 0
