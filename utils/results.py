"""A chapter's headline results set against the textbook's and against the recorded full-scale run.

Each chapter ends with one call, ``results.against_textbook("06", {"tree_accuracy": acc}, SCALE,
SEED)``. It shows a table (this run, the full-scale run recorded in
``results/full_scale/06.json``, the textbook's number from ``results/textbook/06.toml`` with its
source) and carries the same numbers in a machine-readable output (mimetype
``HEADLINE_MIMETYPE``) that ``make results`` (tools/results.py) reads from the executed
notebook. The textbook file is written by hand, one table per metric::

    [tree_accuracy]
    label = "test accuracy of the tuned tree (exercise 7, moons)"
    textbook = 0.8695
    source = "06_decision_trees.ipynb, exercise 7 (output of accuracy_score)"

A metric the textbook reports no number for says why instead: ``textbook_note = "..."``.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "FULL_SCALE",
    "HEADLINE_MIMETYPE",
    "TEXTBOOK",
    "TextbookMetric",
    "against_textbook",
    "full_scale_run",
    "machine",
    "textbook_metrics",
]

RESULTS_DIR = Path(__file__).resolve().parents[1] / "results"
TEXTBOOK = RESULTS_DIR / "textbook"  # NN.toml: written by hand
FULL_SCALE = RESULTS_DIR / "full_scale"  # NN.json: written by make results
HEADLINE_MIMETYPE = "application/vnd.ml-course.headline+json"
TEXTBOOK_REPO = "ageron/handson-ml3"


@dataclass(frozen=True)
class TextbookMetric:
    """One headline metric of a chapter: what it measures and what the textbook reports for it."""

    key: str
    label: str
    textbook: float | None
    source: str
    note: str = ""
    digits: int = 3


def textbook_metrics(chapter: str, folder: Path | None = None) -> dict[str, TextbookMetric]:
    """The headline metrics declared for `chapter` ("06") in results/textbook/06.toml, in order."""
    path = (folder or TEXTBOOK) / f"{chapter}.toml"
    if not path.exists():
        raise KeyError(
            f"no {path.name} in {path.parent}: declare chapter {chapter}'s headline metrics "
            "there (see the module docstring of utils/results.py)."
        )
    with open(path, "rb") as f:
        section = tomllib.load(f)
    metrics = {}
    for key, entry in section.items():
        if not isinstance(entry, dict):
            continue
        missing = [field for field in ("label", "source") if field not in entry]
        if missing:
            raise ValueError(f"{path.name} [{key}] lacks {', '.join(missing)}.")
        if "textbook" not in entry and not entry.get("textbook_note"):
            raise ValueError(
                f"{path.name} [{key}]: give the textbook's number (textbook = ...)"
                ' or say why there is none (textbook_note = "...").'
            )
        value = entry.get("textbook")
        metrics[key] = TextbookMetric(
            key,
            entry["label"],
            None if value is None else float(value),
            entry["source"],
            entry.get("textbook_note", entry.get("note", "")),
            int(entry.get("digits", 3)),
        )
    if not metrics:
        raise KeyError(f"{path.name} declares no metric: add one table per headline metric.")
    return metrics


def full_scale_run(chapter: str, folder: Path | None = None) -> dict[str, Any] | None:
    """The full-scale run recorded for `chapter` by ``make results``, or None if there is none."""
    path = (folder or FULL_SCALE) / f"{chapter}.json"
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def machine() -> str:
    """Where this kernel runs: CPU cores; the Keras backend and GPUs when Keras is loaded."""
    words = [f"{os.cpu_count()} CPU cores ({platform.machine()})"]
    if "keras" in sys.modules:
        from .runtime import device_report

        words.append(device_report())
    return ", ".join(words)


def _fmt(value: float | None, digits: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}"


def _table(
    chapter: str,
    metrics: Mapping[str, TextbookMetric],
    this_run: Mapping[str, float],
    scale: str,
    seed: int,
) -> tuple[str, str]:
    full = full_scale_run(chapter)
    full_head = (
        f"full scale here (seed {full['seed']}, {full['date']})" if full else "full scale here"
    )
    head = ["metric", f"this run ({scale}, seed {seed})", full_head, "textbook"]
    rows, notes = [], []
    for i, (key, metric) in enumerate(metrics.items(), 1):
        recorded = (full or {}).get("metrics", {}).get(key)
        textbook = _fmt(metric.textbook, metric.digits)
        rows.append(
            [
                metric.label,
                _fmt(this_run[key], metric.digits),
                _fmt(recorded, metric.digits) if full else "not run here",
                f"{textbook} [{i}]",
            ]
        )
        notes.append(
            f"[{i}] {TEXTBOOK_REPO}, {metric.source}" + (f". {metric.note}" if metric.note else "")
        )
    markdown = "\n".join(
        ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        + ["| " + " | ".join(row) + " |" for row in rows]
    )
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]
    plain = "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in [head, *rows]
    )
    if full:
        foot = f"Full scale: {full['machine']}, {full['wall_s']:,.0f} s (make results)."
    else:
        foot = "Full scale: not recorded yet (README, 'Results against the textbook', says why)."
    notes.append(foot)
    return markdown + "\n\n" + "<br>\n".join(notes), plain + "\n" + "\n".join(notes)


def against_textbook(chapter: str, this_run: Mapping[str, float], scale: str, seed: int) -> None:
    """Show this run's headline numbers beside the recorded full-scale run and the textbook's.

    `this_run` maps each metric key declared for the chapter in results/textbook/NN.toml to its
    value; a key missing or unknown is an error, so the table and the file cannot drift apart.
    """
    metrics = textbook_metrics(chapter)
    unknown = sorted(set(this_run) - set(metrics))
    missing = [k for k in metrics if k not in this_run]
    if unknown or missing:
        raise KeyError(
            f"chapter {chapter}: metrics {unknown} are not declared in textbook/{chapter}.toml"
            if unknown
            else f"chapter {chapter}: no value given for {missing}"
        )
    values = {k: float(v) for k, v in this_run.items()}
    markdown, plain = _table(chapter, metrics, values, scale, seed)
    bundle = {
        "text/plain": plain,
        "text/markdown": markdown,
        HEADLINE_MIMETYPE: {
            "chapter": chapter,
            "scale": scale,
            "seed": seed,
            "machine": machine(),
            "metrics": values,
        },
    }
    from IPython.display import display

    display(bundle, raw=True)
