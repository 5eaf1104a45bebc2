"""tools/seeds.py: a claim that breaks at one seed is reported with notebook, seed, cell and
message."""

from __future__ import annotations

import nbformat
import pytest
import seeds


def tiny_notebook(path):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('SEED: int = 42  # seed')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny"), params,
                nbformat.v4.new_code_cell("import random\nrandom.seed(SEED)"),
                nbformat.v4.new_code_cell(
                    'assert SEED % 2 == 0, "the claim only holds at even seeds"')]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_failure_names_notebook_seed_cell_and_message(tmp_path, capsys):
    nb = tiny_notebook(tmp_path / "99_tiny.ipynb")
    status = seeds.main([str(nb), "--seeds", "2 3", "--jobs", "2", "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert status == 1
    assert "| 99_tiny | 2 | ok |" in out
    assert "| 99_tiny | 3 | FAILED | " in out
    assert ("cell 3 `assert SEED" in out
            and "AssertionError: the claim only holds at even seeds" in out)
    assert out.rstrip().endswith("seeds: 1 passed, 1 failed")
    assert (tmp_path / "out" / "99_tiny-seed3.ipynb").exists()


@pytest.mark.parametrize("bad", ["", "one", "-1"])
def test_bad_seeds_are_refused_with_a_message(bad, tmp_path):
    with pytest.raises(SystemExit, match="SEEDS"):
        seeds.main([str(tiny_notebook(tmp_path / "t.ipynb")), "--seeds", bad])
