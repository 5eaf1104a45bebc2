"""`make practice`: self-checking practice copies of the chapters -> build/practice/NN_*.ipynb.

For every chapter with cells tagged `solution` (the exam-practice anatomy, CONTRIBUTING.md):

1. learn the official answers: run the chapter once with nbclient (the same kernel as
   `make execute`) and read every `qN_answer` / `exN_answer` from its namespace (cached in
   build/practice/.answers/ by notebook hash);
2. write a copy with every `solution` cell removed (nbconvert's TagRemovePreprocessor), an answer
   cell where a question lacks one, and after the answer cell of each numeric item, exam question
   (`qN_answer`) or textbook exercise (`exN_answer`) alike, a check cell (`utils.practice.check`)
   that prints "correct" / "not yet", never the answer.

Everything else (prose, code, outputs) stays, so the student can run the chapter. A copy the
student has edited is kept (not overwritten) unless --force. Chapters without `solution` cells are
skipped with a note.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import sys
import time
from pathlib import Path

import exam
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert.preprocessors import TagRemovePreprocessor
from nbformat.corpus.words import generate_corpus_id as random_cell_id

from utils import practice

ROOT = Path(__file__).resolve().parents[1]
MARK = "@@PRACTICE-ANSWERS@@"
CHECK_TAG = "practice-check"
DUMP = f"""\
import json as _json, re as _re


def _plain(v):
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [_plain(u) for u in v]
    if isinstance(v, bool) or v is None:
        return None
    return v if isinstance(v, (int, float)) else None


print("{MARK}" + _json.dumps({{k: _plain(v) for k, v in dict(globals()).items()
                              if _re.fullmatch(r"(q|ex)[0-9]+_answer", k)}}))
"""
BANNER = """\
> **Practice copy** of `notebooks/{name}`, written by `make practice`: the worked solutions are
> removed. For each question or exercise, write your answer in its answer cell and run it; for a
> numeric one, then run the **check** cell below it: it prints "correct" or "not yet", never the
> answer (within 1%; counts must be exact). Explain-and-compare questions have no check: write your
> answer, then compare with the worked solution in the chapter notebook or in the revision guide
> (`make revision`). `make practice` keeps a copy you have edited."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def learn_answers(chapter: exam.Chapter, cache_dir: Path, timeout: int = 1800) -> dict:
    """Run the chapter (cached by its hash) and return its `qN_answer` / `exN_answer` values."""
    digest = sha256(chapter.path.read_bytes())
    cache = cache_dir / f"{chapter.stem}.json"
    if cache.exists():
        saved = json.loads(cache.read_text())
        if saved.get("sha256") == digest:
            return saved["answers"]
    nb = copy.deepcopy(chapter.nb)
    nb.cells.append(nbformat.v4.new_code_cell(DUMP))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            extra_arguments=["--log-level=ERROR"],
                            resources={"metadata": {"path": str(chapter.path.parent)}})
    client.execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    line = next(ln for ln in text.splitlines() if ln.startswith(MARK))
    answers = json.loads(line[len(MARK):])
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"sha256": digest, "answers": answers}, indent=1))
    return answers


def check_cell(chapter: exam.Chapter, question: exam.Question, value, label: str | None = None
               ) -> nbformat.NotebookNode:
    """The check cell of one numeric question: prints 'correct' / 'not yet', never the answer."""
    key = practice.make_key(tuple(value) if isinstance(value, list) else value,
                            salt=f"{chapter.stem}/{question.variable}")
    cell = nbformat.v4.new_code_cell(
        "# check: run me after your answer cell; "
        "I print \"correct\" or \"not yet\", never the answer\n"
        "from utils import practice\n\n"
        f"practice.check({label or question.label!r}, {question.variable}, {key!r})"
    )
    cell.metadata["tags"] = [CHECK_TAG]
    return cell


def answer_cell(question: exam.Question, chapter: exam.Chapter) -> nbformat.NotebookNode:
    """An answer cell for a question whose notebook has none."""
    if question.numeric:
        return nbformat.v4.new_code_cell(
            f"# Your answer:\n{question.variable} = None  # replace None by your number "
            "(or a tuple of numbers, in the order asked)")
    if any(chapter.nb.cells[i].cell_type == "code" for i in question.solutions):
        return nbformat.v4.new_code_cell("# Your code:\n")
    return nbformat.v4.new_markdown_cell("**Your answer:** …")


