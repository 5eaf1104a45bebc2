"""Full-scale results: run chapters at SCALE="full", record their headline numbers, show them.

Each chapter ends with ``results.against_textbook(...)`` (utils/results.py), whose output
carries the chapter's headline numbers under a mimetype of its own. This tool executes each
chosen notebook with papermill (progress bar, and the cells' own output streamed live), keeps
the executed notebook in build/results/, reads those numbers back and records them with the wall
time, machine, date and seed in results/full_scale/NN.json. From those and
results/textbook/NN.toml it writes results/results.csv and the table between the README's
``<!-- results:begin -->`` and ``<!-- results:end -->`` markers.

``--smoke`` runs the same notebooks at SCALE="smoke" instead: the full-scale code paths (full
data loading, full-only branches and checks) with the smallest budgets (one epoch, small N), to
find what a full run would trip on in minutes. It records no result, only, in results/smoke.json,
the hash of the code each passing run tested, so that ``--stale`` (CI: make results SMOKE=1
STALE=1) reruns just the chapters changed since; its summary is build/results/smoke.md.

Usage: python tools/results.py [--smoke] [--seed 42] [--out build/results] NB ...
"""

from __future__ import annotations

import argparse
import csv
import fcntl
import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from seeds import first_error

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from utils.results import (  # noqa: E402
    HEADLINE_MIMETYPE,
    TEXTBOOK_REPO,
    full_scale_run,
    textbook_metrics,
)

FULL_SCALE = ROOT / "results" / "full_scale"
SMOKE_RECORD = ROOT / "results" / "smoke.json"
RESULTS_CSV = ROOT / "results" / "results.csv"
README = ROOT / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
CSV_FIELDS = [
    "chapter",
    "metric",
    "label",
    "full_scale",
    "textbook",
    "textbook_source",
    "wall_s",
    "machine",
    "date",
    "seed",
    "backend",
]


def chapter_of(notebook: Path) -> str:
    """'06' for notebooks/06_decision_trees.ipynb."""
    match = re.match(r"(\d\d)_", notebook.name)
    if not match:
        raise SystemExit(f"{notebook}: not a chapter notebook (notebooks/NN_title.ipynb)")
    return match.group(1)


def changed_since(ref: str, root: Path = ROOT) -> list[Path]:
    """The chapters a change since git `ref` touches: their notebook, script or textbook numbers;
    every chapter when utils/ (which every chapter imports) changed."""
    proc = subprocess.run(["git", "diff", "--name-only", ref, "--"], cwd=root, text=True,
                          capture_output=True)
    if proc.returncode != 0:
        raise SystemExit(f"cannot compare with {ref!r}: {proc.stderr.strip()} "
                         "(give a commit, a branch or HEAD~1)")
    paths = proc.stdout.split()
    notebooks = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if any(p.startswith("utils/") for p in paths):
        return notebooks
    touched = {Path(p).name[:2] for p in paths
               if p.startswith(("notebooks/", "results/textbook/")) and Path(p).name[:2].isdigit()}
    return [nb for nb in notebooks if nb.name[:2] in touched]


def code_hash(notebook: Path, root: Path = ROOT) -> str:
    """What a smoke run of a chapter tested: the code cells of its script, its textbook numbers and
    utils/ (sha256; prose edits leave it unchanged)."""
    import hashlib

    import jupytext

    chapter = chapter_of(notebook)
    script = root / "notebooks" / "py" / f"{notebook.stem}.py"
    digest = hashlib.sha256()
    if script.exists():
        cells = jupytext.read(script, fmt="py:percent")["cells"]
        code = "\n# %%\n".join(c["source"] for c in cells if c["cell_type"] == "code")
        digest.update(code.encode())
    for part in [root / "results" / "textbook" / f"{chapter}.toml",
                 *sorted((root / "utils").rglob("*.py"))]:
        digest.update(part.relative_to(root).as_posix().encode())
        digest.update(part.read_bytes() if part.exists() else b"-")
    return digest.hexdigest()[:16]


def stale_smoke(notebooks: list[Path], record: Path = SMOKE_RECORD) -> list[Path]:
    """The chapters whose code changed since their last passing smoke run (results/smoke.json),
    the quickest (by their last smoke time) first, so that a time budget covers the most."""
    passed = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    stale = [nb for nb in notebooks
             if passed.get(chapter_of(nb), {}).get("code") != code_hash(nb)]
    return sorted(stale, key=lambda nb: passed.get(chapter_of(nb), {}).get("wall_s", 0))


