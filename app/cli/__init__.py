"""The command line: the same services as the window, for automation and headless tests.

Exit codes: 0 success, 1 the input or the operation failed, 2 wrong usage. Heavy modules are
imported inside the command handlers so that ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from app.cli.context import CliContext
from app.domain.errors import ClausewrightError
from app.version import __version__

# Modules under app.cli that add commands; each has register(subparsers).
COMMAND_MODULES = (
    "library",
    "documents",
    "assemble",
    "split",
    "diff",
    "review",
    "library_copy",
    "scan",
    "eval_rules",
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clausewright",
        description="Clause library, terms drafting, redlines and contract review. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"clausewright {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="library database (default: SQLite in your user data folder); "
        "e.g. sqlite:///path.db or postgresql+psycopg://user@host/db",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument(
        "--screenshot", metavar="PNG", help="render the main window to PNG after start-up and exit"
    )
    gui.add_argument(
        "--open", metavar="KEY", dest="open_item", help="clause key or document name to open"
    )
    for name in COMMAND_MODULES:
        import_module(f"app.cli.{name}").register(commands)
    return parser


Handler = Callable[[argparse.Namespace, CliContext], int]


def wants_gui(args: argparse.Namespace) -> bool:
    return args.command in (None, "gui")


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def run(args: argparse.Namespace, context: CliContext) -> int:
    """Run a parsed non-GUI command; errors become one line on stderr and exit code 1."""
    handler: Handler = args.handler
    try:
        return handler(args, context)
    except ClausewrightError as exc:
        print(f"clausewright: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("clausewright: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        context.close()
