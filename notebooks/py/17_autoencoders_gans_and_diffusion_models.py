# %% [markdown]
# # Chapter 17 — Autoencoders, GANs and diffusion models
#
# Two goals share this chapter. **Representation learning**: learn good features (codes) from unlabelled data,
# without designing them by hand. **Generative modelling**: produce new, realistic "fake" samples (and, with
# the same tools, colorize, edit or predict images). Autoencoders do the first and, in their variational form,
# the second; GANs and diffusion models are purely generative. After this chapter you will be able to:
#
# * explain the encoder / latent code / decoder structure and the **manifold hypothesis**, and show that a
#   linear autoencoder finds the PCA subspace;
# * build stacked, tied-weight, greedy layer-wise, sparse, convolutional and denoising autoencoders, and compute
#   a transposed convolution by hand;
# * use an autoencoder for dimensionality reduction, unsupervised pretraining and anomaly detection;
# * write the **variational autoencoder**'s reparameterization trick and latent (KL) loss and sample new images;
# * train a small **GAN** and a **conditional GAN** with the alternating discriminator / generator loop and
#   name their difficulties;
# * write the **diffusion** forward process in closed form and the DDPM objective, train a noise predictor
#   (from scratch on 2-D data, a small U-Net on images) and run the reverse sampling loop; explain latent
#   and stable diffusion;
# * **measure** whether generated samples look like the data (distance to the data in 2-D, a classifier's
#   confidence for images) instead of judging by eye.
#
# Sections:
#
# 1. Representation learning and generative modelling (the data)
# 2. Autoencoders: encoder, decoder, manifold hypothesis — a linear autoencoder is PCA
# 3. Stacked autoencoders, tying weights, greedy layerwise training
# 4. Sparse autoencoder
# 5. Convolutional autoencoder and transposed convolution
# 6. Denoising autoencoder
# 7. Autoencoder applications: dimensionality reduction, unsupervised pretraining, anomaly detection
# 8. Variational autoencoders
# 9. Generative adversarial networks: DCGAN, conditional GAN, a classifier as the judge
# 10. Diffusion models: a 2-D DDPM from scratch, an image U-Net, latent and stable diffusion
# 11. Exam practice, then the textbook's exercises
# 12. Against the textbook: the headline numbers beside the book's and the full-scale run
#
# Chapter 10 already trained a small dense autoencoder (2-D codes next to PCA, anomaly detection with digits and
# shuffled pixels, few-label pretraining); this chapter goes further and builds the variants.
#
# Run: `make execute NB=notebooks/17_autoencoders_gans_and_diffusion_models.ipynb` (quick scale, about
# 6-7 minutes on 2 idle CPU cores, estimated from its CPU time; much more on a busy machine: the last
# cell prints the run time). Quick scale
# cuts the autoencoders to 5,000 Fashion-MNIST images and 4 epochs, and trains the GANs and the image
# diffusion model on scikit-learn's 8×8 digits (25 GAN epochs, 160,000 noisy pairs, $T = 100$), which
# they learn in minutes on a CPU. Papermill `-p SCALE full` restores textbook scale: 55,000 training images, 20
# epochs, and the GANs and the diffusion U-Net on Fashion-MNIST (30 epochs, $T = 1000$); a GPU is then
# advisable.

# %% tags=["parameters"]
SCALE: str = "quick"  # "quick": minutes on 2 cores; "full": textbook scale; "smoke": tiny budgets
SEED: int = 42  # seed of every random draw (any non-negative integer)
N_TRAIN: "int or None" = None  # Fashion-MNIST training images; None: 5000 (quick), 55000 (full)
N_EPOCHS: "int or None" = None  # epochs of the autoencoders; None picks 4 (quick) or 20 (full)

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import integrate
from scipy.linalg import subspace_angles
from scipy.spatial.transform import Rotation
from scipy.special import rel_entr
from sklearn.datasets import load_digits, make_moons
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.manifold import TSNE
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import NearestNeighbors

from utils import data, plots, results, runtime
from utils.compare import compare

T_START = time.time()
print(runtime.setup(SCALE, SEED, keras=True))
import keras
from keras import layers, ops

N_TRAIN = N_TRAIN or runtime.scaled(SCALE, quick=5_000, full=55_000, smoke=5_000)
N_EPOCHS = N_EPOCHS or runtime.scaled(SCALE, quick=4, full=20, smoke=1)
N_TEST = runtime.scaled(SCALE, quick=1_000, full=10_000, smoke=1_000)
N_SEEDS = runtime.scaled(SCALE, quick=3, full=5, smoke=2)  # label draws (pretraining comparison)
# generative models: 8x8 digits at quick scale, Fashion-MNIST at full scale (section 9)
GAN_EPOCHS = runtime.scaled(SCALE, quick=25, full=30, smoke=1)
DIFF_EPOCHS = runtime.scaled(SCALE, quick=10, full=30, smoke=1)  # epochs of >= 16,000 noisy pairs
T_STEPS = runtime.scaled(SCALE, quick=100, full=1000, smoke=50)  # diffusion steps T
MOONS_STEPS = runtime.scaled(SCALE, quick=2_500, full=5_000, smoke=2_500)  # 2-D DDPM Adam steps
# floors of the generators' checks over their noise baselines; one epoch (smoke) teaches a GAN
# nothing, so smoke has no floor there (None); the 2-D DDPM costs seconds and keeps its floor
GEN_MARGIN = runtime.scaled(SCALE, quick=0.05, full=0.05, smoke=None)
# real vs noise for the judge: 0.4 on the digits; Fashion-MNIST (full, smoke) measured 0.27 vs 0
JUDGE_MARGIN = runtime.scaled(SCALE, quick=0.4, full=0.15, smoke=0.15)
MOONS_MARGIN = runtime.scaled(SCALE, quick=0.3, full=0.3, smoke=0.3)
# the checks' floors: share of the mean-image error an autoencoder must beat, 5-NN margin over
# chance, anomaly AUC; one epoch (smoke) learns less, so its floors are lower but still real checks
BASELINE_SHARE = runtime.scaled(SCALE, quick=0.5, full=0.5, smoke=0.75)
KNN_MARGIN = runtime.scaled(SCALE, quick=0.3, full=0.3, smoke=0.2)
AUC_FLOOR = runtime.scaled(SCALE, quick=0.8, full=0.8, smoke=0.7)
rng = np.random.default_rng(SEED)

# %% [markdown]
# ## 1. Representation learning and generative modelling
#
# * **Representation learning** — learn a good description (a *latent representation*, or *codings*) of the data
#   without labels. An **autoencoder** does it unsupervised: an **encoder** maps the input to a compressed latent
#   code, a **decoder** reconstructs the input from that code, and both are trained by gradient descent to make
#   the reconstruction close to the input.
# * **Generative modelling** — produce new samples that look like the training data ("fakes"). Variational
#   autoencoders, GANs and diffusion models do this; the same machinery does colorization, image editing,
#   super-resolution or future-frame prediction.
#
# The autoencoders and the VAE use Fashion-MNIST (28×28 grey images, pixel values scaled to [0, 1]); the
# GANs and the image diffusion model use scikit-learn's 8×8 digits at quick scale and Fashion-MNIST at full
# scale (section 9 says why). The class labels are used only to colour and score a plot (the t-SNE map),
# to train the few-label classifiers (section 7, exercise 10), the conditional GAN and the classifier that
# judges the generated images (section 9); every autoencoder, the VAE, the DCGAN and the diffusion model
# learn without them.

# %%
(X_train_full, y_train_full), (X_test_full, y_test_full) = data.load("fashion_mnist")
X_train = X_train_full[:N_TRAIN].astype("float32") / 255
y_train = y_train_full[:N_TRAIN]
X_valid = X_train_full[-2_000:].astype("float32") / 255
X_test, y_test = X_test_full[:N_TEST].astype("float32") / 255, y_test_full[:N_TEST]
CLASS_NAMES = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
               "Bag", "Boot"]
print(f"train {X_train.shape}, valid {X_valid.shape}, test {X_test.shape}; {N_EPOCHS} epochs")


# %% [markdown]
# ## 2. Autoencoders: encoder, decoder and the manifold hypothesis
#
# An autoencoder computes $\mathbf z = f_{\text{enc}}(\mathbf x)$ (the latent code) and
# $\hat{\mathbf x} = f_{\text{dec}}(\mathbf z)$, and minimises the reconstruction loss, e.g.
# $\frac1m\sum_i \lVert \mathbf x^{(i)} - \hat{\mathbf x}^{(i)}\rVert^2$. If the code is smaller than the
# input (**undercomplete**) the network cannot copy; it must keep what matters.
#
# **Manifold hypothesis.** Real high-dimensional data (784 pixels) lies on or near a much lower-dimensional
# manifold: most random 784-pixel images look like noise, real garments occupy a thin structured subset. This is
# why a small code can reconstruct the data well, and why the code captures the essential variations.
#
# **A linear autoencoder is PCA.** With no activation functions and the MSE loss, the best a 2-unit code can do
# is to project onto the plane spanned by the first two principal components (chapter 8). We train one from
# scratch in NumPy by gradient descent on the textbook's noisy 3-D oval and compare the decoder's plane with
# scikit-learn's PCA. We draw 200 points instead of the textbook's 60: with 60, the second and third variances
# are at some seeds so close that gradient descent needs many more steps to settle on the plane (at 2 seeds of
# 300, 20,000 steps were not enough); with 200 the gap stays wider. The loop stops when every gradient
# entry is below $10^{-8}$: a stationary point, which could also be a saddle (the plane of the first and
# third components is one, and near it the steps are slow); the check below shows that it is the PCA
# plane, the minimum. `tests/test_any_seed_17.py` runs it at 300 seeds.

# %%
def make_3d_data(m=200, seed=SEED):
    """The textbook's noisy 3-D oval (chapter 8's data set, here 200 points), rotated and shifted.
    """
    r = np.random.default_rng(seed)
    angles = (r.random(m) ** 3 + 0.5) * 2 * np.pi
    X = np.zeros((m, 3))
    X[:, 0], X[:, 1] = np.cos(angles), np.sin(angles) * 0.5
    X += 0.28 * r.standard_normal((m, 3))
    return Rotation.from_rotvec([np.pi / 29, -np.pi / 20, np.pi / 4]).apply(X) + [0.2, 0, 0.2]


X3 = make_3d_data()


# %%
def train_linear_ae(X, n_codes=2, lr=0.5, tol=1e-8, max_steps=50_000, seed=SEED):
    """Linear autoencoder z = x W_e + b_e, x_hat = z W_d + b_d: full-batch gradient descent on the
    MSE until every gradient entry is below tol. Returns the weights and the number of steps
    taken."""
    r = np.random.default_rng(seed)
    W_e, W_d = r.normal(0, 0.1, (X.shape[1], n_codes)), r.normal(0, 0.1, (n_codes, X.shape[1]))
    b_e, b_d = np.zeros(n_codes), np.zeros(X.shape[1])
    for step in range(max_steps):
        Z = X @ W_e + b_e
        G = 2 * (Z @ W_d + b_d - X) / len(X)      # gradient of the loss w.r.t. the reconstruction
        GZ = G @ W_d.T                             # ... back-propagated to the code
        grads = [Z.T @ G, G.sum(0), X.T @ GZ, GZ.sum(0)]    # w.r.t. W_d, b_d, W_e, b_e
        if max(np.abs(g).max() for g in grads) < tol:
            return W_e, b_e, W_d, b_d, step
        for param, grad in zip((W_d, b_d, W_e, b_e), grads):
            param -= lr * grad
    return W_e, b_e, W_d, b_d, max_steps


W_e, b_e, W_d, b_d, n_steps_ae = train_linear_ae(X3)
mse_ae = ((((X3 @ W_e + b_e) @ W_d + b_d) - X3) ** 2).sum(1).mean()
print(f"gradient descent stopped after {n_steps_ae:,} steps (every gradient entry < 1e-8)")

# %%
pca3 = PCA(n_components=2).fit(X3)
mse_pca = ((pca3.inverse_transform(pca3.transform(X3)) - X3) ** 2).sum(1).mean()
# angles between the decoder's plane and PCA's plane
angles = subspace_angles(W_d.T, pca3.components_.T)
print(f"reconstruction error: linear AE {mse_ae:.6f}, PCA {mse_pca:.6f}; "
      f"angles between the two planes (radians): {angles}")

# %%
# check: gradient-descent linear autoencoder == PCA (same plane, same reconstruction error)
assert np.all(angles < 1e-4), angles      # any seed: tests/test_any_seed_17.py
assert np.isclose(mse_ae, mse_pca, rtol=1e-6)
print("linear autoencoder spans the PCA plane "
      f"(largest angle {angles.max():.1e} rad, needs < 1e-4) "
      "and reconstructs as well "
      f"(relative difference {mse_ae / mse_pca - 1:.1e}, needs < 1e-6)")

# %%
# extra code – draws the 3-D data and its 2-D codes from the linear autoencoder
codes3 = X3 @ W_e + b_e
fig = plt.figure(figsize=(9, 3.8))
ax = fig.add_subplot(1, 2, 1, projection="3d")
ax.scatter(*X3.T, s=10)
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.set_zlabel("$x_3$")
ax.set_title("3-D training data")
ax2 = fig.add_subplot(1, 2, 2)
ax2.plot(codes3[:, 0], codes3[:, 1], "b.")
ax2.set_xlabel("$z_1$")
ax2.set_ylabel("$z_2$")
ax2.set_title("codes of the linear autoencoder")
plots.save_fig("17_linear_autoencoder_pca")
plt.show()


# %% [markdown]
# The codes are not the PCA coordinates themselves: any invertible 2×2 mixing of the code can be undone by the
# decoder, so only the *plane* is unique, which is what the check compares.
#
# **Takeaway:** a linear autoencoder with MSE loss learns the PCA subspace; non-linear activations are what let
# an autoencoder beat PCA (curved manifolds).

# %% [markdown]
# ## 3. Stacked autoencoders, tying weights, greedy layerwise training
#
# A **stacked (deep) autoencoder** has several hidden layers, usually symmetric around the central coding layer:
# here 784 → 100 → 30 → 100 → 784, ReLU hidden layers and a sigmoid output (pixels lie in [0, 1]).

# %%
def stacked_ae(code_size=30, seed=SEED):
    """Encoder 784-100-code, decoder code-100-784 (sigmoid); returns (encoder, decoder, compiled
    autoencoder)."""
    keras.utils.set_random_seed(seed)
    encoder = keras.Sequential([keras.Input((28, 28)), layers.Flatten(),
                                layers.Dense(100, activation="relu"), layers.Dense(code_size)])
    decoder = keras.Sequential([keras.Input((code_size,)), layers.Dense(100, activation="relu"),
                                layers.Dense(784, activation="sigmoid"), layers.Reshape((28, 28))])
    ae = keras.Sequential([encoder, decoder])
    ae.compile(loss="mse", optimizer="adam")
    return encoder, decoder, ae


def recon_mse(model, X):
    """Per-image mean squared reconstruction error of an autoencoder."""
    return ((model.predict(X, verbose=0) - X) ** 2).reshape(len(X), -1).mean(axis=1)


# %%
encoder, decoder, stacked = stacked_ae()
stacked.fit(X_train, X_train, epochs=N_EPOCHS, validation_data=(X_valid, X_valid), verbose=2)
mse_stacked = recon_mse(stacked, X_test).mean()
mse_mean_image = ((X_test - X_train.mean(0)) ** 2).mean()
pca30 = PCA(n_components=30, random_state=SEED).fit(X_train.reshape(N_TRAIN, -1))
X_test_flat = X_test.reshape(len(X_test), -1)
err_pca30 = ((pca30.inverse_transform(pca30.transform(X_test_flat))
              - X_test_flat) ** 2).mean(axis=1)
mse_pca30 = err_pca30.mean()
print(f"test MSE: stacked AE {mse_stacked:.4f} | PCA with 30 components {mse_pca30:.4f} "
      f"| predicting the mean image {mse_mean_image:.4f}")
# paired over the test images, for this one trained autoencoder (not over training seeds)
print(compare(recon_mse(stacked, X_test), err_pca30, names=("stacked AE", "PCA-30"),
              over="test images", higher_is_better=False))

# %%
# check: the 30-number code keeps far more than the mean image does
# measured at seed 42: error about 0.022 vs 0.043 (half the mean-image error)
assert mse_stacked < BASELINE_SHARE * mse_mean_image
print(f"stacked autoencoder error {mse_stacked:.4f}, needs < {BASELINE_SHARE} x the mean-image "
      f"baseline = {BASELINE_SHARE * mse_mean_image:.4f}")


