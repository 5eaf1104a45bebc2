"""Benchmark: run each notebook with papermill at a given SCALE; record wall time and peak memory.

Peak memory is the largest resident set of the whole process tree (papermill + its kernel),
sampled every 0.1 s. Writes a Markdown table (default build/bench.md) and prints it.
Usage: python tools/bench.py [--scale quick] [--out build/bench.md] notebooks/01_*.ipynb ...
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psutil


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_one(notebook: Path, scale: str, out_dir: Path) -> tuple[float, float, str]:
    out = out_dir / notebook.name
    cmd = [sys.executable, "-m", "papermill", str(notebook), str(out), "-k", "python3",
           "-p", "SCALE", scale, "--no-progress-bar", "--log-level", "ERROR"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ps, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(ps))
        time.sleep(0.1)
    wall = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else ""
    last_line = err.strip().splitlines()[-1][:80] if err.strip() else f"exit {proc.returncode}"
    status = "ok" if proc.returncode == 0 else f"FAILED ({last_line})"
    return wall, peak / 2**20, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--scale", default="quick", choices=["quick", "full"])
    parser.add_argument("--out", type=Path, default=Path("build/bench.md"))
    args = parser.parse_args()
    out_dir = args.out.parent / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, failed = [], 0
    for nb in args.notebooks:
        print(f"bench {nb} (SCALE={args.scale}) ...", flush=True)
        wall, peak, status = run_one(nb, args.scale, out_dir)
        failed += status != "ok"
        rows.append(f"| {nb.name} | {args.scale} | {wall:.0f} | {peak:.0f} | {status} |")
        print(f"  {wall:.1f} s, peak {peak:.0f} MiB, {status}", flush=True)
    cpu = f"{os.cpu_count()} cores, {platform.machine()}"
    table = "\n".join([
        f"# Notebook benchmark ({date.today().isoformat()}, {cpu}, "
        f"Python {platform.python_version()}, "
        f"KERAS_BACKEND={os.environ.get('KERAS_BACKEND', 'tensorflow')})",
        "",
        "| notebook | scale | wall time (s) | peak memory (MiB) | status |",
        "|---|---|---:|---:|---|",
        *rows,
        "",
    ])
    args.out.write_text(table)
    print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
