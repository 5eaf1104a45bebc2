"""Chapter 06's cheap seed-dependent claims, checked with the notebook's own functions at 300
seeds."""

import numpy as np
import pytest
from nbcode import notebook_functions
from sklearn.datasets import make_moons

from utils.compare import compare

SEEDS = range(300)
ns = notebook_functions("06_decision_trees", "square_demo", "removal_changes",
                        "unrestricted_moons_tree", constants=("ROTATION_45",))


@pytest.fixture(scope="module")
def square_runs():
    """Leaves and test accuracies of every draw the tests need (the notebook's windows overlap:
    each once)."""
    runs = []
    for seed in range(len(SEEDS) + 50 - 1):
        _, _, trees, accuracies = ns.square_demo(seed)
        runs.append(({name: tree.get_n_leaves() for name, tree in trees.items()}, accuracies))
    return runs


def test_rotated_square_needs_a_staircase_at_every_seed(square_runs):
    for seed in SEEDS:
        leaves = square_runs[seed][0]
        assert leaves["axis-aligned"] == 2 < leaves["rotated 45°"], f"seed {seed}: {leaves}"


@pytest.mark.parametrize("n_repeats", [12, 50])  # N_REPEATS at quick and at full scale
def test_rotated_square_generalizes_worse_by_the_verdict_at_every_seed(square_runs, n_repeats):
    # the notebook compares the draws SEED, SEED + 1, ..., SEED + N_REPEATS - 1
    axis = np.array([accuracies["axis-aligned"] for _, accuracies in square_runs])
    rotated = np.array([accuracies["rotated 45°"] for _, accuracies in square_runs])
    for seed in SEEDS:
        window = slice(seed, seed + n_repeats)
        verdict = compare(axis[window], rotated[window], names=("axis-aligned", "rotated 45°"),
                          over="draws")
        assert verdict.winner == "axis-aligned", f"seed {seed}: {verdict}"


def test_removing_one_point_changes_the_unrestricted_tree_at_every_seed():
    # the notebook's grid
    g0, g1 = np.meshgrid(np.linspace(-1.5, 2.5, 100), np.linspace(-1.0, 1.5, 100))
    grid = np.c_[g0.ravel(), g1.ravel()]
    for seed in SEEDS:
        X, y = make_moons(n_samples=150, noise=0.2, random_state=seed)  # section 5's moons
        # the notebook asserts max > 0 over all 150 removals: stop at the first removal that
        # changes something
        assert any(ns.removal_changes(X, y, seed, grid, range(start, start + 5)).max() > 0
                   for start in range(0, 150, 5)), (
            f"seed {seed}: no single removal changes the plane")


def test_unrestricted_tree_is_far_deeper_than_balanced_at_every_seed():
    # the smallest m of exercise 1 has the smallest ratio depth / ceil(log2(leaves)); measured once
    # at larger m: m = 4,000 min 2.1 over 100 seeds, m = 16,000 min 2.67 over 20 seeds
    for seed in SEEDS:
        leaves, depth = ns.unrestricted_moons_tree(seed, 1000)
        assert depth > 1.5 * np.ceil(np.log2(leaves)), (
            f"seed {seed}: {leaves} leaves, depth {depth}")
