"""`clausewright review CONTRACT --standard STANDARD`: a customer's contract against the standard.

The library database is opened only when the review needs it: for a ``doc:NAME`` standard, for
``--save``, and for the library's positions. Positions of a plain-file review come from the
library named by ``--db``, or from the default library if it already exists; a plain-file
review never creates the user data folder, and with ``--no-library`` it opens no database.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.cli.context import CliContext, existing_file, write_output
from app.domain.errors import ClausewrightError

if TYPE_CHECKING:
    from app.domain.review import Review, ReviewDecision, ReviewSummary

DEFAULT_AUTHOR = "Clausewright"
DECISION_KEYS = {"clause", "choice", "comment", "position_key"}
FORMATS = ("text", "json", "html", "docx")
NO_LIBRARY_WARNING = (
    "library positions left out: no library database yet (open Clausewright once, or give --db)"
)


def register(commands: Any) -> None:
    review = commands.add_parser(
        "review",
        help="review a customer's contract against the standard terms (deviations, lost "
        "protections, library positions)",
    )
    review.add_argument("contract", metavar="CONTRACT", help="the customer's .docx, .md or .txt")
    review.add_argument(
        "--standard",
        metavar="STANDARD",
        required=True,
        help="a file, or doc:NAME[@VERSION] for a terms document of the library "
        "(default version: the latest saved one, else the working draft)",
    )
    review.add_argument("--format", choices=FORMATS, default="text")
    review.add_argument("-o", "--output", metavar="OUT", help="write to a file (needed for docx)")
    review.add_argument(
        "--redline",
        metavar="OUT.docx",
        help="also write the tracked-changes redline of the contract against the standard",
    )
    review.add_argument(
        "--author",
        metavar="NAME",
        default=DEFAULT_AUTHOR,
        help=f"author of the tracked changes (default: {DEFAULT_AUTHOR})",
    )
    review.add_argument(
        "--reply",
        metavar="OUT.docx",
        help="write the counter-redline: the customer's document with --decisions applied as "
        "tracked changes and their comments as Word comments",
    )
    review.add_argument(
        "--decisions",
        metavar="DECISIONS.json",
        help='per deviating clause: [{"clause": N, "choice": "accept"|"restore"|"fallback", '
        '"comment": "...", "position_key": "..."}]; N is the position in the JSON "clauses"; '
        'without "choice" (or with null) the comment is a note the reply leaves out; the '
        "html and docx reports show the decisions and notes",
    )
    review.add_argument("--customer", metavar="NAME", help="the customer, for the report")
    review.add_argument(
        "--save", action="store_true", help="keep the review in the library (needs --customer)"
    )
    review.add_argument(
        "--no-library",
        action="store_true",
        help="leave out the library's positions (a review of two files then opens no database)",
    )
    review.set_defaults(handler=review_contract)
    reviews = commands.add_parser(
        "reviews", help="the saved reviews (newest first), or one of them with its notes"
    )
    reviews.add_argument("--open", metavar="ID", type=int, help="show one saved review")
    reviews.add_argument("--format", choices=("text", "json"), default="text")
    reviews.set_defaults(handler=list_reviews)


def review_contract(args: argparse.Namespace, ctx: CliContext) -> int:
    usage = _usage_error(args)
    if usage:
        print(f"clausewright: error: {usage}", file=sys.stderr)
        return 2
    from pathlib import Path

    from app.services.reviewing import Reviewing, parse_standard
    from app.services.scanning import Scanning

    contract = existing_file(args.contract)
    decisions = read_decisions(args.decisions) if args.decisions else []
    from_library = parse_standard(args.standard) is not None
    if not from_library:
        existing_file(args.standard)
    positions = not args.no_library and _library_available(ctx)
    rules = Scanning.from_folders(ctx.paths.resources / "rules", ctx.paths.user_rules_dir)
    reviewing = Reviewing(rules, library=ctx.library)
    review = reviewing.review(contract, args.standard, customer=args.customer, positions=positions)
    if not positions and not args.no_library:
        review = _with_warning(review, NO_LIBRARY_WARNING)
    if args.save:
        reviewing.save(review, customer=args.customer, notes=decisions)
    if args.reply:
        from app.services.reviewing import write_reply

        write_reply(reviewing, review, decisions, Path(args.reply), author=args.author)
    if args.redline:
        from app.services.reviewing import write_review_redline

        write_review_redline(review, Path(args.redline), author=args.author)
    if args.format == "docx":
        from app.services.reviewing import write_review_report

        write_review_report(review, Path(args.output), decisions)
        return 0
    _emit(ctx, args.output, render(review, args.format, decisions))
    return 0


def list_reviews(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.reviewing import Reviewing

    reviewing = Reviewing(library=ctx.library)
    if args.open is not None:
        saved = reviewing.open(args.open)
        if args.format == "json":
            data = {
                "id": saved.id,
                "customer": saved.customer,
                "created_at": saved.created_at.isoformat(),
                "notes": [n.to_data() for n in saved.notes],
                "review": saved.review.to_json(),
            }
            ctx.print_json(data)
        else:
            ctx.out.write(render_text(saved.review))
            for note in saved.notes:
                if note.choice is None:
                    ctx.print(f"Note on clause {note.clause} (no decision yet): {note.comment}")
                    continue
                comment = f": {note.comment}" if note.comment else ""
                ctx.print(f"Decision on clause {note.clause}: {note.choice}{comment}")
        return 0
    found = reviewing.reviews()
    if args.format == "json":
        ctx.print_json({"reviews": [_summary_data(r) for r in found]})
        return 0
    for r in found:
        lost = f"; lost: {', '.join(r.lost)}" if r.lost else ""
        ctx.print(
            f"{r.id:>4}  {r.created_at:%Y-%m-%d %H:%M}  {r.customer}  {r.contract} vs "
            f"{r.standard}: {r.deviations} deviation(s){lost}"
        )
    if not found:
        ctx.print("No saved reviews yet (clausewright review ... --customer NAME --save).")
    return 0


def _summary_data(summary: ReviewSummary) -> dict[str, object]:
    return {
        "id": summary.id,
        "customer": summary.customer,
        "contract": summary.contract,
        "standard": summary.standard,
        "standard_version": summary.standard_version,
        "created_at": summary.created_at.isoformat(),
        "deviations": summary.deviations,
        "lost": list(summary.lost),
    }


def _usage_error(args: argparse.Namespace) -> str | None:
    if args.format == "docx" and not args.output:
        return "--format docx needs -o OUT.docx"
    if args.save and not args.customer:
        return "--save needs --customer NAME"
    if args.save and args.no_library:
        return "--save keeps the review in the library; leave out --no-library"
    if args.reply and not args.decisions:
        return "--reply needs --decisions DECISIONS.json"
    if args.no_library and args.standard.startswith("doc:"):
        return "a doc: standard comes from the library; leave out --no-library"
    return None


def read_decisions(path: str) -> list[ReviewDecision]:
    """The lawyer's decisions from a JSON file; a clear error for anything malformed."""
    from app.domain.errors import InvalidInputError

    try:
        data = json.loads(existing_file(path).read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise TypeError("a list of decisions")
        return [_decision(item) for item in data]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError(f"{path}: cannot read the decisions ({exc})") from exc
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise InvalidInputError(
            f'{path}: each decision needs "clause" (a number) and "choice" '
            f'(accept, restore or fallback; none for a note, with its "comment"): {exc}'
        ) from exc


def _decision(item: Any) -> ReviewDecision:
    """One decision; an unknown key is refused (a misspelt "choice" must not become a note)."""
    from app.domain.review import ReviewDecision

    if not isinstance(item, dict):
        raise TypeError("each decision is an object {...}")
    unknown = sorted(set(item) - DECISION_KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    return ReviewDecision.from_data(item)


def _library_available(ctx: CliContext) -> bool:
    """A library to take positions from: one named by --db, or the default one if it exists."""
    return ctx.db_url is not None or ctx.paths.default_database.exists()


def _with_warning(review: Review, warning: str) -> Review:
    from dataclasses import replace

    comparison = replace(review.comparison, warnings=(*review.comparison.warnings, warning))
    return replace(review, comparison=comparison)


def _emit(ctx: CliContext, output: str | None, text: str) -> None:
    if output:
        write_output(output, text.encode("utf-8"))
        return
    try:
        ctx.out.write(text)
        ctx.out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise ClausewrightError(f"cannot write the output: {exc.strerror}") from exc


def render(review: Review, kind: str, decisions: Sequence[ReviewDecision] = ()) -> str:
    """The review as text, JSON or HTML; the HTML report shows the decisions and notes."""
    if kind == "json":
        return json.dumps(review.to_json(), ensure_ascii=False, indent=2) + "\n"
    if kind == "html":
        from app.services.review_html import review_html

        return review_html(review, decisions)
    return render_text(review)


# -- text ------------------------------------------------------------------------------------


def render_text(review: Review) -> str:
    """The review for a terminal: lost protections first, then each deviation, worst first."""
    from app.diffing.report import clause_label, marked_text, status_label, summary_line
    from app.domain.review import clause_notes, risk_lines

    lines = [f"Review of {review.contract} against {review.standard}"]
    if review.customer:
        lines.append(f"Customer: {review.customer}")
    lines.append(summary_line(review.comparison))
    lines.extend(risk_lines(review.risk))
    lines.extend(f"Warning: {w}" for w in review.comparison.warnings)
    deviations = review.deviations()
    if not deviations:
        lines.append("The contract follows the standard: no deviating clauses.")
    for position in deviations:
        change = review.clauses[position]
        head = f"[{status_label(change)}] {clause_label(change)}"
        if change.old_index is not None and change.new_index is not None:
            head += f"  (similarity {change.similarity:.2f})"
        lines += ["", head]
        lines.extend("  " + note for note in clause_notes(change))
        if change.trivial and not (change.categories_lost or change.categories_gained):
            continue
        lines.extend("  " + line for line in marked_text(change).splitlines())
    return "\n".join(lines) + "\n"
