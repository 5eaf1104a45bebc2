"""The course's one rule for "A beats B": paired scores, a 95 % interval of the mean difference,
a verdict.

Every comparison across seeds, folds or repeated splits in the notebooks goes through `compare`:

    >>> result = compare([0.91, 0.93, 0.92, 0.90], [0.88, 0.91, 0.90, 0.88], names=("CNN", "MLP"),
    ...                  over="seeds")
    >>> print(result)
    CNN better than MLP by 0.0225 (95 % CI 0.0145 to 0.0305, 4 paired seeds)

A winner is named only when the interval excludes 0; otherwise the verdict says "no clear
difference".

Scores from k-fold cross-validation are not independent (every pair of folds shares most of its
training data), so the plain paired t-interval is too narrow. Give `n_train` and `n_test` (the sizes
of one fold's training and test parts) and the interval uses the corrected resampled t-test of
Nadeau and Bengio (2003), as in scikit-learn's example "Statistical comparison of models using grid
search": the variance of the mean difference is ``(1/n + n_test/n_train) * s**2`` instead of
``s**2 / n``. The t quantile comes from `scipy.stats.t`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True)
class Comparison:
    """The result of `compare`: mean difference A - B, its interval, and the verdict in words."""

    names: tuple[str, str]
    difference: float          # mean of (A - B) over the pairs
    low: float                 # lower end of the interval of the mean difference
    high: float                # upper end
    n: int                     # number of pairs
    over: str                  # what the pairs are: "folds", "seeds", "splits", ...
    higher_is_better: bool
    corrected: bool            # True when the Nadeau-Bengio correction widened the interval
    confidence: float = 0.95

    @property
    def winner(self) -> str | None:
        """The name of the better one when the interval excludes 0, else None (no clear
        difference)."""
        if self.low > 0:
            return self.names[0] if self.higher_is_better else self.names[1]
        if self.high < 0:
            return self.names[1] if self.higher_is_better else self.names[0]
        return None

    @property
    def verdict(self) -> str:
        """One line: "A better by 0.031 (95 % CI 0.012 to 0.050, 10 paired folds)" or
        "no clear difference..."."""
        level = f"{100 * self.confidence:g} %"
        pairs = f"{self.n} pairs" if self.over == "pairs" else f"{self.n} paired {self.over}"
        if self.corrected:
            pairs += ", corrected for overlapping training sets"
        a, b = self.names
        winner = self.winner
        if winner is None:
            return (f"no clear difference between {a} and {b} over {self.n} {self.over}: "
                    f"{a} - {b} = {_fmt(self.difference)} ({level} CI {_fmt(self.low)} to "
                    f"{_fmt(self.high)}{', corrected' if self.corrected else ''})")
        loser = b if winner == a else a
        # report the winner's advantage as a positive number, with the interval of that advantage
        sign = 1.0 if (winner == a) == self.higher_is_better else -1.0
        gain, lo, hi = sign * self.difference, *sorted((sign * self.low, sign * self.high))
        direction = "" if self.higher_is_better else " (lower)"
        return (f"{winner} better{direction} than {loser} by {_fmt(gain)} "
                f"({level} CI {_fmt(lo)} to {_fmt(hi)}, {pairs})")

    def __str__(self) -> str:
        return self.verdict


def _fmt(x: float) -> str:
    """Three significant digits, plain notation where it is readable."""
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e5:
        digits = max(0, 2 - int(np.floor(np.log10(abs(x)))))
        return f"{x:,.{digits}f}"
    return f"{x:.2e}"


def compare(
    scores_a: Sequence[float] | np.ndarray,
    scores_b: Sequence[float] | np.ndarray,
    *,
    names: tuple[str, str] = ("A", "B"),
    over: str = "pairs",
    higher_is_better: bool = True,
    n_train: int | None = None,
    n_test: int | None = None,
    confidence: float = 0.95,
) -> Comparison:
    """Compare two models on paired scores (same folds, seeds or splits): mean difference and its
    interval.

    scores_a, scores_b: one score per pair for A and B, in the same order (pair i = same
    fold/seed/split).
    names: how the verdict names A and B. over: what a pair is ("folds", "seeds", "splits").
    higher_is_better: False for errors and losses (then the lower mean wins).
    n_train, n_test: give both for cross-validation scores (the sizes of one fold's training and
    test parts): the interval then uses the corrected resampled t-test (Nadeau and Bengio).
    Returns a `Comparison`; ``print(result)`` prints the verdict, ``result.winner`` is a name or
    None.
    """
    a = np.asarray(scores_a, dtype=float).ravel()
    b = np.asarray(scores_b, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValueError(f"compare needs paired scores: got {a.size} scores for {names[0]} and "
                         f"{b.size} for {names[1]}; give one score per fold/seed/split for each, "
                         "in the same order")
    if a.size < 2:
        raise ValueError(f"compare needs at least 2 pairs to estimate the spread, got {a.size}: "
                         "run more seeds, folds or splits")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("compare got a NaN or infinite score: check the runs that produced them")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    if (n_train is None) != (n_test is None):
        raise ValueError("give both n_train and n_test (cross-validation fold sizes), or neither")
    if n_train is not None and (n_train <= 0 or n_test <= 0):
        raise ValueError(f"n_train and n_test must be positive, got {n_train} and {n_test}")

    diffs = a - b
    n = diffs.size
    mean = float(diffs.mean())
    var = float(diffs.var(ddof=1))
    corrected = n_train is not None
    factor = (1 / n + n_test / n_train) if corrected else 1 / n
    se = float(np.sqrt(factor * var))
    half = float(stats.t.ppf(0.5 + confidence / 2, df=n - 1)) * se
    return Comparison(names=(str(names[0]), str(names[1])), difference=mean, low=mean - half,
                      high=mean + half, n=n, over=over, higher_is_better=higher_is_better,
                      corrected=corrected, confidence=confidence)
