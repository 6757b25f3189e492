"""Safe YAML reading with line numbers, and stable, diff-friendly YAML writing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from app.domain.errors import ClauseFileError

MAX_FLOW_DEPTH = 64
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


class _LiteralDumper(yaml.SafeDumper):
    """Writes multi-line strings as literal blocks so bodies stay readable in git diffs."""


class Block(str):
    """A string always written as a literal block (clause bodies)."""

    __slots__ = ()


class FlowList(list[str]):
    """A list written on one line: ``tags: [ai, output]``."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_block(dumper: yaml.SafeDumper, value: Block) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="|")


def _represent_flow(dumper: yaml.SafeDumper, value: FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_LiteralDumper.add_representer(str, _represent_str)
_LiteralDumper.add_representer(Block, _represent_block)
_LiteralDumper.add_representer(FlowList, _represent_flow)


def dump_yaml(data: Any) -> str:
    """Key order as given (not sorted), block style, unicode kept as is."""
    return yaml.dump(
        data,
        Dumper=_LiteralDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def _nests_deeper_than(text: str, limit: int) -> bool:
    """Whether ``[``/``{`` brackets nest deeper than ``limit`` (a front matter needs 3)."""
    depth = 0
    for bracket in _NOT_BRACKETS.sub("", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        if depth > limit:
            return True
    return False


def load_yaml_mapping(
    text: str, path: str, first_line: int = 1
) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML mapping; return it with the line of each top-level key.

    Errors name the file and the line (counted from ``first_line``).
    """
    if _nests_deeper_than(text, MAX_FLOW_DEPTH):
        # PyYAML would recurse until Python's limit, which takes about a second.
        raise ClauseFileError(path, None, "invalid YAML: nested too deeply")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = first_line + mark.line if mark is not None else None
        raise ClauseFileError(path, line, f"invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise ClauseFileError(path, None, f"invalid YAML: {exc}") from exc
    except RecursionError:  # PyYAML recurses once per nesting level: "[[[[..." exhausts it
        raise ClauseFileError(path, None, "invalid YAML: nested too deeply") from None
    except ValueError as exc:  # a timestamp out of range, e.g. "date: 2025-13-45"
        raise ClauseFileError(path, None, f"invalid YAML: {exc}") from exc
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ClauseFileError(path, first_line, "the front matter must be a mapping of fields")
    lines: dict[str, int] = {}
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return {str(k): v for k, v in data.items()}, lines


def read_text_file(path: Path, max_bytes: int) -> str:
    """A file's UTF-8 text; too large, unreadable or undecodable files are a ClauseFileError."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ClauseFileError(str(path), None, f"file is too large ({size} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise ClauseFileError(str(path), None, f"cannot be read: {exc.strerror}") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ClauseFileError(str(path), line, "is not valid UTF-8 text") from None
