"""A comparison as one self-contained HTML page: summary, change list and the redline."""

from __future__ import annotations

from html import escape

from app.diffing.report import (
    clause_label,
    finding_notes,
    risk_lines,
    status_label,
    summary_line,
    title_lines,
)
from app.domain.comparison import ClauseChange, Comparison

_STYLE = """
body { font: 15px/1.5 Georgia, "Times New Roman", serif; max-width: 52em; margin: 2em auto;
       padding: 0 1em; color: #1a1a1a; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
.summary, .risk, .warnings { font-family: system-ui, sans-serif; font-size: 0.9em; }
.risk li { color: #8a1c1c; } .warnings li { color: #7a5a00; }
ins { color: #0b5d1e; background: #e3f6e8; text-decoration: underline; }
del { color: #9b1c1c; background: #fbe4e4; text-decoration: line-through; }
.clause { margin: 0.8em 0; padding: 0.3em 0.6em; border-left: 4px solid transparent; }
.clause p { margin: 0.2em 0; white-space: pre-wrap; }
.clause .status { font: 0.75em system-ui, sans-serif; text-transform: uppercase;
                  letter-spacing: 0.05em; color: #555; }
.modified { border-color: #d9a400; } .moved { border-color: #2f6db3; }
.added { border-color: #1f8a3b; } .removed { border-color: #b42318; }
.trivial { border-color: #bbb; } .unchanged .status { display: none; }
.findings { font: 0.85em system-ui, sans-serif; color: #8a1c1c; }
nav ol { font-family: system-ui, sans-serif; font-size: 0.9em; }
"""


def render_html(comparison: Comparison) -> str:
    """The whole page; every piece of document text is escaped."""
    title = f"Redline: {_name(comparison.old)} \u2192 {_name(comparison.new)}"
    sources = f"{comparison.old} \u2192 {comparison.new}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{escape(sources)}</p>',
        f'<p class="summary">{escape(summary_line(comparison))}</p>',
        _list("summary", title_lines(comparison)),
        _list("risk", risk_lines(comparison)),
        _list("warnings", list(comparison.warnings)),
        _change_list(comparison),
        "<h2>Redline</h2>",
        *(_clause(k, c) for k, c in enumerate(comparison.clauses)),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _name(source: str) -> str:
    """The file name of a source path (either separator), for the page title."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _list(kind: str, items: list[str]) -> str:
    if not items:
        return ""
    rows = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<ul class="{kind}">{rows}</ul>'


def _change_list(comparison: Comparison) -> str:
    rows = [
        f'<li><a href="#c{k}">{escape(clause_label(c))}</a> \u2014 {escape(status_label(c))}</li>'
        for k, c in enumerate(comparison.clauses)
        if c.status != "unchanged"
    ]
    if not rows:
        return '<p class="summary">The documents\' clauses are the same.</p>'
    return f"<nav><h2>Changes</h2><ol>{''.join(rows)}</ol></nav>"


def _clause(position: int, change: ClauseChange) -> str:
    kind = "trivial" if change.trivial else change.status
    notes = finding_notes(change)
    findings = f'<div class="findings">{escape("; ".join(notes))}</div>' if notes else ""
    return (
        f'<section class="clause {kind}" id="c{position}">'
        f'<div class="status">{escape(status_label(change))}</div>{findings}'
        f"<p>{_pieces(change)}</p></section>"
    )


def _pieces(change: ClauseChange) -> str:
    out = []
    for op, text in change.changes:
        if op == "equal":
            out.append(escape(text))
        elif op == "insert":
            out.append(f"<ins>{escape(text)}</ins>")
        else:
            out.append(f"<del>{escape(text)}</del>")
    return "".join(out)
