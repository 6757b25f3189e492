"""One editor in the concurrency test: read, change and save the same clauses, many times.

Run as ``python -m tests.services.editing_worker URL USER START_AT ROUNDS KEY...``; prints a
JSON summary of the saves that succeeded and the conflicts that were reported.
"""

from __future__ import annotations

import json
import random
import sys
import time

from app.domain.clause import Clause
from app.domain.errors import ClausewrightError, ConflictError
from app.services.clause_library import ClauseLibrary
from app.storage.database import Database


def edit(library: ClauseLibrary, key: str, mark: str) -> str:
    """Read-modify-write with the lock seen when reading: 'saved' or 'conflict'.

    A conflict must carry the newer clause (the text the user is shown next to theirs).
    """
    opened = library.get(key)
    time.sleep(random.uniform(0, 0.004))  # the user typing: others may save meanwhile
    try:
        library.revise(key, f"{opened.body}\n{mark}", mark, expected_lock=opened.lock_version)
    except ConflictError as exc:
        theirs = exc.theirs
        if not isinstance(theirs, Clause) or theirs.lock_version <= opened.lock_version:
            raise ClausewrightError(f"conflict without the newer text: {exc}") from exc
        return "conflict"
    return "saved"


def main(argv: list[str]) -> int:
    url, user, start_at, rounds, *keys = argv
    database = Database.open(url)
    library = ClauseLibrary(database, user=user)
    saved: list[str] = []
    conflicts: list[str] = []
    errors: list[str] = []
    time.sleep(max(0.0, float(start_at) - time.time()))
    for n in range(int(rounds)):
        for key in random.sample(keys, len(keys)):
            mark = f"{user}:{key}:{n}"
            try:
                outcome = edit(library, key, mark)
            except ClausewrightError as exc:
                errors.append(f"{mark}: {type(exc).__name__}: {exc}")
                continue
            (saved if outcome == "saved" else conflicts).append(mark)
    database.dispose()
    print(json.dumps({"saved": saved, "conflicts": conflicts, "errors": errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
