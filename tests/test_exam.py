"""`make exam` (tools/mock_exam.py) and the dependency analysis it rests on (exam.needs).

Fast: the draw (seeded, reproducible, N and CHAPTERS respected, clear errors) on every chapter's
pool without running anything, and needs() on the fixture chapter and on a small synthetic one.
Slow (a minute or two): one small mock exam drawn from chapters 01 and 06, built (each question
run on its own in a fresh kernel) and executed twice, with the official answers put in (every
check says "correct") and with wrong ones ("not yet", no traceback).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import exam
import mock_exam
import nbformat
import practice as builder
import pytest
from nbformat.v4 import new_code_cell as code
from nbformat.v4 import new_markdown_cell as md
from nbformat.v4 import new_notebook
from nbrun import run_checks

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "00_practice_fixture.ipynb"


@pytest.fixture(scope="module")
def every_item() -> list[mock_exam.Item]:
    return [item for path in mock_exam.all_chapters() for item in mock_exam.pool(exam.parse(path))]


def keys(items) -> list[str]:
    return [item.key for item in items]


# --- the draw ------------------------------------------------------------------------------------

def test_every_chapter_has_numeric_and_explain_questions_to_draw(every_item):
    for path in mock_exam.all_chapters():
        mine = [i for i in every_item if i.chapter.path == path]
        assert any(i.numeric for i in mine) and any(not i.numeric for i in mine), path.name


def test_the_draw_is_seeded_and_reproducible(every_item):
    first, _ = mock_exam.draw(every_item, 20, seed=7)
    again, _ = mock_exam.draw(list(reversed(every_item)), 20, seed=7)
    assert keys(first) == keys(again)
    assert keys(first) != keys(mock_exam.draw(every_item, 20, seed=8)[0])


@pytest.mark.parametrize("n", [1, 2, 5, 20, 60])
def test_the_draw_has_n_distinct_questions_half_numeric_spread_over_chapters(every_item, n):
    drawn, _ = mock_exam.draw(every_item, n, seed=n)
    assert len(drawn) == len(set(keys(drawn))) == n
    assert sum(i.numeric for i in drawn) == (n + 1) // 2
    chapters = [i.chapter.stem for i in drawn]
    assert max(chapters.count(c) for c in chapters) <= -(-n // len(mock_exam.all_chapters())) * 2
    assert keys(drawn) == keys(sorted(drawn, key=lambda i: (
        i.chapter.stem, i.question.kind != "Question", i.question.number)))
    assert not any(a.conflicts(b) for a in drawn for b in drawn)


def test_the_draw_prefers_small_set_ups(every_item):
    mean_cost = sum(i.cost for i in every_item) / len(every_item)
    drawn = [i for seed in range(20) for i in mock_exam.draw(every_item, 10, seed)[0]]
    assert sum(i.cost for i in drawn) / len(drawn) < mean_cost / 2


def test_chapters_are_respected():
    paths = mock_exam.select("6, 1")
    assert [p.name[:3] for p in paths] == ["01_", "06_"]
    assert mock_exam.select("06_decision_trees 01") == paths
    assert mock_exam.select("") == mock_exam.all_chapters()
    items = [i for p in paths for i in mock_exam.pool(exam.parse(p))]
    drawn, _ = mock_exam.draw(items, 10, seed=3)
    assert {i.chapter.path for i in drawn} <= set(paths)


def test_an_unknown_chapter_or_too_many_questions_is_a_clear_error(every_item, capsys):
    with pytest.raises(ValueError, match=r"unknown chapter '12'.*01 02"):
        mock_exam.select("01 12")
    assert mock_exam.main(["--chapters", "12", "--seed", "1"]) == 2
    assert "unknown chapter '12'" in capsys.readouterr().err
    with pytest.raises(ValueError, match=f"N={len(every_item) + 1} is more than the "):
        mock_exam.draw(every_item, len(every_item) + 1, seed=1)
    with pytest.raises(ValueError, match="at least 1"):
        mock_exam.draw(every_item, 0, seed=1)


def test_a_question_that_fails_on_its_own_is_dropped_and_replaced(every_item):
    drawn, _ = mock_exam.draw(every_item, 6, seed=5)
    failing = {drawn[0].key, drawn[3].key}

    def verify(batch):
        return {i.key: mock_exam.Verdict(i.key not in failing, why="NameError: x") for i in batch}

    said: list[str] = []
    again, verdicts = mock_exam.draw(every_item, 6, seed=5, verify=verify, say=said.append)
    assert len(again) == 6 and not failing & set(keys(again))
    assert set(keys(drawn)) - failing <= set(keys(again))
    assert sum(i.numeric for i in again) == 3
    assert len(said) == 2 and all("dropped" in s and "NameError: x" in s for s in said)
    assert all(not verdicts[k].ok for k in failing)


def test_too_few_questions_that_run_is_a_clear_error(every_item):
    items = [i for i in every_item if i.chapter.stem.startswith("01")]

    def verify(batch):
        return {i.key: mock_exam.Verdict(i.numeric) for i in batch}

    drawn, _ = mock_exam.draw(items, 4, seed=1, verify=verify)  # the explain share goes numeric
    assert len(drawn) == 4 and all(i.numeric for i in drawn)
    numeric = sum(i.numeric for i in items)  # a few of them need another's solution: fewer
    with pytest.raises(ValueError, match=r"only (\d) questions .* N=\1 or fewer"):
        mock_exam.draw(items, numeric + 1, seed=1, verify=verify)


# --- needs() -------------------------------------------------------------------------------------

def test_needs_on_the_fixture_chapter():
    chapter = exam.parse(FIXTURE)
    by_label = {q.label: q for q in chapter.questions}
    assert exam.setup_cells(chapter) == [1, 2]
    x_cell = next(i for i, c in enumerate(chapter.nb.cells) if exam.source(c).startswith("x = "))
    expected = {"Question 1": [], "Question 2": [x_cell], "Exercise 1": [x_cell],
                "Exercise 2": [x_cell]}
    for label, cells in expected.items():
        needs = exam.needs(chapter, by_label[label])
        assert (needs.setup, needs.cells, needs.borrowed) == ([1, 2], cells, []), label
    items = {i.question.label: i for i in mock_exam.pool(chapter)}
    assert sorted(items) == ["Exercise 1", "Question 1", "Question 2", "Question 3"]  # no coding
    assert items["Question 3"].setup == [] and not items["Question 3"].numeric  # words only
    assert items["Question 2"].numeric and items["Question 2"].cost == 1


def test_needs_follows_changes_in_place_and_names_borrowed_solutions(tmp_path):
    solution = {"tags": ["solution"]}
    cells = [
        md("# Chapter 99 — Synthetic"), code("SEED = 1"), code("import numpy as np"),
        md("## 1. Data"),
        code("data = [3, 1, 2]"),  # 4
        code("data.sort()"),  # 5: changes data in place
        code("unused = np.zeros(3)"),  # 6
        code("def total(xs):\n    return sum(xs)"),  # 7
        md("## Exam practice\n\n### Question 1 — the sum"),  # 8
        code("# Your answer:\nq1_answer = None"),
        code("s = total(data)\nq1_answer = s", metadata=solution),  # 10
        md("### Exercise 1 — twice the sum"),  # 11
        code("# Your answer:\nex1_answer = None"),
        code("ex1_answer = 2 * s", metadata=solution),  # 13: uses Question 1's `s`
    ]
    path = tmp_path / "99_synthetic.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    chapter = exam.parse(path)
    q1, ex1 = chapter.questions
    assert (q1.label, ex1.label) == ("Question 1", "Exercise 1") and q1.numeric and ex1.numeric
    assert exam.needs(chapter, q1).cells == [4, 5, 7]
    needs = exam.needs(chapter, ex1)
    assert needs.cells == [4, 5, 7, 10] and needs.borrowed == ["Question 1"]
    items = mock_exam.pool(chapter)
    assert items[0].conflicts(items[1])
    with pytest.raises(ValueError, match="only 1 questions .* could be drawn"):
        mock_exam.draw(items, 2, seed=1)


# --- one small mock exam, built and run ----------------------------------------------------------

N, SEED, CHAPTERS = 3, 201, "01 06"  # draws a borrowed solution and code in a model answer
NAME = f"mock_exam_ch01-06_n{N}_seed{SEED}.ipynb"




def official_answers(nb, out: Path) -> dict[str, object]:
    """{answer variable of exam question k: its official value}, from the builder's cache."""
    answers, source = {}, None
    for cell in nb.cells:
        m = re.search(r"from chapter (\d\d) \(.*\), (Question|Exercise) (\d+)\*", cell.source)
        if m:
            cache = json.loads(next((out / "cache").glob(f"{m.group(1)}_*.json")).read_text())
            source = cache["items"][f"{m.group(2)} {m.group(3)}"]
        v = re.search(r"^((?:q|ex)\d+_answer) = None", cell.source, re.M)
        if v and cell.cell_type == "code":
            answers[cell.id] = (v.group(1), source["answer"])
    return answers


