"""Read the exam-practice anatomy of a chapter notebook (see CONTRIBUTING.md).

Shared by the practice builder (practice.py), the revision-guide builder (revision.py) and the
mock exam (mock_exam.py):

- `### Question N — topic` / `### Exercise N — topic` markdown cells start a question;
- the student's cell follows (`# Your answer:` code cell with `qN_answer = None`, or
  `**Your answer:** …`);
- the worked solution is every following cell tagged `solution`;
- a numeric question's solution assigns `qN_answer` (`exN_answer` for an exercise).
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

QUESTION = re.compile(r"^###\s+(Question|Exercise)\s+(\d+)\s*[—–-]+\s*(.*?)\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
SOLUTION_TAG = "solution"
EXAM_SECTIONS = re.compile(r"^(exam practice|textbook exercises|exercises)\b", re.I)


def source(cell) -> str:
    """A cell's source as one string."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_solution(cell) -> bool:
    """Whether a cell is tagged `solution`."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every ATX heading outside fenced code blocks."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := HEADING.match(line)):
            found.append((len(m.group(1)), m.group(2)))
    return found


@dataclass
class Question:
    """One exam question or textbook exercise and the cells that belong to it."""

    kind: str  # "Question" or "Exercise"
    number: int
    topic: str
    heading_index: int  # index of the `### Question N — …` cell
    text: str  # the question cell's markdown, heading line removed
    student: list[int] = field(default_factory=list)  # indices of the student's cells
    solutions: list[int] = field(default_factory=list)  # indices of the solution cells
    numeric: bool = False  # the solution assigns `variable`
    section: str = ""

    @property
    def variable(self) -> str:
        """`q3_answer` or `ex3_answer`."""
        return f"{'q' if self.kind == 'Question' else 'ex'}{self.number}_answer"

    @property
    def label(self) -> str:
        """`Question 3` or `Exercise 3`."""
        return f"{self.kind} {self.number}"


@dataclass
class Chapter:
    """A parsed notebook: its title, the section of every cell, and its questions."""

    path: Path
    nb: nbformat.NotebookNode
    title: str
    sections: list[tuple[str, str]]  # per cell: (## section, ### subsection) in force at its start
    questions: list[Question]

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def has_solutions(self) -> bool:
        return any(is_solution(c) for c in self.nb.cells)


def assigns(code: str, variable: str) -> bool:
    """Whether code assigns `variable` at the start of a line (`q3_answer = …`)."""
    return re.search(rf"^\s*{re.escape(variable)}\s*(:[^=]*)?=(?!=)", code, re.M) is not None


def parse(path: Path | str) -> Chapter:
    """Parse a notebook's title, sections and exam questions."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    title, h2, h3 = path.stem, "", ""
    sections: list[tuple[str, str]] = []
    questions: list[Question] = []
    current: Question | None = None
    for i, cell in enumerate(nb.cells):
        sections.append((h2, h3))
        src = source(cell)
        if cell.cell_type == "markdown":
            lines, fenced, started = src.splitlines(), False, False
            for k, line in enumerate(lines):
                if FENCE.match(line):
                    fenced = not fenced
                heading = None if fenced else HEADING.match(line)
                if not heading:
                    continue
                level, text = len(heading.group(1)), heading.group(2)
                m = QUESTION.match(line.strip())
                if m:
                    body = []
                    for rest in lines[k + 1:]:
                        if HEADING.match(rest) and not FENCE.match(rest):
                            break
                        body.append(rest)
                    current = Question(m.group(1), int(m.group(2)), m.group(3), i,
                                       "\n".join(body).strip(), section=h2)
                    questions.append(current)
                    started = True
                elif level == 1 and title == path.stem:
                    title = text
                elif level == 2:
                    h2, h3, current = text, "", None
                elif level == 3:
                    h3, current = text, None
            if started:
                continue
        if current is None:
            continue
        if is_solution(cell):
            current.solutions.append(i)
            if cell.cell_type == "code" and assigns(src, current.variable):
                current.numeric = True
        elif not current.solutions:
            current.student.append(i)
        if cell.cell_type == "code" and not is_solution(cell) and assigns(src, current.variable):
            placeholder = re.search(rf"{current.variable}\s*=\s*None", src)
            current.numeric = current.numeric or bool(placeholder)
    return Chapter(path, nb, title, sections, questions)


