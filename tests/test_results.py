"""utils.results (the against-the-textbook table) and tools/results.py (make results)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

import results as tool
from utils import results

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

TOML = """
[acc]
label = "test accuracy"
textbook = 0.91
source = "99_demo.ipynb, cell 12"

[loss]
label = "validation loss"
source = "99_demo.ipynb, section 3"
textbook_note = "the textbook prints no loss here"
digits = 2
"""


@pytest.fixture
def files(tmp_path, monkeypatch):
    textbook, full = tmp_path / "textbook", tmp_path / "full_scale"
    textbook.mkdir()
    full.mkdir()
    (textbook / "99.toml").write_text(TOML, encoding="utf-8")
    monkeypatch.setattr(results, "TEXTBOOK", textbook)
    monkeypatch.setattr(results, "FULL_SCALE", full)
    return textbook, full


def test_metrics_are_read_in_order_with_their_sources(files):
    metrics = results.textbook_metrics("99")
    assert list(metrics) == ["acc", "loss"]
    assert metrics["acc"].textbook == 0.91 and metrics["loss"].textbook is None
    assert metrics["loss"].digits == 2 and "prints no loss" in metrics["loss"].note


def test_unknown_chapter_and_bad_entries_say_what_to_do(files):
    textbook, _ = files
    with pytest.raises(KeyError, match=r"no 42.toml"):
        results.textbook_metrics("42")
    (textbook / "99.toml").write_text('[acc]\nlabel = "a"\nsource = "s"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="give the textbook's number"):
        results.textbook_metrics("99")
    (textbook / "99.toml").write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(KeyError, match="declares no metric"):
        results.textbook_metrics("99")
    (textbook / "99.toml").write_text('[acc]\nlabel = "a"\ntextbook = 1\n', encoding="utf-8")
    with pytest.raises(ValueError, match="lacks source"):
        results.textbook_metrics("99")


def test_table_without_and_with_a_recorded_full_scale_run(files):
    _, full = files
    markdown, plain = results._table(
        "99", results.textbook_metrics("99"), {"acc": 0.8766, "loss": 0.3}, "quick", 7
    )
    assert "| test accuracy | 0.877 | not run here | 0.910 [1] |" in markdown
    assert "| validation loss | 0.30 | not run here | — [2] |" in markdown
    assert "ageron/handson-ml3, 99_demo.ipynb, cell 12" in plain and "not recorded yet" in plain
    (full / "99.json").write_text(
        json.dumps(
            {
                "date": "2026-12-07",
                "seed": 42,
                "wall_s": 64,
                "machine": "2 CPU cores",
                "backend": "",
                "metrics": {"acc": 0.9, "loss": 0.25},
            }
        )
    )
    markdown, _ = results._table(
        "99", results.textbook_metrics("99"), {"acc": 0.8766, "loss": 0.3}, "quick", 7
    )
    assert "full scale here (seed 42, 2026-12-07)" in markdown
    assert "| test accuracy | 0.877 | 0.900 | 0.910 [1] |" in markdown and "64 s" in markdown


def test_against_textbook_checks_keys_and_emits_the_headline(files, monkeypatch):
    shown_bundles = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda b, raw: shown_bundles.append(b))
    with pytest.raises(KeyError, match="no value given for"):
        results.against_textbook("99", {"acc": 0.9}, "quick", 42)
    with pytest.raises(KeyError, match="not declared"):
        results.against_textbook("99", {"acc": 0.9, "loss": 1, "f1": 2}, "quick", 42)
    results.against_textbook("99", {"acc": 0.9, "loss": 1}, "full", 3)
    headline = shown_bundles[0][results.HEADLINE_MIMETYPE]
    assert headline["metrics"] == {"acc": 0.9, "loss": 1.0} and headline["seed"] == 3
    assert "CPU cores" in headline["machine"]


def test_every_chapter_declares_cited_textbook_metrics():
    for chapter in CHAPTERS:
        metrics = results.textbook_metrics(chapter)
        assert metrics, chapter
        for m in metrics.values():
            assert re.match(rf"{chapter}_\w+\.ipynb", m.source), (chapter, m.source)


def test_every_chapter_ends_with_its_table_against_the_textbook():
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        headings = [
            c
            for c in cells
            if c["cell_type"] == "markdown"
            and re.search(r"^## \d+\. Against the textbook", "".join(c["source"]), re.M)
        ]
        assert headings, f"{nb.name}: no '## N. Against the textbook' section"
        calls = [
            c
            for c in cells
            if c["cell_type"] == "code"
            and f'results.against_textbook("{nb.name[:2]}"' in "".join(c["source"])
        ]
        assert calls, f'{nb.name}: no results.against_textbook("{nb.name[:2]}", ...) call'
        outputs = [
            o
            for c in calls
            for o in c.get("outputs", [])
            if results.HEADLINE_MIMETYPE in o.get("data", {})
        ]
        assert outputs, f"{nb.name}: the committed run shows no table against the textbook"


def test_tool_records_a_run_and_writes_csv_and_readme(files, tmp_path):
    textbook, _ = files
    (textbook / "06.toml").write_text(TOML, encoding="utf-8")
    full, csv_path, readme = tmp_path / "full", tmp_path / "r.csv", tmp_path / "README.md"
    readme.write_text(f"intro\n{tool.BEGIN}\nold\n{tool.END}\nafter\n", encoding="utf-8")
    executed = tmp_path / "run.ipynb"
    found = {
        "chapter": "06",
        "scale": "full",
        "seed": 42,
        "machine": "2 CPU cores (x86_64)",
        "metrics": {"acc": 0.5, "loss": 0.25},
    }
    executed.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "outputs": [
                            {
                                "output_type": "display_data",
                                "data": {results.HEADLINE_MIMETYPE: found},
                            }
                        ],
                    }
                ]
            }
        )
    )
    assert tool.headline(executed) == found
    tool.record("06", found, 63.6, folder=full)
    run = json.loads((full / "06.json").read_text())
    assert run["wall_s"] == 64 and run["seed"] == 42 and run["backend"] == ""
    rows = tool.table_rows(full)
    assert [(r["chapter"], r["metric"], r["full_scale"]) for r in rows] == [
        ("06", "acc", "0.500"),
        ("06", "loss", "0.25"),
    ]
    tool.write_outputs(rows, csv_path, readme)
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith("after\n") and "old" not in text
    assert "| 06 | test accuracy | 0.500 | 0.910 | 64 s" in text
    assert csv_path.read_text().splitlines()[0].startswith("chapter,metric,label,full_scale")


def test_tool_refuses_what_is_not_a_chapter(tmp_path):
    with pytest.raises(SystemExit, match="not a chapter notebook"):
        tool.chapter_of(tmp_path / "notes.ipynb")
    with pytest.raises(SystemExit, match="no such notebook"):
        tool.main([str(tmp_path / "06_missing.ipynb")])


def test_changed_since_picks_the_touched_chapters(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    (tmp_path / "notebooks" / "py").mkdir(parents=True)
    (tmp_path / "utils").mkdir()
    for name in ("01_a", "02_b", "03_c"):
        (tmp_path / "notebooks" / f"{name}.ipynb").write_text("{}")
        (tmp_path / "notebooks" / "py" / f"{name}.py").write_text("")
    (tmp_path / "utils" / "plots.py").write_text("")
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    assert tool.changed_since("HEAD", tmp_path) == []
    (tmp_path / "notebooks" / "py" / "02_b.py").write_text("x = 1\n")
    assert [nb.name for nb in tool.changed_since("HEAD", tmp_path)] == ["02_b.ipynb"]
    (tmp_path / "utils" / "plots.py").write_text("y = 2\n")
    assert len(tool.changed_since("HEAD", tmp_path)) == 3
    with pytest.raises(SystemExit, match="cannot compare with 'nope'"):
        tool.changed_since("nope", tmp_path)


def test_a_smoke_record_goes_stale_when_the_chapter_or_utils_change(tmp_path):
    (tmp_path / "notebooks" / "py").mkdir(parents=True)
    (tmp_path / "utils").mkdir()
    nb = tmp_path / "notebooks" / "01_a.ipynb"
    script = tmp_path / "notebooks" / "py" / "01_a.py"
    script.write_text("# %% [markdown]\n# Prose\n\n# %%\nx = 1\n")
    (tmp_path / "utils" / "plots.py").write_text("")
    first = tool.code_hash(nb, tmp_path)
    script.write_text("# %% [markdown]\n# Prose, reworded\n\n# %%\nx = 1\n")
    assert tool.code_hash(nb, tmp_path) == first
    script.write_text("# %% [markdown]\n# Prose\n\n# %%\nx = 2\n")
    assert tool.code_hash(nb, tmp_path) != first
    second = tool.code_hash(nb, tmp_path)
    (tmp_path / "utils" / "plots.py").write_text("y = 1\n")
    assert tool.code_hash(nb, tmp_path) != second


def test_stale_smoke_reads_the_record(tmp_path, monkeypatch):
    nb = ROOT / "notebooks" / "06_decision_trees.ipynb"
    record = tmp_path / "smoke.json"
    assert tool.stale_smoke([nb], record) == [nb]
    record.write_text(json.dumps({"06": {"code": tool.code_hash(nb)}}))
    assert tool.stale_smoke([nb], record) == []
    record.write_text(json.dumps({"06": {"code": "0" * 16}}))
    assert tool.stale_smoke([nb], record) == [nb]
    nb01 = ROOT / "notebooks" / "01_the_machine_learning_landscape.ipynb"
    record.write_text(json.dumps({"06": {"code": "0", "wall_s": 50},
                                  "01": {"code": "0", "wall_s": 90}}))
    assert tool.stale_smoke([nb01, nb], record) == [nb, nb01]   # quickest first
