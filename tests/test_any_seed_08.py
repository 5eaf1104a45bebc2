"""Chapter 08's seed-dependent claims, checked at 300 seeds with the notebook's own functions."""

import numpy as np
from nbcode import notebook_functions

ns = notebook_functions("08_dimensionality", "distance_stats", constants=("dims",))
SEEDS = range(300)


def test_curse_of_dimensionality_at_any_seed():
    dims = ns.dims
    for seed in SEEDS:
        curse = np.array([ns.distance_stats(d, seed) for d in dims])
        mean_dist, nn_dist, ratio = curse.T
        assert np.allclose(mean_dist[dims >= 10], np.sqrt(dims[dims >= 10] / 6), rtol=0.05), \
            f"seed {seed}: mean distances {mean_dist.round(3)}"
        assert np.all(np.diff(nn_dist) > 0), \
            f"seed {seed}: nearest-neighbour distance {nn_dist.round(3)}"
        assert ratio[dims == 2][0] < 0.1, \
            f"seed {seed}: nearest/farthest in 2-D {ratio[dims == 2][0]:.3f}"
        assert ratio[dims == 1000][0] > 0.8, f"seed {seed}: in 1000-D {ratio[dims == 1000][0]:.3f}"
