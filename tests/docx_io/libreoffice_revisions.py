"""Run by the system Python that has LibreOffice's UNO bridge: accept (and reject) all changes.

Usage: python3 libreoffice_revisions.py FILE.docx...  ->  one JSON object per file on stdout,
{"accept": [...], "reject": [...]}: the paragraph texts LibreOffice holds after "Accept All" and
after "Reject All".
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any

uno: Any = importlib.import_module("uno")


def _property(name: str, value: object) -> Any:
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(150):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # not listening yet
            time.sleep(0.2)
    raise SystemExit("LibreOffice did not start")


def _paragraphs(document: Any) -> list[str]:
    found = []
    items = document.getText().createEnumeration()
    while items.hasMoreElements():
        item = items.nextElement()
        if item.supportsService("com.sun.star.text.Paragraph"):
            found.append(item.getString())
    return found


def main(paths: list[str]) -> None:
    profile = tempfile.mkdtemp(prefix="cw-lo-")
    pipe = f"clausewright{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ]
    )
    try:
        context = _connect(pipe)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for path in paths:
            result = {}
            for action in ("Accept", "Reject"):
                url = uno.systemPathToFileUrl(os.path.abspath(path))
                hidden = (_property("Hidden", True),)
                document = desktop.loadComponentFromURL(url, "_blank", 0, hidden)
                frame = document.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, f".uno:{action}AllTrackedChanges", "", 0, ())
                result[action.lower()] = _paragraphs(document)
                document.close(True)
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
