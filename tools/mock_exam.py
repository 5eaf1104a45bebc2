"""`make exam`: a mock exam drawn from the chapters' questions -> build/exam/mock_exam_*.ipynb.

The pool: every `### Question N` and every `### Exercise N` whose answer is a number (`qN_answer`,
`exN_answer`: "numeric") or written words ("explain"); coding exercises stay out (they have neither
a check nor a short model answer). The draw is seeded and reproducible: about half numeric, half
explain, spread over the chosen chapters, favouring items whose set-up is small (weight
1 / (1 + cells)^2), never two items of which one brings the other's solution into its set-up.

Each drawn item runs on its own: its chapter's set-up section, the cells its code needs
(exam.needs), the question, the student's answer cell, then

- numeric: a check cell (utils.practice.check) that prints "correct" / "not yet", never the answer;
- explain: the model answer, folded, in the cells after the student's.

Before an item goes in, it runs in a fresh kernel (set-up, question, worked solution) within a time
limit; an item that fails or takes too long is dropped, said so, and replaced by the next one drawn.
Its numeric answer comes from that run (what the student gets when running the exam). The verdicts
are cached in build/exam/cache/NN_name.json, keyed by the chapter file's hash and the item's code:
a later draw runs only the items it has not met.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import itertools
import json
import math
import os
import random
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import exam
import nbformat
import practice as builder
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from utils import practice

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TIMEOUT = 120  # seconds a drawn item may take to run on its own (the kernel's start not counted)
SETUP_TAG = "exam-setup"
BANNER = """\
# Mock exam: {n} questions

Drawn by `make exam` (seed {seed}{chapters}): {numeric} numeric and {explain} explain questions
from the course's exam questions and textbook exercises. Each question brings its own set-up:
run its cells from the top (the chapter's set-up section is folded: click the bar on its left to
read it).

- **Numeric** questions: put your number in the answer cell (`q3_answer = ...`), run it, then run
  the **check** cell under it: it prints "correct" or "not yet", never the answer (within 1%;
  counts must be exact; a tuple in the order asked).
- **Explain** questions: write your answer in the **Your answer** cell first. The model answer is
  folded in the cell after it: unfold it (click the bar on its left) once you have written yours.

Give yourself about {minutes} minutes (3 a question), without notes.
`make exam SEED={seed}{again}` draws this exam again; another SEED draws another one."""


@dataclass(eq=False)
class Item:
    """One question of the pool: a chapter's exam question or textbook exercise."""

    chapter: exam.Chapter
    question: exam.Question
    numeric: bool
    setup: list[int]  # the chapter's set-up section; [] when the item has no code
    needed: list[int]  # the further cells its code needs (exam.needs), in notebook order
    borrowed: list[str] = field(default_factory=list)  # items whose solutions are in `needed`

    @property
    def key(self) -> str:
        """`06 Question 3`."""
        return f"{self.chapter.stem[:2]} {self.question.label}"

    @property
    def kind(self) -> str:
        return "numeric" if self.numeric else "explain"

    @property
    def cost(self) -> int:
        """How many cells the item needs beyond its chapter's set-up section."""
        return len(self.needed)

    @property
    def weight(self) -> float:
        return 1.0 / (1 + self.cost) ** 2

    def conflicts(self, other: Item) -> bool:
        """Whether one of the two brings the other's solution into its set-up."""
        return self.chapter.path == other.chapter.path and (
            self.question.label in other.borrowed or other.question.label in self.borrowed)


@dataclass
class Verdict:
    """Whether an item runs on its own, in how long, and (numeric) the answer it computes."""

    ok: bool
    seconds: float = 0.0
    answer: object = None
    why: str = ""
    cached: bool = False


# --- the pool and the draw -----------------------------------------------------------------------

def all_chapters() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def select(chapters: str, available: list[Path] | None = None) -> list[Path]:
    """The chapters named by CHAPTERS ("01 06", "1,6", "06_decision_trees"); all when empty."""
    available = all_chapters() if available is None else available
    chosen: list[Path] = []
    for token in re.split(r"[\s,]+", chapters.strip()):
        if not token:
            continue
        name = Path(token).stem
        prefix = f"{int(name):02d}_" if name.isdigit() else name
        found = [p for p in available if p.stem.startswith(prefix)]
        if len(found) != 1:
            numbers = " ".join(p.stem[:2] for p in available)
            raise ValueError(f"unknown chapter {token!r}: CHAPTERS takes chapter numbers among "
                             f"{numbers}")
        if found[0] not in chosen:
            chosen.append(found[0])
    return sorted(chosen) or list(available)


