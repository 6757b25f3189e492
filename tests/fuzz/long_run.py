"""The long fuzz run (`make fuzz`): at least 100,000 hostile inputs through the importers.

    python -m tests.fuzz.long_run [--inputs 100000] [--minutes 15] [--jobs 2] [--engine atheris]

Each job is a separate process fuzzing .docx (in process, with the pre-scan), .md, .txt and
clause files with the mutations of `tests.fuzz.inputs`. With atheris installed
(`.venv/bin/pip install atheris`) the choices are coverage-guided over the app's own code;
without it a seeded random engine makes them. Prints inputs, rate, slowest input, peak memory
and every distinct failure (an exception other than ClausewrightError, over 2 s or over
500 MB); the failing inputs are saved for replay. Exit code 1 when anything failed or fewer
inputs than asked ran in the time box.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


class _Run:
    """One job's tally, written as JSON when the job stops."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.started = time.perf_counter()
        self.count = 0
        self.per_target: dict[str, int] = {}
        self.failures: dict[str, dict[str, Any]] = {}
        self.slowest = 0.0
        self.peak = 0.0
        self.folder = Path(tempfile.mkdtemp(prefix="clausewright-fuzz-"))

    def one(self, chooser: Any) -> None:
        from tests.fuzz.inputs import (
            mutate_clause_file,
            mutate_docx,
            mutate_text_bytes,
            peak_mb,
            pick,
            run_input,
        )

        target = pick(chooser, ("docx", "docx", "md", "txt", "clause-file"))
        make = {"docx": mutate_docx, "clause-file": mutate_clause_file}.get(
            target, mutate_text_bytes
        )
        data = make(chooser)
        began = time.perf_counter()
        failure = run_input(target, data, self.folder)
        self.slowest = max(self.slowest, time.perf_counter() - began)
        self.peak = max(self.peak, peak_mb())
        self.count += 1
        self.per_target[target] = self.per_target.get(target, 0) + 1
        if failure is not None:
            self._record(failure.target, failure.problem, failure.data)
        if self.count >= self.args.inputs or self.elapsed() >= self.args.seconds:
            self.finish()

    def _record(self, target: str, problem: str, data: bytes) -> None:
        lines = problem.strip().splitlines()
        signature = f"{target}: {lines[-1] if lines else problem}"[:300]
        if signature in self.failures:
            self.failures[signature]["count"] += 1
            return
        saved = Path(self.args.failures) / f"job{self.args.child}-{len(self.failures)}.{target}"
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_bytes(data)
        self.failures[signature] = {"count": 1, "input": str(saved), "detail": problem[-1500:]}

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def finish(self) -> None:
        summary = {
            "inputs": self.count,
            "seconds": self.elapsed(),
            "per_target": self.per_target,
            "failures": self.failures,
            "slowest_seconds": self.slowest,
            "peak_rss_mb": self.peak,
            "engine": self.args.engine,
        }
        Path(self.args.out).write_text(json.dumps(summary), "utf-8")
        os._exit(0)  # libFuzzer would otherwise keep going


class _RandomChooser:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def integer(self, low: int, high: int) -> int:
        return self._rng.randint(low, max(low, high))

    def raw(self, max_size: int) -> bytes:
        return self._rng.randbytes(self._rng.randint(0, max_size))

    def text(self, max_size: int) -> str:
        rng = self._rng
        ranges = ((32, 127), (0x80, 0x3000), (0x590, 0x700), (0x4E00, 0x9FFF), (0x1F300, 0x1FAFF))
        return "".join(
            chr(rng.randrange(*rng.choice(ranges))) for _ in range(rng.randint(0, max_size))
        )


class _ProviderChooser:
    """Choices read from the fuzzer's bytes, so coverage feedback steers them."""

    def __init__(self, provider: Any) -> None:
        self._p = provider

    def integer(self, low: int, high: int) -> int:
        return int(self._p.ConsumeIntInRange(low, max(low, high)))

    def raw(self, max_size: int) -> bytes:
        return bytes(self._p.ConsumeBytes(self._p.ConsumeIntInRange(0, max_size)))

    def text(self, max_size: int) -> str:
        return str(self._p.ConsumeUnicodeNoSurrogates(self._p.ConsumeIntInRange(0, max_size)))