def record_smoke(notebook: Path, wall: float, code: str, record: Path = SMOKE_RECORD) -> None:
    """Note a passing smoke run: the hash of the code it ran (taken before the run), time, date."""
    with open(record.with_name(".results.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        passed = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
        passed[chapter_of(notebook)] = {"code": code, "wall_s": round(wall),
                                        "date": date.today().isoformat()}
        tmp = record.with_suffix(".tmp")
        tmp.write_text(json.dumps(dict(sorted(passed.items())), indent=2) + "\n", encoding="utf-8")
        tmp.replace(record)


def headline(executed: Path) -> dict | None:
    """The headline output of an executed notebook (chapter, scale, seed, machine, metrics)."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if HEADLINE_MIMETYPE in data:
                return data[HEADLINE_MIMETYPE]
    return None


def run(
    notebook: Path, scale: str, seed: int, out_dir: Path, timeout: int
) -> tuple[bool, float, str]:
    """Execute one notebook with papermill; (ok, wall seconds, what went wrong)."""
    out = out_dir / f"{notebook.stem}-{scale}-seed{seed}.ipynb"
    cmd = [
        sys.executable,
        "-m",
        "papermill",
        str(notebook),
        str(out),
        "-k",
        "python3",
        "-p",
        "SCALE",
        scale,
        "-p",
        "SEED",
        str(seed),
        "--progress-bar",
        "--log-level",
        "WARNING",
        "--execution-timeout",
        str(timeout),
        "--start-timeout",
        "300",
    ]
    if scale == "full":
        cmd.append("--log-output")  # the cells' own output (epochs, searches) streamed live
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=os.environ.copy())
    wall = time.perf_counter() - start
    if proc.returncode == 0:
        return True, wall, ""
    where, message = first_error(out)
    return False, wall, f"{where}: {message}" if message else f"papermill exited {proc.returncode}"


def record(chapter: str, found: dict, wall: float, folder: Path = FULL_SCALE) -> None:
    """Write one chapter's full-scale run to results/full_scale/NN.json (whole or not at all)."""
    backend = os.environ.get("KERAS_BACKEND", "tensorflow") if "Keras" in found["machine"] else ""
    run = {
        "chapter": chapter,
        "date": date.today().isoformat(),
        "seed": found["seed"],
        "wall_s": round(wall),
        "machine": found["machine"],
        "backend": backend,
        "metrics": found["metrics"],
    }
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{chapter}.json.tmp"
    tmp.write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
    tmp.replace(folder / f"{chapter}.json")


def table_rows(folder: Path = FULL_SCALE) -> list[dict]:
    """One row per chapter and headline metric: the recorded full-scale value and the textbook's."""
    rows = []
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        chapter = chapter_of(notebook)
        try:
            metrics = textbook_metrics(chapter)
        except KeyError:
            continue
        run = full_scale_run(chapter, folder) or {}
        for key, metric in metrics.items():
            value = run.get("metrics", {}).get(key)
            rows.append(
                {
                    "chapter": chapter,
                    "metric": key,
                    "label": metric.label,
                    "full_scale": "" if value is None else f"{value:.{metric.digits}f}",
                    "textbook": ""
                    if metric.textbook is None
                    else f"{metric.textbook:.{metric.digits}f}",
                    "textbook_source": f"{TEXTBOOK_REPO}, {metric.source}",
                    "wall_s": run.get("wall_s", ""),
                    "machine": run.get("machine", ""),
                    "date": run.get("date", ""),
                    "seed": run.get("seed", ""),
                    "backend": run.get("backend", ""),
                }
            )
    return rows


def write_outputs(rows: list[dict], csv_path: Path = RESULTS_CSV, readme: Path = README) -> None:
    """results/results.csv and the README's table between its markers (one writer at a time)."""
    with open(csv_path.with_name(".results.lock"), "w") as lock:
        fcntl.flock(
            lock, fcntl.LOCK_EX
        )  # two `make results` at once must not interleave their writes
        _write_outputs(rows, csv_path, readme)


def _write_outputs(rows: list[dict], csv_path: Path, readme: Path) -> None:
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    lines = ["| ch. | metric | full scale here | textbook | run |", "|---|---|---:|---:|---|"]
    for r in rows:
        run = f"{r['wall_s']:,} s, {r['date']}, seed {r['seed']}" if r["date"] else "not run here"
        lines.append(
            f"| {r['chapter']} | {r['label']} | {r['full_scale'] or '—'} "
            f"| {r['textbook'] or '—'} | {run} |"
        )
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{readme.name} lacks the {BEGIN} ... {END} markers for the results table")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help='SCALE="smoke": full-scale code paths, smallest budgets; records nothing',
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=Path("build/results"))
    parser.add_argument("--timeout", type=int, default=4 * 3600, help="seconds per cell")
    parser.add_argument("--stale", action="store_true",
                        help="with --smoke: the chapters changed since their last passing smoke")
    parser.add_argument("--budget", type=float, metavar="SECONDS",
                        help="start no new chapter after this many seconds (the rest are listed)")
    parser.add_argument("--since", metavar="REF",
                        help="only the chapters a change since git REF touches (all if utils/ did)")
    parser.add_argument(
        "--table-only",
        action="store_true",
        help="only rewrite results/results.csv and the README table",
    )
    args = parser.parse_args(argv)
    if args.table_only:
        write_outputs(table_rows())
        return 0
    if args.since:
        chosen = {nb.resolve() for nb in args.notebooks}
        args.notebooks = [nb.relative_to(ROOT) for nb in changed_since(args.since)
                          if not chosen or nb.resolve() in chosen]
        print(f"results: {len(args.notebooks)} chapter(s) changed since {args.since}: "
              f"{' '.join(nb.name[:2] for nb in args.notebooks) or 'none'}", flush=True)
        if not args.notebooks:
            return 0
    if args.stale:
        if not args.smoke:
            raise SystemExit("--stale goes with --smoke (full-scale runs are chosen by hand)")
        chosen = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        args.notebooks = [nb.relative_to(ROOT) if nb.is_absolute() else nb
                          for nb in stale_smoke(chosen)]
        print(f"results: {len(args.notebooks)} chapter(s) changed since their last smoke run: "
              f"{' '.join(nb.name[:2] for nb in args.notebooks) or 'none'}", flush=True)
        if not args.notebooks:
            return 0
    if not args.notebooks:
        raise SystemExit("give the notebooks to run (make results NB=notebooks/06_...ipynb)")
    missing = [str(nb) for nb in args.notebooks if not nb.is_file()]
    if missing:
        raise SystemExit(f"no such notebook: {', '.join(missing)} (see notebooks/)")
    args.out.mkdir(parents=True, exist_ok=True)
    scale = "smoke" if args.smoke else "full"
    report, failed, start = [], 0, time.perf_counter()
    for notebook in args.notebooks:
        if args.budget is not None and time.perf_counter() - start > args.budget:
            left = [nb.name[:2] for nb in args.notebooks[args.notebooks.index(notebook):]]
            print(f"results: time budget of {args.budget:.0f} s spent; not run this time: "
                  f"{' '.join(left)} (make results{' SMOKE=1' if args.smoke else ''} NB=...)",
                  flush=True)
            report += [f"| {nb.stem} | not run (budget) | | |"
                       for nb in args.notebooks[args.notebooks.index(notebook):]]
            break
        chapter = chapter_of(notebook)
        print(f"results: {notebook.name} at SCALE={scale!r}, SEED={args.seed}", flush=True)
        code = code_hash(notebook)   # before the run: an edit during it must leave the record stale
        ok, wall, why = run(notebook, scale, args.seed, args.out, args.timeout)
        found = (
            headline(args.out / f"{notebook.stem}-{scale}-seed{args.seed}.ipynb") if ok else None
        )
        if ok and found is None:
            ok, why = False, "no against_textbook(...) output (every chapter ends with one)"
        if ok and not args.smoke:
            record(chapter, found, wall)
        elif ok:
            record_smoke(notebook, wall, code)
        failed += not ok
        values = ", ".join(f"{k} {v:.4g}" for k, v in (found or {}).get("metrics", {}).items())
        report.append(
            f"| {notebook.stem} | {'ok' if ok else 'FAILED'} | {wall:,.0f} | "
            f"{(values if ok else why).replace('|', '/')} |"
        )
        print(
            f"results: {notebook.name}: {'ok' if ok else 'FAILED ' + why} ({wall:,.0f} s)",
            flush=True,
        )
    summary = "\n".join(
        [
            f"| notebook ({scale}) | result | wall s | headline numbers / error |",
            "|---|---|---:|---|",
            *report,
        ]
    )
    (args.out / f"{scale}.md").write_text(summary + "\n", encoding="utf-8")
    print("\n" + summary)
    if not args.smoke:
        write_outputs(table_rows())
        print(
            f"\nrecorded in {FULL_SCALE.relative_to(ROOT)}/, {RESULTS_CSV.relative_to(ROOT)} "
            "and the README"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