def put_in(nb, answers: dict, wrong: bool = False):
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    for k, cell in enumerate(c for c in nb.cells if c.id in answers):
        variable, value = answers[cell.id]
        if isinstance(value, list):
            value = tuple(v * 1.5 + 1 for v in value) if wrong else tuple(value)
        elif wrong:
            value = value * 1.5 + 1
        if not (wrong and k == 0):  # a wrong answer leaves the first one untouched (None)
            cell.source = cell.source.replace(f"{variable} = None", f"{variable} = {value!r}")
    return nb


@pytest.fixture(scope="module")
def small_exam(tmp_path_factory):
    """The exam of N=3 from chapters 01 and 06 at a fixed seed: notebook, out dir, output, args."""
    out = tmp_path_factory.mktemp("exam")
    printed = io.StringIO()
    args = ["-n", str(N), "--seed", str(SEED), "--chapters", CHAPTERS, "--out", str(out)]
    with contextlib.redirect_stdout(printed):
        assert mock_exam.main(args) == 0
    target = out / NAME
    return nbformat.read(target, as_version=4), out, printed.getvalue(), args


def test_the_exam_says_what_it_drew(small_exam):
    nb, out, printed, _ = small_exam
    assert re.search(r"^  01: +\d+ \(\d+ numeric, \d+ explain\)$", printed, re.M)
    assert re.search(r"^  all: +\d+ ", printed, re.M)
    assert len(re.findall(r"^ +\d+\. (01|06) (Question|Exercise) \d+ — ", printed, re.M)) == N
    assert re.search(rf"-> .*{re.escape(NAME)} \(\d+ s;", printed)


