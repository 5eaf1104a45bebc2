"""Gradients of a Keras loss for any Keras 3 backend, to check hand-written backprop against
autodiff.

Keras 3 has no backend-neutral "gradient of this function" call, so this module dispatches on
``keras.config.backend()``: ``tf.GradientTape``, ``jax.grad`` or ``torch.autograd``. Two chapters
(10 and 11) use it for the same job, so it lives here once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["keras_gradients"]


def keras_gradients(
    model: Any, loss_fn: Callable[[Any, Any], Any], X: Any, y: Any
) -> list[np.ndarray]:
    """Gradients of ``loss_fn(y, model(X))`` w.r.t. ``model.trainable_variables``, as numpy arrays.

    ``X`` and ``y`` may be numpy arrays; ``X`` is cast to float32 (Keras's default float type),
    ``y`` keeps an integer dtype (sparse labels) or is cast to float32. Raises NotImplementedError
    for an unknown backend.
    """
    import keras
    from keras import ops

    X = ops.convert_to_tensor(np.asarray(X, dtype="float32"))
    y_np = np.asarray(y)
    y = ops.convert_to_tensor(
        y_np if np.issubdtype(y_np.dtype, np.integer) else y_np.astype("float32")
    )
    backend = keras.config.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(X))
        grads = tape.gradient(loss, model.trainable_variables)
    elif backend == "jax":
        import jax

        non_trainable = [v.value for v in model.non_trainable_variables]

        def loss_of(trainable):
            y_pred, _ = model.stateless_call(trainable, non_trainable, X)
            return loss_fn(y, y_pred)

        grads = jax.grad(loss_of)([v.value for v in model.trainable_variables])
    elif backend == "torch":
        model.zero_grad()
        loss_fn(y, model(X)).backward()
        grads = [v.value.grad for v in model.trainable_variables]
    else:
        raise NotImplementedError(
            f"no gradient dispatch for Keras backend {backend!r} (tensorflow, jax, torch)"
        )
    return [ops.convert_to_numpy(g) for g in grads]