# %%
# extra code – draws test images (top) and their reconstructions (bottom)
def show_reconstructions(model, images, n=8):
    """Plot n images above their reconstructions by `model`."""
    recon = model.predict(images[:n], verbose=0).reshape(n, 28, 28)
    fig, axes = plt.subplots(2, n, figsize=(n * 1.1, 2.4))
    for i in range(n):
        for row, img in enumerate((images[i], recon[i])):
            axes[row, i].imshow(img.reshape(28, 28), cmap="binary", vmin=0, vmax=1)
            axes[row, i].axis("off")
    for row, label in enumerate(("input", "reconstruction")):
        axes[row, 0].set_title(label, fontsize=9, loc="left")
    return fig


show_reconstructions(stacked, X_test)
plots.save_fig("17_stacked_reconstructions")
plt.show()


# %% [markdown]
# The reconstructions are recognisable but blurry: 30 numbers keep the shape and brightness of a
# garment, not its fine texture. The verdict above compares the two errors image by image on the test set,
# for this one trained autoencoder: its interval covers the sampling of test images, not the training seed,
# so it says which code reconstructs these test images better in this run, not which method is better. After a few epochs on a few thousand images the
# autoencoder has had little chance to exploit its non-linearity, so PCA (which is optimal among
# *linear* 30-number codes) is a strong baseline; any advantage of the non-linear model would need
# more data and epochs (full scale) or convolutions (section 5).
#
# **Takeaway:** a stacked autoencoder compresses each image into a small code from which the decoder rebuilds it;
# the reconstruction error measures how much the code keeps.

# %% [markdown]
# ### Tying weights
#
# With a symmetric autoencoder we can **tie** the decoder's weights to the encoder's: decoder layer $L-\ell+1$
# uses the transpose of encoder layer $\ell$'s kernel, $\mathbf W_{\text{dec}} = \mathbf W_{\text{enc}}^\top$, and
# keeps only its own bias. That roughly halves the number of parameters (faster training, less overfitting).
# A small custom layer does it (backend-neutral: `keras.ops`).

# %%
class DenseTranspose(layers.Layer):
    """Dense layer that uses the transposed kernel of another Dense layer and only its own bias."""

    def __init__(self, dense, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.dense = dense
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.bias = self.add_weight(name="bias", shape=(self.dense.kernel.shape[0],),
                                    initializer="zeros")

    def call(self, inputs):
        return self.activation(ops.matmul(inputs, ops.transpose(self.dense.kernel)) + self.bias)


# %%
# NBVAL_CHECK_OUTPUT
def tied_ae(sizes=(784, 100, 30), seed=SEED):
    """Tied autoencoder: Dense encoder layers of `sizes`, decoder = their transposes (sigmoid
    output)."""
    keras.utils.set_random_seed(seed)
    dense = [layers.Dense(n_out, activation="relu" if i < len(sizes) - 2 else None)
             for i, n_out in enumerate(sizes[1:])]
    decoder_layers = [DenseTranspose(d, activation="relu" if i > 0 else "sigmoid")
                      for i, d in enumerate(dense)][::-1]
    model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), *dense, *decoder_layers,
                              layers.Reshape((28, 28))])
    model.compile(loss="mse", optimizer="adam")
    return model


tied = tied_ae()
n_untied = sum(a * b + b for a, b in [(784, 100), (100, 30), (30, 100), (100, 784)])
n_tied = sum(a * b + b for a, b in [(784, 100), (100, 30)]) + 100 + 784
print(f"parameters: untied {stacked.count_params():,} (formula {n_untied:,}), "
      f"tied {tied.count_params():,} (formula {n_tied:,}), "
      f"ratio {tied.count_params() / n_untied:.2f}")

# %%
# check: parameter counts match the formulas
assert stacked.count_params() == n_untied and tied.count_params() == n_tied
print("untied = 2 x (weights) + all biases; tied = weights once + all biases")

# %%
tied.fit(X_train, X_train, epochs=N_EPOCHS, validation_data=(X_valid, X_valid), verbose=2)
print(f"test MSE: tied {recon_mse(tied, X_test).mean():.4f}, untied {mse_stacked:.4f}")

# %%
# check: the decoder really uses the encoder's transposed kernels (recompute the output in NumPy)
relu, sigm = (lambda a: np.maximum(a, 0)), (lambda a: 1 / (1 + np.exp(-a)))
d1, d2 = tied.layers[1], tied.layers[2]
W1, b1, W2, b2 = [ops.convert_to_numpy(w) for w in (d1.kernel, d1.bias, d2.kernel, d2.bias)]
h = X_test_flat[:50]
z = relu(h @ W1 + b1) @ W2 + b2
out = sigm(relu(z @ W2.T + ops.convert_to_numpy(tied.layers[3].bias)) @ W1.T
           + ops.convert_to_numpy(tied.layers[4].bias))
assert np.allclose(out, tied.predict(X_test[:50], verbose=0).reshape(50, -1), atol=1e-5)
print("NumPy with W_dec = W_enc.T reproduces the tied model's output to 1e-5")

# %% [markdown]
# **Takeaway:** tying weights reuses $\mathbf W^\top$ in the decoder: about half the parameters; the printed
# errors show what it costs or gains at this scale.
#
# ### Greedy layerwise training
#
# Before good initializations and optimizers existed, deep autoencoders were trained **one shallow autoencoder
# at a time**: phase 1 trains 784 → 100 → 784 on the images; phase 2 trains 100 → 30 → 100 on phase 1's
# codes; then the layers are stacked: encoder₁, encoder₂, decoder₂, decoder₁.

# %%
keras.utils.set_random_seed(SEED)
enc1 = keras.Sequential([keras.Input((28, 28)), layers.Flatten(),
                        layers.Dense(100, activation="relu")])
dec1 = keras.Sequential([keras.Input((100,)), layers.Dense(784, activation="sigmoid"),
                        layers.Reshape((28, 28))])
ae1 = keras.Sequential([enc1, dec1])
ae1.compile(loss="mse", optimizer="adam")
ae1.fit(X_train, X_train, epochs=N_EPOCHS, verbose=2)          # phase 1: on the images
H_train = enc1.predict(X_train, verbose=0)

# %%
enc2 = keras.Sequential([keras.Input((100,)), layers.Dense(30)])
dec2 = keras.Sequential([keras.Input((30,)), layers.Dense(100, activation="relu")])
ae2 = keras.Sequential([enc2, dec2])
ae2.compile(loss="mse", optimizer="adam")
ae2.fit(H_train, H_train, epochs=N_EPOCHS, verbose=2)          # phase 2: on phase 1's codes
greedy = keras.Sequential([enc1, enc2, dec2, dec1])             # stack the four trained halves
print(f"test MSE: phase-1 AE (100-number code) {recon_mse(ae1, X_test).mean():.4f}, "
      f"greedy stack (30-number code) {recon_mse(greedy, X_test).mean():.4f}, "
      f"end-to-end {mse_stacked:.4f}")

# %%
# check: the greedy stack reconstructs (far better than the mean image)
# without ever being trained end to end
mse_greedy = recon_mse(greedy, X_test).mean()
# measured at seed 42: error about 0.027 vs 0.043
assert mse_greedy < BASELINE_SHARE * mse_mean_image
print(f"greedy stack error {mse_greedy:.4f}, "
      f"needs < {BASELINE_SHARE} x the mean-image baseline = "
      f"{BASELINE_SHARE * mse_mean_image:.4f}")


# %% [markdown]
# **Takeaway:** greedy layerwise training builds a deep autoencoder from shallow ones; today end-to-end training
# usually works, but the idea survives whenever data or compute are scarce (and it can be fine-tuned after).

# %% [markdown]
# ## 4. Sparse autoencoder
#
# Another way to force useful features: add a **regularization term** that pushes most coding units to be
# (near) zero for any given input, so each input is described by a few active features. With sigmoid codings
# we measure each unit's mean activation $q_j$ over a batch and penalise its distance from a small target
# sparsity $p$ (here 0.1) with the KL divergence of two Bernoulli distributions:
#
# $$\mathcal L = \text{MSE} + \lambda \sum_j \Big[p \log\frac{p}{q_j} + (1-p)\log\frac{1-p}{1-q_j}\Big].$$
#
# (An ℓ1 penalty on the codings is the simpler alternative.)

# %%
def kl_bernoulli(p, q):
    """KL divergence KL(Bernoulli(p) || Bernoulli(q)), element-wise."""
    return p * np.log(p / q) + (1 - p) * np.log((1 - p) / (1 - q))


q = np.array([0.05, 0.1, 0.3, 0.9])
print("KL(0.1 || q) for q =", q, ":", kl_bernoulli(0.1, q).round(4))

# %%
# check: our Bernoulli KL == scipy's relative entropy summed over the two outcomes
assert np.allclose(kl_bernoulli(0.1, q), rel_entr(0.1, q) + rel_entr(0.9, 1 - q))
print("kl_bernoulli == scipy.special.rel_entr(p, q) + rel_entr(1-p, 1-q)")


# %%
class KLSparsity(keras.regularizers.Regularizer):
    """Activity regularizer: weight * sum_j KL(target || mean activation of unit j over the batch).
    """

    def __init__(self, weight, target):
        self.weight, self.target = weight, target

    def __call__(self, codings):
        q = ops.clip(ops.mean(codings, axis=0), 1e-7, 1 - 1e-7)
        p = self.target
        return self.weight * ops.sum(p * ops.log(p / q) + (1 - p) * ops.log((1 - p) / (1 - q)))


def sparse_ae(regularizer=None, seed=SEED):
    """784-100-100(sigmoid codings, optional activity regularizer)-100-784 autoencoder; returns
    (encoder, ae)."""
    keras.utils.set_random_seed(seed)
    encoder = keras.Sequential([keras.Input((28, 28)), layers.Flatten(),
                                layers.Dense(100, activation="relu"),
                                layers.Dense(100, activation="sigmoid",
                                             activity_regularizer=regularizer)])
    decoder = keras.Sequential([keras.Input((100,)), layers.Dense(100, activation="relu"),
                                layers.Dense(784, activation="sigmoid"), layers.Reshape((28, 28))])
    ae = keras.Sequential([encoder, decoder])
    ae.compile(loss="mse", optimizer="adam")
    return encoder, ae


# %%
sparse_codes = {}
for name, reg in [("plain", None), ("KL sparsity", KLSparsity(weight=0.05, target=0.1))]:
    enc, ae = sparse_ae(reg)
    ae.fit(X_train, X_train, epochs=N_EPOCHS, verbose=0)
    sparse_codes[name] = enc.predict(X_test, verbose=0)
    print(f"{name:12s}: mean coding activation {sparse_codes[name].mean():.3f}, "
          f"test MSE {recon_mse(ae, X_test).mean():.4f}")

# %%
# check: the penalty drives the mean coding activation down towards the 0.1 target
# measured at seed 42: about 0.12 vs 0.57
assert sparse_codes["KL sparsity"].mean() < sparse_codes["plain"].mean()
print(f"mean activation with the KL penalty {sparse_codes['KL sparsity'].mean():.3f}, needs < "
      f"{sparse_codes['plain'].mean():.3f} without")

# %%
# extra code – draws the distribution of per-unit mean activations and of all activations
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for name, codes in sparse_codes.items():
    axes[0].hist(codes.mean(axis=0), bins=np.linspace(0, 1, 41), alpha=0.6, label=name)
    axes[1].hist(codes.ravel(), bins=np.linspace(0, 1, 41), alpha=0.6, label=name)
axes[0].set_xlabel("mean activation of a coding unit")
axes[1].set_xlabel("activation (all units, all test images)")
axes[0].set_ylabel("number of coding units")
axes[1].set_ylabel("number of activations")
axes[0].legend()
fig.suptitle("coding activations on the test images, without and with the KL sparsity penalty")
plots.save_fig("17_sparse_activations")
plt.show()


# %% [markdown]
# **Takeaway:** a sparsity penalty (KL to a target activation, or ℓ1) makes each input use few coding units; the
# histograms above show the mean activations pushed towards the target.
#
# ## 5. Convolutional autoencoder and transposed convolution
#
# For images, convolutional layers work better than dense ones. The **encoder** is a CNN that reduces the
# spatial size and increases the number of feature maps; the **decoder** does the opposite, increasing the
# spatial size (here with **transposed convolutions**, stride 2) and decreasing the number of maps.

