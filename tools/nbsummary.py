"""pytest plugin: after the run, list how many notebook cells nbval executed per notebook.

Loaded by `make test` with `-p nbsummary` (pyproject puts tools/ on the path).
"""

from __future__ import annotations

from collections import Counter


def pytest_terminal_summary(terminalreporter) -> None:
    passed: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    for outcome, counter in (("passed", passed), ("failed", failed)):
        for report in terminalreporter.stats.get(outcome, []):
            path = report.nodeid.partition("::")[0]
            if path.endswith(".ipynb") and report.when == "call":
                counter[path] += 1
    if not passed and not failed:
        return
    terminalreporter.section("notebook cells executed by nbval")
    for path in sorted(set(passed) | set(failed)):
        note = f", {failed[path]} FAILED" if failed[path] else ""
        terminalreporter.write_line(f"{path}: {passed[path]} cells passed{note}")
    n_notebooks = len(set(passed) | set(failed))
    terminalreporter.write_line(
        f"total: {sum(passed.values())} notebook cells passed in {n_notebooks} notebooks"
    )
