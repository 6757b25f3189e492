"""`clausewright scan FILE`: findings of the highlighting rules in a document."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, existing_file


def register(commands: Any) -> None:
    scan = commands.add_parser(
        "scan", help="find risky clauses (competitor training, liability, ...) in a file"
    )
    scan.add_argument("file", metavar="FILE", help="a .docx, .md or .txt file")
    scan.add_argument("--format", choices=("text", "json"), default="text")
    scan.set_defaults(handler=scan_file)


def scan_file(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.scanning import Scanning

    path = existing_file(args.file)
    scanning = Scanning.from_folders(ctx.paths.resources / "rules", ctx.paths.user_rules_dir)
    report = scanning.scan_document(path)
    if args.format == "json":
        ctx.print_json(report.to_json())
        return 0
    if not report.findings:
        ctx.print(f"No findings in {report.source}.")
        return 0
    ctx.print(f"{len(report.findings)} findings in {report.source}")
    for finding in report.findings:
        text = " ".join(finding.text.split())
        ctx.print(
            f"clause {finding.clause_index:>3}  [{finding.severity.value}] "
            f"{finding.category}: \u201c{text}\u201d"
        )
        details = [finding.explanation]
        if finding.scope:
            details.append(f"scope: {finding.scope}")
        if finding.restricted_party:
            details.append(f"restricts: {finding.restricted_party}")
        if finding.carve_outs:
            details.append(f"carve-outs: {', '.join(finding.carve_outs)}")
        ctx.print(f"             {' | '.join(details)}")
    return 0
