"""Plot helpers shared by several chapters, in one consistent style."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

__all__ = [
    "figure_dir",
    "plot_decision_boundary",
    "plot_image_grid",
    "plot_learning_curves",
    "save_fig",
    "set_style",
]


def set_style() -> None:
    """The course's matplotlib defaults: readable fonts, light grid, fixed size and dpi."""
    plt.rcParams.update({
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 80,
        "savefig.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 11,
        "axes.titlesize": 12,
        "legend.fontsize": 10,
        "legend.frameon": False,
        "image.cmap": "viridis",
        "svg.hashsalt": "course",  # deterministic ids in saved SVGs
    })


def figure_dir() -> Path:
    """Where `save_fig` writes: $COURSE_FIG_DIR, else <repo>/build/figures."""
    root = os.environ.get("COURSE_FIG_DIR")
    return Path(root) if root else Path(__file__).resolve().parents[1] / "build" / "figures"


def save_fig(fig_id: str, fig: Figure | None = None, *, fmt: str = "png",
             tight: bool = True) -> Path:
    """Save a figure as ``<figure_dir>/<fig_id>.<fmt>`` (for revision sheets) and return the
    path."""
    if not fig_id or any(c in fig_id for c in "/\\"):
        raise ValueError(f"fig_id must be a plain file name, not {fig_id!r}")
    fig = fig if fig is not None else plt.gcf()
    path = figure_dir() / f"{fig_id}.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    if tight:
        fig.tight_layout()
    fig.savefig(path, format=fmt, metadata={"Software": None} if fmt == "png" else None)
    return path


def plot_decision_boundary(
    model: Any,
    X: np.ndarray,
    y: np.ndarray | None = None,
    *,
    ax: Axes | None = None,
    resolution: int = 200,
    padding: float = 0.5,
    proba: bool = False,
    alpha: float = 0.25,
    labels: Sequence[str] | None = None,
    axis_labels: tuple[str, str] = ("$x_1$", "$x_2$"),
) -> Axes:
    """Colour the plane by a fitted 2-D classifier's prediction and scatter the data on top.

    `model` is anything with ``predict`` (or ``predict_proba`` with proba=True), or a plain
    function mapping an (n, 2) array to predictions.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary needs 2 features, got X of shape {X.shape}")
    ax = ax if ax is not None else plt.gca()
    (x0_min, x1_min), (x0_max, x1_max) = X.min(0) - padding, X.max(0) + padding
    g0, g1 = np.meshgrid(np.linspace(x0_min, x0_max, resolution),
                         np.linspace(x1_min, x1_max, resolution))
    grid = np.c_[g0.ravel(), g1.ravel()]
    if callable(model) and not hasattr(model, "predict"):
        z = np.asarray(model(grid))
    elif proba:
        z = model.predict_proba(grid)[:, 1]
    else:
        z = np.asarray(model.predict(grid))
    z = z.reshape(g0.shape)
    if proba:
        contour = ax.contourf(g0, g1, z, levels=20, cmap="RdBu_r", alpha=alpha * 2)
        ax.figure.colorbar(contour, ax=ax, label="P(class 1)")
        ax.contour(g0, g1, z, levels=[0.5], colors="k", linewidths=1)
    else:
        classes = np.unique(z)
        ax.contourf(g0, g1, z, levels=np.r_[classes - 0.5, classes[-1] + 0.5], cmap="tab10",
                    vmin=0, vmax=9, alpha=alpha)
    if y is not None:
        y = np.asarray(y)
        markers = "osD^v<>ph*"
        for i, cls in enumerate(np.unique(y)):
            name = labels[i] if labels is not None else str(cls)
            ax.scatter(*X[y == cls].T, s=18, marker=markers[i % len(markers)],
                       color=plt.cm.tab10(i % 10), edgecolor="k", linewidth=0.4, label=name)
        ax.legend(loc="best")
    ax.set_xlim(x0_min, x0_max)
    ax.set_ylim(x1_min, x1_max)
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    return ax


def plot_learning_curves(
    curves: dict[str, Sequence[float]] | Any,
    *,
    x: Sequence[float] | None = None,
    ax: Axes | None = None,
    xlabel: str = "epoch",
    ylabel: str = "",
    title: str | None = None,
    logy: bool = False,
) -> Axes:
    """Plot named curves against a shared x (epochs or training-set sizes).

    `curves` is a dict such as ``{"train": [...], "validation": [...]}``, or a Keras
    ``History`` (its ``.history`` dict is used, and ``val_`` curves are dashed).
    """
    history = getattr(curves, "history", curves)
    if not isinstance(history, dict) or not history:
        raise ValueError("curves must be a non-empty dict of name -> values, or a Keras History")
    ax = ax if ax is not None else plt.gca()
    colours: dict[str, Any] = {}
    for name, values in history.items():
        values = np.asarray(values, dtype=float)
        xs = np.asarray(x) if x is not None else np.arange(1, len(values) + 1)
        validation = name.startswith("val")
        base = name[4:] if name.startswith("val_") else name
        style = "--" if validation else "-"
        line, = ax.plot(xs, values, style, marker=".", label=name, color=colours.get(base))
        colours.setdefault(base, line.get_color())
    if logy:
        ax.set_yscale("log")
    if x is None:  # epochs: whole-number ticks even for short runs
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_image_grid(
    images: np.ndarray,
    labels: Sequence[Any] | None = None,
    *,
    n_cols: int = 10,
    cmap: str = "binary",
    size: float = 1.2,
    image_shape: tuple[int, int] | None = None,
) -> Figure:
    """Show images (n, h, w[, c]) or flattened (n, h*w) with `image_shape`, titled by `labels`."""
    images = np.asarray(images)
    if images.ndim == 2:
        if image_shape is None:
            side = int(round(np.sqrt(images.shape[1])))
            if side * side != images.shape[1]:
                raise ValueError("flattened images need image_shape=(h, w)")
            image_shape = (side, side)
        images = images.reshape(-1, *image_shape)
    if len(images) == 0:
        raise ValueError("no images to show")
    n_cols = min(n_cols, len(images))
    n_rows = int(np.ceil(len(images) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(n_cols * size, n_rows * size * 1.15),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap=None if images.ndim == 4 else cmap)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=8)
    return fig
