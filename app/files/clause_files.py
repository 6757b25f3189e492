"""Clause files: one clause per file, YAML front matter with metadata and history, body below.

A clause file looks like this::

    ---
    key: governing-law
    title: Governing Law
    type: governing-law
    ...
    history:
    - version: 1
      author: Legal
      date: 2026-01-15
      reason: First approved wording
      body: |
        The old wording.
    - version: 2
      author: Legal
      date: 2026-03-02
      reason: Name the courts
    ---
    The current wording (the body of the last version in history).

Dates and authors come from the file, never from the clock, so that importing the same files
twice gives identical databases and exports.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.atomic_write import write_bytes_atomic
from app.domain.clause import (
    ClauseMetadata,
    ClauseRecord,
    ClauseVersion,
    Risk,
    Status,
    Tier,
    is_valid_key,
    normalize_tags,
)
from app.domain.errors import ClauseFileError
from app.files.yaml_io import Block, FlowList, dump_yaml, load_yaml_mapping, read_text_file

CLAUSE_FIELDS = (
    "key",
    "title",
    "type",
    "tier",
    "category",
    "tags",
    "risk",
    "jurisdiction",
    "status",
    "owner",
    "notes",
    "history",
)
HISTORY_FIELDS = ("version", "author", "date", "reason", "body")
CLAUSE_SUFFIX = ".md"
MAX_CLAUSE_FILE_BYTES = 2_000_000


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ClauseFileError(
            path, 1, "a clause file must start with a '---' line (YAML front matter)"
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    raise ClauseFileError(path, 1, "the front matter is not closed by a '---' line")


def _clean_body(body: str) -> str:
    return body.strip("\n")


def _parse_date(value: Any, path: str, line: int | None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    raise ClauseFileError(path, line, f"history date {value!r} is not a date (use YYYY-MM-DD)")


def format_date(value: dt.datetime) -> str | dt.date:
    """Midnight UTC is written as a plain date; any other moment as ISO 8601 with Z."""
    value = value.astimezone(dt.UTC)
    if value.time() == dt.time(0, 0):
        return value.date()
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _enum(kind: type[Any], value: Any, name: str, path: str, line: int | None) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ClauseFileError(
            path, line, f"{name} must be one of {allowed}, not {value!r}"
        ) from None


def _opt_str(data: dict[str, Any], name: str, path: str, lines: dict[str, int]) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise ClauseFileError(path, lines.get(name), f"{name} must be text")
    return str(value)


def _parse_history(raw: Any, body: str, path: str, line: int | None) -> tuple[ClauseVersion, ...]:
    if raw is None:
        raise ClauseFileError(path, line, "history is missing: give at least one version")
    if not isinstance(raw, list) or not raw:
        raise ClauseFileError(path, line, "history must be a list with at least one version")
    versions: list[ClauseVersion] = []
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ClauseFileError(path, line, f"history entry {position} must be a mapping")
        unknown = sorted(set(map(str, entry)) - set(HISTORY_FIELDS))
        if unknown:
            raise ClauseFileError(
                path, line, f"history entry {position} has unknown field(s): {', '.join(unknown)}"
            )
        number = entry.get("version", position)
        if number != position:
            raise ClauseFileError(
                path, line, f"history entry {position} has version {number!r}; expected {position}"
            )
        last = position == len(raw)
        entry_body = entry.get("body")
        if entry_body is None and not last:
            raise ClauseFileError(path, line, f"history entry {position} has no body")
        if last and entry_body is not None and _clean_body(str(entry_body)) != body:
            raise ClauseFileError(
                path,
                line,
                f"the body below the front matter differs from history version {position}; "
                "add a history entry (author, date, reason) for the new wording",
            )
        reason = entry.get("reason")
        if not reason or not str(reason).strip():
            raise ClauseFileError(path, line, f"history entry {position} needs a reason")
        versions.append(
            ClauseVersion(
                number=position,
                body=body if last else _clean_body(str(entry_body)),
                author=str(entry.get("author") or "unknown"),
                reason=str(reason).strip(),
                created_at=_parse_date(entry.get("date"), path, line),
            )
        )
    return tuple(versions)


def parse_clause_file(text: str, path: str) -> ClauseRecord:
    """Parse and validate one clause file; errors name the file and line."""
    front, body, _body_line = split_front_matter(text, path)
    data, lines = load_yaml_mapping(front, path, first_line=2)
    unknown = [k for k in data if k not in CLAUSE_FIELDS]
    if unknown:
        name = unknown[0]
        raise ClauseFileError(
            path, lines.get(name), f"unknown field {name!r} (known: {', '.join(CLAUSE_FIELDS)})"
        )
    for required in ("key", "title", "type"):
        value = data.get(required)
        if value is None or not str(value).strip():
            raise ClauseFileError(path, lines.get(required, 1), f"{required} is missing")
    key = str(data["key"]).strip()
    if not is_valid_key(key):
        raise ClauseFileError(
            path, lines.get("key"), f"key {key!r} must be kebab-case (a-z, 0-9, hyphens)"
        )
    tags_raw = data.get("tags") or []
    if isinstance(tags_raw, str):
        tags_raw = [tags_raw]
    if not isinstance(tags_raw, list):
        raise ClauseFileError(path, lines.get("tags"), "tags must be a list")
    try:
        tags = normalize_tags([str(t) for t in tags_raw])
    except ValueError as exc:
        raise ClauseFileError(path, lines.get("tags"), str(exc)) from None
    tier = data.get("tier")
    meta = ClauseMetadata(
        title=str(data["title"]).strip(),
        type=str(data["type"]).strip(),
        category=_opt_str(data, "category", path, lines),
        tier=None if tier is None else _enum(Tier, tier, "tier", path, lines.get("tier")),
        tags=tags,
        risk=_enum(Risk, data.get("risk", "low"), "risk", path, lines.get("risk")),
        jurisdiction=_opt_str(data, "jurisdiction", path, lines),
        status=_enum(Status, data.get("status", "draft"), "status", path, lines.get("status")),
        owner=_opt_str(data, "owner", path, lines),
        notes=str(data.get("notes") or "").strip(),
    )
    history = _parse_history(data.get("history"), _clean_body(body), path, lines.get("history"))
    if not history[-1].body.strip():
        raise ClauseFileError(path, None, "the clause body is empty")
    return ClauseRecord(key=key, meta=meta, history=history)


def render_clause_file(record: ClauseRecord) -> str:
    """The canonical text of a clause file: same record, byte-identical text."""
    meta = record.meta
    history: list[dict[str, Any]] = []
    for index, version in enumerate(record.history):
        entry: dict[str, Any] = {
            "version": version.number,
            "author": version.author,
            "date": format_date(version.created_at),
            "reason": version.reason,
        }
        if index < len(record.history) - 1:
            entry["body"] = Block(version.body)
        history.append(entry)
    data: dict[str, Any] = {
        "key": record.key,
        "title": meta.title,
        "type": meta.type,
        "tier": meta.tier.value if meta.tier else None,
        "category": meta.category,
        "tags": FlowList(meta.tags),
        "risk": meta.risk.value,
        "jurisdiction": meta.jurisdiction,
        "status": meta.status.value,
        "owner": meta.owner,
        "notes": meta.notes,
        "history": history,
    }
    # Optional fields that are empty are left out, so files stay short and hand-editable.
    data = {k: v for k, v in data.items() if v not in (None, "") and v != FlowList()}
    return f"---\n{dump_yaml(data)}---\n{record.body}\n"


def read_clause_folder(folder: Path) -> list[ClauseRecord]:
    """Read every clause file in a folder (not its sub-folders); all must be valid.

    Raises ClauseFileError for the first problem found, including a key used twice.
    """
    if not folder.is_dir():
        raise ClauseFileError(str(folder), None, "is not a folder")
    records: list[ClauseRecord] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob(f"*{CLAUSE_SUFFIX}")):
        if path.name.lower() == "readme.md":
            continue
        record = read_clause_file(path)
        if record.key in seen:
            raise ClauseFileError(
                str(path), 2, f"duplicate key {record.key!r} (also in {seen[record.key].name})"
            )
        seen[record.key] = path
        records.append(record)
    return records


def read_clause_file(path: Path) -> ClauseRecord:
    text = read_text_file(path, MAX_CLAUSE_FILE_BYTES)
    return parse_clause_file(text, str(path))


def write_text_atomic(path: Path, text: str) -> None:
    """Write through a temporary file, fsync and rename: a killed write leaves the old file."""
    write_bytes_atomic(path, text.encode("utf-8"))


def clause_file_name(key: str) -> str:
    return f"{key}{CLAUSE_SUFFIX}"


def write_clause_folder(folder: Path, records: list[ClauseRecord]) -> list[Path]:
    """Write one file per clause; files of other clauses in the folder are left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for record in sorted(records, key=lambda r: r.key):
        path = folder / clause_file_name(record.key)
        text = render_clause_file(record)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
        written.append(path)
    return written
