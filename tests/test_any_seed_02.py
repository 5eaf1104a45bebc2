"""Chapter 02's cheap seed-dependent claim, checked at 300 seeds with the notebook's own functions.

The stratified test set beats random test sets on the quality strata: its worst stratum error is
below the 5th percentile of 500 random splits' worst errors, at every seed.
"""

import numpy as np
from nbcode import notebook_functions

from utils import data

SEEDS = range(300)


def test_stratified_split_beats_random_splits_at_any_seed():
    ns = notebook_functions("02_end", "quality_strata", "qual_proportions", "stratification_demo")
    ames = data.load("ames").drop(columns=["Order", "PID"])  # as the notebook loads it
    frame = ames.assign(qual_cat=ns.quality_strata(ames))
    for seed in SEEDS:
        worst_strat, worst_random = ns.stratification_demo(frame, seed)
        p5 = np.percentile(worst_random, 5)
        assert worst_strat < p5, (
            f"seed {seed}: stratified {worst_strat:.2f}% vs random 5th pct {p5:.2f}%")