# %%
def conv_ae(seed=SEED):
    """Conv encoder 28x28x1 -> 7x7x8 and transposed-conv decoder back to 28x28;
    returns (encoder, ae)."""
    keras.utils.set_random_seed(seed)
    encoder = keras.Sequential([
        keras.Input((28, 28)), layers.Reshape((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPool2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPool2D(2),
        layers.Conv2D(8, 3, padding="same", activation="relu")])
    decoder = keras.Sequential([
        keras.Input((7, 7, 8)),
        layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2D(1, 3, padding="same", activation="sigmoid"), layers.Reshape((28, 28))])
    ae = keras.Sequential([encoder, decoder])
    ae.compile(loss="mse", optimizer="adam")
    return encoder, ae


conv_encoder, conv = conv_ae()
for layer in conv_encoder.layers[1:] + conv.layers[1].layers:
    print(f"{layer.name:22s} -> {layer.output.shape}")

# %%
conv.fit(X_train, X_train, epochs=N_EPOCHS, validation_data=(X_valid, X_valid), verbose=2)
mse_conv = recon_mse(conv, X_test).mean()
print(f"test MSE: convolutional AE {mse_conv:.4f} (code 7x7x8 = 392 numbers), "
      f"dense stacked AE {mse_stacked:.4f}")

# %%
# check: the conv autoencoder reconstructs far better than the mean image
# measured at seed 42: error about 0.012 vs 0.043
assert mse_conv < BASELINE_SHARE * mse_mean_image
print(f"conv autoencoder error {mse_conv:.4f}, "
      f"needs < {BASELINE_SHARE} x the mean-image baseline = "
      f"{BASELINE_SHARE * mse_mean_image:.4f}")

# %%
# extra code – draws test images and their conv-autoencoder reconstructions
show_reconstructions(conv, X_test)
plots.save_fig("17_conv_reconstructions")
plt.show()


# %% [markdown]
# Its code has 392 numbers (more than the dense model's 30), so the two errors above are not a fair architecture
# comparison; the point is the shape of the network: spatial size 28 → 14 → 7 and maps 1 → 16 → 32 in the
# encoder, the reverse in the decoder.
#
# ### Transposed convolution
#
# A **transposed convolution** ("deconvolution", a misnomer) upsamples: every input pixel stamps a copy of the
# kernel, scaled by its value, onto the output at a position that moves `stride` pixels per input pixel; the
# stamps overlap and add. Output size with `padding="valid"`: $(n-1)\,s + k$; with `"same"`: $n\,s$.
# It is **equivalent to a normal convolution** of the input after inserting $s-1$ zeros between input pixels and
# padding $k-1$ zeros around, with the **kernel flipped** (rotated 180°). We write both from scratch and check
# them against Keras's `Conv2DTranspose`.

# %%
def conv_transpose_stamp(x, kernel, stride):
    """Transposed convolution (one channel, 'valid'): each input pixel adds value * kernel to the
    output."""
    n, k = x.shape[0], kernel.shape[0]
    out = np.zeros(((n - 1) * stride + k,) * 2)
    for i in range(n):
        for j in range(n):
            out[i * stride:i * stride + k, j * stride:j * stride + k] += x[i, j] * kernel
    return out


def conv_transpose_zero_insert(x, kernel, stride):
    """Same result as: insert stride-1 zeros between pixels, pad k-1 zeros, convolve with the
    flipped kernel."""
    n, k = x.shape[0], kernel.shape[0]
    up = np.zeros(((n - 1) * stride + 1,) * 2)
    up[::stride, ::stride] = x
    up = np.pad(up, k - 1)
    flipped, m = kernel[::-1, ::-1], up.shape[0] - k + 1
    return np.array([[(up[i:i + k, j:j + k] * flipped).sum() for j in range(m)] for i in range(m)])


# %%
def keras_conv_transpose(x, kernel, stride, padding="valid"):
    """Keras Conv2DTranspose (1 input and 1 output channel, no bias) with the given kernel."""
    layer = layers.Conv2DTranspose(1, kernel.shape[0], strides=stride, padding=padding,
                                   use_bias=False)
    layer.build((1, *x.shape, 1))
    layer.set_weights([kernel[:, :, None, None]])
    return ops.convert_to_numpy(layer(x[None, :, :, None].astype("float32")))[0, :, :, 0]


x_small, kernel = rng.normal(size=(4, 4)), rng.normal(size=(3, 3))
y_stamp = conv_transpose_stamp(x_small, kernel, stride=2)
print("input 4x4, kernel 3x3, stride 2 -> output", y_stamp.shape, "= (4-1)*2+3")

# %%
# check: stamping == zero insertion + flipped-kernel convolution == Keras Conv2DTranspose
# (several sizes)
for n, k, s in [(4, 3, 2), (5, 3, 3), (3, 4, 1), (6, 5, 2)]:
    x_, k_ = rng.normal(size=(n, n)), rng.normal(size=(k, k))
    ours = conv_transpose_stamp(x_, k_, s)
    assert ours.shape == ((n - 1) * s + k,) * 2
    assert np.allclose(ours, conv_transpose_zero_insert(x_, k_, s))
    assert np.allclose(ours, keras_conv_transpose(x_, k_, s), atol=1e-5)
    assert keras_conv_transpose(x_, k_, s, padding="same").shape == (n * s, n * s)
print("stamp == zero-insert + flipped conv == Keras Conv2DTranspose; "
      "sizes (n-1)s+k (valid) and ns (same)")

# %%
# extra code – draws the input, the zero-inserted and padded input, and the output
fig, axes = plt.subplots(1, 4, figsize=(12, 3))
up = np.pad(np.kron(x_small, np.array([[1, 0], [0, 0]]))[:7, :7], 2)
for ax, img, title in [(axes[0], x_small, "input 4x4"), (axes[1], kernel, "kernel 3x3"),
                       (axes[2], up, "zeros inserted + padded (11x11)"),
                       (axes[3], y_stamp, "output 9x9")]:
    lim = np.abs(img).max()   # symmetric colour scale: 0 is the neutral middle colour
    im = ax.imshow(img, cmap="coolwarm", vmin=-lim, vmax=lim)
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    ax.set_title(title, fontsize=10)
    ax.axis("off")
plots.save_fig("17_transposed_convolution")
plt.show()

# %% [markdown]
# **Takeaway:** a transposed convolution with stride $s$ multiplies the spatial size by about $s$; it is an
# ordinary convolution over a zero-inserted, padded input with the flipped kernel. (The sizes above assume
# $k \ge s$; with a kernel smaller than the stride Keras pads the "valid" output to $n\,s$.)
#
# ## 6. Denoising autoencoder
#
# Add **random noise** to the inputs during training and score the output against the **original, clean**
# input: the model cannot simply copy, it must learn what garments look like to remove the noise. Keras's
# `GaussianNoise` layer adds noise during training only (a `Dropout` layer on the inputs is the other classic).

# %%
keras.utils.set_random_seed(SEED)
NOISE = 0.2
denoise_encoder = keras.Sequential([keras.Input((28, 28)), layers.GaussianNoise(NOISE),
                                    layers.Flatten(), layers.Dense(100, activation="relu"),
                                    layers.Dense(30)])
denoise_decoder = keras.Sequential([keras.Input((30,)), layers.Dense(100, activation="relu"),
                                    layers.Dense(784, activation="sigmoid"),
                                    layers.Reshape((28, 28))])
denoising = keras.Sequential([denoise_encoder, denoise_decoder])
denoising.compile(loss="mse", optimizer="adam")
_ = denoising.fit(X_train, X_train, epochs=N_EPOCHS, validation_data=(X_valid, X_valid), verbose=2)

# %%
X_test_noisy = X_test + NOISE * rng.standard_normal(X_test.shape).astype("float32")
X_denoised = denoising.predict(X_test_noisy, verbose=0)
mse_noisy = ((X_test_noisy - X_test) ** 2).mean()
mse_denoised = ((X_denoised - X_test) ** 2).mean()
print(f"distance to the clean images: noisy input {mse_noisy:.4f}, "
      f"denoised output {mse_denoised:.4f}")

# %%
# check: the output is closer to the clean image than the noisy input was
# measured at seed 42: about 0.023 vs 0.040
assert mse_denoised < mse_noisy
print(f"denoised output {mse_denoised:.4f} from the clean images, "
      f"needs < {mse_noisy:.4f} (noisy input)")

# %%
# extra code – draws clean, noisy and denoised test images
fig, axes = plt.subplots(3, 8, figsize=(8.8, 3.6))
for i in range(8):
    for row, img in enumerate((X_test[i], X_test_noisy[i], X_denoised[i])):
        axes[row, i].imshow(np.clip(img, 0, 1), cmap="binary", vmin=0, vmax=1)
        axes[row, i].axis("off")
for row, label in enumerate(("clean", "noisy input", "denoised")):
    axes[row, 0].set_title(label, fontsize=9, loc="left")
plots.save_fig("17_denoising")
plt.show()

# %% [markdown]
# **Takeaway:** a denoising autoencoder is trained on (noisy input, clean target) pairs; it learns to project a
# corrupted image back onto the data manifold. This is also the building block of diffusion models (section 10).

# %% [markdown]
# ## 7. Autoencoder applications
#
# ### Dimensionality reduction
#
# An encoder is a (possibly non-linear) dimensionality reducer, which is where it can beat PCA (a linear
# projection). For visualisation, a good recipe is to compress with the autoencoder first (784 → 30) and then
# use t-SNE (chapter 8) from 30 to 2 dimensions, which is cheaper and often cleaner than t-SNE on raw pixels.

# %%
codes_test = encoder.predict(X_test, verbose=0)                     # 30-D codes of the stacked AE
codes_2d = TSNE(n_components=2, init="pca", random_state=SEED).fit_transform(codes_test)
print(f"codes {codes_test.shape} -> t-SNE {codes_2d.shape}")

# %%
# extra code – draws the 2-D map of the autoencoder codes, coloured by class
# (labels not used to compute it)
fig, ax = plt.subplots(figsize=(7, 5.5))
sc = ax.scatter(codes_2d[:, 0], codes_2d[:, 1], c=y_test, cmap="tab10", s=6, vmin=-0.5, vmax=9.5)
cbar = fig.colorbar(sc, ticks=range(10))
cbar.ax.set_yticklabels(CLASS_NAMES)
ax.set_axis_off()
ax.set_title("stacked-AE codes (30-D) mapped to 2-D by t-SNE")
plots.save_fig("17_ae_tsne")
plt.show()


# %%
def knn_hits(points, labels, k=5):
    """Leave-one-out k-NN: True where the k nearest other points vote for the point's own label."""
    _, idx = NearestNeighbors(n_neighbors=k + 1).fit(points).kneighbors(points)
    votes = labels[idx[:, 1:]]                               # column 0 is the point itself
    return np.array([np.bincount(v, minlength=10).argmax() for v in votes]) == labels


# %%
# check: same-class images are neighbours in the 2-D map (the labels only score the map)
hits = knn_hits(codes_2d, y_test)
chance = np.bincount(y_test).max() / len(y_test)        # always vote for the most frequent class
per_class = {name: hits[y_test == c].mean() for c, name in enumerate(CLASS_NAMES)}
apart = np.mean([per_class[c] for c in ("Trouser", "Bag", "Sandal", "Sneaker", "Boot")])
upper = np.mean([per_class[c] for c in ("T-shirt", "Pullover", "Coat", "Shirt")])
# measured at seed 42: about 0.70 vs 0.42
assert hits.mean() > chance + KNN_MARGIN
# measured at seed 42: about 0.83 vs 0.56
assert apart > upper
print(f"5-NN accuracy in the 2-D map {hits.mean():.3f}, "
      f"needs > chance {chance:.3f} + {KNN_MARGIN}")
print(f"trousers, bags, footwear {apart:.3f} vs upper-body garments {upper:.3f} (needs higher)")
print("per class:", ", ".join(f"{n} {a:.2f}"
                              for n, a in sorted(per_class.items(), key=lambda x: -x[1])))

# %% [markdown]
# Same-class images lie next to each other in the map, although the labels were never used to compute it. The
# check scores the map with the labels: for each test image, do its 5 nearest neighbours in the 2-D map vote
# for its own class? That k-NN accuracy is far above chance (always guessing the most frequent class). The
# per-class line shows which classes form islands of their own and which mix: trousers, bags and footwear
# score higher on average than the upper-body garments (T-shirts, pullovers, coats, shirts), which look
# alike (the check asks for that order).

# %% [markdown]
# **Takeaway:** autoencoder + t-SNE is a practical visualisation pipeline; the encoder does the heavy, possibly
# non-linear reduction.
#
# ### Unsupervised pretraining
#
# When labels are scarce but unlabelled data is plentiful: (1) train an autoencoder on **all** the data,
# (2) build a classifier whose lower layers are the trained **encoder** plus a new softmax output, (3) train it on
# the few labelled examples. We compare it with the same architecture trained from a random start, on the same
# few labels, over several label draws.

# %%
N_LABELS = 250


def few_label_accuracy(pretrained, X, y, seed):
    """Clone of the stacked encoder (+ softmax), from its trained weights or random;
    trained on (X, y)."""
    keras.utils.set_random_seed(seed)
    enc = keras.models.clone_model(encoder)
    if pretrained:
        enc.set_weights(encoder.get_weights())
    clf = keras.Sequential([enc, layers.Dense(10, activation="softmax")])
    clf.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    clf.fit(X, y, epochs=20, batch_size=32, verbose=0)
    return clf.evaluate(X_test, y_test, verbose=0)[1]


# %%
pretrain_acc = {"pretrained": [], "scratch": []}
for i in range(N_SEEDS):
    idx = np.random.default_rng(SEED + i).choice(N_TRAIN, N_LABELS, replace=False)
    for name in pretrain_acc:
        pretrain_acc[name].append(few_label_accuracy(name == "pretrained", X_train[idx],
                                                     y_train[idx], SEED + i))
for name, accs in pretrain_acc.items():
    print(f"{name:10s}: test accuracy per draw {np.round(accs, 3)}, mean {np.mean(accs):.3f}")
pretrain_result = compare(pretrain_acc["pretrained"], pretrain_acc["scratch"],
                          names=("pretrained", "scratch"), over="label draws")
print(pretrain_result)

# %% [markdown]
# The verdict line above comes from the course's comparison helper: the two models are paired on the same label
# draws (same 250 labelled images, same seed), and a winner is named only when the 95 % interval of the mean
# difference excludes 0; otherwise it says "no clear difference". With only a few draws at quick scale the
# interval is wide, so only a large, consistent gain would be named. At quick scale pretraining need not help at
# all and can even hurt: the encoder was trained to reconstruct pixels, not to separate classes, and saw only
# 5,000 images.
# Pretraining pays off most when the autoencoder learns from far more unlabelled data than the classifier has
# labels (full scale: 55,000 images) and when the network is deep enough for a random start to be hard to train.
#
# **Takeaway:** unsupervised pretraining = reuse the encoder trained on unlabelled data as the lower layers of a
# classifier trained on the few labels.
#
# ### Anomaly detection
#
# Train the autoencoder on **normal** data only; an input unlike it is reconstructed badly, so a high
# reconstruction error flags an anomaly. Neither autoencoder above ever saw a handwritten digit (MNIST): we score
# digits against Fashion-MNIST test images with the ROC AUC (1 = every digit has a higher error than every
# garment, 0.5 = no better than chance), for the dense stacked autoencoder (30-number code) and the
# convolutional one (392-number code).

# %%
X_digits = data.load("mnist")[0][:N_TEST].reshape(-1, 28, 28).astype("float32") / 255
if len(X_digits) < N_TEST:   # offline, the installed MNIST holds a 5,000-digit subset
    print(f"MNIST here has {len(X_digits):,} digits, fewer than the {N_TEST:,} asked: "
          "all of them are used.")
is_digit = np.r_[np.zeros(len(X_test)), np.ones(len(X_digits))]
anomaly_auc, anomaly_err = {}, {}
for name, model in [("stacked (30-D code)", stacked), ("conv (392-D code)", conv)]:
    err_normal, err_digits = recon_mse(model, X_test), recon_mse(model, X_digits)
    anomaly_auc[name] = roc_auc_score(is_digit, np.r_[err_normal, err_digits])
    # 1 % false alarms on normal validation data
    threshold = np.quantile(recon_mse(model, X_valid), 0.99)
    anomaly_err[name] = (err_normal, err_digits, threshold)
    print(f"{name:20s}: AUC digits vs garments {anomaly_auc[name]:.3f}; "
          f"the 1%-false-alarm threshold flags {(err_digits > threshold).mean():.1%} of the digits")


# %%
# check: the narrow code flags digits far better than chance, and better than the wide code
auc_dense, auc_conv = anomaly_auc["stacked (30-D code)"], anomaly_auc["conv (392-D code)"]
# measured at seed 42: about 0.94
assert auc_dense > AUC_FLOOR
# measured at seed 42: about +0.56
assert auc_dense > auc_conv
print(f"30-D code: AUC {auc_dense:.3f}, needs > {AUC_FLOOR}; "
      f"above the 392-D code's by {auc_dense - auc_conv:+.3f}")
print(f"392-D code: AUC {auc_conv:.3f}: its error ranks the digits "
      + ("BELOW the garments (AUC < 0.5: digits are rebuilt better than garments)" if auc_conv < 0.5
         else "above the garments, but less well than the 30-D code's"))

# %%
# extra code – draws the reconstruction errors of garments and digits, with the threshold
fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
for ax, (name, (err_normal, err_digits, threshold)) in zip(axes, anomaly_err.items()):
    bins = np.linspace(0, max(err_normal.max(), err_digits.max()), 60)
    ax.hist(err_normal, bins=bins, alpha=0.6, label="garments (normal, test)")
    ax.hist(err_digits, bins=bins, alpha=0.6, label="digits (anomalies)")
    ax.axvline(threshold, color="k", ls="--", label="threshold (1 % false alarms)")
    ax.set_title(f"{name}: AUC {anomaly_auc[name]:.3f}", fontsize=10)
    ax.set_xlabel("reconstruction error (MSE per image)")
    ax.set_ylabel("number of images")
axes[0].legend(fontsize=8)
plots.save_fig("17_anomaly_histograms")
plt.show()


# %% [markdown]
# The bottleneck matters. The AUC is the probability that a random digit gets a higher error than a
# random garment: 1 separates them perfectly, 0.5 is chance, and an AUC **below** 0.5 means the score
# ranks the other way round, the anomalies getting the *lower* errors (flipping the score's sign would
# then give 1 − AUC). The last printed line says which way the wide code's error goes, and the
# histograms show it: where the digits' histogram sits left of the garments', digits are rebuilt
# better than garments. The convolutional autoencoder's wide code (and its local filters) rebuilds
# simple images well — a digit is one stroke on a black background, often simpler than a textured
# garment — so its error is a weaker anomaly score for digits than the narrow code's; the narrow dense
# code only knows how to draw garments, and its error flags the digits (the check asks for an AUC
# above the printed floor and for that order). A good anomaly detector must be unable to reconstruct what it was not trained
# on.
#
# **Takeaway:** for anomaly detection, train on normal data only and threshold the reconstruction error; the
# threshold trades false alarms against missed anomalies.

# %% [markdown]
# ## 8. Variational autoencoders
#
# A **variational autoencoder (VAE)** is **probabilistic** (its output is random even after training) and
# **generative** (it can produce new samples). The encoder outputs, for each input, a **mean coding** $\boldsymbol\mu$
# and a spread — in practice $\boldsymbol\gamma = \log\boldsymbol\sigma^2$, which is unconstrained — and the code is
# *sampled* from $\mathcal N(\boldsymbol\mu, \boldsymbol\sigma^2)$. To back-propagate through the sampling we use the
# **reparameterization trick**: $\mathbf z = \boldsymbol\mu + \boldsymbol\sigma \odot \boldsymbol\varepsilon$ with
# $\boldsymbol\varepsilon \sim \mathcal N(\mathbf 0, \mathbf I)$, so the randomness is an input and $\mathbf z$ is a
# differentiable function of $\boldsymbol\mu, \boldsymbol\sigma$.
#
# It is trained with **two losses**: the **reconstruction loss** (MSE or cross-entropy) and the **latent loss**,
# the KL divergence from $\mathcal N(\boldsymbol\mu, \boldsymbol\sigma^2)$ to $\mathcal N(\mathbf 0, \mathbf I)$, which forces
# the codings to look like samples of a standard Gaussian:
#
# $$\mathcal L_{\text{latent}} = -\frac12 \sum_{j=1}^{n}\left(1 + \log\sigma_j^2 - \sigma_j^2 - \mu_j^2\right).$$
#
# After training, sampling $\mathbf z \sim \mathcal N(\mathbf 0, \mathbf I)$ and **decoding** it generates a new
# image. We first check the formula against a numerical integral of $\int p \log(p/q)$.

# %%
def latent_loss(mu, log_var):
    """Closed-form KL( N(mu, exp(log_var)) || N(0, 1) ), summed over the last axis."""
    return -0.5 * np.sum(1 + log_var - np.exp(log_var) - mu ** 2, axis=-1)


def kl_numeric(mu, sigma):
    """KL( N(mu, sigma^2) || N(0, 1) ) for one dimension by numerical integration
    (scipy.integrate.quad)."""
    p = lambda z: (np.exp(-0.5 * ((z - mu) / sigma) ** 2)  # noqa: E731
                   / (sigma * np.sqrt(2 * np.pi)))
    q = lambda z: np.exp(-0.5 * z ** 2) / np.sqrt(2 * np.pi)  # noqa: E731
    return integrate.quad(lambda z: p(z) * np.log(p(z) / q(z)), mu - 12 * sigma, mu + 12 * sigma)[0]


# %%
# check: closed-form latent loss == numerical KL divergence (summed over independent dimensions)
mus, sigmas = rng.normal(size=4), rng.uniform(0.3, 2.0, size=4)
closed = latent_loss(mus, np.log(sigmas ** 2))
numeric = sum(kl_numeric(m, s) for m, s in zip(mus, sigmas))
assert np.isclose(closed, numeric, rtol=1e-6)
assert latent_loss(np.zeros(3), np.zeros(3)) == 0     # mu = 0, sigma = 1 costs nothing
print(f"latent loss {closed:.6f} == quad integral {numeric:.6f}; zero exactly at mu = 0, sigma = 1")


# %%
class Sampling(layers.Layer):
    """Reparameterization trick z = mu + exp(log_var / 2) * eps; also adds the latent loss (per
    pixel)."""

    def __init__(self, kl_scale=1 / 784, **kwargs):
        super().__init__(**kwargs)
        self.kl_scale = kl_scale
        self.seed_generator = keras.random.SeedGenerator(SEED)

    def call(self, inputs):
        mu, log_var = inputs
        kl = -0.5 * ops.sum(1 + log_var - ops.exp(log_var) - mu ** 2, axis=-1)
        self.add_loss(self.kl_scale * ops.mean(kl))
        eps = keras.random.normal(ops.shape(mu), seed=self.seed_generator)
        return mu + ops.exp(log_var / 2) * eps


# %% [markdown]
# The reconstruction loss is Keras's binary cross-entropy, a **mean** over the 784 pixels, while the latent
# loss is a **sum** over the code; dividing the latent loss by 784 makes the total equal to (summed pixel
# cross-entropy + KL) / 784, i.e. the negative ELBO of a VAE with Bernoulli pixels divided by a constant:
# the same objective, with the two terms in the right proportion. (The textbook uses the MSE as
# reconstruction loss, with the same division by 784; the cross-entropy is the likelihood that matches
# pixels in [0, 1].)

# %%
def build_vae(code_size=10, seed=SEED):
    """Dense VAE: encoder -> (mu, log_var, z), decoder z -> image; returns (vae_encoder,
    vae_decoder, vae)."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((28, 28))
    h = layers.Dense(100, activation="relu")(
        layers.Dense(150, activation="relu")(layers.Flatten()(inputs)))
    mu, log_var = layers.Dense(code_size)(h), layers.Dense(code_size)(h)
    z = Sampling()([mu, log_var])
    vae_encoder = keras.Model(inputs, [mu, log_var, z])
    vae_decoder = keras.Sequential([keras.Input((code_size,)), layers.Dense(100, activation="relu"),
                                    layers.Dense(150, activation="relu"),
                                    layers.Dense(784, activation="sigmoid"),
                                    layers.Reshape((28, 28))])
    vae = keras.Model(inputs, vae_decoder(z))
    vae.compile(loss="binary_crossentropy", optimizer="adam")
    return vae_encoder, vae_decoder, vae


# %%
vae_encoder, vae_decoder, vae = build_vae()
vae.fit(X_train, X_train, epochs=2 * N_EPOCHS, batch_size=128, validation_data=(X_valid, X_valid),
        verbose=2)
mu_test, log_var_test, z_test = vae_encoder.predict(X_test, verbose=0)
print(f"test codes: mean |mu| {np.abs(mu_test).mean():.3f}, "
      f"mean sigma {np.exp(log_var_test / 2).mean():.3f}")

# %%
# check: the sampled codes follow the reparameterization z = mu + sigma * eps
# (standardized residuals ~ N(0, 1))
eps_hat = (z_test - mu_test) / np.exp(log_var_test / 2)
se = 1 / np.sqrt(eps_hat.size)
assert abs(eps_hat.mean()) < 5 * se and abs(eps_hat.std() - 1) < 5 * se * np.sqrt(2)
print(f"(z - mu) / sigma has mean {eps_hat.mean():+.4f} and std {eps_hat.std():.4f} "
      "(N(0, 1) within 5 s.e.)")

# %%
# extra code – draws new images decoded from codes sampled from N(0, I)
def show_images(images, title, **kwargs):
    """plots.plot_image_grid on one fixed grey scale (0 white, 1 black), with a title."""
    fig = plots.plot_image_grid(images, **kwargs)
    for ax in fig.axes:
        for im in ax.get_images():
            im.set_clim(0, 1)           # no per-image stretch: pale images stay pale
    fig.suptitle(title, fontsize=10)
    return fig


z_new = rng.standard_normal((30, 10)).astype("float32")
generated = vae_decoder.predict(z_new, verbose=0)
show_images(generated, "VAE: 30 images decoded from codes drawn from N(0, I)", n_cols=10, size=0.9)
plots.save_fig("17_vae_generated")
plt.show()

# %% [markdown]
# At quick scale these samples are blurry, and how many of them look like a garment rather than a blend of
# several changes with the seed: nothing here measures it, so judge the grid above for yourself. The full
# run (more data and epochs) gives sharper samples, and convolutional VAEs do better still.
#
# **Latent-space interpolation.** Because the latent loss packs codes around the origin without holes, decoding
# points on the segment between two codes gives a smooth morph between the two images.

# %%
# extra code – draws the decoded interpolation between the codes (mu) of two test images
pairs = [(0, 1), (2, 3), (4, 5)]
fig, axes = plt.subplots(len(pairs), 9, figsize=(9, 3.3))
for row, (a, b) in enumerate(pairs):
    codes = np.array([(1 - w) * mu_test[a] + w * mu_test[b] for w in np.linspace(0, 1, 9)])
    for ax, img in zip(axes[row], vae_decoder.predict(codes, verbose=0)):
        ax.imshow(img, cmap="binary", vmin=0, vmax=1)
        ax.axis("off")
fig.suptitle("VAE: decoded codes on the segment from the mu of test image a (left) to b (right); "
             "rows (a, b) = (0, 1), (2, 3), (4, 5)", fontsize=9)
plots.save_fig("17_vae_interpolation")
plt.show()

# %% [markdown]
# The independent Gaussian prior nudges a VAE towards **disentangled** latent factors (each code dimension
# capturing one factor of variation, such as width or brightness); a plain VAE achieves this only partly, and the
# β-VAE variant, which weights the latent loss more, pushes harder (at some cost in reconstruction quality).
#
# **Takeaway:** a VAE's encoder outputs $\mu$ and $\log\sigma^2$, the reparameterization trick samples
# $\mathbf z = \mu + \sigma\varepsilon$ differentiably, and the latent (KL) loss makes $\mathcal N(0, I)$ codes
# decodable into new images.

# %% [markdown]
# ## 9. Generative adversarial networks
#
# A GAN is **two networks trained by competing with each other**:
#
# * the **generator** turns random noise (a code from $\mathcal N(0, I)$) into a data sample — it plays the role
#   of a decoder;
# * the **discriminator** is a binary classifier that tries to tell **real** samples from the generator's **fakes**.
#
# Each training iteration has two phases. (1) Train the discriminator on a batch of real images (label 1) and as
# many fakes (label 0). (2) Train the generator through the combined model *generator → discriminator*, with the
# discriminator **frozen** and every fake labelled **1** ("real"): the generator is pushed to produce images the
# discriminator calls real. The generator **never sees a real image**: everything it learns about them comes
# through the discriminator's gradients.
#
# **The generative models' data.** A GAN needs thousands of iterations before its samples look like anything,
# more than a couple of epochs of Fashion-MNIST on 2 cores. At quick scale the GAN, the conditional GAN and
# the image diffusion model of section 10 therefore learn scikit-learn's **8×8 handwritten digits**
# (1,797 images, 17 grey levels: 0 to 16), small and simple enough to learn in minutes on a CPU; full scale
# (`runtime.is_full`) keeps the textbook's Fashion-MNIST.

# %%
if runtime.is_full(SCALE):
    X_gen_train, y_gen_train, X_gen_test, y_gen_test = X_train, y_train, X_test, y_test
    GEN_CLASSES = CLASS_NAMES
else:
    digits = load_digits()
    X_gen_train, X_gen_test, y_gen_train, y_gen_test = train_test_split(
        digits.images / 16, digits.target, test_size=0.3, random_state=SEED, stratify=digits.target)
    GEN_CLASSES = [str(d) for d in range(10)]
SIDE = X_gen_train.shape[1]  # 8 (digits, quick) or 28 (Fashion-MNIST, full)
print(f"generative models learn {len(X_gen_train)} images of {SIDE}x{SIDE} pixels in [0, 1]")

# %% [markdown]
# **Is a sample recognisable? A measure, not an impression.** We train a classifier on the real training
# images (a logistic regression on the pixels) and ask it about each generated image: a sample counts as
# *recognisable* when the classifier's top class gets a probability above 0.9. (At full scale, on Fashion-MNIST's
# 784 pixels, the regression is more strongly regularized: the default one is confident about noise.) The same share for real
# held-out images is the level a perfect generator would reach (a reference, not a bound); the share for
# **noise images** (every
# pixel uniform in [0, 1]) is the floor a generator that learned nothing would get. A classifier can be
# confidently wrong about images unlike its training data, so the noise floor is measured, not assumed 0.

# %%
def confident_share(images, clf, threshold=0.9):
    """Share of images whose top class has a predicted probability above threshold."""
    proba = clf.predict_proba(np.clip(images.reshape(len(images), -1), 0, 1))
    return float((proba.max(axis=1) > threshold).mean())


# On the 784 pixels of Fashion-MNIST (full scale) the default judge is confident about most noise
# images (measured: 0.74 of them); a stronger penalty (C = 0.01) brings that to 0 (real: 0.27)
JUDGE_C = 0.01 if runtime.is_full(SCALE) else 1.0
judge = LogisticRegression(C=JUDGE_C, max_iter=2_000).fit(
    X_gen_train.reshape(len(X_gen_train), -1), y_gen_train)
noise_images = np.random.default_rng(SEED).uniform(0, 1, (500, SIDE, SIDE))
share_real = confident_share(X_gen_test, judge)
share_noise = confident_share(noise_images, judge)
judge_acc = judge.score(X_gen_test.reshape(len(X_gen_test), -1), y_gen_test)
print(f"judge's test accuracy {judge_acc:.3f}; "
      f"share with p > 0.9: real test images {share_real:.3f}, noise images {share_noise:.3f}")

# %%
# check: the judge tells real images from noise (measured at seeds 42, 1234, 7: real about 0.7,
# noise below 0.05 on the digits)
assert share_real > share_noise + JUDGE_MARGIN
print(f"real held-out images {share_real:.3f} > noise {share_noise:.3f} + {JUDGE_MARGIN}: "
      "the measure can "
      "tell a learned image from noise")

# %% [markdown]
# A small **DCGAN** (deep convolutional GAN): transposed convolutions with batch norm in the generator, strided
# convolutions with leaky ReLU in the discriminator, tanh output, images scaled to [−1, 1]. For 28×28 images
# the generator upsamples 7×7 → 14×14 → 28×28 (the textbook's layout); for the 8×8 digits it upsamples
# 4×4 → 8×8 and adds a last 3×3 convolution.

# %%
CODINGS = 30


def build_dcgan(side, seed=SEED):
    """DCGAN generator and discriminator for side x side grey images in [-1, 1]."""
    keras.utils.set_random_seed(seed)
    if side == 28:
        body = [layers.Dense(7 * 7 * 32), layers.Reshape((7, 7, 32)), layers.BatchNormalization(),
                layers.Conv2DTranspose(16, 5, strides=2, padding="same", activation="relu"),
                layers.BatchNormalization(),
                layers.Conv2DTranspose(1, 5, strides=2, padding="same", activation="tanh")]
    else:
        body = [layers.Dense(4 * 4 * 64), layers.Reshape((4, 4, 64)), layers.BatchNormalization(),
                layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu"),
                layers.BatchNormalization(),
                layers.Conv2D(1, 3, padding="same", activation="tanh")]
    gen = keras.Sequential([keras.Input((CODINGS,))] + body)
    k, f = (5, 16) if side == 28 else (3, 32)
    disc = keras.Sequential([
        keras.Input((side, side, 1)),
        layers.Conv2D(f, k, strides=2, padding="same", activation=layers.LeakyReLU(0.2)),
        layers.Dropout(0.4 if side == 28 else 0.3),
        layers.Conv2D(2 * f, k, strides=2, padding="same", activation=layers.LeakyReLU(0.2)),
        layers.Dropout(0.4 if side == 28 else 0.3),
        layers.Flatten(), layers.Dense(1, activation="sigmoid")])
    return gen, disc


generator, discriminator = build_dcgan(SIDE)
gan = keras.Sequential([generator, discriminator])

# %% [markdown]
# The textbook's pattern, backend-neutral: compile the discriminator, then set it non-trainable and compile the
# combined model. In Keras 3 the `trainable` flag is read when a model's training step is first built, so the loop
# switches it on for phase 1 and off for phase 2 (the check below verifies which weights each phase changes).
# The optimizer is the DCGAN paper's Adam with learning rate 0.0002 and $\beta_1 = 0.5$.

# %%
def gan_optimizer():
    """Adam as in the DCGAN paper (learning rate 2e-4, beta_1 = 0.5)."""
    return keras.optimizers.Adam(2e-4, beta_1=0.5)


discriminator.compile(loss="binary_crossentropy", optimizer=gan_optimizer())
discriminator.trainable = False
gan.compile(loss="binary_crossentropy", optimizer=gan_optimizer())
X_gan = (X_gen_train[..., None] * 2 - 1).astype("float32")  # in [-1, 1], like the tanh output
BATCH = 32


def gan_step(X_batch, r):
    """One GAN iteration: phase 1 trains the discriminator, phase 2 the generator; returns both
    losses."""
    noise = r.standard_normal((len(X_batch), CODINGS)).astype("float32")
    fakes = ops.convert_to_numpy(generator(noise, training=True))
    discriminator.trainable = True
    d_loss = discriminator.train_on_batch(
        np.concatenate([fakes, X_batch]),
        np.r_[np.zeros(len(X_batch)), np.ones(len(X_batch))][:, None])
    discriminator.trainable = False
    noise = r.standard_normal((len(X_batch), CODINGS)).astype("float32")
    g_loss = gan.train_on_batch(noise, np.ones((len(X_batch), 1)))
    return float(d_loss), float(g_loss)


# %%
# one step of each phase, with copies of the weights before and after, for the check below
def weights_now():
    """Copies of the generator's and the discriminator's weights."""
    return ([w.copy() for w in generator.get_weights()],
            [w.copy() for w in discriminator.get_weights()])


g0, d0 = weights_now()
noise = rng.standard_normal((BATCH, CODINGS)).astype("float32")
discriminator.trainable = True
discriminator.train_on_batch(
    np.concatenate([ops.convert_to_numpy(generator(noise)), X_gan[:BATCH]]),
    np.r_[np.zeros(BATCH), np.ones(BATCH)][:, None])
discriminator.trainable = False
g1, d1 = weights_now()
gan.train_on_batch(noise, np.ones((BATCH, 1)))
g2, d2 = weights_now()

# %%
# check: phase 1 changes only the discriminator, phase 2 only the generator
assert all(np.array_equal(a, b) for a, b in zip(g0, g1)) and not np.allclose(d0[0], d1[0])
assert all(np.array_equal(a, b) for a, b in zip(d1, d2)) and not np.allclose(g1[0], g2[0])
print("discriminator step: D changes, G unchanged | generator step: G changes, D frozen")

# %%
gan_losses = []
r_gan = np.random.default_rng(SEED)
for epoch in range(GAN_EPOCHS):
    order = r_gan.permutation(len(X_gan))
    for b in range(len(X_gan) // BATCH):
        gan_losses.append(gan_step(X_gan[order[b * BATCH:(b + 1) * BATCH]], r_gan))
    if (epoch + 1) % max(1, GAN_EPOCHS // 5) == 0 or epoch + 1 == GAN_EPOCHS:
        d_mean, g_mean = np.mean(gan_losses[-50:], axis=0)
        print(f"epoch {epoch + 1}/{GAN_EPOCHS}: last-50-step mean loss D {d_mean:.3f}, "
              f"G {g_mean:.3f}")
gan_images = (ops.convert_to_numpy(generator(
    rng.standard_normal((500, CODINGS)).astype("float32")))[..., 0] + 1) / 2
share_dcgan = confident_share(gan_images, judge)
print(f"{len(gan_losses)} iterations; DCGAN samples with p > 0.9: {share_dcgan:.3f} "
      f"(real {share_real:.3f}, noise {share_noise:.3f})")

# %%
# check: the DCGAN's samples are recognisable far more often than noise
# (measured with this notebook at 25 epochs: 0.154 / 0.156 / 0.120 at seeds 42 / 1234 / 7,
# noise 0.040 / 0.020 / 0.022; the smallest gap, 0.098, is about twice GEN_MARGIN = 0.05)
if GEN_MARGIN is not None:
    assert share_dcgan > share_noise + GEN_MARGIN
print(f"DCGAN {share_dcgan:.3f} vs noise {share_noise:.3f}: needs a margin of {GEN_MARGIN} "
      "(no floor at smoke scale, where one epoch teaches nothing)")

# %%
# extra code – draws the two losses along training, and generated images beside real ones
gan_losses_arr = np.array(gan_losses)
fig, ax = plt.subplots(figsize=(8, 3))
ax.plot(gan_losses_arr[:, 0], lw=0.6, label="discriminator")
ax.plot(gan_losses_arr[:, 1], lw=0.6, label="generator")
ax.set_xlabel("iteration")
ax.set_ylabel("binary cross-entropy loss")
ax.set_title("GAN training: the two players' losses, one point per iteration")
ax.legend()
plots.save_fig("17_gan_losses")
plt.show()
show_images(np.concatenate([X_gen_test[:10], gan_images[:20]]),
            "top row: real test images; rows 2-3: 20 DCGAN samples", n_cols=10, size=0.9)
plots.save_fig("17_gan_generated")
plt.show()

# %% [markdown]
# The losses do not decrease as in supervised training: the two players move each other's target. After a
# short first phase both hover near $\ln 2 \approx 0.693$ (compare the printed last-50-step means), the
# cross-entropy of a discriminator that answers 1/2 for every image: neither player is winning (a
# discriminator loss near 0 would mean it has won and the generator learns little). The printed shares
# say how often the judge recognises a sample, beside the real images'
# ceiling and the noise floor; the grid shows them beside real images. (At full scale the GAN learns
# Fashion-MNIST for 30 epochs; the textbook's DCGAN trained for about 50 epochs on 55,000 images gives
# recognisable clothes.)
#
# **The difficulties.** The adversarial game is a complex optimization problem: there may be no equilibrium the
# gradient steps reach, the two networks can oscillate or diverge, and the result is **very sensitive to the
# hyperparameters** (learning rates, architecture, batch size). **Mode collapse**: the generator becomes less
# diverse, producing only one or a few kinds of images that currently fool the discriminator (all sneakers, say);
# the discriminator then learns to reject those, the generator jumps to another mode, and so on. Two cheap
# symptoms to watch are the diversity of the generated batch, compared with that of real images, and how the
# judge spreads the samples over the classes:

# %%
def diversity(images):
    """Mean pairwise Euclidean distance between images (flattened)."""
    flat = images.reshape(len(images), -1)
    d = np.sqrt(((flat[:, None, :] - flat[None, :, :]) ** 2).sum(-1))
    return d[np.triu_indices(len(flat), 1)].mean()


gan_classes = np.bincount(judge.predict(gan_images.reshape(len(gan_images), -1)), minlength=10)
print(f"mean pairwise distance: real images {diversity(X_gen_test[:200]):.2f}, "
      f"generated {diversity(gan_images[:200]):.2f} "
      "(a fully collapsed generator would give about 0)")
print("judge's class counts of the 500 samples:", dict(zip(GEN_CLASSES, gan_classes.tolist())))


# %% [markdown]
# Cures proposed in the literature include experience replay (train the discriminator on older fakes too),
# mini-batch discrimination (let the discriminator see how similar the images of a batch are), spectral
# normalization and carefully tuned architectures (DCGAN rules, StyleGAN).
#
# ### Conditional GAN
#
# A **conditional GAN** feeds the class to both networks: an `Embedding` of the label is concatenated to the
# noise for the generator, and enters the discriminator as a second image channel (a learned 8×8 map per
# class), so that its convolutions can judge "is this a real image *of this class*?". (Concatenated only
# to the last dense layer's input, the label would add a constant to the logit, unrelated to the pixels.) At generation time you choose the class. The generator's body is a
# fresh copy of the DCGAN generator's architecture (`clone_model`), so section 9's trained generator is
# left unchanged. Its discriminator also trains on a small **experience-replay** buffer of older fakes
# (textbook exercise 12).

# %%
keras.utils.set_random_seed(SEED)
noise_in, label_in = keras.Input((CODINGS,)), keras.Input((1,), dtype="int32")
g_in = layers.Concatenate()([noise_in, layers.Flatten()(layers.Embedding(10, 10)(label_in))])
g_out = keras.models.clone_model(generator)(layers.Dense(CODINGS)(g_in))
cond_generator = keras.Model([noise_in, label_in], g_out)
img_in = keras.Input((SIDE, SIDE, 1))
label_map = layers.Reshape((SIDE, SIDE, 1))(layers.Embedding(10, SIDE * SIDE)(label_in))
# the label enters as a second image channel, so the convolutions can relate it to the pixels
h = layers.Concatenate()([img_in, label_map])
k, f = (5, 16) if SIDE == 28 else (3, 32)           # the DCGAN discriminator's convolutions
for filters in (f, 2 * f):
    h = layers.Conv2D(filters, k, strides=2, padding="same", activation=layers.LeakyReLU(0.2))(h)
cond_discriminator = keras.Model([img_in, label_in],
                                 layers.Dense(1, activation="sigmoid")(layers.Flatten()(h)))
cond_discriminator.compile(loss="binary_crossentropy", optimizer=gan_optimizer())
cond_discriminator.trainable = False
cond_gan = keras.Model([noise_in, label_in],
                       cond_discriminator([cond_generator([noise_in, label_in]), label_in]))
cond_gan.compile(loss="binary_crossentropy", optimizer=gan_optimizer())


# %%
def cond_gan_step(idx, r, replay):
    """One conditional-GAN iteration on the images idx, with an experience-replay buffer of old
    fakes."""
    labels = y_gen_train[idx][:, None]
    fakes = ops.convert_to_numpy(cond_generator(
        [r.standard_normal((len(idx), CODINGS)).astype("float32"), labels], training=True))
    replay.append((fakes[:8], labels[:8]))
    old_f, old_l = replay[r.integers(len(replay))]
    cond_discriminator.trainable = True
    cond_discriminator.train_on_batch(
        [np.concatenate([fakes, old_f, X_gan[idx]]), np.concatenate([labels, old_l, labels])],
        np.r_[np.zeros(len(idx) + len(old_f)), np.ones(len(idx))][:, None])
    cond_discriminator.trainable = False
    cond_gan.train_on_batch([r.standard_normal((len(idx), CODINGS)).astype("float32"), labels],
                            np.ones((len(idx), 1)))


# %%
replay, r_c = [], np.random.default_rng(SEED)
n_cond_steps = GAN_EPOCHS * (len(X_gan) // BATCH)   # as many iterations as the DCGAN's
for _ in range(n_cond_steps):
    cond_gan_step(r_c.integers(0, len(X_gan), BATCH), r_c, replay)
asked = np.repeat(np.arange(10), 50)                # 50 samples of each class
cond_images = (ops.convert_to_numpy(cond_generator(
    [rng.standard_normal((500, CODINGS)).astype("float32"), asked[:, None]]))[..., 0] + 1) / 2
share_cond = confident_share(cond_images, judge)
as_asked = float((judge.predict(cond_images.reshape(500, -1)) == asked).mean())
print(f"{n_cond_steps} iterations; samples with p > 0.9: {share_cond:.3f}; "
      f"classified as the class asked for: {as_asked:.3f} (chance 0.1)")

# %%
# check: the label controls the class (far above chance 0.1), the samples beat noise
# (measured at seed 1234: p > 0.9 share 0.256, as asked 0.476; an earlier design that fed the
# label only to the discriminator's last layer stayed at chance, 0.09-0.11)
assert cond_images.shape == (500, SIDE, SIDE)
if GEN_MARGIN is not None:
    assert as_asked > 0.1 + GEN_MARGIN and share_cond > share_noise + GEN_MARGIN
print(f"classified as asked {as_asked:.3f} > chance 0.1 + {GEN_MARGIN}; "
      f"p > 0.9 share {share_cond:.3f} > noise {share_noise:.3f} + {GEN_MARGIN}")

# %%
# extra code – draws the conditional GAN's samples: one row per class asked for, a real image first
fig, axes = plt.subplots(10, 9, figsize=(6.3, 7.4))
for c in range(10):
    row = [X_gen_test[y_gen_test == c][0]] + list(cond_images[asked == c][:8])
    for j, img in enumerate(row):
        axes[c, j].imshow(img, cmap="binary", vmin=0, vmax=1)
        axes[c, j].set_xticks([])
        axes[c, j].set_yticks([])
    axes[c, 0].set_ylabel(GEN_CLASSES[c], rotation=0, ha="right", va="center", fontsize=8)
axes[0, 0].set_title("real", fontsize=8)
axes[0, 4].set_title("conditional GAN samples of the class on the left", fontsize=8)
plots.save_fig("17_conditional_gan")
plt.show()

# %% [markdown]
# Each row was asked for one class; the first image of the row is a real test image of that class. The
# printed share "classified as the class asked for" measures how well the label controls the output.
#
# **Takeaway:** a GAN alternates a discriminator step (real = 1, fake = 0) and a generator step through the frozen
# discriminator (fake labelled 1); it is hard to train (no stable minimum, hyperparameter sensitivity, mode
# collapse). A conditional GAN feeds the class to both players, so the class can be chosen at generation time.

# %% [markdown]
# ## 10. Diffusion models
#
# **Forward process.** Keep adding a little Gaussian noise to an image, $T$ times, until it is pure noise:
#
# $$\mathbf x_t = \sqrt{1-\beta_t}\,\mathbf x_{t-1} + \sqrt{\beta_t}\,\boldsymbol\varepsilon_t, \qquad
# \boldsymbol\varepsilon_t \sim \mathcal N(\mathbf 0, \mathbf I),$$
#
# with a **variance schedule** $\beta_1, \dots, \beta_T$. With $\alpha_t = 1-\beta_t$ and
# $\bar\alpha_t = \prod_{s=1}^{t}\alpha_s$ the $T$ steps collapse into one **closed form**:
#
# $$\mathbf x_t = \sqrt{\bar\alpha_t}\,\mathbf x_0 + \sqrt{1-\bar\alpha_t}\,\boldsymbol\varepsilon, \qquad
# q(\mathbf x_t\mid\mathbf x_0) = \mathcal N\big(\sqrt{\bar\alpha_t}\,\mathbf x_0,\ (1-\bar\alpha_t)\mathbf I\big),$$
#
# so training pairs for any $t$ are made in one step. We use the textbook's **cosine schedule**
# $\bar\alpha_t = f(t)/f(0)$, $f(t) = \cos^2\!\big(\frac{t/T + s}{1+s}\frac{\pi}{2}\big)$, $s = 0.008$,
# computed as the textbook does: step by step, $\alpha_t = f(t)/f(t-1)$, with $\beta_t = 1 - \alpha_t$
# clipped at 0.999. Only the last step is clipped ($f(T) = \cos^2(\pi/2) = 0$ would make
# $\beta_T = 1$, a step that forgets the image entirely), so $\bar\alpha_t = f(t)/f(0)$ for $t < T$ and
# $\bar\alpha_T = 0.001\,\bar\alpha_{T-1}$: tiny, but not 0 (printed below).

# %%
def variance_schedule(T, s=0.008, max_beta=0.999):
    """Cosine schedule: returns alpha, alpha_bar, beta as arrays of length T + 1 (index 0 = no
    noise)."""
    t = np.arange(T + 1)
    f = np.cos((t / T + s) / (1 + s) * np.pi / 2) ** 2
    alpha = np.clip(f[1:] / f[:-1], 1 - max_beta, 1)
    alpha = np.append(1, alpha)
    beta = 1 - alpha
    return alpha, np.cumprod(alpha), beta


alpha, alpha_bar, beta = variance_schedule(T_STEPS)
print(f"T = {T_STEPS}: beta_1 = {beta[1]:.5f}, beta_T = {beta[-1]:.3f}, "
      f"alpha_bar_T = {alpha_bar[-1]:.2e}")

# %%
# check: iterating the T steps == the closed form (exact mean and variance; and a Monte-Carlo run)
mean, var = 1.0, 0.0                        # distribution of x_t for x_0 = 1, by recursion
for t in range(1, T_STEPS + 1):
    mean, var = np.sqrt(1 - beta[t]) * mean, (1 - beta[t]) * var + beta[t]
    assert (np.isclose(mean, np.sqrt(alpha_bar[t]), atol=1e-12)
            and np.isclose(var, 1 - alpha_bar[t], atol=1e-12))
x = np.full(200_000, 0.7)
t_mid = T_STEPS // 2
for t in range(1, t_mid + 1):
    x = np.sqrt(1 - beta[t]) * x + np.sqrt(beta[t]) * rng.standard_normal(x.size)
se = np.sqrt((1 - alpha_bar[t_mid]) / x.size)
assert abs(x.mean() - 0.7 * np.sqrt(alpha_bar[t_mid])) < 5 * se
assert abs(x.var() / (1 - alpha_bar[t_mid]) - 1) < 5 * np.sqrt(2 / x.size)
print("recursion == closed form at every t (1e-12); "
      f"{t_mid} simulated steps: mean {x.mean():.4f} vs "
      f"{0.7 * np.sqrt(alpha_bar[t_mid]):.4f}, var {x.var():.4f} vs {1 - alpha_bar[t_mid]:.4f}")

# %%
# extra code – draws the schedule and the forward process applied to one training image
steps_fwd = [0, T_STEPS // 10, T_STEPS // 4, T_STEPS // 2, 3 * T_STEPS // 4, T_STEPS]
x0_fwd = X_gen_train[0] * 2 - 1                     # pixels in [-1, 1], like the model's inputs
eps_fwd = np.random.default_rng(SEED).standard_normal(x0_fwd.shape)
fig, axes = plt.subplots(1, 1 + len(steps_fwd), figsize=(13, 2.4),
                         gridspec_kw={"width_ratios": [2.5] + [1] * len(steps_fwd)})
axes[0].plot(alpha_bar, label=r"$\bar\alpha_t$ (signal)")
axes[0].plot(1 - alpha_bar, label=r"$1-\bar\alpha_t$ (noise)")
axes[0].set_xlabel("step t")
axes[0].set_ylabel("variance share")
axes[0].legend(fontsize=8)
for ax, t in zip(axes[1:], steps_fwd):
    x_t_fwd = np.sqrt(alpha_bar[t]) * x0_fwd + np.sqrt(1 - alpha_bar[t]) * eps_fwd
    ax.imshow(np.clip(x_t_fwd, -1, 1), cmap="binary", vmin=-1, vmax=1)
    ax.set_title(f"t = {t}", fontsize=9)
    ax.axis("off")
fig.suptitle(f"forward process: the cosine schedule (left) and x_t of a real training image "
             f"(class {GEN_CLASSES[y_gen_train[0]]}) by the closed form")
plots.save_fig("17_diffusion_forward")
plt.show()

# %% [markdown]
# The signal share $\bar\alpha_t$ falls slowly over the first steps, fastest in the middle and slowly
# again at the end (the cosine schedule's design: with a linear $\beta$ schedule the last steps would
# add noise to what is already noise); by $t = T$ nothing of the image is left.

# %% [markdown]
# **The model and its objective.** A network $\boldsymbol\varepsilon_\theta(\mathbf x_t, t)$ learns to predict the
# **noise** that was added (equivalently: to denoise — a denoising autoencoder that also knows the noise level
# $t$). The DDPM objective draws an image $\mathbf x_0$, a step $t$ uniform in $1..T$ and a noise
# $\boldsymbol\varepsilon \sim \mathcal N(\mathbf 0, \mathbf I)$, builds $\mathbf x_t$ by the closed form and minimises
#
# $$\mathcal L(\theta) = \mathbb E_{\mathbf x_0, t, \boldsymbol\varepsilon}\Big[\big\lVert \boldsymbol\varepsilon -
# \boldsymbol\varepsilon_\theta\big(\sqrt{\bar\alpha_t}\,\mathbf x_0 + \sqrt{1-\bar\alpha_t}\,\boldsymbol\varepsilon,\ t\big)
# \big\rVert^2\Big],$$
#
# a plain regression: every training pair is made in one step, with no chain to simulate.
#
# **Generating a sample (reverse process).** Start from pure noise $\mathbf x_T \sim \mathcal N(\mathbf 0, \mathbf I)$
# and apply the denoising step $T$ times, $t = T, \dots, 1$:
#
# $$\mathbf x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\Big(\mathbf x_t - \frac{\beta_t}{\sqrt{1-\bar\alpha_t}}\,
# \boldsymbol\varepsilon_\theta(\mathbf x_t, t)\Big) + \sqrt{\beta_t}\,\mathbf z, \qquad \mathbf z \sim \mathcal N(\mathbf 0, \mathbf I)
# \ (\mathbf z = 0 \text{ at the last step}).$$

# %% [markdown]
# The same step can be written through the network's estimate of the clean sample,
# $\hat{\mathbf x}_0 = (\mathbf x_t - \sqrt{1-\bar\alpha_t}\,\boldsymbol\varepsilon_\theta)/\sqrt{\bar\alpha_t}$: the mean of
# $\mathbf x_{t-1}$ is $\frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1-\bar\alpha_t}\hat{\mathbf x}_0 +
# \frac{\sqrt{\alpha_t}\,(1-\bar\alpha_{t-1})}{1-\bar\alpha_t}\mathbf x_t$. Image models use this form because they can
# **clip** $\hat{\mathbf x}_0$ to the pixel range [−1, 1]: at the first steps $1/\sqrt{\alpha_t}$ is large (the cosine
# schedule's last $\beta$ is 0.999), and a rough network's small errors would otherwise be blown up. The noise added
# uses the posterior variance $\tilde\beta_t = \frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\beta_t$ (using $\beta_t$ also works).

# %%
def reverse_step(x, eps_hat, t, clip=True):
    """Mean of x_{t-1} given x_t and the predicted noise, through the (optionally clipped) estimate
    of x_0."""
    x0_hat = (x - np.sqrt(1 - alpha_bar[t]) * eps_hat) / np.sqrt(alpha_bar[t])
    if clip:
        x0_hat = np.clip(x0_hat, -1, 1)
    return (np.sqrt(alpha_bar[t - 1]) * beta[t] * x0_hat
            + np.sqrt(alpha[t]) * (1 - alpha_bar[t - 1]) * x) / (1 - alpha_bar[t])


def posterior_std(t):
    """Standard deviation of the noise added at reverse step t (0 at the last step)."""
    return np.sqrt((1 - alpha_bar[t - 1]) / (1 - alpha_bar[t]) * beta[t]) if t > 1 else 0.0


# %%
# check: without clipping, the x_0 form == the noise form of the reverse step
x_, e_ = rng.normal(size=(5, 64)), rng.normal(size=(5, 64))
for t in (1, T_STEPS // 2, T_STEPS):
    direct = (x_ - beta[t] / np.sqrt(1 - alpha_bar[t]) * e_) / np.sqrt(alpha[t])
    assert np.allclose(reverse_step(x_, e_, t, clip=False), direct)
print("reverse step through x0_hat (unclipped) "
      "== (x_t - beta_t / sqrt(1 - abar_t) eps) / sqrt(alpha_t)")

# %% [markdown]
# ### A DDPM on 2-D data, from scratch
#
# Before images, the whole method on data we can draw: 2,000 points of scikit-learn's two moons
# (standardized). The noise predictor is a small multilayer perceptron written in numpy — input: the point
# $\mathbf x_t$ and a sinusoidal encoding of $t$ (like a transformer's positional encoding), three hidden
# ReLU layers, output: the 2 numbers of $\hat{\boldsymbol\varepsilon}$ — trained by back-propagation and Adam
# (chapter 11) on the DDPM objective above.

# %%
X_moons_raw = make_moons(2_000, noise=0.05, random_state=SEED)[0]
moons_mean, moons_std = X_moons_raw.mean(axis=0), X_moons_raw.std(axis=0)
X_moons = (X_moons_raw - moons_mean) / moons_std
X_moons_test = (make_moons(1_000, noise=0.05, random_state=SEED + 1)[0] - moons_mean) / moons_std


def time_encoding(t, dim=32):
    """Sinusoidal encoding of the step t (array of ints) into dim features."""
    freqs = np.exp(-np.log(10_000) * np.arange(dim // 2) / (dim // 2))
    angles = np.asarray(t)[:, None] * freqs[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype("float32")


# %%
def mlp_forward(params, x):
    """Activations of a ReLU MLP (params = [W1, b1, W2, b2, ...]); the last layer is linear."""
    acts = [x]
    for i in range(0, len(params), 2):
        z = acts[-1] @ params[i] + params[i + 1]
        acts.append(np.maximum(z, 0) if i < len(params) - 2 else z)
    return acts


def mlp_backward(params, acts, d_out):
    """Gradients of the loss w.r.t. params, given d loss / d output (back-propagation)."""
    grads, d = [None] * len(params), d_out
    for i in range(len(params) - 2, -1, -2):
        grads[i], grads[i + 1] = acts[i // 2].T @ d, d.sum(axis=0)
        if i > 0:
            d = (d @ params[i].T) * (acts[i // 2] > 0)
    return grads


def init_relu_mlp(sizes, r):
    """He-initialized weights and zero biases, as a flat list [W1, b1, W2, b2, ...]."""
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        params += [r.normal(0, np.sqrt(2 / n_in), (n_in, n_out)), np.zeros(n_out)]
    return params


# %%
# check: back-propagation == central finite differences of the loss 0.5 * sum(output^2)
r_chk = np.random.default_rng(SEED)
p_chk, x_chk = init_relu_mlp([3, 5, 4, 2], r_chk), r_chk.normal(size=(6, 3))
loss_chk = lambda p: 0.5 * (mlp_forward(p, x_chk)[-1] ** 2).sum()  # noqa: E731
g_chk = mlp_backward(p_chk, mlp_forward(p_chk, x_chk), mlp_forward(p_chk, x_chk)[-1])
for P, G in zip(p_chk, g_chk):
    for j in np.ndindex(P.shape):
        P[j] += 1e-6
        up = loss_chk(p_chk)
        P[j] -= 2e-6
        down = loss_chk(p_chk)
        P[j] += 1e-6
        assert np.isclose(G[j], (up - down) / 2e-6, rtol=1e-4, atol=1e-6)
print(f"back-propagation == finite differences for all {sum(p.size for p in p_chk)} parameters")


# %%
def train_ddpm_2d(X, n_steps, seed, hidden=128, batch=256, lr=2e-3):
    """Trains the numpy noise predictor on the DDPM objective with Adam; returns params, losses."""
    r = np.random.default_rng(seed)
    params = init_relu_mlp([X.shape[1] + 16, hidden, hidden, hidden, X.shape[1]], r)
    m, v, losses = [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params], []
    for step in range(1, n_steps + 1):
        x0, t = X[r.integers(0, len(X), batch)], r.integers(1, T_STEPS + 1, batch)
        eps = r.standard_normal(x0.shape)
        x_t = np.sqrt(alpha_bar[t])[:, None] * x0 + np.sqrt(1 - alpha_bar[t])[:, None] * eps
        acts = mlp_forward(params, np.hstack([x_t, time_encoding(t, 16)]))
        losses.append(((acts[-1] - eps) ** 2).mean())
        grads = mlp_backward(params, acts, 2 * (acts[-1] - eps) / eps.size)
        for p, g, m_, v_ in zip(params, grads, m, v):          # Adam, in place
            m_ += 0.1 * (g - m_)
            v_ += 0.001 * (g ** 2 - v_)
            p -= lr * (m_ / (1 - 0.9 ** step)) / (np.sqrt(v_ / (1 - 0.999 ** step)) + 1e-8)
    return params, np.array(losses)


moons_params, moons_losses = train_ddpm_2d(X_moons, MOONS_STEPS, SEED)
print(f"{MOONS_STEPS} Adam steps: mean loss of the first 100 {moons_losses[:100].mean():.3f}, "
      f"of the last 100 {moons_losses[-100:].mean():.3f}")


# %%
def sample_ddpm_2d(params, n, seed, keep=()):
    """Reverse process from N(0, I) with the numpy noise predictor; returns x_0 and the x_t kept."""
    r = np.random.default_rng(seed)
    x = r.standard_normal((n, 2))
    kept = {T_STEPS: x.copy()} if T_STEPS in keep else {}
    for t in range(T_STEPS, 0, -1):
        eps_hat = mlp_forward(params, np.hstack([x, time_encoding(np.full(n, t), 16)]))[-1]
        x = reverse_step(x, eps_hat, t, clip=False) + posterior_std(t) * r.standard_normal(x.shape)
        if t - 1 in keep:
            kept[t - 1] = x.copy()
    return x, kept


moons_steps = [T_STEPS, 3 * T_STEPS // 4, T_STEPS // 2, T_STEPS // 4, T_STEPS // 10, 0]
moons_gen, moons_kept = sample_ddpm_2d(moons_params, 1_000, SEED + 2, keep=moons_steps)

# %%
# extra code – draws the reverse process of 1,000 points, step by step, over the training data
fig, axes = plt.subplots(1, len(moons_steps), figsize=(2.3 * len(moons_steps), 2.6),
                         sharex=True, sharey=True)
for ax, t in zip(axes, moons_steps):
    ax.scatter(X_moons[:, 0], X_moons[:, 1], s=2, c="lightgrey", label="training data")
    ax.scatter(moons_kept[t][:, 0], moons_kept[t][:, 1], s=2, c="C3", label="samples x_t")
    ax.set_title(f"t = {t}", fontsize=9)
    ax.set_xlabel("x1 (standardized)")
axes[0].set_ylabel("x2 (standardized)")
axes[0].set_xlim(-3.5, 3.5)
axes[0].set_ylim(-3.5, 3.5)
axes[-1].legend(fontsize=7, markerscale=4, loc="lower left")
fig.suptitle("2-D DDPM: the reverse process from pure noise (t = T) to samples (t = 0)")
plots.save_fig("17_ddpm_moons_reverse")
plt.show()

# %% [markdown]
# **Do the samples land on the data?** For each point we measure the distance to its nearest training
# point and count the share closer than 0.1 (in standardized units). Held-out real points give the
# ceiling; as many points drawn from $\mathcal N(\mathbf 0, \mathbf I)$, the reverse process's
# starting point, give the floor.

# %%
RADIUS = 0.1
moons_nn = NearestNeighbors(n_neighbors=1).fit(X_moons)


def near_share(points):
    """Share of the points closer than RADIUS to their nearest training point."""
    return float((moons_nn.kneighbors(points)[0][:, 0] < RADIUS).mean())


moons_noise = np.random.default_rng(SEED + 3).standard_normal((1_000, 2))
near = {"DDPM samples": near_share(moons_gen), "held-out real points": near_share(X_moons_test),
        "N(0, I) noise": near_share(moons_noise)}
print(", ".join(f"{k} {v:.3f}" for k, v in near.items()), f"(share within {RADIUS})")

# %%
# check: the DDPM's samples land on the moons far more often than noise
# (measured at seed 42 with T = 100 and 2,500 steps: 0.948 vs noise 0.366)
assert near["DDPM samples"] > near["N(0, I) noise"] + MOONS_MARGIN
print(f"DDPM {near['DDPM samples']:.3f} > noise {near['N(0, I) noise']:.3f} + {MOONS_MARGIN}")

# %% [markdown]
# The row of plots shows the reverse process: the cloud stays shapeless for the first steps (at large
# $t$ the best guess of $\mathbf x_0$ is the data's mean), then the two arcs appear and tighten as the
# added noise shrinks. The printed shares measure where the samples end up.
#
# ### A diffusion model for images
#
# For images the noise predictor must see pixel neighbourhoods at several scales: a small **U-Net** (two
# convolution levels, 2× down- and up-sampling, a skip connection that concatenates the high-resolution
# features to the upsampled ones), with the time encoding passed through a dense layer and **added to every
# block's feature maps**, so each block knows the noise level. (On 8×8 digits a dense network would
# also do; the U-Net is used because it carries over unchanged to the 28×28 images of full scale.)

# %%
def build_unet(side, seed=SEED):
    """Small U-Net noise predictor eps_theta(x_t, t) for side x side images (side even)."""
    keras.utils.set_random_seed(seed)
    x_in, t_in = keras.Input((side, side, 1)), keras.Input((32,))
    t_emb = layers.Dense(32, activation="swish")(t_in)

    def with_time(h, channels):
        """Adds a per-channel projection of the time embedding to the feature maps h."""
        return layers.Add()([h, layers.Reshape((1, 1, channels))(layers.Dense(channels)(t_emb))])

    def conv(c, **kw):
        """3x3 'same' convolution with swish activation."""
        return layers.Conv2D(c, 3, padding="same", activation="swish", **kw)

    h1 = conv(32)(with_time(conv(32)(x_in), 32))                        # side x side
    h2 = conv(64)(with_time(conv(64, strides=2)(h1), 64))               # side/2 x side/2
    up = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="swish")(h2)
    u = conv(32)(with_time(layers.Concatenate()([up, h1]), 64))         # skip connection
    return keras.Model([x_in, t_in], layers.Conv2D(1, 3, padding="same")(u))


noise_model = build_unet(SIDE)
noise_model.compile(loss="mse", optimizer=keras.optimizers.Adam(2e-3))
print(f"U-Net noise predictor: {noise_model.count_params():,} parameters")


# %%
def noisy_batch(X0, r):
    """Training pairs: ((x_t, time encoding of t), eps) for random t and eps, by the closed form."""
    t = r.integers(1, T_STEPS + 1, size=len(X0))
    eps = r.standard_normal(X0.shape).astype("float32")
    a = alpha_bar[t].reshape(-1, *[1] * (X0.ndim - 1))
    return ((np.sqrt(a) * X0 + np.sqrt(1 - a) * eps).astype("float32"), time_encoding(t)), eps


X_diff = (X_gen_train[..., None] * 2 - 1).astype("float32")      # images in [-1, 1]
X_diff_test = (X_gen_test[..., None] * 2 - 1).astype("float32")
r_diff = np.random.default_rng(SEED)
n_pairs = max(len(X_diff), 16_000)                 # fresh images, t and noise every epoch
for epoch in range(DIFF_EPOCHS):
    inputs, eps = noisy_batch(X_diff[r_diff.integers(0, len(X_diff), n_pairs)], r_diff)
    loss = noise_model.fit(inputs, eps, batch_size=128, epochs=1, verbose=0).history["loss"][0]
    if (epoch + 1) % max(1, DIFF_EPOCHS // 5) == 0 or epoch + 1 == DIFF_EPOCHS:
        print(f"epoch {epoch + 1}/{DIFF_EPOCHS} ({n_pairs} pairs each): "
              f"noise-prediction MSE {loss:.4f}")


# %%
def noise_mse_at(t):
    """Test MSE of the predicted noise at one step t (predicting 0 would give about 1)."""
    r = np.random.default_rng(SEED + t)
    eps = r.standard_normal(X_diff_test.shape).astype("float32")
    x_t = (np.sqrt(alpha_bar[t]) * X_diff_test
           + np.sqrt(1 - alpha_bar[t]) * eps).astype("float32")
    pred = ops.convert_to_numpy(noise_model([x_t, time_encoding(np.full(len(x_t), t))],
                                            training=False))
    return ((pred - eps) ** 2).mean()


for t in (1, T_STEPS // 4, T_STEPS // 2, T_STEPS):
    print(f"t = {t:4d}: test noise MSE {noise_mse_at(t):.3f}")

# %%
# check: halfway through the process the network predicts the noise better than the trivial guess 0
mse_half = noise_mse_at(T_STEPS // 2)
# measured at seed 42: test noise MSE 0.129 at t = T/2 (1 = predicting 0)
assert mse_half < 1.0
print(f"noise MSE at t = T/2 {mse_half:.3f}, needs < 1 (the error of predicting zero noise)")


# %% [markdown]
# Near $t=1$ the noise is tiny compared with the image and hard to tell apart from texture; near $t=T$ the input
# *is* almost the noise, so predicting it is easy — the printed errors show how hard each end is for this model.

# %%
def sample_ddpm(n, seed, keep=()):
    """Reverse diffusion from pure noise; returns the final images, the x_t kept for t in keep, the
    call count."""
    r = np.random.default_rng(seed)
    x, kept, calls = r.standard_normal((n, SIDE, SIDE, 1)).astype("float32"), {}, 0
    for t in range(T_STEPS, 0, -1):
        if t in keep:
            kept[t] = x.copy()
        eps_hat = ops.convert_to_numpy(noise_model([x, time_encoding(np.full(n, t))],
                                                   training=False))
        calls += 1
        x = reverse_step(x, eps_hat, t) + posterior_std(t) * r.standard_normal(x.shape)
        x = x.astype("float32")
    kept[0] = x.copy()
    return x, kept, calls


steps_to_show = [T_STEPS, 3 * T_STEPS // 4, T_STEPS // 2, T_STEPS // 4, T_STEPS // 10, 0]
samples, kept, n_calls = sample_ddpm(500, SEED, keep=steps_to_show)
diff_images = (np.clip(samples[..., 0], -1, 1) + 1) / 2
share_diff = confident_share(diff_images, judge)
print(f"{n_calls} network calls to generate one batch (a VAE decoder or a GAN generator needs 1); "
      f"samples with p > 0.9: {share_diff:.3f} (real {share_real:.3f}, noise {share_noise:.3f})")

# %%
# check: the diffusion model's samples are recognisable far more often than noise
# (measured with this notebook: 0.314 / 0.366 / 0.304 at seeds 42 / 1234 / 7,
# noise 0.040 / 0.020 / 0.022)
if GEN_MARGIN is not None:
    assert share_diff > share_noise + GEN_MARGIN
print(f"diffusion {share_diff:.3f} vs noise {share_noise:.3f}: needs a margin of {GEN_MARGIN} "
      "(no floor at smoke scale)")

# %%
# extra code – draws the reverse process for 6 samples (left: noise, right: final)
fig, axes = plt.subplots(6, len(steps_to_show), figsize=(len(steps_to_show) * 1.2, 7.4))
for col, t in enumerate(steps_to_show):
    for row in range(6):
        axes[row, col].imshow(np.clip(kept[t][row, ..., 0], -1, 1), cmap="binary",
                              vmin=-1, vmax=1)
        axes[row, col].axis("off")
    axes[0, col].set_title(f"t = {t}", fontsize=9)
fig.suptitle("reverse process: 6 samples (rows) from noise (t = T) to images (t = 0)",
             fontsize=9)
plots.save_fig("17_diffusion_reverse")
plt.show()
show_images(np.concatenate([X_gen_test[:10], diff_images[:20]]),
            f"top row: real test images; rows 2-3: 20 diffusion samples (T = {T_STEPS})",
            n_cols=10, size=0.9)
plots.save_fig("17_diffusion_generated")
plt.show()

# %% [markdown]
# **The generators side by side.** The judge's verdict for every generator of this chapter that learns the
# same images, beside the ceiling (real held-out images) and the floor (noise). (The VAE of section 8
# learns Fashion-MNIST at quick scale, which this judge was not trained on, so it is left out.)

# %%
recognisable = pd.DataFrame({
    "share with p > 0.9": [share_real, share_dcgan, share_cond, share_diff, share_noise],
    "classified as asked": [np.nan, np.nan, as_asked, np.nan, np.nan]},
    index=["real held-out images", "DCGAN", "conditional GAN", "diffusion (U-Net)", "noise images"])
recognisable.round(3)

# %% [markdown]
# Each generator's check above holds it to a margin over the noise floor that held at every seed we
# measured; the table puts all of them beside the ceiling (real images). Which generator sits closest to
# the ceiling changes with the seed and the budget, so read it from the table of your run; the
# conditional GAN's last column is the share of its samples that the judge assigns to the class asked for.

# %% [markdown]
# The textbook trains a larger U-Net (attention layers too) on the 28×28 Fashion-MNIST images with
# $T = 4000$ for about 100 epochs on a GPU; the `SCALE="full"` run here trains this small U-Net on
# Fashion-MNIST with $T = 1000$.
#
# **Why sampling is slow.** Generating one image takes $T$ sequential network calls (printed above: one per step),
# against a single call for a VAE decoder or a GAN generator; the steps cannot run in parallel because each needs
# the previous result. Faster samplers (DDIM) skip steps, at some quality cost.
#
# **Pros and cons.** ✅ Easy to train: a plain regression loss, stable, no adversarial game. ✅ More diverse
# images than GANs (no mode collapse: every training image contributes to the loss). ❌ Slow to generate.
#
# ### Latent diffusion models and stable diffusion
#
# **Latent diffusion** combines a VAE and a diffusion model: the autoencoder compresses images into a much smaller
# latent code, and the diffusion model runs **in that latent space**; the decoder turns the final latent into an
# image. Far fewer numbers per step → much faster generation and training. **Stable diffusion** is a latent
# diffusion model trained on images **together with human-provided captions**: the caption is encoded by a
# **transformer-based text encoder** (CLIP's), and the denoiser is conditioned on it (through cross-attention), so
# a text prompt steers the generation. Other text-to-image systems such as DALL·E 2 and Imagen are also
# text-conditioned diffusion models, but they run the diffusion on pixels (a small image, then diffusion upsamplers)
# rather than in an autoencoder's latent space: they are diffusion models, not Stable Diffusion.
#
# **Takeaway:** diffusion = a fixed noising process (closed form $\sqrt{\bar\alpha_t}\mathbf x_0 + \sqrt{1-\bar\alpha_t}\boldsymbol\varepsilon$),
# a network trained to predict the noise, and $T$ denoising steps from pure noise to generate; latent diffusion runs
# it on a VAE's codes to be faster.

# %% [markdown]
# ## Exam practice
#
# Try each question first (write your answer in the cell under it), then open the worked solution.

# %% [markdown]
# ### Question 1 — latent loss of a VAE
#
# A VAE's encoder outputs, for one image, $\boldsymbol\mu = (0.5, -1.0)$ and $\boldsymbol\sigma = (0.8, 1.5)$.
# Compute the latent loss $-\frac12\sum_j (1 + \log\sigma_j^2 - \sigma_j^2 - \mu_j^2)$.

# %%
# Your answer:
q1_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
mu_q, sigma_q = np.array([0.5, -1.0]), np.array([0.8, 1.5])
terms = 1 + np.log(sigma_q ** 2) - sigma_q ** 2 - mu_q ** 2
print("per dimension 1 + log s^2 - s^2 - mu^2 =", terms.round(4))
q1_answer = float(-0.5 * terms.sum())
print("latent loss =", round(q1_answer, 4))
assert np.isclose(q1_answer, sum(kl_numeric(m, s) for m, s in zip(mu_q, sigma_q)),
                  rtol=1e-6)  # numerical KL

# %% [markdown]
# ### Question 2 — transposed convolution output size
#
# A `Conv2DTranspose` layer with a 3×3 kernel and stride 2 receives 7×7 feature maps. What is the output's height
# with `padding="valid"`, and with `padding="same"`? Give (valid, same).

# %%
# Your answer:
q2_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
n, k, s = 7, 3, 2
valid, same = (n - 1) * s + k, n * s
print(f"valid: (n-1)*s + k = {valid}; same: n*s = {same}")
q2_answer = (valid, same)
assert q2_answer == tuple(
    layers.Conv2DTranspose(1, k, strides=s, padding=p).compute_output_shape((1, n, n, 4))[1]
    for p in ("valid", "same"))

# %% [markdown]
# ### Question 3 — parameters of a tied autoencoder
#
# A stacked autoencoder 784 → 300 → 150 → 300 → 784 (dense layers with biases). How many parameters does it
# have without tying, and with the decoder's weights tied to the encoder's (each layer keeps its own bias)?
# Give (untied, tied).

# %%
# Your answer:
q3_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
untied = (784 * 300 + 300) + (300 * 150 + 150) + (150 * 300 + 300) + (300 * 784 + 784)
tied = (784 * 300 + 300) + (300 * 150 + 150) + 300 + 784
print(f"untied: 4 weight matrices + 4 biases = {untied:,}; "
      f"tied: 2 weight matrices + 4 biases = {tied:,}")
q3_answer = (untied, tied)
d1_, d2_ = layers.Dense(300, activation="relu"), layers.Dense(150)
m_tied = keras.Sequential([keras.Input((784,)), d1_, d2_, DenseTranspose(d2_, "relu"),
                           DenseTranspose(d1_)])
m_untied = keras.Sequential([keras.Input((784,)), layers.Dense(300), layers.Dense(150),
                             layers.Dense(300), layers.Dense(784)])
assert q3_answer == (m_untied.count_params(), m_tied.count_params())

# %% [markdown]
# ### Question 4 — the diffusion forward process
#
# A diffusion model has $T = 3$ steps with $\beta = (0.1, 0.2, 0.3)$. Compute $\bar\alpha_3$, and the value of
# $\mathbf x_3$ (one pixel) for $x_0 = 1.0$ when the closed-form noise draw is $\varepsilon = 0.5$.
# Give $(\bar\alpha_3, x_3)$.

# %%
# Your answer:
q4_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
beta_q = np.array([0.1, 0.2, 0.3])
alpha_q = 1 - beta_q
print("alpha =", alpha_q, "-> cumulative products", np.cumprod(alpha_q).round(4))
abar3 = float(np.prod(alpha_q))
x3 = np.sqrt(abar3) * 1.0 + np.sqrt(1 - abar3) * 0.5
print(f"alpha_bar_3 = {abar3:.4f}; "
      f"x_3 = sqrt({abar3:.3f}) * 1 + sqrt({1 - abar3:.3f}) * 0.5 = {x3:.4f}")
q4_answer = (abar3, float(x3))
m_, v_ = 1.0, 0.0                      # second way: iterate mean and variance of the steps
for b in beta_q:
    m_, v_ = np.sqrt(1 - b) * m_, (1 - b) * v_ + b
assert np.isclose(m_, np.sqrt(abar3)) and np.isclose(v_, 1 - abar3)


# %% [markdown]
# ### Question 5 — what the GAN generator sees
#
# Why does a GAN's generator never see a real image, and how can it still learn to produce realistic ones?
# What would happen if the discriminator were not frozen during the generator's training step?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# The generator's only input is random noise, and its loss is computed by passing its fakes through the
# discriminator with the target "real" (1): real images enter only the discriminator's training step. Everything
# the generator learns about real images reaches it through the gradients of the discriminator's output, which
# say in which direction to change a fake to make it look more real to the discriminator. The discriminator in
# turn learned from real images, so its judgement summarises them. If the discriminator were not frozen during
# the generator step, that step would also train the discriminator to call the fakes "real", i.e. sabotage the
# judge instead of improving the forger.

# %% [markdown]
# ### Question 6 — linear autoencoder vs PCA
#
# What does an autoencoder with linear activations, a code of size $d$ and the MSE loss learn, and why can a
# deep autoencoder with non-linear activations do better than PCA for dimensionality reduction?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# It learns to project onto the same $d$-dimensional subspace as PCA (the span of the top $d$ principal
# components), as section 2 checked: the codes may be any invertible linear mix of the PCA coordinates, but the
# reconstruction and the subspace are the same. PCA can only represent data that lies near a flat (linear)
# subspace. Non-linear activations let the encoder and decoder follow a curved manifold (manifold hypothesis),
# so the same number of code values can reconstruct such data better. The price is training by gradient descent
# (local minima, hyperparameters) instead of a closed-form decomposition.

# %% [markdown]
# ### Question 7 — VAE vs plain autoencoder
#
# Why can you generate new images by decoding random codes with a variational autoencoder but not (reliably) with
# a plain autoencoder? What do the two terms of the VAE's loss do?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# A plain autoencoder places codes wherever is convenient for reconstruction: the code space has gaps and an
# unknown shape, so a random point may decode into garbage. The VAE's latent (KL) loss pushes every input's code
# distribution $\mathcal N(\mu, \sigma^2)$ towards $\mathcal N(0, I)$, so the codes of all training images together
# fill a standard Gaussian cloud without holes; sampling from $\mathcal N(0, I)$ then lands where the decoder was
# trained. The reconstruction loss keeps the codes informative enough to rebuild the input; the latent loss keeps
# them regular. Sampling during training (reparameterization trick) also makes the decoder robust to nearby codes,
# which is why interpolations are smooth.

# %% [markdown]
# ### Question 8 — GAN difficulties
#
# Explain mode collapse. Why is GAN training so sensitive to hyperparameters?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# Mode collapse is when the generator's outputs become less diverse: it finds one or a few kinds of images that
# fool the current discriminator and produces only those (all sneakers, say), ignoring the other modes of the data.
# The discriminator then learns to reject them and the generator may jump to another mode, never covering all of
# them. Training is a two-player game, not the minimisation of one loss: each network's step changes the other's
# objective, so there is no guarantee the gradient steps reach an equilibrium. If one player gets much stronger
# (e.g. a too-high discriminator learning rate), the other's gradients become uninformative, so learning rates,
# architectures and batch sizes must stay in a narrow balanced range.

# %% [markdown]
# ### Question 9 — diffusion models vs GANs
#
# Give two advantages and one disadvantage of diffusion models compared with GANs, and explain how latent
# diffusion reduces the disadvantage.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# Diffusion models are easy to train: each step is a plain regression (predict the added noise) with a stable
# loss and no adversarial game. They generate more diverse images, because every training image contributes to
# the loss at every noise level, so there is no mode collapse. But generation is slow: it needs $T$ sequential
# network calls (hundreds to thousands), each depending on the previous one, against one call for a GAN. Latent
# diffusion runs the diffusion in the small latent space of a (variational) autoencoder: each step handles far fewer
# numbers, so it is much cheaper, and the decoder turns the final latent into a full-resolution image once.

# %% [markdown]
# ### Question 10 — denoising and sparse autoencoders
#
# An overcomplete autoencoder (code larger than the input) can learn the identity. Name two ways to stop it and
# explain how each forces useful features.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# A denoising autoencoder corrupts the input (Gaussian noise or dropout) and asks for the clean input: copying
# the input now reproduces the noise, so the network must learn what real images look like to undo the
# corruption. A sparse autoencoder adds a penalty (ℓ1 on the codings, or the KL divergence between a target
# activation such as 0.1 and each unit's mean activation) so that only a few coding units are active for any input:
# each unit must then stand for a meaningful, reusable feature. Both are constraints other than a small code size
# that keep the autoencoder from learning the trivial identity.

# %% [markdown]
# ### Question 11 — the manifold hypothesis
#
# State the manifold hypothesis, and explain why it is the reason an undercomplete autoencoder can
# reconstruct Fashion-MNIST images well from a 30-number code.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# The manifold hypothesis says that real high-dimensional data lies on or near a manifold of much lower
# dimension: of all possible 784-pixel images, almost all look like noise, and real garments fill only a
# thin, structured subset, described by a few factors (type, shape, size, brightness, pattern). If the
# data had to fill all 784 dimensions, no 30-number code could keep it; because it varies along few
# directions, a code that locates an image on the manifold is enough, and the decoder maps that location
# back to pixels. A non-linear autoencoder can follow a curved manifold, which PCA's flat subspace cannot.
# An image off the manifold (a digit, for a garment autoencoder) has no good code, so its reconstruction
# error is large: that is the anomaly detector of section 7.

# %% [markdown]
# ### Question 12 — a sparsity penalty by hand
#
# A sparse autoencoder has 3 sigmoid coding units whose mean activations over a batch are
# $q = (0.1, 0.3, 0.05)$. With a target sparsity $p = 0.1$, compute the sparsity penalty
# $\sum_j \big[p \log\frac{p}{q_j} + (1-p)\log\frac{1-p}{1-q_j}\big]$ (natural logarithms).

# %%
# Your answer:
q12_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
p_q, q_q = 0.1, np.array([0.1, 0.3, 0.05])
kl_units = p_q * np.log(p_q / q_q) + (1 - p_q) * np.log((1 - p_q) / (1 - q_q))
print("KL per unit:", kl_units.round(4), "(0 for the unit already at the target)")
q12_answer = float(kl_units.sum())
print("sparsity penalty =", round(q12_answer, 4))
assert np.isclose(q12_answer, (rel_entr(p_q, q_q) + rel_entr(1 - p_q, 1 - q_q)).sum())

# %% [markdown]
# ### Question 13 — shapes of a convolutional autoencoder
#
# The encoder of section 5 takes a 28×28×1 image through `Conv2D(16, 3, padding="same")`,
# `MaxPool2D(2)`, `Conv2D(32, 3, padding="same")`, `MaxPool2D(2)` and `Conv2D(8, 3, padding="same")`.
# Give the code's height, width and number of channels, the number of numbers in the code, and the
# encoder's number of parameters (weights and biases): (height, width, channels, code size, parameters).

# %%
# Your answer:
q13_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
side = 28 // 2 // 2                     # "same" convolutions keep the size; each pooling halves it
channels_q = [1, 16, 32, 8]
params_q = [3 * 3 * c_in * c_out + c_out for c_in, c_out in zip(channels_q, channels_q[1:])]
print(f"28 -> pool -> 14 -> pool -> {side}; parameters per conv layer {params_q}")
q13_answer = (side, side, 8, side * side * 8, sum(params_q))
print("(height, width, channels, code size, parameters) =", q13_answer)
enc_q, _ = conv_ae()
assert q13_answer[:3] == tuple(enc_q.output.shape[1:]) and q13_answer[4] == enc_q.count_params()

# %% [markdown]
# ### Question 14 — the parts of Stable Diffusion
#
# Name the parts of Stable Diffusion and say what each one does when an image is generated from a
# text prompt. Which part is not used at generation time, and why does running the diffusion in a
# latent space make it faster?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# Three trained networks. A **text encoder** (CLIP's transformer) turns the prompt into a sequence of
# embeddings. A **denoiser** (a U-Net, told the step $t$ by a time embedding) predicts the noise in a
# noisy latent, and reads the prompt's embeddings through **cross-attention**, so the text steers each
# denoising step. A **VAE**: its encoder compresses images into small latents (64×64×4 numbers for a
# 512×512×3 image) and its decoder turns a latent back into an image. To generate, start from random
# latent noise, run the reverse diffusion for a fixed number of steps with the denoiser (a sampler
# such as DDIM picks the steps), then decode the final latent once. The VAE's **encoder** is used only
# in training (to make the latents the denoiser learns on), or to start from an existing image. Each of
# the many denoising steps works on 48 times fewer numbers than the image has pixel values, which is
# why latent diffusion trains and samples much faster than diffusion on pixels.

# %% [markdown]
# ### Question 15 — reading an AUC
#
# An anomaly detector scores images by their reconstruction error. Four normal images get errors
# 0.030, 0.045, 0.020 and 0.050; three anomalies get 0.025, 0.010 and 0.040. Compute the ROC AUC of
# this score (the share of (anomaly, normal) pairs in which the anomaly has the higher error), and the
# AUC of the opposite score (minus the error). Give (AUC, AUC of −error), then say what an AUC below
# 0.5 means.

# %%
# Your answer:
q15_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
err_norm_q = np.array([0.030, 0.045, 0.020, 0.050])
err_anom_q = np.array([0.025, 0.010, 0.040])
wins = err_anom_q[:, None] > err_norm_q[None, :]          # one row per anomaly
print("pairs won by each anomaly:", wins.sum(axis=1), f"out of {len(err_norm_q)}")
auc_q = wins.mean()
q15_answer = (float(auc_q), float(1 - auc_q))
print("(AUC, AUC of -error) =", q15_answer)
y_q = np.r_[np.zeros(len(err_norm_q)), np.ones(len(err_anom_q))]
assert np.isclose(q15_answer[0], roc_auc_score(y_q, np.r_[err_norm_q, err_anom_q]))
assert np.isclose(q15_answer[1], roc_auc_score(y_q, -np.r_[err_norm_q, err_anom_q]))

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# The AUC is the probability that a random anomaly scores higher than a random normal image (ties
# count one half). 1 means the score separates them perfectly, 0.5 that it ranks them at random. An AUC
# **below** 0.5 means the score ranks them the wrong way round: here the anomalies are reconstructed
# *better* than the normal images (the wide convolutional code of section 7 can do this with digits).
# The score still carries information (minus the error has AUC 1 − AUC), but an autoencoder whose
# anomalies get low errors is the wrong detector for them: a good one must fail on what it never saw.

# %% [markdown]
# ### Question 16 — one term of the DDPM objective
#
# A DDPM has $\bar\alpha_t = 0.64$ at step $t$. A two-pixel image $\mathbf x_0 = (0.5, -1.0)$ is noised with
# $\boldsymbol\varepsilon = (1.0, 0.5)$, and the network then predicts
# $\boldsymbol\varepsilon_\theta(\mathbf x_t, t) = (0.8, 0.1)$. Compute $\mathbf x_t$, this pair's loss (the mean
# over the pixels of the squared error of the predicted noise) and the network's estimate $\hat{\mathbf x}_0$
# of the clean image. Give $(x_{t,1}, x_{t,2}, \text{loss}, \hat x_{0,1}, \hat x_{0,2})$.

# %%
# Your answer:
q16_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
abar_q, x0_q = 0.64, np.array([0.5, -1.0])
eps_q, eps_hat_q = np.array([1.0, 0.5]), np.array([0.8, 0.1])
x_t_q = np.sqrt(abar_q) * x0_q + np.sqrt(1 - abar_q) * eps_q       # 0.8 x0 + 0.6 eps
print("x_t = 0.8 * x0 + 0.6 * eps =", x_t_q)
loss_q = ((eps_q - eps_hat_q) ** 2).mean()
print(f"loss = mean((eps - eps_hat)^2) = ({0.2 ** 2:.2f} + {0.4 ** 2:.2f}) / 2 = {loss_q:.3f}")
x0_hat_q = (x_t_q - np.sqrt(1 - abar_q) * eps_hat_q) / np.sqrt(abar_q)
print("x0_hat = (x_t - 0.6 * eps_hat) / 0.8 =", x0_hat_q)
q16_answer = (*map(float, x_t_q), float(loss_q), *map(float, x0_hat_q))
# second way: x0_hat - x0 = -(0.6 / 0.8) (eps_hat - eps), the noise error rescaled
assert np.allclose(x0_hat_q - x0_q, -0.75 * (eps_hat_q - eps_q))
assert np.isclose(loss_q, np.mean((x0_hat_q - x0_q) ** 2) * (0.8 / 0.6) ** 2)

# %% [markdown]
# ### Question 17 — judging generated images with a classifier
#
# Section 9 counts a generated image as recognisable when a classifier trained on real images gives its top
# class a probability above 0.9. Why is the same share measured on real held-out images and on noise
# images, and what can this measure not see?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# The two reference shares turn the number into a verdict. Real held-out images give the reference: a
# generator that draws exactly from the data distribution scores, on average, the share the classifier
# reaches on real images it has not seen (a share above it is a warning sign, not a better generator). Noise
# images give the floor: a classifier can be confidently wrong about inputs unlike its training data, so a
# generator must beat the noise share, not 0, before its samples count as learned. The measure cannot see
# diversity: a generator that draws one perfect "1" over and over (mode collapse) can score near 1, above
# the real images' share, so
# it is read together with the class counts or the diversity of the samples. It also inherits the
# classifier's blind spots: images that fool the classifier are not necessarily what a person would call
# realistic (the idea behind the Inception score and FID, which use a large pretrained classifier).

# %% [markdown]
# ## Textbook exercises
#
# The end-of-chapter exercises of HOML chapter 17, answered in our own words. Coding exercises run at quick scale
# on Fashion-MNIST (offline).

# %% [markdown]
# ### Exercise 1 — uses of autoencoders
#
# What are the main tasks that autoencoders are used for?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# Feature extraction (representation learning), unsupervised pretraining of deep networks, dimensionality
# reduction (and visualisation, often followed by t-SNE), anomaly / outlier detection by reconstruction error,
# denoising, and — for variational autoencoders — generating new samples (generative models). They are also the
# compression stage of latent diffusion models.

# %% [markdown]
# ### Exercise 2 — few labels, many unlabelled instances
#
# You want to train a classifier and have plenty of unlabelled training data but only a few thousand labelled
# instances. How can autoencoders help, and how would you proceed?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# Train a deep autoencoder on the full data set (labelled and unlabelled), then reuse its lower half (the encoder)
# as the lower layers of the classifier, add an output layer, and train it on the labelled data — first with the
# reused layers frozen, then possibly fine-tuning them with a small learning rate. Section 7 runs a simpler
# version with 250 labels: it trains the whole classifier, reused encoder included, from the first epoch
# (no frozen phase). Alternatively use the encoder's codes as features for any classifier.

# %% [markdown]
# ### Exercise 3 — is a perfect reconstruction a good autoencoder?
#
# If an autoencoder perfectly reconstructs its inputs, is it necessarily a good autoencoder? How can you evaluate
# its performance?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# No: an autoencoder with a code as large as the input (or an overcomplete one) can learn the identity and
# reconstruct perfectly while learning no useful feature. Reconstruction error on held-out data is one measure,
# but a good autoencoder is one whose codes are useful: judge it by the task it serves, e.g. the accuracy of a
# classifier on the codes (or of a pretrained classifier), the quality of a visualisation, or the anomaly
# detection rate.

# %% [markdown]
# ### Exercise 4 — undercomplete and overcomplete autoencoders
#
# What are undercomplete and overcomplete autoencoders? What is the main risk of an excessively undercomplete
# autoencoder, and of an overcomplete one?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# An undercomplete autoencoder has a code smaller than its input; an overcomplete one has a code as large or
# larger. A too-undercomplete autoencoder (e.g. a 1-number code) may fail to reconstruct the inputs: it loses
# information the task needs. An overcomplete autoencoder risks copying its inputs to its outputs without learning
# any structure; it needs another constraint (noise, sparsity) to be useful.

# %% [markdown]
# ### Exercise 5 — tying weights
#
# How do you tie weights in a stacked autoencoder? What is the point of doing so?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# In a symmetric autoencoder, make each decoder layer use the transpose of the kernel of the matching encoder layer
# ($\mathbf W_{L-\ell+1} = \mathbf W_\ell^\top$) and keep only its own bias — the `DenseTranspose` layer of section 3.
# It roughly halves the number of weights, which speeds up training and reduces the risk of overfitting (the
# 784 → 300 → 150 example of question 3 drops from about 0.56 M to 0.28 M parameters).

# %% [markdown]
# ### Exercise 6 — generative models
#
# What is a generative model? Can you name a type of generative autoencoder?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# A model that learns the distribution of the training data well enough to produce new instances that look like
# them (images, sounds, text). The variational autoencoder is a generative autoencoder: decoding codes sampled from
# $\mathcal N(0, I)$ gives new images (section 8).

# %% [markdown]
# ### Exercise 7 — GANs
#
# What is a GAN? Can you name a few tasks where GANs can shine?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# A generative adversarial network: a generator that turns noise into fake samples and a discriminator that learns
# to tell fakes from real samples, trained against each other. GANs shine at (advanced) image generation,
# super-resolution, colorization, image editing (e.g. replacing objects), turning sketches into photos, predicting
# the next frames of a video, data augmentation, generating other kinds of data (text, audio, time series), and
# finding weaknesses in other models.

# %% [markdown]
# ### Exercise 8 — difficulties of GANs
#
# What are the main difficulties when training GANs?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# The training is a game without a guaranteed stable equilibrium: the networks can oscillate or diverge. The
# biggest problem is mode collapse (the generator's outputs lose their diversity). GANs are also very sensitive to
# the hyperparameters, and the losses do not tell you how good the images are, so progress is hard to monitor.

# %% [markdown]
# ### Exercise 9 — diffusion models
#
# What are diffusion models good at? What is their main limitation?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# They generate high-quality, diverse images (today's state of the art for image generation) and are easier to
# train than GANs. Their main limitation is slow generation: $T$ sequential denoising steps per image (section 10),
# which latent diffusion and faster samplers reduce.

# %% [markdown]
# ### Exercise 10 — denoising autoencoder for pretraining
#
# Use a denoising autoencoder to pretrain an image classifier: train it on the images, then reuse its lower layers
# in a classifier trained on a small labelled subset, and compare with the same classifier trained from scratch.
# (The textbook suggests MNIST or CIFAR-10; we use the Fashion-MNIST training images of this run, 5,000 at quick scale, and 250 labels.)

# %%
# Your code:

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
def pretrained_from(enc_source, X, y, seed):
    """Classifier = clone of a trained encoder (+ softmax), fine-tuned on (X, y); returns test
    accuracy."""
    keras.utils.set_random_seed(seed)
    enc = keras.models.clone_model(enc_source)
    enc.set_weights(enc_source.get_weights())
    clf = keras.Sequential([enc, layers.Dense(10, activation="softmax")])
    clf.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    clf.fit(X, y, epochs=20, batch_size=32, verbose=0)
    return clf.evaluate(X_test, y_test, verbose=0)[1]


# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
ex10 = []
for i in range(N_SEEDS):               # the same label draws as in section 7
    idx = np.random.default_rng(SEED + i).choice(N_TRAIN, N_LABELS, replace=False)
    ex10.append(pretrained_from(denoise_encoder, X_train[idx], y_train[idx], SEED + i))
print(f"denoising-pretrained accuracy per draw {np.round(ex10, 3)} "
      f"vs scratch {np.round(pretrain_acc['scratch'], 3)}")
print(compare(ex10, pretrain_acc["scratch"], names=("denoising-pretrained", "scratch"),
              over="label draws"))

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# What did the denoising encoder learn? For a few of its 30 coding units, the test images that
# activate each unit most show the pattern the unit responds to (the `GaussianNoise` layer is off at
# inference, so these are the codes of the clean images).

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# extra code – draws, for 6 coding units of the denoising encoder, the 8 most-activating test images
codes_dn = ops.convert_to_numpy(denoise_encoder(X_test, training=False))
units = np.argsort(codes_dn.std(axis=0))[::-1][:6]      # the 6 units that vary most
fig, axes = plt.subplots(len(units), 8, figsize=(8.8, 1.25 * len(units)))
for row, unit in enumerate(units):
    for col, i in enumerate(np.argsort(codes_dn[:, unit])[::-1][:8]):
        axes[row, col].imshow(X_test[i], cmap="binary")
        axes[row, col].axis("off")
    axes[row, 0].set_title(f"unit {unit}", fontsize=9, loc="left")
plots.save_fig("17_denoising_most_activating")
plt.show()

# %% [markdown]
# ### Exercise 11 — train a VAE and generate images
#
# Train a variational autoencoder on the image data set of your choice and use it to generate images.
# Here: a VAE with a **2-D** code, so that the whole latent space can be drawn as a grid of decoded images.

# %%
# Your code:

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
vae2_encoder, vae2_decoder, vae2 = build_vae(code_size=2)
vae2.fit(X_train, X_train, epochs=2 * N_EPOCHS, batch_size=128, verbose=0)
grid = np.array([[a, b] for b in np.linspace(2, -2, 10) for a in np.linspace(-2, 2, 10)],
                dtype="float32")
show_images(ops.convert_to_numpy(vae2_decoder(grid, training=False)),
            "2-D VAE: z1 from -2 (left) to 2 (right), z2 from 2 (top) to -2 (bottom)",
            n_cols=10, size=0.8)
plots.save_fig("17_vae_2d_manifold")
plt.show()
print("each image decodes one point of a 10x10 grid over [-2, 2]^2 of the 2-D code space")

# %% [markdown]
# ### Exercise 12 — DCGAN, experience replay, conditional GAN
#
# Train a DCGAN on the image data set of your choice and use it to generate images. Add experience replay and see
# if it helps. Turn it into a conditional GAN where you can control the generated class.

# %%
# Your code:

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# The DCGAN and the conditional GAN are section 9, on the 8×8 digits at quick scale (Fashion-MNIST at full
# scale). **Experience replay**: keep a buffer of fakes from earlier iterations and train the discriminator
# on a mix of fresh and old fakes, so the generator cannot win by hopping back to a mode the discriminator
# has forgotten; section 9's conditional GAN does it (`cond_gan_step` adds 8 old fakes to every
# discriminator batch). **Conditional GAN**: feed the class to both networks — an `Embedding` of the label
# concatenated to the noise for the generator, and as an extra image channel for the discriminator;
# the discriminator then judges "is this a real image *of this class*?", and at generation
# time you choose the class. Section 9 measures the result with a classifier trained on real images: the
# share of samples it recognises with probability above 0.9 and, for the conditional GAN, the share it
# assigns to the class asked for. Whether replay *helps* is a comparison: train the conditional GAN with
# and without the buffer at several seeds and decide with `compare` on the paired shares (a run of several
# minutes, left to you).

# %% [markdown]
# ### Exercise 13 — stable diffusion
#
# Go through the KerasCV (now KerasHub) Stable Diffusion tutorial: generate images from prompts, and try its
# "textual inversion" or fine-tuning examples.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# This needs the pretrained Stable Diffusion weights (several GB, downloaded from the internet) and ideally a GPU,
# so it cannot run in this offline course. What the tutorial shows: a text prompt is tokenized and encoded by a
# CLIP transformer text encoder; a U-Net denoiser, conditioned on that encoding through cross-attention, runs the
# reverse diffusion in the latent space of a VAE (latent diffusion, section 10), from random latent noise for a
# fixed number of steps; the VAE decoder turns the final latent into a 512×512 image. Changing the prompt, the
# number of steps or the guidance scale changes the image; textual inversion learns a new token embedding for a
# concept from a few images, without changing the network.

# %% [markdown]
# ## 12. Against the textbook
#
# The chapter's headline numbers for this run, for the full-scale run recorded in `results/`, and as
# the textbook's own notebook prints them (the sources and what differs are listed under the table).

# %%
results.against_textbook("17", {"stacked_ae_mse": mse_stacked, "conv_ae_mse": mse_conv},
                         SCALE, SEED)

# %% [markdown]
# Lower is better in both rows. The textbook trains on 55,000 images for 10 to 20 epochs and reports
# the validation error; quick scale trains on 5,000 images for a few epochs and reports the test
# error, so a quick run's stacked-autoencoder error is expected above the book's, and the full-scale
# run (55,000 images, 20 epochs) is the one to hold against it. Our convolutional code is a 7×7×8
# map (392 numbers) where the book's is 30 numbers, which makes our convolutional autoencoder's task
# easier than the book's: that row can land close to the book's number, on either side of it, even
# with the smaller budget, so it compares code sizes as much as training budgets.

# %%
print(f"notebook run time: {time.time() - T_START:.0f} s")
