"""Chapter 05's cheap seed-dependent claims, checked with the notebook's own functions at 300
seeds."""

import warnings

import pytest
from nbcode import notebook_functions

from utils.compare import compare

SEEDS = range(300)
N_MOONS = 200  # the notebook's N_MOONS at quick scale
ns = notebook_functions("05_support_vector_machines", "unit_change_demo", "moons_split",
                        "moons_models", "moons_draw_scores", "rbf_svm", "rbf_train_test",
                        constants=("X_four", "t_four", "N_DRAWS"))


def test_unit_change_moves_only_the_unscaled_svm_at_every_seed():
    for seed in SEEDS:
        changed = ns.unit_change_demo(seed)
        assert changed["standardized"] == 0 and changed["unscaled"] > 0.05, (
            f"seed {seed}: {changed}")


def _windows(runs):
    """The notebook compares the draws SEED, SEED + 1, ..., SEED + N_DRAWS - 1: one window per
    seed."""
    return [(seed, runs[seed:seed + ns.N_DRAWS]) for seed in SEEDS]


@pytest.fixture(scope="module")
def moons_runs():
    with warnings.catch_warnings():
        # a LinearSVC that stops at max_iter is part of what is compared
        warnings.simplefilter("ignore")
        return [ns.moons_draw_scores(seed, N_MOONS)
                for seed in range(len(SEEDS) + ns.N_DRAWS - 1)]


def test_both_curved_models_beat_a_line_by_the_verdict_at_every_seed(moons_runs):
    line = "straight line (LinearSVC)"
    for seed, runs in _windows(moons_runs):
        for name in runs[0]:
            if name == line:
                continue
            verdict = compare([run[name] for run in runs], [run[line] for run in runs],
                              names=(name, line), over="draws")
            assert verdict.winner == name, f"seed {seed}: {verdict}"


@pytest.fixture(scope="module")
def rbf_runs():
    cells = {"simple": (0.1, 0.1), "moderate": (1, 1), "corner": (10, 1000)}
    return [{name: ns.rbf_train_test(seed, N_MOONS, *cell) for name, cell in cells.items()}
            for seed in range(len(SEEDS) + ns.N_DRAWS - 1)]


def test_least_regularized_corner_fits_best_but_loses_on_new_data_at_every_seed(rbf_runs):
    for seed, runs in _windows(rbf_runs):
        # the grid's draw (SEED)
        train = {name: accuracies[0] for name, accuracies in runs[0].items()}
        assert train["corner"] > max(train["simple"] + 0.05, train["moderate"]), (
            f"seed {seed}: {train}")
        verdict = compare([run["moderate"][1] for run in runs], [run["corner"][1] for run in runs],
                          names=("γ=1, C=1", "γ=10, C=1000"), over="draws")
        assert verdict.winner == "γ=1, C=1", f"seed {seed}: {verdict}"


def test_svr_tube_claims_at_every_seed():
    svr = notebook_functions("05_support_vector_machines", "svr_demo", "tube_check",
                             "svr_objective")
    for seed in SEEDS:
        X, y, models = svr.svr_demo(seed)
        for epsilon, model in models.items():
            tube = svr.tube_check(X, y, model, epsilon)
            assert tube["max alpha inside"] == 0 and tube["max |alpha - C| outside"] < 1e-5, (
                f"seed {seed}: {tube}")
            assert tube["max |w change| after refit"] < 1e-4, (
                f"seed {seed}, epsilon {epsilon}: {tube}")
            assert tube["relative cost gap"] < 1e-6, f"seed {seed}, epsilon {epsilon}: {tube}"
        n_support = {epsilon: len(model.support_) for epsilon, model in models.items()}
        assert n_support[1.2] < n_support[0.5], f"seed {seed}: support vectors {n_support}"
