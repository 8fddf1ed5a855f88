"""Stress benchmark: what the declared limits (core/limits.py) and the
streamed file digests buy. Each case is a constructed project built by a
whole `policy-site build --jobs 1` process; printed: the exit code, wall
time and peak memory (ru_maxrss of the process, from wait4).

- 1,000 short clauses: a long document, built.
- 10,000 and 100,000 short clauses: refused at clause 2,001 (MAX_CLAUSES),
  once, in bounded time (100,000 once ran for 15 minutes and merged clauses).
- an unreferenced 1 GiB sparse file in the document folder: a warning, and
  hashed in 1 MiB chunks (it took a build to 2.1 GB when read whole).

Usage: .venv/bin/python scripts/stress_benchmark.py [--cases 1000,10000,100000,gib]
Prints figures only."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policy_site.testing import VALID, make_project
from policy_site.zh.numerals import format_numeral


def _numeral(n: int) -> str:
    """format_numeral, and past 九千九百九十九 (where it stops) 一万, 一万零一, …:
    labels the parser must refuse, never merge."""
    if n < 10_000:
        return format_numeral(n)
    rest = n % 10_000
    return format_numeral(n // 10_000) + "万" + ("" if not rest else ("零" if rest < 1000 else "") + format_numeral(rest))


def _with_clauses(count: int) -> str:
    """VALID with its clauses replaced by `count` short ones in one section."""
    before, _ = VALID.split("（一）", 1)
    clauses = "".join(f"（{_numeral(n)}）第{n}条。\n" for n in range(1, count + 1))
    return before + clauses + "编辑：某人\n"


def _project(root: Path, case: str) -> Path:
    text = VALID if case == "gib" else _with_clauses(int(case))
    make_project(root, {"doc": {"text": text}})
    if case == "gib":
        with (root / "content" / "doc" / "sources" / "scan.pdf").open("wb") as f:
            f.truncate(1 << 30)  # sparse: no disk used, 1 GiB to read
    return root


def _run(root: Path) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak MB, last line of the output)."""
    command = [sys.executable, "-m", "policy_site.cli", "--project", str(root), "build", "--jobs", "1",
               "--site-dir", str(root / "site")]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    lines = [line for line in output.splitlines() if "(core/limits.py)" in line or "no content file names" in line]
    shown = (lines[0] if lines else output.strip().splitlines()[-1]).replace(f"{root}/", "")[:150]
    return os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss / 1024, shown


LABELS = {"1000": "1,000 clauses", "10000": "10,000 clauses", "100000": "100,000 clauses",
          "gib": "unreferenced 1 GiB file"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="1000,10000,100000,gib")
    args = parser.parse_args()
    print(f"{'case':<26} {'exit':>4} {'seconds':>8} {'peak MB':>8}  first limit message / last line")
    for case in args.cases.split(","):
        with tempfile.TemporaryDirectory(prefix="policy-stress-") as folder:
            root = _project(Path(folder) / "project", case)
            code, seconds, peak, shown = _run(root)
            print(f"{LABELS.get(case, case):<26} {code:>4} {seconds:>8.1f} {peak:>8.0f}  {shown}", flush=True)


if __name__ == "__main__":
    main()