# --- what a question needs to run on its own (the mock exam, tools/mock_exam.py) ---------------
#
# The rule: a question runs after its chapter's set-up section (the code cells before the first
# `## ` heading: parameters, imports, runtime.setup) plus the cells whose names its own code uses,
# found by reading the code (ast): for each name, the last cell before the question that binds it,
# and every later cell that changes it in place (`x[...] = `, `x.attr = `, `model.fit(...)`,
# `items.append(...)`, `rng.shuffle(x)`), then what those cells use, recursively. What this cannot
# see (state hidden in a library, a name built by eval) shows when the question is run on its own:
# the mock-exam builder runs every drawn question afresh and drops the ones that fail.

MUTATORS = frozenset({
    "fit", "partial_fit", "fit_transform", "fit_predict", "fit_resample", "train_on_batch",
    "compile", "build", "adapt", "set_params", "set_weights", "load_weights", "reset_states",
    "apply_gradients", "assign", "assign_add", "append", "extend", "insert", "update", "add", "pop",
    "popitem", "remove", "discard", "clear", "sort", "reverse", "setdefault", "fill", "resize",
    "shuffle", "__setitem__",
})


def _root(node) -> str | None:
    """`x` of `x`, `x.a.b`, `x[i][j]`; None for anything else."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class CodeNames(ast.NodeVisitor):
    """The module-level names a cell binds, imports, changes in place and uses (before binding them
    itself)."""

    def __init__(self) -> None:
        self.binds: set[str] = set()
        self.imports: set[str] = set()
        self.definitions: set[str] = set()  # def / class names: never changed in place
        self.mutates: set[str] = set()
        self.uses: set[str] = set()
        self._scopes: list[set[str]] = []  # names local to the functions/comprehensions being read

    def _bind(self, target) -> None:
        if isinstance(target, ast.Name):
            (self._scopes[-1] if self._scopes else self.binds).add(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind(element)
        elif isinstance(target, ast.Starred):
            self._bind(target.value)
        else:  # x[...] = ..., x.attr = ...: x changes in place (and is used)
            self.visit(target)
            if not self._scopes and (name := _root(target)):
                self.mutates.add(name)

    def visit_Name(self, node) -> None:
        if isinstance(node.ctx, ast.Load) and not any(node.id in s for s in self._scopes) \
                and not (not self._scopes and node.id in self.binds):
            self.uses.add(node.id)

    def visit_Assign(self, node) -> None:
        self.visit(node.value)
        for target in node.targets:
            self._bind(target)

    def visit_AnnAssign(self, node) -> None:
        if node.value is not None:
            self.visit(node.value)
        self._bind(node.target)

    def visit_AugAssign(self, node) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self.visit(ast.Name(node.target.id, ast.Load()))
        self._bind(node.target)

    def visit_NamedExpr(self, node) -> None:
        self.visit(node.value)
        self._bind(node.target)

    def visit_For(self, node) -> None:
        self.visit(node.iter)
        self._bind(node.target)
        for statement in node.body + node.orelse:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_With(self, node) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._bind(item.optional_vars)
        for statement in node.body:
            self.visit(statement)

    visit_AsyncWith = visit_With

    def visit_Import(self, node) -> None:
        for alias in node.names:
            name = (alias.asname or alias.name).split(".")[0]
            if self._scopes:
                self._scopes[-1].add(name)
            else:
                self.binds.add(name)
                self.imports.add(name)

    visit_ImportFrom = visit_Import

    def visit_Delete(self, node) -> None:
        for target in node.targets:
            self._bind(target)

    def visit_Call(self, node) -> None:
        func = node.func
        if not self._scopes and isinstance(func, ast.Attribute) and func.attr in MUTATORS:
            changed = node.args[0] if func.attr == "shuffle" and node.args else func.value
            if name := _root(changed):
                self.mutates.add(name)
        self.generic_visit(node)

    def _local_scope(self, args, body: list) -> None:
        local: set[str] = set()
        if args is not None:
            for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
                self.visit(default)
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            local |= {a.arg for a in every if a}
        for sub in ast.walk(ast.Module(body=body, type_ignores=[])):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                local.add(sub.id)
            elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                local.add(sub.name)
        self._scopes.append(local)
        for statement in body:
            self.visit(statement)
        self._scopes.pop()

    def visit_FunctionDef(self, node) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        if not self._scopes:
            self.definitions.add(node.name)
        self._bind(ast.Name(node.name, ast.Store()))
        self._local_scope(node.args, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node) -> None:
        for expr in [*node.bases, *node.decorator_list]:
            self.visit(expr)
        if not self._scopes:
            self.definitions.add(node.name)
        self._bind(ast.Name(node.name, ast.Store()))
        self._local_scope(None, node.body)

    def visit_Lambda(self, node) -> None:
        self._local_scope(node.args, [ast.Expr(node.body)])

    def _comprehension(self, node, parts) -> None:
        self._scopes.append({n.id for g in node.generators for n in ast.walk(g.target)
                             if isinstance(n, ast.Name)})
        for generator in node.generators:
            self.visit(generator.iter)
            for condition in generator.ifs:
                self.visit(condition)
        for part in parts:
            self.visit(part)
        self._scopes.pop()

    def visit_ListComp(self, node) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node) -> None:
        self._comprehension(node, [node.key, node.value])


@functools.lru_cache(maxsize=4096)
def code_names(code: str) -> CodeNames:
    """What a code cell binds, changes and uses (IPython `%`/`!` lines are skipped); SyntaxError if
    unreadable."""
    names = CodeNames()
    python = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    names.visit(ast.parse("\n".join(python)))
    return names


def setup_cells(chapter: Chapter) -> list[int]:
    """The chapter's set-up section: the code cells before its first `## ` heading (parameters,
    imports, setup)."""
    first = next((i for i, (h2, _) in enumerate(chapter.sections) if h2), len(chapter.nb.cells))
    return [i for i in range(first) if chapter.nb.cells[i].cell_type == "code"]


@dataclass
class Needs:
    """The cells a question needs before its own: the set-up section, then the cells its code
    depends on."""

    setup: list[int]
    cells: list[int]  # in notebook order, after the set-up section, before the question
    borrowed: list[str]  # labels (`Question 2`) of the other items whose solutions are in `cells`


def needs(chapter: Chapter, question: Question) -> Needs:
    """The cells `question` needs to run on its own (the rule above); SyntaxError on unreadable
    code."""
    cells = chapter.nb.cells
    setup = setup_cells(chapter)
    info = {i: code_names(source(c)) for i, c in enumerate(cells[:question.heading_index])
            if c.cell_type == "code"}
    unchanging = set().union(*(n.imports | n.definitions for n in info.values()))
    todo: list[tuple[str, int]] = []
    bound: set[str] = set()
    for i in sorted(question.student + question.solutions):  # the question's own code, in order
        if cells[i].cell_type == "code":
            own = code_names(source(cells[i]))
            todo += [(name, question.heading_index) for name in (own.uses | own.mutates) - bound]
            bound |= own.binds
    wanted: set[int] = set()
    seen: set[tuple[str, int]] = set()
    while todo:
        name, before = todo.pop()
        if (name, before) in seen:
            continue
        seen.add((name, before))
        binders = [j for j in info if j < before and name in info[j].binds]
        if not binders:
            continue  # a builtin, or a name defined nowhere before (running the question will tell)
        found = [binders[-1]]
        if name not in unchanging:
            found += [j for j in info if binders[-1] < j < before and name in info[j].mutates]
        for j in found:
            if j not in wanted and j not in setup:
                wanted.add(j)
                todo += [(n, j) for n in info[j].uses | info[j].mutates]
    owner = {i: q.label for q in chapter.questions if q is not question for i in q.solutions}
    borrowed = sorted({owner[j] for j in wanted if j in owner},
                      key=lambda label: (label[0], int(label.split()[1])))
    return Needs(setup, sorted(wanted), borrowed)
