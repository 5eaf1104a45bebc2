"""Load functions defined in a chapter notebook, so a unit test runs *the notebook's own code* at
many seeds.

A claim whose truth depends on SEED (a count, a winner, the shape of a curve) is checked in the
notebook at the seed it runs with, and by a unit test over hundreds of seeds
(tests/test_any_seed_*.py). So that the test checks what the student reads, not a copy that may
drift, the notebook writes the demonstration as a function of the seed (`def ..._demo(seed): ...`)
and the test takes that function from the notebook:

    ns = notebook_functions("06_decision_trees", "instability_demo")
    for seed in range(300):
        assert ns.instability_demo(seed) ...

Only the named top-level `def`s are taken, with every top-level import of the notebook
(keras/tensorflow ones only when `keras=True`), and the named top-level constants given in
`constants`.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from types import SimpleNamespace

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
HEAVY_IMPORTS = ("keras", "tensorflow", "torch", "jax")


def _notebook_path(name: str) -> Path:
    matches = sorted(NOTEBOOKS.glob(f"{name}*.ipynb"))
    if len(matches) != 1:
        raise FileNotFoundError(
            f"expected one notebook matching {name!r} in notebooks/, found {matches}")
    return matches[0]


def _code_trees(path: Path) -> list[ast.Module]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    trees = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        # drop IPython magics and shell lines, which are not Python
        src = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                        for line in src.splitlines())
        trees.append(ast.parse(src))
    return trees


def _is_heavy(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in HEAVY_IMPORTS for alias in node.names)
    return (isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] in HEAVY_IMPORTS)


def notebook_functions(name: str, *functions: str, constants: tuple[str, ...] = (),
                       keras: bool = False) -> SimpleNamespace:
    """The named functions (and constants) of notebook `name` (e.g. "06_decision_trees"), ready to
    call."""
    trees = _code_trees(_notebook_path(name))
    imports: list[ast.stmt] = []
    found: dict[str, ast.stmt] = {}
    for tree in trees:
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)) and (keras or not _is_heavy(node)):
                imports.append(node)
            elif isinstance(node, ast.FunctionDef) and node.name in functions:
                # a later definition replaces an earlier one, as in the kernel
                found[node.name] = node
            elif (isinstance(node, ast.Assign) and len(node.targets) == 1
                  and isinstance(node.targets[0], ast.Name) and node.targets[0].id in constants):
                found[node.targets[0].id] = node
            elif (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                  and node.target.id in constants):
                found[node.target.id] = node
    missing = [n for n in (*functions, *constants) if n not in found]
    if missing:
        raise LookupError(f"{name}: no top-level definition of {missing} in the notebook")
    namespace: dict = {"__name__": f"notebook_{name}"}
    module = ast.Module(body=imports + list(found.values()), type_ignores=[])
    exec(compile(module, f"<notebook {name}>", "exec"), namespace)  # noqa: S102 - our own notebooks
    return SimpleNamespace(**{k: namespace[k] for k in (*functions, *constants)})
