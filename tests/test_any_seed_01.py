"""Chapter 01's cheap seed-dependent claims, checked at 300 seeds with the notebook's own functions.

The notebook checks each claim at its SEED (its `# check:` cells); these tests run the same
functions (taken from the notebook by `nbcode`) at seeds 0..299, so that no student's seed breaks
them.
"""

import numpy as np
from nbcode import notebook_functions

from utils.compare import compare

SEEDS = range(300)


def test_pretext_task_is_learnable_at_any_seed():
    ns = notebook_functions("01_the", "pretext_demo", constants=("digits",))
    for seed in SEEDS:
        r2 = ns.pretext_demo(seed)
        assert r2 > 0.1, f"seed {seed}: R^2 of the pretext task {r2:.3f}, needs > 0.1"


def test_bandit_finds_the_best_arm_at_any_seed():
    ns = notebook_functions("01_the", "run_bandit")
    for seed in SEEDS:
        rewards, pulls = ns.run_bandit([0.2, 0.5, 0.8], n_steps=2000, epsilon=0.1,
                                       rng=np.random.default_rng(seed))
        share, late = pulls[2] / pulls.sum(), rewards[-1000:].mean()
        assert share > 0.6 and late > 0.7, (
            f"seed {seed}: best-arm share {share:.3f}, late reward {late:.3f}")


def test_picking_on_the_test_set_is_optimistic_at_any_seed():
    ns = notebook_functions("01_the", "selection_demo", constants=("lifesat", "y"))
    for seed in SEEDS:
        chosen_acc, fresh_acc = ns.selection_demo(seed, 50)  # N_REPEATS at quick scale
        verdict = compare(chosen_acc, fresh_acc, names=("on its test set", "on fresh countries"),
                          over="repeats")
        assert verdict.winner == "on its test set", f"seed {seed}: {verdict}"
        assert abs(fresh_acc.mean() - 0.5) < 0.05, (
            f"seed {seed}: fresh accuracy {fresh_acc.mean():.3f}")
