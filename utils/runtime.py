"""Run-time set-up shared by every notebook: scale, seeds, quiet TensorFlow, device report."""

from __future__ import annotations

import os
import platform
import random
import sys
from typing import TypeVar

import numpy as np

__all__ = ["SCALES", "check_scale", "device_report", "is_full", "quiet_tensorflow", "scaled",
           "seed_everything", "setup"]

SCALES = ("quick", "full", "smoke")
T = TypeVar("T")
_FULL = object()   # scaled()'s default for smoke: the full-scale value


def check_scale(scale: str) -> str:
    """Return `scale` if it is a known scale, else raise a ValueError that lists the choices."""
    if scale not in SCALES:
        raise ValueError(
            f"SCALE must be one of {', '.join(repr(s) for s in SCALES)}, not {scale!r}. "
            "Use 'quick' for the CPU-friendly default, 'full' for textbook scale "
            "(papermill: -p SCALE full), 'smoke' for the full-scale code paths at the smallest "
            "budgets (make results SMOKE=1)."
        )
    return scale


def scaled(scale: str, *, quick: T, full: T, smoke: T = _FULL) -> T:  # type: ignore[assignment]
    """Pick the value for this scale: ``n_epochs = scaled(SCALE, quick=3, full=30, smoke=1)``.

    "smoke" runs the full-scale code paths (full data, full-only branches) with the smallest
    budgets: it takes `smoke` where a knob gives one (epochs, sample sizes, and the floors that
    go with them), else the full-scale value.
    """
    scale = check_scale(scale)
    if scale == "quick":
        return quick
    return full if scale == "full" or smoke is _FULL else smoke


def is_full(scale: str) -> bool:
    """True at "full" and at "smoke" (full-scale data and code paths), False at "quick"."""
    return check_scale(scale) != "quick"


def quiet_tensorflow(backend: str | None = None) -> None:
    """Silence TensorFlow's C++ logs and choose the Keras backend; call before importing keras.

    Both variables are needed together: either alone leaves a few log lines in cell output.
    The backend defaults to $KERAS_BACKEND, else tensorflow.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    if backend is not None:
        if "keras" in sys.modules and os.environ.get("KERAS_BACKEND") not in (None, backend):
            raise RuntimeError(
                "keras is already imported with another backend: restart the kernel."
            )
        os.environ["KERAS_BACKEND"] = backend
    else:
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def seed_everything(seed: int) -> None:
    """Seed python, numpy and (if it is imported) keras, so reruns give identical numbers."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"SEED must be a non-negative integer, not {seed!r}.")
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)


def device_report() -> str:
    """One line naming the Keras backend and the accelerator it will use (imports keras)."""
    quiet_tensorflow()
    import keras

    backend = keras.config.backend()
    gpus: list[str] = []
    if backend == "tensorflow":
        import tensorflow as tf

        gpus = [d.name for d in tf.config.list_physical_devices("GPU")]
    elif backend == "jax":
        import jax

        gpus = [str(d) for d in jax.devices() if d.platform == "gpu"]
    elif backend == "torch":
        import torch

        if torch.cuda.is_available():
            gpus = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    device = f"GPU ({', '.join(gpus)})" if gpus else "CPU"
    return f"Keras {keras.__version__}, backend {backend}, device {device}"


def setup(scale: str = "quick", seed: int = 42, *, keras: bool = False) -> str:
    """The notebook set-up cell in one call: check SCALE, quiet TF (if keras), seed, plot style.

    Returns a one-line summary to print (library versions, scale, seed; device when keras=True).
    """
    check_scale(scale)
    if keras:
        quiet_tensorflow()
        import keras as _keras  # noqa: F401  (imported so seed_everything seeds it)
    seed_everything(seed)

    from . import plots

    plots.set_style()
    import matplotlib
    import sklearn

    parts = [
        f"Python {platform.python_version()}",
        f"numpy {np.__version__}",
        f"scikit-learn {sklearn.__version__}",
        f"matplotlib {matplotlib.__version__}",
    ]
    if keras:
        parts.append(device_report())
    parts += [f"SCALE={scale!r}", f"SEED={seed}"]
    return " | ".join(parts)
