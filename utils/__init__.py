"""Thin helpers for the course notebooks: data loading (`utils.data`), plotting (`utils.plots`)
and run-time set-up (`utils.runtime`). Algorithms live in the notebooks, where students read them."""

from . import data, plots, runtime

__all__ = ["data", "plots", "runtime"]
__version__ = "0.1.0"
