"""The notebook hygiene checks (a clean, executed, student-ready chapter) and the conventions of
CONTRIBUTING.md.

Runs on the committed notebooks (fast, no execution): nbval re-executes them separately.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
NAME = re.compile(r"^\d\d_[a-z0-9]+(_[a-z0-9]+)*\.ipynb$")
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|root|tmp|home|Users|mnt)/[\w.\-]+")
MAX_NOTEBOOK_BYTES = 6_000_000
MAX_TEXT_OUTPUT_CHARS = 20_000


def text_of(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code" and text_of(c["source"]).strip()]


def keras_fit_calls(src: str) -> list[str]:
    """The argument text of every `.fit(...)` call that passes `epochs` (a Keras-style fit)."""
    calls = []
    for match in re.finditer(r"\.fit\(", src):
        depth, end = 1, match.end()
        while end < len(src) and depth:
            depth += {"(": 1, ")": -1}.get(src[end], 0)
            end += 1
        args = src[match.end(): end - 1]
        if re.search(r"\bepochs\s*=", args):
            calls.append(args)
    return calls


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb found"


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def notebook(request) -> tuple[Path, dict]:
    return request.param, load(request.param)


def test_name_and_format(notebook):
    path, nb = notebook
    assert NAME.match(path.name), f"{path.name}: use NN_title_in_snake_case.ipynb"
    assert nb["nbformat"] == 4
    assert path.stat().st_size <= MAX_NOTEBOOK_BYTES


def test_title_parameters_utils_and_exam_practice(notebook):
    _, nb = notebook
    markdown = [text_of(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert markdown and markdown[0].lstrip().startswith("# "), (
        "first markdown cell needs a '# ' title")
    code = code_cells(nb)
    params = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, "exactly one code cell tagged 'parameters'"
    assert re.search(r'^SCALE(: str)? = "quick"', text_of(params[0]["source"]), re.M), (
        'parameters: SCALE = "quick"')
    assert re.search(r"^SEED(: int)? = \d+", text_of(params[0]["source"]), re.M), (
        "parameters: SEED = <int>")
    assert any(re.search(r"^\s*(import utils|from utils)", text_of(c["source"]), re.M)
               for c in code)
    assert any(re.search(r"^#+\s.*(exam|exercise)", m, re.I | re.M) for m in markdown), (
        "no Exam practice")
    assert any(text_of(c["source"]).lstrip().startswith("# NBVAL_CHECK_OUTPUT") for c in code), (
        "mark at least one deterministic result cell with # NBVAL_CHECK_OUTPUT"
    )


def test_executed_top_to_bottom_in_one_kernel(notebook):
    _, nb = notebook
    counts = [c.get("execution_count") for c in code_cells(nb)]
    assert None not in counts, "some code cells were never executed: run `make execute NB=...`"
    assert counts == list(range(1, len(counts) + 1)), (
        "execution counts are not 1..N: re-run `make execute`")


def test_outputs_are_clean(notebook):
    _, nb = notebook
    problems = []
    for i, cell in enumerate(nb["cells"]):
        src = text_of(cell["source"])
        problems += [f"cell {i}: machine path in source: {m}" for m in MACHINE_PATH.findall(src)]
        for args in keras_fit_calls(src) if cell["cell_type"] == "code" else []:
            if not re.search(r"\bverbose\s*=\s*[02]\b", args):
                problems.append(f"cell {i}: Keras fit without verbose=2 (or 0): "
                                "progress bars bloat outputs")
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                problems.append(f"cell {i}: error output {out.get('ename')}")
            texts = [text_of(out.get("text"))]
            texts += [text_of(v) for k, v in (out.get("data") or {}).items()
                      if k.startswith("text/")]
            for t in texts:
                if len(t) > MAX_TEXT_OUTPUT_CHARS:
                    problems.append(f"cell {i}: text output of {len(t)} chars")
                if "Traceback (most recent call last)" in t:
                    problems.append(f"cell {i}: traceback in output")
                problems += [f"cell {i}: machine path in output: {m}"
                             for m in set(MACHINE_PATH.findall(t))]
    assert not problems, "\n".join(problems)


def test_metadata_is_normalized(notebook):
    _, nb = notebook
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"
    assert "version" not in nb["metadata"].get("language_info", {}), "run tools/clean_metadata.py"


def test_parameters_are_discoverable_with_papermill(notebook):
    """`papermill --help-notebook NB` lists every parameter with its type, default and help
    text."""
    papermill = pytest.importorskip("papermill")
    path, nb = notebook
    cell = next(c for c in code_cells(nb)
                if "parameters" in c.get("metadata", {}).get("tags", []))
    assigned = re.findall(r"^(\w+)\s*(?::[^=]*)?=", text_of(cell["source"]), re.M)
    found = papermill.inspect_notebook(str(path))
    missing = [name for name in assigned if name not in found]
    assert not missing, (
        f"papermill cannot parse {missing}: write `NAME: type = default  # help without '='`")
    for name, param in found.items():
        assert param["inferred_type_name"], (
            f"{name}: annotate its type (e.g. `{name}: int = ...`)")
        assert param["help"].strip(), (
            f"{name}: add a help comment after the value (`# what it sets`)")


def test_every_solution_is_out_of_sight(notebook):
    """Answers out of sight: every cell tagged `solution` has its source collapsed in JupyterLab,
    and a code cell its outputs too (a printed answer under a question gives it away).
    `make execute` keeps this."""
    _, nb = notebook
    for index, cell in enumerate(nb["cells"]):
        if "solution" not in cell.get("metadata", {}).get("tags", []):
            continue
        jupyter = cell["metadata"].get("jupyter", {})
        assert jupyter.get("source_hidden") is True, (
            f"cell {index}: solution source not collapsed")
        if cell["cell_type"] == "code":
            assert jupyter.get("outputs_hidden") is True, (
                f"cell {index}: solution outputs visible (set metadata jupyter.outputs_hidden, "
                "or run tools/clean_metadata.py on the notebook)")


def test_exam_practice_is_attempt_first(notebook):
    """At least 8 `### Question N — topic`, numbered in order, each with a collapsed solution tagged
    `solution`; then `## Textbook exercises`. The practice copies and the revision guide are built
    from exactly this."""
    _, nb = notebook
    cells = nb["cells"]
    heads = [(i, text_of(c["source"])) for i, c in enumerate(cells)
             if c["cell_type"] == "markdown"]
    questions = [(i, m) for i, src in heads
                 if (m := re.match(r"^### Question (\d+) — \S", src.lstrip()))]
    assert len(questions) >= 8, (
        f"{len(questions)} exam questions: write at least 8 (`### Question N — topic`)")
    assert [int(m.group(1)) for _, m in questions] == list(range(1, len(questions) + 1)), (
        "number questions 1..N")
    assert any(re.match(r"^## Textbook exercises", src.lstrip()) for _, src in heads), (
        "no `## Textbook exercises`")
    starts = [i for i, _ in questions] + [len(cells)]
    for (start, m), end in zip(questions, starts[1:]):
        block = cells[start + 1:end]
        solutions = [c for c in block if "solution" in c.get("metadata", {}).get("tags", [])]
        assert solutions, f"Question {m.group(1)}: no cell tagged `solution`"
        assert all(c["metadata"].get("jupyter", {}).get("source_hidden") for c in solutions), (
            f"Question {m.group(1)}: collapse its solution cells (metadata jupyter.source_hidden)")
        first_solution = block.index(solutions[0])
        assert any(re.match(r"^(# Your answer:|\*\*Your answer:\*\*)",
                            text_of(c["source"]).lstrip())
                   for c in block[:first_solution]), (
            f"Question {m.group(1)}: no answer cell before the solution")


def top_level_signatures(nb: dict) -> dict[str, str]:
    """name -> signature text of every function (or "class") a notebook defines at the top level
    of a cell."""
    found = {}
    for cell in code_cells(nb):
        source = "\n".join(line for line in text_of(cell["source"]).splitlines()
                           if not line.startswith(("%", "!")))
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef):
                found[node.name] = f"({ast.unparse(node.args)})"
            elif isinstance(node, ast.ClassDef):
                found[node.name] = "class"
    return found


def test_one_name_one_contract():
    """A helper name defined in two chapters has the same signature in both (CONTRIBUTING: "as in
    chapter N")."""
    seen: dict[str, dict[str, str]] = {}
    for path in NOTEBOOKS:
        for name, signature in top_level_signatures(load(path)).items():
            seen.setdefault(name, {})[path.name[:2]] = signature
    clashes = {name: chapters for name, chapters in seen.items()
               if len(set(chapters.values())) > 1}
    assert not clashes, (
        f"same name, different signatures (rename one, or keep the signature): {clashes}")


def cell_inputs(nb) -> list[tuple[str, str, list[str]]]:
    """(type, source, tags) of every cell: what a notebook and its paired .py must share."""
    return [(c["cell_type"], text_of(c["source"]).strip(),
             sorted(c.get("metadata", {}).get("tags", [])))
            for c in nb["cells"]]


def test_paired_script_is_in_sync(notebook):
    """notebooks/py/NN_name.py (jupytext percent format) holds the same cells as the notebook
    (`make sync`)."""
    import jupytext

    path, nb = notebook
    script = path.parent / "py" / f"{path.stem}.py"
    assert script.exists(), (
        f"{script.name} is missing: run `make sync NB=notebooks/{path.name}`")
    paired = jupytext.read(script, fmt="py:percent")
    assert cell_inputs(paired) == cell_inputs(nb), (
        f"{path.name} and py/{script.name} differ: run `make sync NB=notebooks/{path.name}` "
        "(the newer file wins)")


PLOTTING_NAMES = re.compile(r"^(plt|ax|axes|axs|ax\d|fig|plots)$")
PLOTTING_METHODS = {"plot", "scatter", "imshow", "hist", "contour", "contourf", "bar", "barh"}
TRAINING_METHODS = {"fit", "partial_fit", "fit_transform", "fit_predict", "fit_resample",
                    "train_on_batch"}


def teaching_and_asserting(code: str) -> tuple[set[str], bool]:
    """What a code cell teaches (defines, draws, trains) and whether it asserts, at the top level.

    Asserts inside a function body check its arguments: part of the definition, not a check.
    """
    tree = ast.parse("\n".join("#" + line if line.lstrip().startswith(("%", "!")) else line
                               for line in code.splitlines()))
    teaches, asserts = set(), False
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            teaches.add("defines")
            continue
        for node in ast.walk(statement):
            asserts = asserts or isinstance(node, ast.Assert)
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and (func.id == "train" or func.id.startswith("train_")) \
                    and func.id != "train_test_split":
                teaches.add("trains")
            if isinstance(func, ast.Attribute):
                root = func.value
                while isinstance(root, ast.Attribute | ast.Subscript | ast.Call):
                    root = root.func if isinstance(root, ast.Call) else root.value
                if (isinstance(root, ast.Name) and PLOTTING_NAMES.match(root.id)) \
                        or func.attr in PLOTTING_METHODS:
                    teaches.add("draws")
                if func.attr in TRAINING_METHODS:
                    teaches.add("trains")
    return teaches, asserts


def test_teaching_and_asserting_tells_them_apart():
    definition = "def f(x):\n    assert x > 0\n    return x"
    assert teaching_and_asserting(definition) == ({"defines"}, False)
    assert teaching_and_asserting("m = M().fit(X, y)\nassert m.score(X, y) > 0.9") == (
        {"trains"}, True)
    assert teaching_and_asserting("plt.plot(x)\nfor v in x:\n    assert v") == ({"draws"}, True)
    assert teaching_and_asserting("# check: agree\nassert np.allclose(a, b)") == (set(), True)
    assert teaching_and_asserting("X_tr, X_te = train_test_split(X)\nassert len(X_te)")[0] == set()


def test_checks_sit_beside_the_teaching(notebook):
    """No assert in a cell that also teaches (defines, draws or trains): checks get their own
    `# check:` cell right after (CONTRIBUTING: define -> run -> check)."""
    path, nb = notebook
    mixed = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        teaches, asserts = teaching_and_asserting(text_of(cell["source"]))
        if asserts and teaches:
            first = text_of(cell["source"]).strip().splitlines()[0][:60]
            mixed.append(f"cell {index} ({', '.join(sorted(teaches))}): {first}")
    assert not mixed, f"{path.name}: asserts inside teaching cells: {mixed}"
