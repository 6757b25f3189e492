"""The audit trail: who changed what about a clause (beyond its wording) and when."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from app.domain.clause import ClauseMetadata

_LABELS = {"type": "clause type", "jurisdiction": "jurisdiction", "notes": "notes"}


@dataclass(frozen=True)
class ClauseChange:
    """One recorded change of a clause's details (wording changes are its versions)."""

    at: datetime
    author: str
    summary: str


def _shown(value: object) -> str:
    if value in (None, "", ()):
        return "(none)"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def describe_changes(old: ClauseMetadata, new: ClauseMetadata) -> str:
    """What differs, field by field: "status: approved → retired; tier: preferred → fallback".

    Notes are long: only that they changed is said.
    """
    parts = []
    for field in fields(ClauseMetadata):
        before, after = getattr(old, field.name), getattr(new, field.name)
        if before == after:
            continue
        label = _LABELS.get(field.name, field.name)
        if field.name == "notes":
            parts.append(f"{label} edited")
        else:
            parts.append(f"{label}: {_shown(before)} → {_shown(after)}")
    return "; ".join(parts)