def pool(chapter: exam.Chapter) -> list[Item]:
    """The chapter's items a mock exam can draw: numeric or explain, with a worked solution."""
    items = []
    cells = chapter.nb.cells
    for q in chapter.questions:
        if not q.solutions:
            continue
        written = any(cells[i].cell_type == "markdown" and "Your answer" in exam.source(cells[i])
                      for i in q.student)
        if not (q.numeric or q.kind == "Question" or written):
            continue  # a coding exercise
        if not any(cells[i].cell_type == "code" for i in q.student + q.solutions):
            items.append(Item(chapter, q, q.numeric, [], []))
            continue
        try:
            needs = exam.needs(chapter, q)
        except SyntaxError:
            continue
        items.append(Item(chapter, q, q.numeric, needs.setup, needs.cells, needs.borrowed))
    return items


def ordered(items: list[Item], seed: int | str) -> list[Item]:
    """The items in a seeded order that spreads them over the chapters and favours small set-ups.

    Within a chapter: a weighted random order without replacement (Efraimidis-Spirakis keys); then
    round by round, one item of each chapter, the chapters in a seeded random order.
    """
    rng = random.Random(seed)
    chapters: dict[Path, list[Item]] = {}
    for item in items:
        chapters.setdefault(item.chapter.path, []).append(item)
    runs = []
    for path in sorted(chapters):
        group = sorted(chapters[path], key=lambda i: (i.question.kind, i.question.number))
        keys = [rng.random() ** (1.0 / item.weight) for item in group]
        pairs = sorted(zip(keys, group, strict=True), key=lambda pair: -pair[0])
        runs.append([item for _, item in pairs])
    rng.shuffle(runs)
    return [item for round_ in itertools.zip_longest(*runs) for item in round_ if item is not None]


Verify = Callable[[list[Item]], dict[str, Verdict]]


