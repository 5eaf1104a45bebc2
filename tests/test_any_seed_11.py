"""Chapter 11's cheap seed-dependent claims, checked at 300 seeds with the notebook's own functions.

Section 1 (gradients at initialization of a 10-layer MLP): sigmoid + Glorot vanishes
(first/last < 1e-3), ReLU + He is stable (0.1 to 10), ReLU + N(0,1) explodes (every norm > 1e6),
most sigmoid units with N(0,1) weights are saturated (> 50 %) and almost none with Glorot weights
(< 5 %).
Section 3: SELU self-normalizes: through 50 LeCun-normal SELU layers every layer's activations keep
mean within 0.3 of 0 and standard deviation within 0.3 of 1. The notebook asserts each of these at
its SEED.
"""

import numpy as np
from nbcode import notebook_functions

ns = notebook_functions("11_training", "selu_layer_stats", "sigmoid",
                        constants=("SELU_ALPHA", "SELU_SCALE", "ACTIVATIONS"))


def test_selu_self_normalizes_at_300_seeds():
    for seed in range(300):
        stats = ns.selu_layer_stats(seed)
        worst_mean, worst_std = np.abs(stats[:, 0]).max(), np.abs(stats[:, 1] - 1).max()
        assert worst_mean < 0.3 and worst_std < 0.3, (
            f"seed {seed}: largest |mean| {worst_mean:.3f}, largest |std - 1| {worst_std:.3f} "
            "(need < 0.3)")


def _standardized_batch():
    """The notebook's X_batch at quick scale: the first 256 of the N_TRAIN = 5,000 training images,
    standardized with the training subset's scalar pixel mean and std (as the notebook's set-up
    does)."""
    from utils import data

    (X_full, y_full), _ = data.load("fashion_mnist")
    X_raw = X_full[:5_000].reshape(5_000, -1).astype("float32")
    X = (X_raw - X_raw.mean()) / X_raw.std()
    return X[:256].astype("float64"), y_full[:256]


def test_gradient_regimes_at_300_seeds():
    grads = notebook_functions("11_training", "gradients_at_init", "init_mlp", "forward_backward",
                               "sigmoid", "sigmoid_prime",
                               constants=("ACTS", "SIZES", "SETUPS", "SATURATED"))
    X, y = _standardized_batch()
    for seed in range(300):
        r = grads.gradients_at_init(seed, X, y)
        ratio = {name: norms[0] / norms[-1] for name, (_, norms, _, _) in r.items()}
        share = {name: s for name, (_, _, s, _) in r.items()}
        assert ratio["sigmoid, Glorot"] < 1e-3, (
            f"seed {seed}: sigmoid+Glorot ratio {ratio['sigmoid, Glorot']:.1e}")
        assert 0.1 < ratio["ReLU, He"] < 10, f"seed {seed}: ReLU+He ratio {ratio['ReLU, He']:.2f}"
        assert r["ReLU, N(0,1)"][1].min() > 1e6, f"seed {seed}: ReLU+N(0,1) did not explode"
        assert share["sigmoid, N(0,1)"] > 0.5, (
            f"seed {seed}: saturated share {share['sigmoid, N(0,1)']:.3f}")
        assert share["sigmoid, Glorot"] < 0.05, (
            f"seed {seed}: Glorot saturated {share['sigmoid, Glorot']:.3f}")
        assert ratio["sigmoid, N(0,1)"] < 1, (
            f"seed {seed}: sigmoid+N(0,1) ratio {ratio['sigmoid, N(0,1)']:.2f}")