def test_the_exam_keeps_answers_out_of_sight_and_model_answers_after_the_attempt(small_exam):
    nb, out, _, _ = small_exam
    text = nbformat.writes(nb)
    checks = [c for c in nb.cells if builder.CHECK_TAG in c.metadata.get("tags", [])]
    assert len(checks) == (N + 1) // 2
    headings = [k for k, c in enumerate(nb.cells) if c.source.startswith("## Question ")]
    assert len(headings) == N
    for start, end in zip(headings, [*headings[1:], len(nb.cells)], strict=True):
        part = nb.cells[start:end]
        m = re.search(r"from chapter (\d\d) \(.*\), (Question|Exercise) (\d+)\*", part[0].source)
        chapter = exam.parse(next(mock_exam.NOTEBOOKS.glob(f"{m.group(1)}_*.ipynb")))
        q = next(q for q in chapter.questions if q.label == f"{m.group(2)} {m.group(3)}")
        solutions = [exam.source(chapter.nb.cells[i]) for i in q.solutions]
        attempt = next(k for k, c in enumerate(part) if "Your answer" in c.source)
        if q.numeric:
            assert not any(s in text for s in solutions)
            assert builder.CHECK_TAG in part[attempt + 1].metadata.get("tags", [])
        else:
            shown = [c for c in part[attempt + 1:] if exam.is_solution(c)]
            assert [c.source for c in shown] == solutions
            assert all(c.metadata.jupyter.source_hidden for c in shown)
            assert not any(exam.is_solution(c) for c in part[:attempt])


def test_the_official_answers_put_in_say_correct(small_exam):
    nb, out, _, _ = small_exam
    said = run_checks(put_in(nb, official_answers(nb, out)), out)
    assert said == [f"Question {k}: correct" for k in range(1, N + 1)
                    if any(f"'Question {k}'" in c.source for c in nb.cells)]
    assert len(said) == (N + 1) // 2


def test_wrong_answers_say_not_yet_without_the_answer(small_exam):
    nb, out, _, _ = small_exam
    answers = official_answers(nb, out)
    said = run_checks(put_in(nb, answers, wrong=True), out)
    assert len(said) == (N + 1) // 2
    assert all(re.fullmatch(r"Question \d+: not yet.*", s) for s in said), said
    assert "still None" in said[0]
    for s, (_, value) in zip(said, answers.values(), strict=True):
        assert str(value) not in s


def test_a_second_build_runs_nothing_and_writes_the_same_exam(small_exam):
    nb, out, _, args = small_exam
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert mock_exam.main(args) == 0
    assert "; 0 question(s) run" in printed.getvalue() and "(cached)" in printed.getvalue()
    assert nbformat.read(out / NAME, as_version=4) == nb
