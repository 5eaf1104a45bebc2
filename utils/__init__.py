"""Thin helpers for the course notebooks: data loading (`utils.data`), plotting (`utils.plots`),
run-time set-up (`utils.runtime`), the one rule for comparing two models
(`utils.compare`) and the Keras autodiff dispatch used by gradient checks (`utils.autodiff`,
imported on demand since it needs Keras). Algorithms live in the notebooks, where students read
them."""

from . import compare, data, plots, results, runtime

__all__ = ["compare", "data", "plots", "results", "runtime"]
__version__ = "0.1.0"
