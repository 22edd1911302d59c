"""Instructions the per-report reader spends on one generated report, counted by callgrind.

Run on demand: `python tests/benchmarks/bench_instructions.py [--reader DIR] [--reports N]`.
Wall-clock throughput (bench_etl.py) swings by half on a shared machine; an instruction count
does not, so a change to the reader can be compared with an earlier checkout (`--reader` on a
worktree) to within a percent. It runs the reader twice under valgrind, on N reports and on none
(after the same warm-up), and divides the difference by N. Needs valgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_WORK = """
import sys
sys.path[:0] = [{reader!r}, {benchmarks!r}]
from bench_etl import generate
from etl.extract import extract_report
from etl.ingest import parse_report
reports = generate(20 + {n})
for raw in reports[:20]:
    extract_report(parse_report(raw, "warm.txt"))
for k, raw in enumerate(reports[20:20 + {count}]):
    extract_report(parse_report(raw, f"gen_{{k}}.txt"))
"""


def instructions(reader: Path, n: int, count: int) -> int:
    script = _WORK.format(
        reader=str(reader), benchmarks=str(reader / "tests" / "benchmarks"), n=n, count=count
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={tmp}/out",
                sys.executable,
                "-c",
                script,
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
            cwd=reader,
            check=True,
        )
    return int(re.search(r"Collected : (\d+)", out.stderr)[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reader", type=Path, default=ROOT, help="checkout to measure (default: this one)"
    )
    parser.add_argument("--reports", type=int, default=20, help="reports counted (default: 20)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed: apt-get install valgrind")
    reader = args.reader.resolve()
    per_report = (
        instructions(reader, args.reports, args.reports) - instructions(reader, args.reports, 0)
    ) / args.reports
    print(
        f"{reader}: {per_report / 1e6:.2f}M instructions a generated report ({args.reports} reports)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
