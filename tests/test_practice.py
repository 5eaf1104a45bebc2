"""`make practice`: the self-checks (utils.practice) and the practice copies (tools/practice.py).

The copies are built from tests/fixtures/00_practice_fixture.ipynb (a tiny chapter in the
exam-practice anatomy) and from chapter 01 once it has `solution` cells; every chapter's copy is
built without running it (fake answers) to prove the builder handles it. COURSE_SLOW_TESTS=1 also
builds every chapter with its real answers (runs each).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import exam
import nbformat
import practice as builder
import pytest
from nbrun import run_checks

from utils import practice

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "00_practice_fixture.ipynb"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SMALLEST = [p for p in CHAPTERS if p.name.startswith("01_")]


# --- utils.practice ------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [5.0, -0.0123, 1234.5, 0.999, 1e-5, 7])
def test_key_accepts_within_one_percent_only(value):
    key = practice.make_key(value, "t/q1_answer")
    assert practice.is_correct(value, key)
    if isinstance(value, int):
        assert not practice.is_correct(value + 1, key) and practice.is_correct(float(value), key)
    else:
        assert practice.is_correct(value * 1.008, key) and practice.is_correct(value * 0.992, key)
        assert not practice.is_correct(value * 1.03, key) and not practice.is_correct(-value, key)


def test_key_of_a_tuple_needs_every_number_in_order():
    key = practice.make_key((2.5, 40.0), "t/q2_answer")
    assert practice.is_correct((2.5, 40.0), key) and practice.is_correct([2.51, 39.9], key)
    assert not practice.is_correct((40.0, 2.5), key)
    with pytest.raises(practice.NotYet, match="2 numbers"):
        practice.is_correct(2.5, key)


def test_key_depends_on_the_salt_and_hides_the_answer():
    key = practice.make_key(3.14159, "t/q1_answer")
    assert key != practice.make_key(3.14159, "t/q2_answer")
    assert "3.14" not in key and "314" not in key


@pytest.mark.parametrize("answer", [None, ..., "5", True, [5, 6], float("nan"), object(), {"a": 1}])
def test_check_says_not_yet_without_traceback_or_answer(answer, capsys):
    key = practice.make_key(5.0, "t/q1_answer")
    practice.check("Question 1", answer, key)
    out = capsys.readouterr()
    assert out.out.startswith("Question 1: not yet") and out.err == ""
    assert "5.0" not in out.out


def test_check_says_correct(capsys):
    practice.check("Exercise 2", 0.3333, practice.make_key(1 / 3, "t/ex2_answer"))
    assert capsys.readouterr().out == "Exercise 2: correct\n"


# --- the practice copies -------------------------------------------------------------------------



def fake_answers(chapter: exam.Chapter) -> dict:
    return {q.variable: 1.0 for q in chapter.questions if q.numeric}


def assert_is_practice_copy(chapter: exam.Chapter, nb, checks: int):
    """No solution left, every other cell kept in order, one check per numeric item (question or
    exercise) right after its answer cell."""
    assert not any(exam.is_solution(c) for c in nb.cells)
    kept = [exam.source(c) for c in chapter.nb.cells if not exam.is_solution(c)]
    copy = [exam.source(c) for c in nb.cells]
    it = iter(copy)
    assert all(any(src == other for other in it) for src in kept), \
        "a non-solution cell was lost or reordered"
    assert checks == sum(q.numeric for q in chapter.questions)
    for q in chapter.questions:
        if q.solutions:
            heading = next(i for i, src in enumerate(copy)
                           if re.search(rf"^### {q.kind} {q.number} ", src, re.M))
            following = copy[heading + 1: heading + 4]
            assert any("Your answer" in s or "Your code" in s for s in following), \
                f"{q.label}: no answer cell"
            if q.numeric:
                answer = next(i for i in range(heading, len(copy))
                              if re.search(rf"^{q.variable} = None", copy[i], re.M))
                assert f"practice.check({q.label!r}, {q.variable}, " in copy[answer + 1], q.label


def test_numeric_exercises_get_a_check_like_exam_questions():
    chapter = exam.parse(FIXTURE)
    kinds = {q.label: q.numeric for q in chapter.questions if q.kind == "Exercise"}
    assert kinds == {"Exercise 1": True, "Exercise 2": False}  # ex1_answer; a coding exercise
    nb, checks = builder.build(chapter, fake_answers(chapter))
    labels = [re.search(r"practice\.check\('([^']+)', (\w+),", exam.source(c)).groups()
              for c in nb.cells if builder.CHECK_TAG in c.metadata.get("tags", [])]
    assert labels == [("Question 1", "q1_answer"), ("Question 2", "q2_answer"),
                      ("Exercise 1", "ex1_answer")]
    assert_is_practice_copy(chapter, nb, checks)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem[:2] for p in CHAPTERS])
def test_every_chapter_builds(path):
    chapter = exam.parse(path)
    if not chapter.has_solutions:
        pytest.skip(f"{path.name} has no cells tagged 'solution' yet")
    numbers = [q.number for q in chapter.questions if q.kind == "Question"]
    assert numbers == list(range(1, len(numbers) + 1)), "questions are not numbered 1, 2, ..."
    nb, checks = builder.build(chapter, fake_answers(chapter))
    assert_is_practice_copy(chapter, nb, checks)


@pytest.fixture(scope="module", params=[FIXTURE, *SMALLEST], ids=lambda p: p.stem[:2])
def built(request, tmp_path_factory):
    """A practice copy written by the builder, with its chapter and its learned answers."""
    chapter = exam.parse(request.param)
    if not chapter.has_solutions:
        pytest.skip(f"{request.param.name} has no cells tagged 'solution' yet")
    out = tmp_path_factory.mktemp("practice")
    assert builder.main([str(request.param), "--out", str(out)]) == 0
    answers = builder.learn_answers(chapter, out / ".answers")  # cached: no second run
    return chapter, nbformat.read(out / request.param.name, as_version=4), answers


def test_copy_has_no_solutions_and_a_check_per_numeric_question(built):
    chapter, nb, answers = built
    checks = sum(builder.CHECK_TAG in c.metadata.get("tags", []) for c in nb.cells)
    assert_is_practice_copy(chapter, nb, checks)
    text = nbformat.writes(nb)
    for q in chapter.questions:
        for i in q.solutions:
            assert exam.source(chapter.nb.cells[i]) not in text
    assert "Practice copy" in exam.source(nb.cells[1])


def test_solutions_put_back_make_every_check_say_correct(built):
    chapter, nb, answers = built
    with_solutions, checks = builder.build(chapter, answers, with_solutions=True)
    practice_checks = [exam.source(c) for c in nb.cells
                       if builder.CHECK_TAG in c.metadata.get("tags", [])]
    assert [exam.source(c) for c in with_solutions.cells
            if builder.CHECK_TAG in c.metadata.get("tags", [])] == practice_checks  # the same
    said = run_checks(with_solutions, chapter.path.parent)
    assert len(said) == checks > 0
    exercises = [q.label for q in chapter.questions if q.kind == "Exercise" and q.numeric]
    assert all(f"{label}: correct" in said for label in exercises)
    assert all(re.fullmatch(r"(Question|Exercise) \d+: correct", s) for s in said), said


def test_wrong_or_missing_answers_say_not_yet_and_the_chapter_still_runs(built):
    chapter, nb, answers = built
    for cell in nb.cells:  # a wrong answer for the first numeric item; None (untouched) for others
        m = re.search(r"^((?:q|ex)\d+_answer) = None", exam.source(cell), re.M)
        if m:
            value = answers[m.group(1)]
            wrong = (tuple(v * 1.5 + 1 for v in value) if isinstance(value, list)
                     else value * 1.5 + 1)
            cell.source = exam.source(cell).replace(f"{m.group(1)} = None",
                                                    f"{m.group(1)} = {wrong!r}")
            break
    said = run_checks(nb, chapter.path.parent)
    assert said and all(re.match(r"(Question|Exercise) \d+: not yet", s) for s in said), said
    for s, value in zip(said, answers.values()):
        assert f"{value}" not in s


@pytest.mark.skipif(not os.environ.get("COURSE_SLOW_TESTS"),
                    reason="runs every chapter: set COURSE_SLOW_TESTS=1")
@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem[:2] for p in CHAPTERS])
def test_every_chapter_with_its_real_answers(path, tmp_path):
    if not exam.parse(path).has_solutions:
        pytest.skip(f"{path.name} has no cells tagged 'solution' yet")
    assert builder.main([str(path), "--out", str(tmp_path)]) == 0
