"""utils.runtime: scale validation, seeding, set-up summary."""

from __future__ import annotations

import random

import numpy as np
import pytest

from utils import runtime


def test_scaled_picks_by_scale():
    assert runtime.scaled("quick", quick=1, full=2) == 1
    assert runtime.scaled("full", quick=1, full=2) == 2
    assert runtime.scaled("full", quick=1, full=2, smoke=0) == 2


def test_smoke_takes_the_smoke_budget_else_the_full_value():
    assert runtime.scaled("smoke", quick=5, full=30, smoke=1) == 1
    assert runtime.scaled("smoke", quick=5, full=30) == 30
    assert runtime.scaled("smoke", quick=5, full=30, smoke=None) is None
    assert runtime.is_full("smoke") and runtime.is_full("full") and not runtime.is_full("quick")


@pytest.mark.parametrize("bad", ["Quick", "fast", "", None])
def test_bad_scale_says_what_to_use(bad):
    with pytest.raises(ValueError, match="SCALE must be one of 'quick', 'full'"):
        runtime.scaled(bad, quick=1, full=2)


@pytest.mark.parametrize("bad", [-1, 1.5, "42", True])
def test_bad_seed_is_rejected(bad):
    with pytest.raises(ValueError, match="SEED must be a non-negative integer"):
        runtime.seed_everything(bad)


def test_seed_everything_makes_draws_repeatable():
    runtime.seed_everything(7)
    first = (random.random(), np.random.rand(3))
    runtime.seed_everything(7)
    second = (random.random(), np.random.rand(3))
    assert first[0] == second[0] and np.array_equal(first[1], second[1])


def test_setup_summary_names_scale_and_seed():
    summary = runtime.setup("quick", 3)
    assert "SCALE='quick'" in summary and "SEED=3" in summary and "numpy" in summary


def test_quiet_tensorflow_sets_log_variables(monkeypatch):
    for var in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND"):
        monkeypatch.delenv(var, raising=False)
    runtime.quiet_tensorflow()
    import os

    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"
    assert os.environ["KERAS_BACKEND"] == "tensorflow"