def draw(items: list[Item], n: int, seed: int, verify: Verify | None = None,
         say: Callable[[str], None] = lambda _: None) -> tuple[list[Item], dict[str, Verdict]]:
    """Draw `n` items, about half numeric, each verified to run on its own (`verify`).

    Returns the drawn items in exam order (chapter, then number) and every verdict given. A dropped
    item is replaced by the next one in the seeded order. ValueError when `n` cannot be drawn.
    """
    if n < 1:
        raise ValueError(f"N must be at least 1, not {n}")
    if n > len(items):
        raise ValueError(f"N={n} is more than the {len(items)} questions of the chosen chapters: "
                         "ask for fewer, or choose more CHAPTERS")
    verify = verify or (lambda batch: {item.key: Verdict(True) for item in batch})
    queue = {kind: ordered([i for i in items if i.numeric is kind], f"{seed}/{kind}")
             for kind in (True, False)}
    want = {True: min((n + 1) // 2, len(queue[True]))}
    want[False] = n - want[True]
    chosen: list[Item] = []
    verdicts: dict[str, Verdict] = {}
    while len(chosen) < n:
        batch: list[Item] = []
        for kind in (True, False):
            short = want[kind] - sum(i.numeric is kind for i in chosen + batch)
            while short > 0 and queue[kind]:
                item = queue[kind].pop(0)
                if not any(item.conflicts(other) for other in chosen + batch):
                    batch.append(item)
                    short -= 1
        if not batch:  # a kind ran out: its share goes to the kind that has candidates left
            if not queue[True] and not queue[False]:
                raise ValueError(f"only {len(chosen)} questions of the chosen chapters could be "
                                 "drawn (the others fail on their own, or need a drawn one's "
                                 f"solution): ask for N={len(chosen)} or fewer")
            kind = bool(queue[True])
            want[not kind] = sum(i.numeric is not kind for i in chosen)
            want[kind] = n - want[not kind]
            continue
        results = verify(batch)
        for item in batch:
            verdict = verdicts[item.key] = results[item.key]
            if verdict.ok:
                chosen.append(item)
            else:
                say(f"  dropped {item.key} — {item.question.topic}: {verdict.why}; drawing another")
    chosen.sort(key=lambda i: (i.chapter.path, i.question.kind != "Question", i.question.number))
    return chosen, verdicts


# --- running an item on its own ------------------------------------------------------------------

def plain_code(cell) -> nbformat.NotebookNode:
    """A code cell's source in a new cell: no outputs, no tags (no second `parameters` cell)."""
    return nbformat.v4.new_code_cell(exam.source(cell))


def run_cells(item: Item) -> list[nbformat.NotebookNode]:
    """What the verifying kernel runs: set-up, the needed cells, the student's and solution code."""
    cells, q = item.chapter.nb.cells, item.question
    indices = item.setup + item.needed + sorted(q.student + q.solutions)
    return [plain_code(cells[i]) for i in indices if cells[i].cell_type == "code"]


def digest(cells: list) -> str:
    return hashlib.sha256("\n# %%\n".join(exam.source(c) for c in cells).encode()).hexdigest()


def run_alone(item: Item, timeout: float, cwd: Path) -> Verdict:
    """Run the item's cells in a fresh kernel within `timeout` seconds (its start not counted)."""
    cells = run_cells(item)
    if not cells:
        return Verdict(True)
    nb = nbformat.v4.new_notebook(cells=[*cells, nbformat.v4.new_code_cell(builder.DUMP)])
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", startup_timeout=300,
                            extra_arguments=["--log-level=ERROR"],
                            resources={"metadata": {"path": str(cwd)}})
    start, cell = time.perf_counter(), None
    try:
        with client.setup_kernel():
            start = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                left = timeout - (time.perf_counter() - start)
                if left <= 0:
                    raise CellTimeoutError(f"over {timeout:g} s")
                client.timeout = max(1, math.ceil(left))
                client.execute_cell(cell, index)
    except CellTimeoutError:
        return Verdict(False, timeout, why=f"took over {timeout:g} s")
    except CellExecutionError as err:
        first = (exam.source(cell).strip().splitlines() or [""])[0][:60] if cell else ""
        return Verdict(False, time.perf_counter() - start,
                       why=f"{err.ename}: {err.evalue[:160]} (in `{first}`)")
    except (DeadKernelError, RuntimeError, TimeoutError) as err:
        return Verdict(False, 0.0, why=f"the kernel failed: {err!r}"[:200])
    seconds = time.perf_counter() - start
    if not item.numeric:
        return Verdict(True, seconds)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    line = next((ln for ln in text.splitlines() if ln.startswith(builder.MARK)), None)
    answer = json.loads(line[len(builder.MARK):]).get(item.question.variable) if line else None
    try:
        practice.make_key(tuple(answer) if isinstance(answer, list) else answer, salt="x")
    except (TypeError, ValueError):
        why = f"{item.question.variable} is not a number after its solution"
        return Verdict(False, seconds, why=why)
    return Verdict(True, seconds, answer)


class Cache:
    """build/exam/cache/NN_name.json: the verdict of each item of a chapter, kept while the chapter
    file's hash and the item's code stay the same."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: dict[Path, dict] = {}

    def _file(self, chapter: exam.Chapter) -> dict:
        if chapter.path not in self.files:
            path = self.directory / f"{chapter.stem}.json"
            sha = hashlib.sha256(chapter.path.read_bytes()).hexdigest()
            saved = json.loads(path.read_text()) if path.exists() else {}
            fresh = {"sha256": sha, "items": {}}
            self.files[chapter.path] = saved if saved.get("sha256") == sha else fresh
        return self.files[chapter.path]

    def get(self, item: Item, timeout: float) -> Verdict | None:
        saved = self._file(item.chapter)["items"].get(item.question.label)
        if not saved or saved["code"] != digest(run_cells(item)):
            return None
        if saved["ok"] and saved["seconds"] > timeout:
            why = f"took {saved['seconds']:.0f} s, over {timeout:g} s"
            return Verdict(False, saved["seconds"], why=why, cached=True)
        if not saved["ok"] and saved.get("timeout") and timeout > saved["timeout"]:
            return None  # it ran out of a shorter time: try again
        return Verdict(saved["ok"], saved["seconds"], saved.get("answer"), saved.get("why", ""),
                       cached=True)

    def put(self, item: Item, verdict: Verdict, timeout: float) -> None:
        if verdict.why.startswith("the kernel failed"):
            return  # not the item's fault: try again next time
        entry = {"code": digest(run_cells(item)), "ok": verdict.ok, "why": verdict.why,
                 "seconds": round(verdict.seconds, 2), "answer": verdict.answer}
        if verdict.why.startswith("took over"):
            entry["timeout"] = timeout
        self._file(item.chapter)["items"][item.question.label] = entry
        self.directory.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.files[item.chapter.path], indent=1, sort_keys=True)
        (self.directory / f"{item.chapter.stem}.json").write_text(text)


def verifier(cache: Cache, timeout: float, cwd: Path, jobs: int = 1) -> Verify:
    """A `verify` for draw(): cached verdicts, the others from fresh kernels, `jobs` at a time."""
    def verify(batch: list[Item]) -> dict[str, Verdict]:
        found = {item.key: cache.get(item, timeout) for item in batch}
        todo = [item for item in batch if found[item.key] is None]
        with ThreadPoolExecutor(max(1, min(jobs, len(todo)))) as executor:
            verdicts = executor.map(lambda item: run_alone(item, timeout, cwd), todo)
            for item, verdict in zip(todo, verdicts, strict=True):
                cache.put(item, verdict, timeout)
                found[item.key] = verdict
        return found
    return verify


# --- the exam notebook ---------------------------------------------------------------------------

def folded(cell, tags: list[str]) -> nbformat.NotebookNode:
    """A copy of a cell, tagged, its source (and outputs) folded in JupyterLab, outputs cleared."""
    new = copy.deepcopy(cell)
    new.metadata = nbformat.from_dict({"tags": tags, "jupyter": {"source_hidden": True}})
    if new.cell_type == "code":
        new.outputs, new.execution_count = [], None
        new.metadata.jupyter["outputs_hidden"] = True
    return new


def item_cells(number: int, item: Item, verdict: Verdict) -> list[nbformat.NotebookNode]:
    """One item's cells: heading, set-up, question, answer cell, then its check or model answer."""
    chapter, q, cells = item.chapter, item.question, item.chapter.nb.cells
    md = nbformat.v4.new_markdown_cell
    title = chapter.title.split("—")[-1].strip()
    out = [md(f"## Question {number} — {q.topic}\n\n"
              f"*{item.kind}; from chapter {chapter.stem[:2]} ({title}), {q.label}*")]
    if item.setup:
        builds_on = " and the cells this question builds on" if item.needed else ""
        out.append(md(f"Set-up: chapter {chapter.stem[:2]}'s set-up section (folded){builds_on}. "
                      "Run these cells first."))
        out += [folded(plain_code(cells[i]), [SETUP_TAG]) for i in item.setup]
        out += [plain_code(cells[i]) for i in item.needed]
    out.append(md(q.text))
    student = [cells[i] for i in q.student]
    out += [plain_code(c) if c.cell_type == "code" else copy.deepcopy(c) for c in student]
    sources = [exam.source(c) for c in student]
    bound = any(c.cell_type == "code" and exam.assigns(s, q.variable)
                for c, s in zip(student, sources, strict=True))
    attempt = any("Your answer" in s or "# Your code" in s for s in sources)
    if (item.numeric and not bound) or not attempt:
        out.append(builder.answer_cell(q, chapter))
    if item.numeric:
        out.append(builder.check_cell(chapter, q, verdict.answer, label=f"Question {number}"))
    else:
        out.append(md("**Model answer**, folded below: unfold it once you have written yours."))
        out += [folded(cells[i], [exam.SOLUTION_TAG]) for i in q.solutions]
    return out


def build_exam(items: list[Item], verdicts: dict[str, Verdict], seed: int,
               chapters: str = "") -> nbformat.NotebookNode:
    """The mock exam notebook of the drawn items (the verdicts hold the numeric answers)."""
    numeric = sum(i.numeric for i in items)
    again = f" N={len(items)}" + (f' CHAPTERS="{chapters}"' if chapters else "")
    banner = BANNER.format(n=len(items), seed=seed, numeric=numeric, explain=len(items) - numeric,
                           chapters=f", chapters {chapters}" if chapters else "",
                           minutes=3 * len(items), again=again)
    cells = [nbformat.v4.new_markdown_cell(banner)]
    for number, item in enumerate(items, 1):
        cells += item_cells(number, item, verdicts[item.key])
    cells.append(nbformat.v4.new_markdown_cell(
        "## The end\n\nCount your \"correct\" lines and compare each explain answer with its "
        "model answer. The worked solutions of the numeric questions are in the chapters and in "
        "the revision guide (`make revision`)."))
    for index, cell in enumerate(cells):  # the same draw writes the same file
        cell.id = f"exam-{index}"
    kernel = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": kernel, "language_info": {"name": "python", "pygments_lexer": "ipython3"}})
    return builder.finish(nb)


def exam_name(n: int, seed: int, chapters: list[Path] | None) -> str:
    """mock_exam_n20_seed7.ipynb, or mock_exam_ch01-06_n3_seed7.ipynb for chosen chapters."""
    which = "_ch" + "-".join(p.stem[:2] for p in chapters) if chapters else ""
    return f"mock_exam{which}_n{n}_seed{seed}.ipynb"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="number of questions (default 20)")
    parser.add_argument("--seed", type=int, help="seed of the draw (default: a new one)")
    parser.add_argument("--chapters", default="", help='e.g. "01 06" (default: every chapter)')
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "exam")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds an item may run")
    parser.add_argument("--jobs", type=int, default=1, help="items run at a time")
    parser.add_argument("--force", action="store_true", help="overwrite an exam you have edited")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10_000)
    try:
        paths = select(args.chapters)
    except ValueError as err:
        print(f"make exam: {err}", file=sys.stderr)
        return 2
    chapters = [exam.parse(p) for p in paths]
    items = [item for chapter in chapters for item in pool(chapter)]
    print(f"mock exam: N={args.n}, seed {seed} (SEED={seed} draws it again); questions to draw "
          "from, per chapter:")
    for chapter in chapters:
        mine = [i for i in items if i.chapter is chapter]
        numeric = sum(i.numeric for i in mine)
        print(f"  {chapter.stem[:2]}: {len(mine):3d} ({numeric} numeric, "
              f"{len(mine) - numeric} explain)")
    numeric = sum(i.numeric for i in items)
    print(f"  all: {len(items)} ({numeric} numeric, {len(items) - numeric} explain)")
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("COURSE_OFFLINE", "1")
    verify = verifier(Cache(args.out / "cache"), args.timeout, args.out, args.jobs)
    try:
        drawn, verdicts = draw(items, args.n, seed, verify, say=print)
    except ValueError as err:
        print(f"make exam: {err}", file=sys.stderr)
        return 2
    print(f"drew {len(drawn)} ({sum(i.numeric for i in drawn)} numeric); each runs on its own:")
    for number, item in enumerate(drawn, 1):
        verdict = verdicts[item.key]
        cached = " (cached)" if verdict.cached else ""
        ran = (f"set-up + {item.cost} cell(s), {verdict.seconds:.0f} s{cached}" if item.setup
               else "no code")
        print(f"  {number:2d}. {item.key} — {item.question.topic} [{item.kind}; {ran}]")
    chosen = " ".join(p.stem[:2] for p in paths) if args.chapters.strip() else ""
    nb = build_exam(drawn, verdicts, seed, chosen)
    target = args.out / exam_name(args.n, seed, paths if chosen else None)
    manifest_path = args.out / ".manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if builder.write_copy(nb, target, manifest, args.force):
        manifest_path.write_text(json.dumps(manifest, indent=1))
    ran = sum(not v.cached and v.seconds > 0 for v in verdicts.values())
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(f"-> {shown} ({time.perf_counter() - start:.0f} s; {ran} question(s) run in a fresh "
          "kernel, the others cached or without code)")
    builder.link_into_lab(args.out, "exam")
    return 0


if __name__ == "__main__":
    sys.exit(main())
