"""Any-seed check: run every notebook with papermill at other SEEDs and report where a claim breaks.

Every assert and every sentence of a chapter must hold for any SEED (a papermill parameter). This
runs each notebook at each seed, offline, a few at a time, into build/seeds/NN_name-seedS.ipynb, and
prints a summary table. A failure names the notebook, the seed, the cell (index in the source
notebook and its first line) and the exception with its message. Exit status 1 when any run failed.

Usage: python tools/seeds.py [--seeds "1 2 3"] [--jobs 2] [--scale quick] [--out build/seeds] NB ...
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    notebook: str
    seed: int
    ok: bool
    wall_s: float
    where: str = ""
    message: str = ""


def parse_seeds(text: str) -> list[int]:
    """Seeds from a space- or comma-separated string; each a non-negative integer."""
    seeds = []
    for token in text.replace(",", " ").split():
        if not token.isdigit():
            raise SystemExit(
                f"SEEDS must be non-negative integers separated by spaces, not {token!r}"
            )
        seeds.append(int(token))
    if not seeds:
        raise SystemExit("SEEDS is empty: give at least one seed, e.g. SEEDS=\"1 2\"")
    return seeds


def first_error(executed: Path) -> tuple[str, str]:
    """(where, message) of the first error output in a papermill output notebook, or
    ('', '')."""
    try:
        nb = json.loads(executed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", ""
    source_index = -1
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        added = "injected-parameters" in tags or "papermill-error-cell-tag" in tags
        # index in the notebook as committed (papermill adds cells)
        source_index += 0 if added else 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                src = "".join(cell.get("source", "")).strip().splitlines()
                first_line = next(
                    (s for s in src if s.strip() and not s.startswith("# NBVAL")), ""
                )
                where = f"cell {source_index} `{first_line[:60]}`"
                return where, f"{out.get('ename')}: {out.get('evalue', '')}".strip()
    return "", ""


def run_one(notebook: Path, seed: int, scale: str, out_dir: Path, timeout: int) -> Result:
    """Execute one notebook at one seed with papermill in a subprocess."""
    out = out_dir / f"{notebook.stem}-seed{seed}.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(notebook), str(out), "-k", "python3",
           "-p", "SEED", str(seed), "-p", "SCALE", scale, "--no-progress-bar",
           "--log-level", "ERROR", "--execution-timeout", str(timeout),
           "--start-timeout", "300"]   # kernels start slowly on a busy machine
    env = {**os.environ, "COURSE_OFFLINE": "1"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode == 0:
        return Result(notebook.name, seed, True, wall)
    where, message = first_error(out)
    if not message:   # papermill itself failed (bad notebook, kernel died): show its last line
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        message = lines[-1] if lines else f"papermill exited {proc.returncode}"
    return Result(notebook.name, seed, False, wall, where, message)


def table(results: list[Result]) -> str:
    """Markdown summary: one row per notebook and seed."""
    rows = ["| notebook | seed | result | wall s | where | message |",
            "|---|---:|---|---:|---|---|"]
    for r in sorted(results, key=lambda r: (r.notebook, r.seed)):
        msg = r.message.replace("|", "\\|").replace("\n", " ")[:160]
        rows.append(f"| {r.notebook.removesuffix('.ipynb')} | {r.seed} "
                    f"| {'ok' if r.ok else 'FAILED'} "
                    f"| {r.wall_s:.0f} | {r.where.replace('|', '/')} | {msg} |")
    return "\n".join(rows)


def uses_keras(notebook: Path) -> bool:
    """Whether a notebook trains Keras models (the long ones at quick scale)."""
    return "import keras" in notebook.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--seeds", default="1 2 3", help='space-separated seeds (default "1 2 3")')
    parser.add_argument("--jobs", type=int, default=2,
                        help="notebooks run at the same time (default 2)")
    parser.add_argument("--scale", default="quick", choices=["quick", "full"])
    parser.add_argument("--out", type=Path, default=Path("build/seeds"))
    parser.add_argument("--timeout", type=int, default=1800,
                        help="seconds per cell before it is stopped")
    args = parser.parse_args(argv)
    seeds = parse_seeds(args.seeds)
    missing = [str(nb) for nb in args.notebooks if not nb.is_file()]
    if missing:
        raise SystemExit(f"no such notebook: {', '.join(missing)} (see notebooks/)")
    args.out.mkdir(parents=True, exist_ok=True)
    # Long notebooks first, so that at the end the short ones fill the workers instead of one long
    # run leaving the others idle (with 3 jobs: 1,336 s -> 1,290 s simulated on CI's timings of 30
    # runs).
    ordered = sorted(args.notebooks, key=lambda nb: not uses_keras(nb))
    jobs = [(nb, s) for nb in ordered for s in seeds]
    print(f"any-seed check: {len(args.notebooks)} notebook(s) x seeds {seeds} "
          f"at SCALE={args.scale}, {args.jobs} at a time -> {args.out}/", flush=True)

    def job(item):
        result = run_one(*item, args.scale, args.out, args.timeout)
        status = "ok" if result.ok else f"FAILED at {result.where}: {result.message}"
        print(f"  {result.notebook} SEED={result.seed}: {status} ({result.wall_s:.0f} s)",
              flush=True)
        return result

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(job, jobs))
    report = table(results)
    (args.out / "summary.md").write_text(report + "\n", encoding="utf-8")
    failed = [r for r in results if not r.ok]
    print("\n" + report)
    print(f"\nany-seed check took {time.perf_counter() - start:.0f} s; "
          f"summary in {args.out / 'summary.md'}")
    print(f"seeds: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
