"""A process that edits the library until it is killed, printing each edit once it is committed.

Run by tests/faults/test_crash_safety.py: ``python -m tests.faults.crash_worker DATA_DIR SEED``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from app.resources import resource_path, shipped_library_dir
from app.services.opening import open_library
from app.services.paths import AppPaths


def main(data_dir: str, seed: int) -> None:
    paths = AppPaths(Path(data_dir), shipped_library_dir(), resource_path())
    library = open_library(paths)
    print("started", flush=True)
    keys = [c.key for c in library.list_clauses()][:8]
    rng = random.Random(seed)
    n = 0
    while True:
        n += 1
        key = rng.choice(keys)
        marker = f"crash-edit-{seed}-{n}"
        body = library.get(key).body.split("\n\n[crash-edit")[0] + f"\n\n[{marker}]"
        library.revise(key, body, f"Edit {marker}")
        print(f"committed {key} {marker}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
