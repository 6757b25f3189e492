"""`clausewright assemble DOCUMENT_NAME [--set NAME=VALUE ...] -o OUT.docx`: export to Word."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.domain.errors import InvalidInputError


def register(commands: Any) -> None:
    assemble = commands.add_parser(
        "assemble",
        help="assemble a terms document from the library and export it as Word",
        description="Fill in the document's variables (defaults unless --set), apply its "
        "conditions, number it and write a .docx with real Word numbering.",
    )
    assemble.add_argument("name", metavar="DOCUMENT_NAME")
    assemble.add_argument(
        "--set",
        dest="values",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a variable's value (repeatable); dates as YYYY-MM-DD, yes/no as true/false",
    )
    assemble.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    assemble.add_argument(
        "--version", type=int, metavar="N", help="export saved version N instead of the draft"
    )
    assemble.add_argument("--label", help="version label shown in the header (default: draft)")
    assemble.add_argument("--toc", action="store_true", help="add a table of contents field")
    for name in ("author", "company", "manager"):
        assemble.add_argument(
            f"--{name}", default="", help=f"file property '{name}' (default: left blank)"
        )
    assemble.set_defaults(handler=assemble_document)


def assemble_document(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.assembly.values import parse_assignments
    from app.docx_io.export import DocumentProperties, ExportOptions
    from app.domain.terms import AssemblyError
    from app.services.drafting import Drafting

    try:
        values = parse_assignments(args.values)
    except ValueError as exc:
        raise InvalidInputError(f"--set {exc}") from None
    output = Path(args.output)
    if output.suffix.lower() != ".docx":
        raise InvalidInputError(f"{output}: the output must be a .docx file")
    library = ctx.library()
    drafting = Drafting(library.database, user=library.user)
    try:
        assembled = drafting.export_docx(
            args.name,
            output,
            values,
            version=args.version,
            label=args.label,
            options=ExportOptions(
                table_of_contents=args.toc,
                properties=DocumentProperties(
                    author=args.author,
                    last_modified_by=args.author,
                    company=args.company,
                    manager=args.manager,
                ),
            ),
        )
    except AssemblyError as exc:
        print(f"clausewright: error: {args.name} cannot be exported until fixed:", file=sys.stderr)
        print(exc.report(), file=sys.stderr)
        return 1
    ctx.print(
        f"{output}: {len(assembled.clauses)} sections, {assembled.word_count()} words "
        f"({assembled.title})"
    )
    for warning in assembled.warnings:
        print(f"clausewright: warning: {warning}", file=sys.stderr)
    return 0
