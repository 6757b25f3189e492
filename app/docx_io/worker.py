"""The isolated importer: `python -m app.docx_io.worker FILE` prints the split document as JSON.

It caps its own memory first, so a hostile file can exhaust only this process; the parent
(`isolation.import_docx`) also enforces a wall-clock limit and maps every failure to one message.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any


def _cap_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout is the only cap
        return
    limit = megabytes << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _peak_rss_kb() -> int:
    """This process's own peak resident memory.

    Linux's ru_maxrss survives exec and so reports the parent's size at fork time; the
    high-water mark in /proc belongs to this program alone.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _run(path: Path, source: str) -> dict[str, Any]:
    from app.docx_io.reader import read_docx
    from app.domain.errors import InvalidInputError

    try:
        split = read_docx(path, source=source)
    except InvalidInputError as exc:
        return {"error": str(exc), "kind": type(exc).__name__}
    except MemoryError:
        return {"error": f"{path.name}: could not be imported: it needs too much memory"}
    except RecursionError:
        return {"error": f"{path.name}: could not be imported: it is nested too deeply"}
    document = split.to_json()
    document["title"] = split.title
    return {"document": document}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.docx_io.worker")
    parser.add_argument("file")
    parser.add_argument("--source", default=None)
    parser.add_argument("--memory-mb", type=int, default=1024)
    args = parser.parse_args(argv)
    _cap_memory(args.memory_mb)
    started = time.perf_counter()
    path = Path(args.file)
    try:
        result = _run(path, args.source or args.file)
    except MemoryError:
        result = {"error": f"{path.name}: could not be imported: it needs too much memory"}
    except Exception as exc:  # an unforeseen parser failure must still end as one message
        result = {"error": f"{path.name}: could not be imported ({type(exc).__name__}: {exc})"}
    result["stats"] = {"seconds": time.perf_counter() - started, "peak_rss_kb": _peak_rss_kb()}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
