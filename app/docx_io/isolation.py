"""Importing an untrusted .docx in a separate process with memory and time limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.docx_io import safety
from app.domain.document import SourceClause, SplitDocument
from app.domain.errors import InvalidInputError

_ERROR_TYPES: dict[str, type[InvalidInputError]] = {
    cls.__name__: cls
    for cls in (
        safety.NotWordDocumentError,
        safety.EncryptedDocumentError,
        safety.DamagedDocumentError,
        safety.UnsafeDocumentError,
        InvalidInputError,
    )
}


@dataclass(frozen=True)
class WorkerLimits:
    """What one import may use: address space of the worker and wall-clock time."""

    memory_mb: int = 1024
    seconds: float = 20.0


@dataclass(frozen=True)
class ImportRun:
    """The outcome of one isolated import, with the worker's own measurements."""

    document: SplitDocument | None
    error: InvalidInputError | None
    seconds: float = 0.0
    peak_rss_kb: int = 0
    details: dict[str, Any] = field(default_factory=dict)


def import_docx(
    path: Path, *, source: str | None = None, limits: WorkerLimits = WorkerLimits()
) -> SplitDocument:
    """The clauses of a .docx, read in a worker process; any failure is one InvalidInputError."""
    run = run_import(path, source=source, limits=limits)
    if run.error is not None:
        raise run.error
    assert run.document is not None
    return run.document


def run_import(
    path: Path, *, source: str | None = None, limits: WorkerLimits = WorkerLimits()
) -> ImportRun:
    command = [
        sys.executable,
        "-m",
        "app.docx_io.worker",
        str(path),
        "--source",
        source or str(path),
        "--memory-mb",
        str(limits.memory_mb),
    ]
    name = path.name
    try:
        finished = subprocess.run(
            command,
            env=_worker_environment(),
            capture_output=True,
            timeout=limits.seconds,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        message = f"{name}: could not be imported: it took longer than {limits.seconds:g} s"
        return ImportRun(None, InvalidInputError(message), seconds=limits.seconds)
    except OSError as exc:
        message = f"{name}: could not be imported: the importer did not start ({exc})"
        return ImportRun(None, InvalidInputError(message))
    return _decode(name, finished)


def _worker_environment() -> dict[str, str]:
    """Our environment, with this copy of the application first on the import path."""
    environment = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    rest = environment.get("PYTHONPATH")
    environment["PYTHONPATH"] = os.pathsep.join([root, rest] if rest else [root])
    return environment


def _decode(name: str, finished: subprocess.CompletedProcess[bytes]) -> ImportRun:
    try:
        result = json.loads(finished.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        why = _exit_reason(finished)
        return ImportRun(None, InvalidInputError(f"{name}: could not be imported: {why}"))
    stats = result.get("stats", {})
    seconds, rss = float(stats.get("seconds", 0.0)), int(stats.get("peak_rss_kb", 0))
    if "error" in result:
        error_type = _ERROR_TYPES.get(result.get("kind", ""), InvalidInputError)
        return ImportRun(None, error_type(result["error"]), seconds, rss)
    return ImportRun(document_from_json(result["document"]), None, seconds, rss)


def _exit_reason(finished: subprocess.CompletedProcess[bytes]) -> str:
    if finished.returncode < 0:
        return f"the importer stopped (signal {-finished.returncode}); the file may be hostile"
    last = finished.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    if "MemoryError" in last[0]:
        return "it needs too much memory"
    return f"the importer failed ({last[0] or f'exit code {finished.returncode}'})"


def document_from_json(data: dict[str, Any]) -> SplitDocument:
    clauses = tuple(
        SourceClause(
            index=c["index"],
            number=c["number"],
            heading=c["heading"],
            text=c["text"],
            level=c["level"],
            parent=c["parent"],
            comments=tuple(c.get("comments", ())),
        )
        for c in data["clauses"]
    )
    return SplitDocument(
        source=data["source"],
        clauses=clauses,
        warnings=tuple(data["warnings"]),
        title=data.get("title"),
    )
