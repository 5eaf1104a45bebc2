"""Chapter 09's cheap seed-dependent demos, checked at 300 seeds with the notebook's own functions.

The notebook runs each demo at SEED; these tests run the same functions (taken from the notebook
with `nbcode.notebook_functions`) at seeds 0-299, so a claim that holds at SEED = 42 by luck fails
here and names the seed.
"""

import numpy as np
from nbcode import notebook_functions
from threadpoolctl import threadpool_limits

SEEDS = range(300)
ns = notebook_functions("09_unsupervised_learning", "scaling_demo")


def test_scaling_decides_what_kmeans_finds_at_any_seed():
    """Section 4: on the raw features k-means splits along the noisy x2 (index about 0);
    standardized, it finds the two groups."""
    with threadpool_limits(limits=1):  # tiny problems: one thread, as in the notebook
        for seed in SEEDS:
            ari_raw, ari_std = ns.scaling_demo(np.random.default_rng(seed), seed)
            assert ari_raw < 0.1, f"seed {seed}: raw features, index {ari_raw:.3f}"
            assert ari_std > 0.9, f"seed {seed}: standardized, index {ari_std:.3f}"