def _child(args: argparse.Namespace) -> None:
    run = _Run(args)
    if args.engine == "random":
        import tests.fuzz.inputs

        rng = random.Random(args.child)
        while True:
            run.one(_RandomChooser(rng))
    atheris = importlib.import_module("atheris")  # optional: pip install atheris

    with atheris.instrument_imports(include=["app"]):
        import tests.fuzz.inputs  # noqa: F401

    def test_one_input(data: bytes) -> None:
        run.one(_ProviderChooser(atheris.FuzzedDataProvider(data)))

    atheris.Setup(
        [sys.argv[0], f"-seed={args.child + 1}", "-max_len=2048", "-rss_limit_mb=4096"],
        test_one_input,
    )
    atheris.Fuzz()


def _parent(args: argparse.Namespace) -> int:
    print(
        f"fuzzing with {args.engine}, {args.jobs} jobs, {args.inputs} inputs, "
        f"at most {args.minutes:g} min; failing inputs go to {args.failures}",
        flush=True,
    )
    outs = [Path(args.failures) / f"job{k}.json" for k in range(args.jobs)]
    Path(args.failures).mkdir(parents=True, exist_ok=True)
    share = -(-args.inputs // args.jobs)
    started = time.perf_counter()
    jobs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.fuzz.long_run",
                "--child",
                str(k),
                "--engine",
                args.engine,
                "--inputs",
                str(share),
                "--seconds",
                str(args.minutes * 60),
                "--out",
                str(out),
                "--failures",
                args.failures,
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for k, out in enumerate(outs)
    ]
    problems: list[str] = []
    for k, job in enumerate(jobs):
        try:
            _, err = job.communicate(timeout=args.minutes * 60 + 120)
        except subprocess.TimeoutExpired:
            job.kill()
            _, err = job.communicate()
            problems.append(f"job {k} hung (an input ran past the time box)")
        if not outs[k].exists():
            tail = err.decode("utf-8", "replace").strip().splitlines()[-5:]
            problems.append(f"job {k} died (exit {job.returncode}): {' | '.join(tail)}")
    wall = time.perf_counter() - started
    return _report(
        [json.loads(o.read_text("utf-8")) for o in outs if o.exists()], wall, problems, args
    )


def _report(
    results: list[dict[str, Any]], wall: float, problems: list[str], args: argparse.Namespace
) -> int:
    inputs = sum(r["inputs"] for r in results)
    per_target: dict[str, int] = {}
    failures: dict[str, dict[str, Any]] = {}
    for r in results:
        for target, n in r["per_target"].items():
            per_target[target] = per_target.get(target, 0) + n
        failures.update(r["failures"])
    print(f"inputs: {inputs} in {wall:.0f} s ({inputs / wall:.0f}/s over {args.jobs} jobs)")
    print("per importer: " + ", ".join(f"{t} {n}" for t, n in sorted(per_target.items())))
    print(
        f"slowest input: {max((r['slowest_seconds'] for r in results), default=0):.2f} s; "
        f"peak memory per job: {max((r['peak_rss_mb'] for r in results), default=0):.0f} MB"
    )
    print(f"failures: {len(failures) + len(problems)}")
    for signature, failure in failures.items():
        print(f"  {signature} (x{failure['count']}, input {failure['input']})")
    for problem in problems:
        print(f"  {problem}")
    enough = inputs >= args.inputs
    if not enough:
        print(f"only {inputs} of {args.inputs} inputs ran in the time box")
    return 0 if enough and not failures and not problems else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.long_run")
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--jobs", type=int, default=2)
    have_atheris = importlib.util.find_spec("atheris") is not None
    parser.add_argument(
        "--engine", choices=("atheris", "random"), default="atheris" if have_atheris else "random"
    )
    parser.add_argument(
        "--failures", default=str(Path(tempfile.gettempdir()) / "clausewright-fuzz-failures")
    )
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--out", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        _child(args)
    return _parent(args)


if __name__ == "__main__":
    sys.exit(main())
