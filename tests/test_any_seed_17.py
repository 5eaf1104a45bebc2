"""Chapter 17's cheap seed-dependent claims, checked with the notebook's own functions at 300
seeds."""

import numpy as np
from nbcode import notebook_functions
from scipy.linalg import subspace_angles
from sklearn.decomposition import PCA

SEEDS = range(300)
ns = notebook_functions("17_autoencoders", "make_3d_data", "train_linear_ae", "latent_loss",
                        "kl_numeric", constants=("SEED",))


def test_linear_autoencoder_spans_the_pca_plane_at_every_seed():
    for seed in SEEDS:
        X = ns.make_3d_data(seed=seed)
        W_e, b_e, W_d, b_d, n_steps = ns.train_linear_ae(X, seed=seed)
        assert n_steps < 50_000, f"seed {seed}: gradient descent did not converge"
        pca = PCA(n_components=2).fit(X)
        angles = subspace_angles(W_d.T, pca.components_.T)
        mse_ae = ((((X @ W_e + b_e) @ W_d + b_d) - X) ** 2).sum(1).mean()
        mse_pca = ((pca.inverse_transform(pca.transform(X)) - X) ** 2).sum(1).mean()
        assert np.all(angles < 1e-4), f"seed {seed}: angles {angles}"
        assert np.isclose(mse_ae, mse_pca, rtol=1e-6), f"seed {seed}: MSE {mse_ae} vs PCA {mse_pca}"


def test_latent_loss_equals_the_numerical_kl_at_every_seed():
    # the notebook's draw: 4 means from N(0, 1), 4 standard deviations uniform in [0.3, 2]
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        mus, sigmas = rng.normal(size=4), rng.uniform(0.3, 2.0, size=4)
        closed = ns.latent_loss(mus, np.log(sigmas ** 2))
        numeric = sum(ns.kl_numeric(m, s) for m, s in zip(mus, sigmas))
        assert np.isclose(closed, numeric, rtol=1e-6), f"seed {seed}: {closed} vs {numeric}"
