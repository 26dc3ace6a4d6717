#!/usr/bin/env python3
"""Paired, interleaved timing of two or more matchfacts binaries on one corpus.

    bench/ab.py --rounds 20 --corpus /tmp/corp20 \
        --gazetteer target/bench-matrix/gazetteer-100000 BASE_BIN NEW_BIN [MORE_BINS...]

Each round runs every binary once (`extract --stats -j JOBS`, output discarded), in an order
that rotates from round to round, and reads the `seconds` of its stats line (the run's time
without the gazetteer load). On this shared, noisy machine single runs of one binary spread by
+-30%, so the figure to quote is the median over rounds of the per-round ratio base/new, with
its quartiles: a change is real when the quartiles stay on one side of 1.

`--cache` sets the corpus's state in the kernel's page cache before each run: `as-is` (the
default: whatever the runs before left; this VM's DAMON drops files unread for a few seconds),
`warm` (every file read first) or `cold` (every file dropped first with
`posix_fadvise(DONTNEED)`, so the run reads from the disk). `--pause S` sleeps S seconds before
each run, as `bench/compare/compare.py`'s baselines keep matchfacts waiting between its runs.

Not part of `cargo test` or CI. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(binary: str, gazetteer: str, corpus: str, jobs: int) -> float:
    cmd = [binary, "extract", "--gazetteer", gazetteer, "-j", str(jobs), "--stats", corpus]
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"ab.py: {' '.join(cmd)} exited with {proc.returncode}:\n{proc.stderr}")
    for line in reversed(proc.stderr.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return float(json.loads(line)["seconds"])
    sys.exit(f"ab.py: no stats line from {binary}:\n{proc.stderr}")


def corpus_files(corpus: str) -> list[str]:
    if os.path.isfile(corpus):
        return [corpus]
    out = []
    for root, _, names in os.walk(corpus):
        out.extend(os.path.join(root, n) for n in names if n.endswith(".txt"))
    return out


def set_cache(files: list[str], state: str) -> None:
    if state == "as-is":
        return
    for path in files:
        with open(path, "rb") as f:
            if state == "warm":
                while f.read(1 << 20):
                    pass
            else:
                os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def quartiles(xs: list[float]) -> tuple[float, float, float]:
    if len(xs) < 2:
        return xs[0], xs[0], xs[0]
    q = statistics.quantiles(xs, n=4)
    return q[0], statistics.median(xs), q[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--gazetteer", required=True)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--cache", choices=["as-is", "warm", "cold"], default="as-is")
    ap.add_argument("--pause", type=float, default=0.0, help="seconds to wait before each run")
    ap.add_argument("binaries", nargs="+", help="the first is the base the others are compared to")
    args = ap.parse_args(argv)
    if len(args.binaries) < 2:
        ap.error("give at least two binaries")

    files = corpus_files(args.corpus)
    n = len(args.binaries)
    times: list[list[float]] = [[] for _ in range(n)]
    for r in range(args.rounds):
        order = [(r + k) % n for k in range(n)]
        row = {}
        for i in order:
            set_cache(files, args.cache)
            time.sleep(args.pause)
            row[i] = run_once(args.binaries[i], args.gazetteer, args.corpus, args.jobs)
            times[i].append(row[i])
        print(f"round {r + 1}: " + "  ".join(f"{row[i]:.3f}" for i in range(n)), flush=True)

    print()
    for i, b in enumerate(args.binaries):
        lo, mid, hi = quartiles(times[i])
        print(f"{b}: median {mid:.3f} s (quartiles {lo:.3f}-{hi:.3f}, min {min(times[i]):.3f})")
    for i in range(1, n):
        ratios = [a / b for a, b in zip(times[0], times[i])]
        lo, mid, hi = quartiles(ratios)
        faster = sum(x > 1 for x in ratios)
        print(f"base / {args.binaries[i]}: median {mid:.3f}x (quartiles {lo:.3f}-{hi:.3f}), "
              f"faster in {faster} of {len(ratios)} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
