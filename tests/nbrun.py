"""Run a practice copy or a mock exam the way a student does, and read what its self-checks say.

Shared by tests/test_practice.py and tests/test_exam.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import practice as builder
from nbclient import NotebookClient


def run_checks(nb, cwd: Path) -> list[str]:
    """Execute `nb` offline in `cwd`; return the printed text of its check cells.

    Fails on any error output or traceback (a wrong answer must say "not yet", never crash).
    """
    previous = os.environ.get("COURSE_OFFLINE")
    os.environ["COURSE_OFFLINE"] = "1"
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(cwd)}}).execute()
    finally:
        if previous is None:
            os.environ.pop("COURSE_OFFLINE")
    problems = [o for c in nb.cells for o in c.get("outputs", [])
                if o.output_type == "error" or "Traceback" in o.get("text", "")]
    assert not problems, problems
    return ["".join(o.get("text", "") for o in c.outputs).strip() for c in nb.cells
            if builder.CHECK_TAG in c.metadata.get("tags", [])]
