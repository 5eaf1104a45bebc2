"""utils.autodiff: Keras autodiff gradients agree with hand-derived ones, on the installed
backend."""

from __future__ import annotations

import numpy as np
import pytest

from utils import runtime

runtime.quiet_tensorflow()
keras = pytest.importorskip("keras")

from utils.autodiff import keras_gradients  # noqa: E402


def test_linear_mse_gradient_matches_the_formula():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 3)), rng.normal(size=(20, 1))
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    W, b = rng.normal(size=(3, 1)), rng.normal(size=(1,))
    model.set_weights([W, b])
    grad_W, grad_b = keras_gradients(model, keras.losses.MeanSquaredError(), X, y)
    residual = X @ W + b - y                       # MSE = mean(residual²): d/dW = 2 Xᵀr / m
    assert np.allclose(grad_W, 2 * X.T @ residual / len(X), atol=1e-5)
    assert np.allclose(grad_b, 2 * residual.mean(axis=0), atol=1e-5)


def test_sparse_integer_labels_keep_their_dtype():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    grad_W, grad_b = keras_gradients(model, loss, X, y)
    W, b = model.get_weights()
    logits = X @ W + b
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    p[np.arange(8), y] -= 1                        # softmax cross-entropy: d/dlogits = p - onehot
    assert np.allclose(grad_W, X.T @ p / 8, atol=1e-5)
    assert np.allclose(grad_b, p.mean(0), atol=1e-5)