def build(chapter: exam.Chapter, answers: dict, *, with_solutions: bool = False,
          notes: list[str] | None = None) -> tuple[nbformat.NotebookNode, int]:
    """The practice copy (or, with_solutions=True, the same copy with the official solutions back).

    Returns the notebook and its number of check cells.
    """
    notes = notes if notes is not None else []
    cells = chapter.nb.cells
    after: dict[int, list] = {}  # original index -> cells to insert after it
    before: dict[int, list] = {}
    for q in chapter.questions:
        if not q.solutions:
            continue
        anchor = next((i for i in reversed(q.student) if cells[i].cell_type == "code"
                       and exam.assigns(exam.source(cells[i]), q.variable)), None)
        has_attempt = any(cells[i].cell_type == "markdown" and "Your answer" in src
                          or "# Your code" in src
                          for i in q.student for src in [exam.source(cells[i])])
        if anchor is None and (q.numeric or not has_attempt):  # a check needs its variable bound
            before.setdefault(q.solutions[0], []).append(answer_cell(q, chapter))
        if not q.numeric:
            continue
        value = answers.get(q.variable)
        if value is None:
            notes.append(f"{q.label}: no numeric {q.variable} after running the chapter: no check")
            continue
        try:
            cell = check_cell(chapter, q, value)
        except (TypeError, ValueError) as err:
            notes.append(f"{q.label}: {q.variable} is not a number or tuple of numbers ({err}): "
                         "no check")
            continue
        if with_solutions:
            after.setdefault(q.solutions[-1], []).append(cell)
        elif anchor is not None:
            after.setdefault(anchor, []).append(cell)
        else:  # right after the answer cell inserted above
            before.setdefault(q.solutions[0], []).append(cell)
    nb = copy.deepcopy(chapter.nb)
    new_cells = []
    for i, cell in enumerate(nb.cells):
        new_cells += before.get(i, [])
        new_cells.append(cell)
        new_cells += after.get(i, [])
    nb.cells = new_cells
    if not with_solutions:
        nb, _ = TagRemovePreprocessor(remove_cell_tags={exam.SOLUTION_TAG}).preprocess(nb, {})
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(BANNER.format(name=chapter.path.name)))
    finish(nb)
    checks = sum(CHECK_TAG in c.metadata.get("tags", []) for c in nb.cells)
    return nb, checks


def write_copy(nb, target: Path, manifest: dict, force: bool) -> bool:
    """Write a practice copy unless the student has edited the existing one (then keep it)."""
    text = nbformat.writes(nb) + "\n"
    if target.exists() and not force:
        current = sha256(target.read_bytes())
        if current != manifest.get(target.name) and current != sha256(text.encode()):
            print(f"  kept {target} (you have edited it; delete it or use FORCE=1 to regenerate)")
            return False
    target.write_text(text, encoding="utf-8")
    manifest[target.name] = sha256(text.encode())
    return True


def link_into_lab(out: Path, name: str = "practice") -> None:
    """Show build/<name>/ in `make lab` (it serves notebooks/): a link notebooks/<name> ->
    ../build/<name>."""
    link = ROOT / "notebooks" / name
    elsewhere = out.resolve() != (ROOT / "build" / name).resolve()
    if elsewhere or (link.exists() and not link.is_symlink()):
        return
    if not link.is_symlink():
        link.symlink_to(Path("..") / "build" / name, target_is_directory=True)
    print(f"open them with `make lab`: folder {name}/ (a link to build/{name}/)")


def finish(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """nbformat 4.5 with a unique id per cell, unpaired by jupytext (JupyterLab writes no
    notebooks/py/ script)."""
    nb.nbformat, nb.nbformat_minor = 4, max(nb.get("nbformat_minor", 5), 5)
    nb.metadata["jupytext"] = {"formats": "ipynb"}  # overrides jupytext.toml's pairing
    seen = set()
    for cell in nb.cells:  # every cell needs a unique id in nbformat 4.5
        if not cell.get("id") or cell["id"] in seen:
            cell["id"] = random_cell_id()
        seen.add(cell["id"])
    nbformat.validate(nb)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "practice")
    parser.add_argument("--force", action="store_true",
                        help="overwrite copies the student has edited")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path = args.out / ".manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    summary_path = args.out / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    summary = {name: counts for name, counts in summary.items() if (args.out / name).exists()}
    failed: list[str] = []
    for path in paths:
        chapter = exam.parse(path)
        if not chapter.has_solutions:
            print(f"{path.name}: no cells tagged 'solution' yet: skipped "
                  "(see the exam-practice anatomy)")
            continue
        start = time.time()
        try:
            numeric = any(q.numeric for q in chapter.questions)
            answers = learn_answers(chapter, args.out / ".answers") if numeric else {}
        except (CellExecutionError, StopIteration, TimeoutError, RuntimeError) as err:
            why = f"{err.ename}: {err.evalue}" if isinstance(err, CellExecutionError) else repr(err)
            print(f"{path.name}: FAILED to run the chapter to learn its answers ({why[:300]}): "
                  "no practice copy")
            failed.append(path.name)
            continue
        notes: list[str] = []
        nb, checks = build(chapter, answers, notes=notes)
        target = args.out / path.name
        write_copy(nb, target, manifest, args.force)
        counts = {
            "questions": sum(q.kind == "Question" for q in chapter.questions),
            "exercises": sum(q.kind == "Exercise" for q in chapter.questions),
            "numeric": sum(q.numeric for q in chapter.questions),
            "checks": checks,
        }
        summary[path.name] = counts
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"{path.name} -> {shown}: "
              f"{counts['questions']} questions, {counts['exercises']} exercises, {checks} checks "
              f"({time.time() - start:.0f} s)")
        for note in notes:
            print(f"  note: {note}")
    manifest_path.write_text(json.dumps(manifest, indent=1))
    summary_path.write_text(json.dumps(summary, indent=1, sort_keys=True))
    total = {k: sum(c[k] for c in summary.values()) for k in ("questions", "exercises", "checks")}
    link_into_lab(args.out)
    print(f"practice: {len(summary)} chapter(s) in {args.out}: {total['questions']} questions, "
          f"{total['exercises']} exercises, {total['checks']} checks")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
