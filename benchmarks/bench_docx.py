"""Word figures: import of a generated 100-page .docx, each hostile file's refusal (time and the
worker's peak RSS), and the tracked-changes redline for ~550 clauses. Targets from issues 5 and 7:
import under 1.5 s, each refusal under 2 s and 500 MB."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx

from app.docx_io.isolation import run_import
from app.docx_io.reader import read_docx
from app.docx_io.redline import redline_bytes
from app.domain.redline import RedlineParagraph, Segment

SENTENCE = (
    "The Customer shall not use the Services or any Output to develop models that compete "
    "with the Provider, and shall keep its credentials confidential at all times. "
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
)
CORPUS_CSA = (
    Path(__file__).resolve().parents[2]
    / "shared/corpus/docx/common-paper-cloud-service-agreement.docx"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def contract(path: Path, pages: int) -> Path:
    """About 500 words a page: a numbered heading and two paragraphs per half page."""
    rng = random.Random(pages)
    document = docx.Document()
    words = SENTENCE.split()
    for number in range(1, pages * 2 + 1):
        document.add_heading(f"{number}. Clause {number}", level=1)
        for _ in range(2):
            document.add_paragraph(" ".join(rng.choices(words, k=120)))
    document.save(str(path))
    return path


def package(path: Path, body: str, prolog: str = "", main: str = DOCX_MAIN) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main))
        zipped.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body>{body}'
            "</w:body></w:document>",
        )
    return path


def hostile_files(folder: Path) -> dict[str, Path]:
    paragraph = "<w:p><w:r><w:t>All work and no play. All work and no play.</w:t></w:r></w:p>"
    laughs = '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    files = {
        "not a zip": folder / "text.docx",
        "truncated zip": folder / "cut.docx",
        "encrypted (OLE)": folder / "locked.docx",
    }
    files["not a zip"].write_text("hello")
    whole = contract(folder / "whole.docx", 5).read_bytes()
    files["truncated zip"].write_bytes(whole[: len(whole) // 2])
    files["encrypted (OLE)"].write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") * 64
    )
    files["zip bomb (300 MB part)"] = package(folder / "bomb.docx", paragraph * 4_000_000)
    files["billion laughs"] = package(folder / "laughs.docx", "<w:p/>", laughs + "]>")
    files["external entity"] = package(
        folder / "xxe.docx", "<w:p/>", '<!DOCTYPE d [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
    )
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    files["macro-enabled"] = package(folder / "macro.docx", "<w:p/>", main=macro)
    return files


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_import(folder: Path) -> None:
    for pages in (100, 500):
        path = contract(folder / f"contract-{pages}.docx", pages)
        in_process = best_of(3, lambda p=path: read_docx(p))  # type: ignore[misc]
        times, rss = [], 0
        for _ in range(3):
            started = time.perf_counter()
            run = run_import(path)
            times.append(time.perf_counter() - started)
            rss = max(rss, run.peak_rss_kb)
        clauses = len(run.document.clauses) if run.document else 0
        print(
            f"import {pages}-page .docx ({path.stat().st_size // 1024} KB, {clauses} clauses): "
            f"isolated worker {min(times):.2f} s (median {statistics.median(times):.2f} s, "
            f"peak RSS {rss // 1024} MB), in-process parse+split {in_process:.2f} s"
        )


def heavy_contract(folder: Path, copies: int) -> Path | None:
    """A real Word file's body (Common Paper CSA, ~20 pages) repeated: Word-weight XML."""
    source = CORPUS_CSA
    if not source.exists():
        return None
    path = folder / f"csa-x{copies}.docx"
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "word/document.xml":
                head, rest = data.split(b"<w:body>", 1)
                body, tail = rest.rsplit(b"<w:sectPr", 1)
                data = head + b"<w:body>" + body * copies + b"<w:sectPr" + tail
            out.writestr(info, data)
    return path


def largest_allowed(folder: Path) -> Path:
    """Just under the 32 MB part cap, with text that compresses like prose (not a bomb)."""
    rng = random.Random(1)
    words = [f"w{rng.randrange(10**6)}" for _ in range(5000)]
    paragraph = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
    body = "".join(paragraph.format(" ".join(rng.choices(words, k=60))) for _ in range(62_000))
    return package(folder / "large.docx", body)


def bench_heavy(folder: Path) -> None:
    cases = [("Word-weight XML, CSA body x5 (~100 pages)", heavy_contract(folder, 5))]
    cases.append(("largest allowed part (~30 MB XML)", largest_allowed(folder)))
    for name, path in cases:
        if path is None:
            print(f"{name}: skipped (corpus absent)")
            continue
        started = time.perf_counter()
        run = run_import(path)
        elapsed = time.perf_counter() - started
        outcome = f"{len(run.document.clauses)} clauses" if run.document else str(run.error)
        with zipfile.ZipFile(path) as zipped:
            xml = zipped.getinfo("word/document.xml").file_size / 2**20
        print(
            f"{name}: {elapsed:.2f} s, worker peak RSS {run.peak_rss_kb // 1024} MB, "
            f"document.xml {xml:.1f} MB -> {outcome}"
        )


def bench_refusals(folder: Path) -> None:
    for name, path in hostile_files(folder).items():
        started = time.perf_counter()
        run = run_import(path)
        elapsed = time.perf_counter() - started
        outcome = str(run.error) if run.error else "imported"
        print(
            f"{name:24} {elapsed:5.2f} s  worker peak RSS {run.peak_rss_kb // 1024:4d} MB  "
            f"({path.stat().st_size // 1024} KB)  -> {outcome}"
        )


def redline_paragraphs(clauses: int) -> list[RedlineParagraph]:
    rng = random.Random(5)
    words = SENTENCE.split()
    paragraphs = []
    for number in range(1, clauses + 1):
        paragraphs.append(RedlineParagraph.unchanged(f"{number}. Clause", role="heading"))
        pieces: list[Segment] = []
        for word in rng.choices(words, k=90):
            roll = rng.random()
            op = "insert" if roll < 0.05 else "delete" if roll < 0.1 else "equal"
            pieces.append((op, word + " "))  # type: ignore[arg-type]
        paragraphs.append(RedlineParagraph.changed(pieces))
    return paragraphs


def bench_redline() -> None:
    paragraphs = redline_paragraphs(550)
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    elapsed = best_of(3, lambda: redline_bytes(paragraphs, author="Bench", date=when))
    size = len(redline_bytes(paragraphs, author="Bench", date=when))
    count = len(paragraphs)
    print(f"redline of 550 clauses ({count} paragraphs): {elapsed:.2f} s, {size // 1024} KB")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_import(folder)
        bench_heavy(folder)
        bench_refusals(folder)
    bench_redline()


if __name__ == "__main__":
    main()
