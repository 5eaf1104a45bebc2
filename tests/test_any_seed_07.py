"""Chapter 07's seed-dependent claims, checked at 300 seeds with the notebook's own functions."""

import numpy as np
from nbcode import notebook_functions

ns = notebook_functions("07_ensemble", "majority_accuracy", "simulated_majority",
                        "correlated_vote_accuracies", constants=("rhos",))
SEEDS = range(300)


def test_simulated_majority_agrees_with_the_formula():
    exact = ns.majority_accuracy(0.51, 101)
    for seed in SEEDS:
        sim = ns.simulated_majority(seed)
        assert abs(sim - exact) < 0.015, f"seed {seed}: simulated {sim:.4f} vs formula {exact:.4f}"


def test_correlated_voters_gain_less():
    independent = ns.majority_accuracy(0.7, 25)
    for seed in SEEDS:
        acc = ns.correlated_vote_accuracies(ns.rhos, seed)
        assert abs(acc[0] - independent) < 0.01 and acc[0] > 0.97, (
            f"seed {seed}: rho = 0 gives {acc[0]}")
        assert np.all(np.diff(acc[:5]) < 0), f"seed {seed}: accuracy does not fall with rho: {acc}"
        assert abs(acc[-1] - 0.7) < 0.015 and acc[4] < 0.75, f"seed {seed}: {acc}"

