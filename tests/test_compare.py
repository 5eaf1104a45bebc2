"""The course's one comparison rule: utils.compare."""

import doctest

import numpy as np
import pytest
from scipy import stats

import utils.compare
from utils.compare import compare


def test_docstring_example_runs():
    assert doctest.testmod(utils.compare).failed == 0


def test_interval_equals_scipy_paired_t_interval():
    rng = np.random.default_rng(0)
    a = rng.normal(0.8, 0.02, 12)
    b = a - rng.normal(0.01, 0.02, 12)
    result = compare(a, b)
    ci = stats.ttest_rel(a, b).confidence_interval(0.95)
    assert result.difference == pytest.approx(np.mean(a - b))
    assert (result.low, result.high) == pytest.approx((ci.low, ci.high))


def test_corrected_resampled_interval_matches_nadeau_bengio_formula():
    # scikit-learn's example "Statistical comparison of models using grid search": 10-fold CV
    rng = np.random.default_rng(1)
    a, b = rng.normal(0.9, 0.03, 10), rng.normal(0.88, 0.03, 10)
    n_train, n_test = 900, 100
    d = a - b
    se = np.sqrt((1 / 10 + n_test / n_train) * d.var(ddof=1))
    half = stats.t.ppf(0.975, 9) * se
    result = compare(a, b, n_train=n_train, n_test=n_test, over="folds")
    assert (result.low, result.high) == pytest.approx((d.mean() - half, d.mean() + half))
    plain = compare(a, b)
    assert result.high - result.low > plain.high - plain.low    # the correction only ever widens
    assert "corrected" in result.verdict


def test_winner_named_only_when_interval_excludes_zero():
    clear = compare([0.90, 0.92, 0.91, 0.93], [0.85, 0.86, 0.86, 0.87], names=("forest", "tree"),
                    over="seeds")
    assert clear.winner == "forest"
    assert clear.verdict.startswith("forest better than tree by 0.0550")
    assert "4 paired seeds" in clear.verdict
    tied = compare([0.90, 0.86, 0.91, 0.85], [0.88, 0.89, 0.87, 0.88], names=("forest", "tree"))
    assert tied.winner is None
    assert tied.verdict.startswith("no clear difference between forest and tree over 4 pairs")


def test_b_can_win_and_lower_is_better_for_errors():
    higher = compare([1.0, 1.1, 1.2], [2.0, 2.2, 2.1], names=("A", "B"))
    assert higher.winner == "B"
    assert higher.verdict.startswith("B better than A by 1.00 (95 % CI")
    lower = compare([1.0, 1.1, 1.2], [2.0, 2.2, 2.1], names=("A", "B"), higher_is_better=False)
    assert lower.winner == "A"
    assert lower.verdict.startswith("A better (lower) than B by 1.00")
    lo, hi = lower.verdict.split("CI ")[1].split(",")[0].split(" to ")
    assert 0 < float(lo) < 1.0 < float(hi)


def test_zero_spread_with_a_gap_names_the_winner():
    result = compare([3, 3, 3], [1, 1, 1], names=("x", "y"))
    assert result.winner == "x" and result.low == result.high == 2


def test_str_is_the_verdict():
    result = compare([1, 2, 3], [1, 2, 4])
    assert str(result) == result.verdict


@pytest.mark.parametrize(
    "a, b, kwargs, message",
    [
        ([1, 2], [1, 2, 3], {}, "paired scores"),
        ([1], [2], {}, "at least 2 pairs"),
        ([1, np.nan], [1, 2], {}, "NaN"),
        ([1, 2], [1, 2], {"n_train": 10}, "both n_train and n_test"),
        ([1, 2], [1, 2], {"n_train": 0, "n_test": 5}, "positive"),
        ([1, 2], [1, 2], {"confidence": 95}, "between 0 and 1"),
    ],
)
def test_clear_errors(a, b, kwargs, message):
    with pytest.raises(ValueError, match=message):
        compare(a, b, **kwargs)


def test_coverage_of_the_interval_is_about_95_percent():
    # the interval is honest: over many simulated experiments with a known difference it
    # covers it ~95 %
    rng = np.random.default_rng(2)
    covered = 0
    for _ in range(2000):
        d = rng.normal(0.01, 0.02, 8)
        r = compare(d, np.zeros(8))
        covered += r.low <= 0.01 <= r.high
    assert 0.93 < covered / 2000 < 0.97
