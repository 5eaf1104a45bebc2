"""Read the exam-practice anatomy of a chapter notebook (see CONTRIBUTING.md).

Shared by the practice builder (practice.py) and the revision-guide builder (revision.py):

- `### Question N — topic` / `### Exercise N — topic` markdown cells start a question;
- the student's cell follows (`# Your answer:` code cell with `qN_answer = None`, or `**Your answer:** …`);
- the worked solution is every following cell tagged `solution`;
- a numeric question's solution assigns `qN_answer` (`exN_answer` for an exercise).
"""

from __future__ import annotations

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
    sections: list[tuple[str, str]]  # per cell: (## section, ### subsection) in force at the cell's start
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
                    current = Question(m.group(1), int(m.group(2)), m.group(3), i, "\n".join(body).strip(),
                                       section=h2)
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
            current.numeric = current.numeric or bool(re.search(rf"{current.variable}\s*=\s*None", src))
    return Chapter(path, nb, title, sections, questions)
