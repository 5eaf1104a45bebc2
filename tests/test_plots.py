"""utils.plots: every helper renders to a real PNG."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from utils import plots  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def fig_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_FIG_DIR", str(tmp_path))
    plots.set_style()
    yield tmp_path
    plt.close("all")


def assert_png(path):
    assert path.exists() and path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 1000


def test_save_fig_writes_png(fig_dir):
    plt.plot([0, 1], [1, 0])
    path = plots.save_fig("line")
    assert path == fig_dir / "line.png"
    assert_png(path)


def test_save_fig_rejects_paths():
    with pytest.raises(ValueError, match="plain file name"):
        plots.save_fig("../escape")


@pytest.mark.parametrize("proba", [False, True])
def test_decision_boundary_renders(proba):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    model = LogisticRegression().fit(X, y)
    ax = plots.plot_decision_boundary(model, X, y, proba=proba, labels=["neg", "pos"])
    assert ax.get_legend() is not None
    assert_png(plots.save_fig(f"boundary_{proba}"))


def test_decision_boundary_accepts_a_function_and_checks_shape():
    X = np.random.default_rng(1).normal(size=(20, 2))
    plots.plot_decision_boundary(lambda grid: grid[:, 0] > 0, X)
    assert_png(plots.save_fig("fn_boundary"))
    with pytest.raises(ValueError, match="2 features"):
        plots.plot_decision_boundary(lambda g: g[:, 0], np.zeros((5, 3)))


def test_learning_curves_from_dict_and_history_like():
    ax = plots.plot_learning_curves({"train": [3, 2, 1], "validation": [3, 2.5, 2.2]},
                                    ylabel="RMSE")
    assert len(ax.lines) == 2 and ax.lines[1].get_linestyle() == "--"

    class History:
        history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}

    plt.figure()
    ax = plots.plot_learning_curves(History())
    assert ax.lines[0].get_color() == ax.lines[1].get_color()
    assert all(float(t).is_integer() for t in ax.get_xticks()), "epoch ticks must be whole numbers"
    assert_png(plots.save_fig("curves"))
    with pytest.raises(ValueError):
        plots.plot_learning_curves({})


def test_image_grid_flattened_and_labelled():
    images = np.random.default_rng(2).integers(0, 255, size=(7, 64))
    fig = plots.plot_image_grid(images, labels=list("abcdefg"), n_cols=4)
    assert len(fig.axes) == 8
    assert_png(plots.save_fig("grid", fig))
    with pytest.raises(ValueError, match="image_shape"):
        plots.plot_image_grid(np.zeros((2, 10)))
