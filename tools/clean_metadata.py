"""Normalize a notebook's metadata after `make execute` so reruns on other machines give no diff.

Keeps outputs (they are the point) but drops what depends on the machine: the Python patch version,
per-cell timing, papermill bookkeeping, widget state. It also collapses every cell tagged `solution`
in JupyterLab, its source and (code cells) its outputs, so that a printed answer never sits in plain
view under its question.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def collapse_solution(cell) -> None:
    """Hide a `solution` cell's source and, for code, its outputs (JupyterLab's cell metadata)."""
    if "solution" not in cell.metadata.get("tags", []):
        return
    jupyter = cell.metadata.setdefault("jupyter", {})
    jupyter["source_hidden"] = True
    if cell.cell_type == "code":
        jupyter["outputs_hidden"] = True
    else:
        jupyter.pop("outputs_hidden", None)


def clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.metadata = nbformat.from_dict({
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python", "pygments_lexer": "ipython3"},
    })
    for cell in nb.cells:
        for key in ("execution", "papermill", "collapsed", "scrolled", "ExecuteTime"):
            cell.metadata.pop(key, None)
        collapse_solution(cell)
    nbformat.validate(nb)
    nbformat.write(nb, path)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        clean(Path(arg))
