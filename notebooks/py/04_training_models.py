# %% [markdown]
# # Chapter 04 — Training Models
#
# This chapter opens the black box: every training algorithm for linear models is written from scratch
# in numpy, drawn as a figure, and checked against scikit-learn or the exact least-squares solution on
# the same data. You will be able to fit a linear regression with the closed-form normal equation and
# with three flavours of gradient descent, bend it into a polynomial regression, read under- and
# overfitting from learning curves and a simulated bias/variance decomposition, tame overfitting with
# Ridge, Lasso, Elastic Net and early stopping, select models honestly with cross-validation and
# hyper-parameter search, and turn linear models into classifiers with logistic and softmax
# regression.
#
# 1. **Linear regression**: $\hat y = h_\theta(\mathbf x) = \theta\cdot\mathbf x$, MSE/RMSE, the **direct "closed form" solution** (normal equation) and its cost
# 2. **Gradient descent**: learning rate, feature scaling, convex vs non-convex, batch / stochastic / mini-batch GD
# 3. **Polynomial regression**, **learning curves**, **bias error, variance error, irreducible error**
# 4. **Model regularization**: Ridge, Lasso, Elastic Net (and the geometry of $\ell_1$ vs $\ell_2$), early stopping
# 5. **Cross validation**
# 6. **Hyper parameter optimization**: grid vs random search, best practice
# 7. **Logistic and Softmax**: why not linear regression for classification, logistic regression, softmax regression
# 8. **Exam practice**, then the **textbook exercises** of HOML chapter 4
# 9. **Against the textbook**: the chapter's headline numbers beside the textbook's
#
# Run: `make execute NB=notebooks/04_training_models.ipynb` (quick scale, about two minutes on a laptop CPU) /
# papermill `-p SCALE full` for textbook sizes.

# %% tags=["parameters"]
SCALE: str = "quick"  # "quick": ~2 min on 2 cores; "full": textbook scale; "smoke": tiny budgets
SEED: int = 42  # seed of every random draw (any non-negative integer)
N_SIMULATIONS: "int or None" = None  # bias-variance sets per degree; None: 100 (quick), 1000 (full)
N_SEARCH_ITER: "int or None" = None  # random-search candidates; None picks 12 (quick) or 60 (full)
M_LARGE: "int or None" = None  # GD pros and cons: samples; None: 20000 (quick), 1000000 (full)

# %%
import time
import timeit

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import loguniform, randint
from sklearn.base import clone
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Ridge,
    SGDRegressor,
)
from sklearn.metrics import log_loss, root_mean_squared_error
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    RandomizedSearchCV,
    StratifiedKFold,
    cross_val_score,
    learning_curve,
    train_test_split,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from threadpoolctl import threadpool_limits

from utils import data, plots, results, runtime
from utils.compare import compare

print(runtime.setup(SCALE, SEED))
# every problem here is small: one BLAS thread is as fast, and steadier on a busy CPU
threadpool_limits(limits=1)
# smoke takes the quick budgets: the smallest at which the checks below were measured
N_SIMULATIONS = N_SIMULATIONS or runtime.scaled(SCALE, quick=100, full=1000, smoke=100)
N_SEARCH_ITER = N_SEARCH_ITER or runtime.scaled(SCALE, quick=12, full=60, smoke=12)
M_LARGE = M_LARGE or runtime.scaled(SCALE, quick=20_000, full=1_000_000, smoke=20_000)
TIMING_SIZES = runtime.scaled(SCALE, quick=[100, 200, 400, 600, 800, 1000],
                              full=[200, 400, 800, 1200, 1600, 2400, 3200],
                              smoke=[100, 200, 400, 600, 800, 1000])
rng = np.random.default_rng(SEED)

# %% [markdown]
# ## 1. Linear regression
#
# **Assumption (inductive bias): there is a linear relationship between the input features and the target.**
# With one feature, e.g. the number of bedrooms of a house,
#
# $$\text{Price} = \theta_0 + \text{Bedrooms}\cdot\theta_1 ,\qquad \theta_0:\ \text{intercept},\quad \theta_1:\ \text{slope}.$$
#
# The goal is to find the parameters that define the line that best fits the data. In general the
# prediction is the weighted sum of the input features plus a bias:
#
# $$\hat y = h_\theta(\mathbf x) = \theta\cdot\mathbf x = \theta_0 x_0 + \theta_1 x_1 + \dots + \theta_n x_n,
# \qquad x_0 = 1 .$$
#
# $\mathbf x$ is the feature vector **extended with a "1"** (so that $\theta_0$ acts as the bias), $\theta$ the
# parameter vector. For a whole data set, stack the extended rows into a matrix $\mathbf X_b$ (a column of 1s
# followed by the features): $\hat{\mathbf y} = \mathbf X_b\theta$.
#
# **Linear regression training** = minimise a loss that measures how good $\theta$ is, usually the
# mean squared error or its square root (same minimiser, RMSE is in the target's units):
#
# $$\text{MSE}(\theta) = \frac1m\sum_{i=1}^{m}\big(\theta^\top\mathbf x^{(i)} - y^{(i)}\big)^2,\qquad
# \text{RMSE} = \sqrt{\text{MSE}} .$$
#
# We use real data: sale prices of 2,930 houses in Ames, Iowa (De Cock 2011), in thousands of dollars.

# %%
ames = data.load("ames")
bedrooms = ames["Bedroom.AbvGr"].to_numpy(dtype=float)
price = ames["price"].to_numpy(dtype=float) / 1000  # k$


# %%
def add_bias(X):
    """Prepend the column of 1s (x0 = 1) to a feature matrix (or a 1-D feature vector)."""
    X = np.asarray(X, dtype=float).reshape(len(X), -1)
    return np.c_[np.ones(len(X)), X]


def mse(y_true, y_pred):
    """Mean squared error."""
    return np.mean((np.asarray(y_pred) - np.asarray(y_true)) ** 2)


def rmse(y_true, y_pred):
    """Root mean squared error (in the target's units)."""
    return np.sqrt(mse(y_true, y_pred))


# %% [markdown]
# Three guessed lines, three errors:

# %%
# NBVAL_CHECK_OUTPUT
X_bed = add_bias(bedrooms)
print(f"{len(price)} houses, X_b shape {X_bed.shape}, first rows:\n{X_bed[:3]}")
guess_rmses = [rmse(price, X_bed @ np.array(theta))
               for theta in ([180.0, 0.0], [100.0, 30.0], [120.0, 20.0])]
print("RMSE of the three guesses (k$):", np.round(guess_rmses, 2))

# %% [markdown]
# Which $\theta$ is best? There are multiple options to find $\hat\theta$: a **direct "closed form" solution**
# and **gradient descent**.
#
# ### Direct "closed form" solution: the normal equation
#
# *Ordinary least squares*, "like generating a trendline in Excel": calculate the partial derivatives of the
# loss with respect to the parameters, set them to zero, and solve the set of equations. With one feature:
#
# $$\frac{\partial\,\text{MSE}}{\partial\theta_0} = \frac2m\sum_i(\theta_0+\theta_1x_i-y_i) = 0,\qquad
# \frac{\partial\,\text{MSE}}{\partial\theta_1} = \frac2m\sum_i(\theta_0+\theta_1x_i-y_i)\,x_i = 0 .$$
#
# In matrix form $\nabla_\theta\text{MSE} = \frac2m\mathbf X_b^\top(\mathbf X_b\theta-\mathbf y)=\mathbf 0$, i.e.
# $\mathbf X_b^\top\mathbf X_b\,\theta = \mathbf X_b^\top\mathbf y$, whose solution is the **normal equation**
#
# $$\hat\theta = \big(\mathbf X_b^\top\mathbf X_b\big)^{-1}\mathbf X_b^\top\mathbf y .$$
#
# In practice prefer `np.linalg.lstsq` or the pseudo-inverse `pinv` (computed with an SVD): they also work
# when $\mathbf X_b^\top\mathbf X_b$ is singular (redundant features, fewer samples than features).
# scikit-learn's `LinearRegression` does the same least-squares solve.

# %%
# NBVAL_CHECK_OUTPUT
theta_inv = np.linalg.inv(X_bed.T @ X_bed) @ X_bed.T @ price
theta_lstsq, *_ = np.linalg.lstsq(X_bed, price, rcond=None)
theta_pinv = np.linalg.pinv(X_bed) @ price
lin_reg = LinearRegression().fit(bedrooms.reshape(-1, 1), price)
theta_sklearn = np.r_[lin_reg.intercept_, lin_reg.coef_]
print(f"theta (inv) = {theta_inv.round(2)}: intercept in k$, slope in k$ per bedroom")
print(f"best-line RMSE {rmse(price, X_bed @ theta_lstsq):.2f} k$")

# %%
# check: four ways, one answer; and it beats every guess
assert np.allclose(theta_inv, theta_sklearn) and np.allclose(theta_lstsq, theta_sklearn)
assert np.allclose(theta_pinv, theta_sklearn)
assert rmse(price, X_bed @ theta_lstsq) < min(guess_rmses)
print("inv == lstsq == pinv == LinearRegression; the best line beats the three guesses")

# %%
# extra code – draws the best line through the (jittered) Ames houses
fig, ax = plt.subplots(figsize=(6.4, 3.8))
jitter = rng.uniform(-0.2, 0.2, len(bedrooms))
ax.scatter(bedrooms + jitter, price, s=4, alpha=0.3, label="houses (x jittered)")
grid = np.linspace(0, 8, 2)
ax.plot(grid, add_bias(grid) @ theta_lstsq, "r-", lw=2,
        label=rf"$\hat y = {theta_lstsq[0]:.0f} + {theta_lstsq[1]:.1f}\cdot$Bedrooms")
ax.set(xlabel="bedrooms above ground", ylabel="price (k$)", title="Ames: Price = θ0 + Bedrooms·θ1")
ax.legend(loc="upper right")
plots.save_fig("04_ames_bedrooms_fit")
plt.show()

# %% [markdown]
# The same code handles several features: $\mathbf X_b$ simply gets more columns. Adding the living area shows
# that a coefficient's meaning depends on the other features: *at equal living area*, an extra bedroom means
# smaller rooms, and its slope changes sign.

# %%
# NBVAL_CHECK_OUTPUT
area = ames["area"].to_numpy(dtype=float)
theta_two = np.linalg.lstsq(add_bias(np.c_[bedrooms, area]), price, rcond=None)[0]
lin_two = LinearRegression().fit(np.c_[bedrooms, area], price)
print(f"Price = {theta_two[0]:.2f} {theta_two[1]:+.2f}*Bedrooms {theta_two[2]:+.4f}*Area")

# %%
# check: lstsq with two features == LinearRegression
assert np.allclose(theta_two, np.r_[lin_two.intercept_, lin_two.coef_])

# %% [markdown]
# **Takeaway:** the normal equation gives the exact least-squares $\theta$ in one shot; `inv`, `lstsq`,
# `pinv` and `LinearRegression` agree.
#
# ### Computational complexity
#
# With $m$ instances and $n$ features, the normal equation first forms $\mathbf X_b^\top\mathbf X_b$
# ($O(m\,n^2)$), then **inverts** that $n\times n$ matrix: $O(n^3)$ (the course notes' "relies on matrix
# inversion: $O(n^3)$"). The SVD that `lstsq`/`pinv`/`LinearRegression` use costs $O(m\,n^2)$ for an
# $m\times n$ matrix with $m\ge n$. Both are **linear in $m$** (large data sets are fine, if they fit in memory)
# but **polynomial in $n$**: many features make them slow. Below we time the inversion alone for growing $n$
# (best of 3; one BLAS thread, so we see the algorithm, not the parallelism; the exact times depend on the machine
# and its load).

# %%
inv_times = []
for n in TIMING_SIZES:
    gram = rng.standard_normal((n + 10, n))
    gram = gram.T @ gram  # plays the role of X_b^T X_b with n features
    inv_times.append(min(timeit.repeat(lambda gram=gram: np.linalg.inv(gram), number=1, repeat=3)))
inv_times, sizes = np.array(inv_times), np.array(TIMING_SIZES, dtype=float)

# %%
# extra code – draws the measured inversion times against c·n³
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.loglog(sizes, inv_times * 1e3, "o-", label="measured np.linalg.inv")
ax.loglog(sizes, inv_times[-1] * (sizes / sizes[-1]) ** 3 * 1e3, "k--", label=r"$c\,n^3$")
ax.set(xlabel="number of features n", ylabel="time (ms)",
       title="Inverting the n × n matrix grows like n³")
ax.legend()
plots.save_fig("04_normal_equation_cost")
plt.show()

# %%
slope = np.polyfit(np.log(sizes), np.log(inv_times), 1)[0]
print(f"log-log slope of the measured times: {slope:.1f} "
      "(3 = cubic; small n are dominated by overheads)")
# loose on purpose (cubic growth predicts ~1000x): timings are noisy
assert inv_times[-1] > 10 * inv_times[0]

# %% [markdown]
# **Takeaway:** fine for hundreds or a few thousand features, painful for tens of thousands: that is when
# gradient descent takes over.

# %% [markdown]
# ## 2. Gradient descent
#
# *Gradient descent is a first-order iterative algorithm for finding a local minimum of a differentiable
# multivariate function* — a generic optimisation algorithm:
#
# 1. Calculate the partial derivatives of the loss with respect to the parameters $(\theta_0,\theta_1)$.
# 2. Pick random values for $(\theta_0,\theta_1)$ and evaluate the partial derivatives there: they describe
#    how the loss changes when you change $(\theta_0,\theta_1)$.
# 3. Adjust $(\theta_0,\theta_1)$ in the opposite direction of the gradient.
# 4. Repeat until convergence. The **learning rate** $\eta$ determines the step size.
#
# For the MSE the partial derivatives and the gradient vector are
#
# $$\frac{\partial}{\partial\theta_j}\text{MSE}(\theta) = \frac2m\sum_{i=1}^m\big(\theta^\top\mathbf x^{(i)}-y^{(i)}\big)x_j^{(i)},
# \qquad \nabla_\theta\text{MSE}(\theta) = \frac2m\mathbf X_b^\top(\mathbf X_b\theta-\mathbf y),
# \qquad \theta \leftarrow \theta - \eta\,\nabla_\theta\text{MSE}(\theta).$$
#
# To see the algorithms clearly we use a small **synthetic** data set (HOML's): $y = 4 + 3x + $ Gaussian noise,
# $m = 100$, so the true parameters are $(4, 3)$ and the best fit is given by the normal equation.

# %%
m = 100
X_lin = 2 * rng.random((m, 1))  # synthetic data (not real)
y_lin = 4 + 3 * X_lin[:, 0] + rng.standard_normal(m)
Xb_lin = add_bias(X_lin)
theta_best = np.linalg.lstsq(Xb_lin, y_lin, rcond=None)[0]
theta_start = np.array([-1.0, -1.5])  # the "random" starting point, fixed
print("normal-equation theta:", theta_best.round(3))


# %%
def mse_gradient(X_b, y, theta):
    """Gradient of the MSE: 2/m X_b^T (X_b theta - y)."""
    return 2 / len(y) * X_b.T @ (X_b @ theta - y)


def batch_gd(X_b, y, eta, n_epochs, theta_init, tol=None):
    """Batch gradient descent; returns the final theta and the path (one row per step)."""
    theta = np.array(theta_init, dtype=float)
    path = [theta.copy()]
    for _ in range(n_epochs):
        gradient = mse_gradient(X_b, y, theta)
        if tol is not None and np.linalg.norm(gradient) < tol:  # "repeat until convergence"
            break
        theta = theta - eta * gradient
        path.append(theta.copy())
    return theta, np.array(path)


# %%
# check: the partial derivatives against finite differences
eps = 1e-6
numeric = [(mse(y_lin, Xb_lin @ (theta_start + eps * e))
            - mse(y_lin, Xb_lin @ (theta_start - eps * e))) / (2 * eps)
           for e in np.eye(2)]
assert np.allclose(mse_gradient(Xb_lin, y_lin, theta_start), numeric, atol=1e-5)
print("analytic gradient == finite differences")

# %%
theta_gd, path_bgd = batch_gd(Xb_lin, y_lin, eta=0.1, n_epochs=10_000, theta_init=theta_start,
                              tol=1e-8)
print(f"batch GD (eta=0.1) stopped after {len(path_bgd) - 1} steps:", theta_gd.round(3))
assert np.allclose(theta_gd, theta_best, atol=1e-6)

# %% [markdown]
# ### The learning rate
#
# Too small: many tiny steps. Good: a few steps reach the optimum. Too large: each step overshoots further and
# the algorithm diverges. For the MSE the threshold is known: GD diverges once $\eta > 2/\lambda_{\max}$, with
# $\lambda_{\max}$ the largest eigenvalue of the Hessian $\frac2m\mathbf X_b^\top\mathbf X_b$ (Question 5 works
# it out in 1-D). The figure shows the first 10 steps (each a fitted line; the dashed one is the start; with
# $\eta = 0.6$ the lines soon leave the frame).

# %%
lambda_max = np.linalg.eigvalsh(2 / m * Xb_lin.T @ Xb_lin).max()
print(f"largest stable learning rate 2/lambda_max = {2 / lambda_max:.3f}")
lr_paths = {eta: batch_gd(Xb_lin, y_lin, eta=eta, n_epochs=10, theta_init=theta_start)[1]
            for eta in [0.02, 0.1, 0.6]}
for eta, path in lr_paths.items():
    print(f"eta={eta}: MSE after 0 / 10 steps = {mse(y_lin, Xb_lin @ path[0]):8.2f} / "
          f"{mse(y_lin, Xb_lin @ path[-1]):8.2f}")

# %%
# check: too large diverges, too small is still far, a good rate gets closest
assert (0.6 > 2 / lambda_max
        and mse(y_lin, Xb_lin @ lr_paths[0.6][-1]) > mse(y_lin, Xb_lin @ lr_paths[0.6][0]))
assert (np.linalg.norm(lr_paths[0.02][-1] - theta_best)
        > np.linalg.norm(lr_paths[0.1][-1] - theta_best))
print("eta = 0.6 diverges, eta = 0.02 crawls, eta = 0.1 gets closest after 10 steps")

# %%
# extra code – draws the first 10 steps for each learning rate
fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), sharey=True)
x_plot = np.array([0.0, 2.0])
for ax, (eta, path) in zip(axes, lr_paths.items()):
    ax.plot(X_lin, y_lin, "b.", ms=4)
    for step, th in enumerate(path):
        ax.plot(x_plot, add_bias(x_plot) @ th, "--" if step == 0 else "-",
                color="r" if step == 0 else "tab:blue", alpha=0.4 + 0.6 * step / 10, lw=1)
    ax.set(title=rf"$\eta = {eta}$", xlabel="$x_1$", ylim=(-5, 15))
axes[0].set_ylabel("$y$")
plots.save_fig("04_gd_learning_rates")
plt.show()


# %% [markdown]
# ### Feature scaling: round bowl vs elongated bowl
#
# When features have very different scales, the MSE is a long, narrow valley in parameter space: the steep
# direction forces a small learning rate (below $2/\lambda_{\max}$), and with that small rate the flat direction
# takes ages. Standardising the features makes the bowl round, so one learning rate suits every direction.
# The data below are synthetic: two centred features, $x_2$ ten times wider than $x_1$, no bias (to draw the
# loss in 2-D). Each run uses the learning rate $1/\lambda_{\max}$ of its own problem, and we count the steps
# until $\theta$ is within $10^{-3}$ of the optimum.

# %%
def steps_to_converge(X, y, tol=1e-3, max_steps=20_000):
    """Batch GD with eta = 1/lambda_max from 0; returns (steps until |theta - optimum| < tol, path).
    """
    eta = 1 / np.linalg.eigvalsh(2 / len(y) * X.T @ X).max()
    theta_opt = np.linalg.lstsq(X, y, rcond=None)[0]
    _, path = batch_gd(X, y, eta=eta, n_epochs=max_steps, theta_init=np.zeros(X.shape[1]))
    return int(np.argmax(np.linalg.norm(path - theta_opt, axis=1) < tol)), path


# %%
scale_rng = np.random.default_rng(SEED)
X_unscaled = scale_rng.uniform(-1, 1, (200, 2)) * [1.0, 10.0]  # x2 is ten times wider than x1
y_unscaled = X_unscaled @ [2.0, 0.3] + 0.1 * scale_rng.standard_normal(200)
X_scaled = X_unscaled / X_unscaled.std(axis=0)  # standardised (already centred)
steps_raw, path_raw = steps_to_converge(X_unscaled, y_unscaled)
steps_std, path_std = steps_to_converge(X_scaled, y_unscaled)
print(f"steps to converge: unscaled {steps_raw}, standardised {steps_std}")
assert 0 < steps_std < steps_raw / 10

# %%
# extra code – draws the two bowls with the GD paths
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for ax, X_, path, title in [(axes[0], X_unscaled, path_raw, "unscaled: elongated bowl"),
                            (axes[1], X_scaled, path_std, "standardised: round bowl")]:
    opt = np.linalg.lstsq(X_, y_unscaled, rcond=None)[0]
    span = np.abs(opt).max() * 1.3
    g1, g2 = np.meshgrid(np.linspace(-0.3 * span, span, 150), np.linspace(-0.3 * span, span, 150))
    W = np.c_[g1.ravel(), g2.ravel()]
    loss = np.mean((X_ @ W.T - y_unscaled[:, None]) ** 2, axis=0).reshape(g1.shape)
    ax.contour(g1, g2, loss, levels=np.geomspace(loss.min() + 1e-3, loss.max(), 15), cmap="viridis")
    steps = int(np.argmax(np.linalg.norm(path - opt, axis=1) < 1e-3))  # as in steps_to_converge
    ax.plot(*path[:steps + 1].T, "r.-", ms=3, lw=0.8, label=f"batch GD: {steps} steps to converge")
    ax.plot(*opt, "k*", ms=12)
    ax.set(title=title, xlabel=r"$\theta_1$", ylabel=r"$\theta_2$", aspect="equal")
    ax.legend(loc="lower right", fontsize=8)
plots.save_fig("04_feature_scaling_bowl")
plt.show()


# %% [markdown]
# **Takeaway:** scale the features (e.g. `StandardScaler`) before gradient descent; the normal equation does
# not care about scales, gradient descent does.
#
# ### Convex vs non-convex optimization problem
#
# - **Convex**: there is no local minimum other than the global one; gradient descent (with a small enough
#   learning rate) is guaranteed to find it. The MSE of a linear model is a convex bowl.
# - **Non-convex**: there are local minima, so the model can easily get stuck on a bad solution (e.g.
#   the loss $L(\theta) = \theta^4 - 4\theta^2 + \theta$, two starting points, two different endings).
#   The MSE of a linear model is drawn on the left, the non-convex loss in the middle.
#
# Stochastic gradient steps can jump out of such a trap. A training loss is an average over the
# training instances, $L(\theta) = \frac1m\sum_i \ell_i(\theta)$; here we give each of $m = 50$
# instances the loss $\ell_i(\theta) = \theta^4 - 4\theta^2 + a_i\theta$, with data $a_i$ spread from
# about $-67$ to $69$ around a mean of exactly 1, so that their average is the loss above. Batch GD
# follows $\nabla L$; **stochastic GD** takes each step along the gradient of one random instance,
# $4\theta^3 - 8\theta + a_i$, which points in very different directions from one instance to the
# next. With a learning schedule that shrinks $\eta$ to 0 over 20 epochs, the early steps are wild
# enough to cross the bump between the minima and the late ones settle where the run ended up (the
# figure's right panel follows $\theta$ step by step along one SGD run that escaped).

# %%
def nonconvex(t):
    """A 1-D loss with a global minimum (near -1.47) and a local one (near 1.35)."""
    return t**4 - 4 * t**2 + t


a_inst = 1 + 40 * (np.arange(50) - 24.5) / np.arange(50).std()  # the instances' data, mean 1


def gd_1d(t, eta=0.01, n_steps=300):
    """Batch GD on `nonconvex`, the average of the instances' losses."""
    path = [t]
    for _ in range(n_steps):
        t = t - eta * (4 * t**3 - 8 * t + 1)
        path.append(t)
    return np.array(path)


def sgd_1d(t, a, eta0=0.01, n_epochs=20, seed=SEED):
    """SGD on the mean of theta^4 - 4 theta^2 + a_i theta: one random instance a step, eta -> 0."""
    rng = np.random.default_rng(seed)
    path, n_steps = [t], n_epochs * len(a)
    for _ in range(n_epochs):
        for i in rng.permutation(len(a)):  # each epoch visits every instance once
            eta = eta0 * (1 - (len(path) - 1) / n_steps) ** 2  # the learning schedule
            t = t - eta * (4 * t**3 - 8 * t + a[i])
            path.append(t)
    return np.array(path)


# %%
paths_1d = {"GD, start -1.9": gd_1d(-1.9), "GD, start 1.9": gd_1d(1.9)}
sgd_ends = np.array([sgd_1d(1.9, a_inst, seed=SEED + s)[-1] for s in range(20)])
# one escape
paths_1d["SGD, start 1.9"] = sgd_1d(1.9, a_inst, seed=SEED + int(np.argmax(sgd_ends < 0)))
print("end points:", {k: round(float(v[-1]), 3) for k, v in paths_1d.items()})
print(f"SGD from 1.9: {np.sum(sgd_ends < 0)} of 20 runs (shuffling seeds) ended in the global "
      "minimum (batch GD: 0, it has no randomness)")

# %%
# check: same algorithm, two minima; the right one is a trap; stochastic steps escape it often
ends = {k: v[-1] for k, v in paths_1d.items()}
assert (ends["GD, start -1.9"] < 0 < ends["GD, start 1.9"]
        and nonconvex(ends["GD, start -1.9"]) < nonconvex(ends["GD, start 1.9"]))
assert abs(a_inst.mean() - 1) < 1e-12  # the instances' average loss is `nonconvex`
minima = np.sort(np.roots([4, 0, -8, 1]).real)[[0, 2]]  # where the gradient 4t^3 - 8t + 1 is 0
off_minimum = np.abs(sgd_ends[:, None] - minima).min(axis=1)
# seeds 0-299: at least 12 of 20 escapes; each run ends within 0.07 of a minimum
assert np.sum(sgd_ends < 0) >= 8 and off_minimum.max() < 0.15
print("batch GD from 1.9 is stuck in the local minimum; SGD escaped in "
      f"{np.sum(sgd_ends < 0)} of 20 runs (needs >= 8), each run settled in a minimum")

# %%
# extra code – draws the convex MSE bowl with the batch-GD path, and the non-convex 1-D loss
fig, (ax0, ax1, ax2) = plt.subplots(1, 3, figsize=(15, 3.8))
t0s, t1s = np.meshgrid(np.linspace(-1.5, 7, 120), np.linspace(-2, 6, 120))
loss_grid = np.mean((t0s[..., None] + t1s[..., None] * X_lin[:, 0] - y_lin) ** 2, axis=-1)
ax0.contour(t0s, t1s, loss_grid, levels=np.geomspace(0.8, 60, 15), cmap="viridis")
ax0.plot(*path_bgd[:60].T, "r.-", ms=3, label="batch GD")
ax0.plot(*theta_best, "k*", ms=12, label="global minimum")
ax0.set(xlabel=r"$\theta_0$", ylabel=r"$\theta_1$", title="convex: MSE of linear regression")
ax0.legend(loc="lower right")
ts = np.linspace(-2.7, 2.2, 300)
ax1.plot(ts, nonconvex(ts), "k-", lw=1)
for (name, p), colour in zip(paths_1d.items(), ["tab:green", "tab:red", "tab:orange"]):
    if name.startswith("SGD"):  # only its end point here: its steps are drawn on the right
        ax1.plot(p[-1], nonconvex(p[-1]), "*", color=colour, ms=12, zorder=4,
                 label=f"{name} -> {p[-1]:.2f} (end point)")
    else:
        ax1.plot(p, nonconvex(p), ".-", color=colour, ms=5, lw=1, label=f"{name} -> {p[-1]:.2f}")
ax1.set(xlabel=r"$\theta$", ylabel="loss", title="non-convex: a local minimum trap", ylim=(-7, 22))
ax1.legend(loc="upper center", fontsize=8)
sgd_path = paths_1d["SGD, start 1.9"]
ax2.plot(sgd_path, ".", color="tab:orange", ms=2, label=r"SGD: $\theta$ after each step")
for t_min, where in zip(minima, ["global", "local"]):
    ax2.axhline(t_min, color="k", ls=":", lw=1)
    ax2.annotate(f"{where} minimum", (len(sgd_path), t_min), xytext=(-5, 3),
                 textcoords="offset points", ha="right", fontsize=8)
ax2.set(xlabel="SGD step (50 per epoch)", ylabel=r"$\theta$",
        title="one SGD run from 1.9, step by step")
ax2.legend(loc="upper right", fontsize=8)
plots.save_fig("04_convex_vs_nonconvex")
plt.show()


# %% [markdown]
# **Takeaway:** with a convex loss any reasonable start reaches the same answer; with a non-convex loss the
# start (and luck) decides.
#
# ### Batch gradient descent
#
# Calculate the gradient using **all** available training data before performing a step (what we did above).
#
# ### Stochastic gradient descent
#
# Loop over the training data, calculate the gradient and take a step **for each sample**
# (picked at random). The gradient estimate is noisy, so a constant learning rate would keep bouncing around the
# minimum: a **learning schedule** $\eta(t) = t_0/(t + t_1)$ shrinks the steps over time (like simulated annealing).

# %%
def learning_schedule(t, t0=5, t1=50):
    """Decaying learning rate eta(t) = t0 / (t + t1), t = step number."""
    return t0 / (t + t1)


def minibatch_gd(X_b, y, n_epochs, theta_init, batch_size=1, schedule=learning_schedule, seed=SEED):
    """Mini-batch GD (batch_size=1: stochastic GD); each epoch visits the samples in a new random
    order."""
    sgd_rng, theta, t = np.random.default_rng(seed), np.array(theta_init, dtype=float), 0
    path = [theta.copy()]
    for _ in range(n_epochs):
        order = sgd_rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            idx = order[start:start + batch_size]
            theta = theta - schedule(t) * mse_gradient(X_b[idx], y[idx], theta)
            path.append(theta.copy())
            t += 1
    return theta, np.array(path)


# %% [markdown]
# With `batch_size=1` each step uses the gradient of ONE sample, $2\,\mathbf x^{(i)}(\theta^\top\mathbf x^{(i)} - y^{(i)})$:
# that is stochastic GD (here each epoch visits every sample once, in a random order). `SGDRegressor` is the
# compiled version.

# %%
# NBVAL_CHECK_OUTPUT
theta_sgd, path_sgd = minibatch_gd(Xb_lin, y_lin, n_epochs=50, theta_init=theta_start)
sgd_reg = SGDRegressor(max_iter=1000, tol=1e-5, penalty=None, eta0=0.01, n_iter_no_change=100,
                       random_state=SEED).fit(X_lin, y_lin)
theta_sgd_sklearn = np.r_[sgd_reg.intercept_, sgd_reg.coef_]
print("normal equation", theta_best.round(2), "| SGD from scratch", theta_sgd.round(2),
      "| SGDRegressor", theta_sgd_sklearn.round(2))

# %%
# check: both SGDs end within noise of the exact solution
assert (np.allclose(theta_sgd, theta_best, atol=0.1)
        and np.allclose(theta_sgd_sklearn, theta_best, atol=0.1))
print("SGD (ours and SGDRegressor) within 0.1 of the normal-equation theta")

# %%
# extra code – draws the first 20 steps of stochastic GD
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(X_lin, y_lin, "b.", ms=4)
for step in range(20):
    ax.plot(x_plot, add_bias(x_plot) @ path_sgd[step], "--" if step == 0 else "-", lw=1,
            alpha=0.3 + 0.7 * step / 20, color="r" if step == 0 else "tab:blue")
ax.set(xlabel="$x_1$", ylabel="$y$", title="the first 20 steps of stochastic GD")
plots.save_fig("04_sgd_first_steps")
plt.show()

# %% [markdown]
# ### Mini-batch gradient descent
#
# A combination of batch and stochastic: each step uses the gradient of a small random **mini-batch** of $b$
# samples. Its gradient is the average of $b$ per-sample gradients, so *at the same learning rate* it is less
# noisy than SGD (its variance is about $b$ times smaller; below we measure its effect, the level at which each one
# bounces), and vectorised hardware (GPUs)
# computes a mini-batch about as fast as one sample. Here $b = 20$, with a schedule suited to the 5 steps per epoch.

# %%
mb_schedule = lambda t: learning_schedule(t, t0=200, t1=1000)
theta_mgd, path_mgd = minibatch_gd(Xb_lin, y_lin, n_epochs=50, theta_init=theta_start,
                                   batch_size=20, schedule=mb_schedule)
for name, th in [("batch GD", theta_gd), ("stochastic GD", theta_sgd),
                 ("mini-batch GD", theta_mgd)]:
    print(f"{name:>14}: {th.round(3)}  distance to normal equation "
          f"{np.linalg.norm(th - theta_best):.4f}")
print(f"final learning rates: SGD {learning_schedule(len(path_sgd) - 2):.4f}, "
      f"mini-batch {mb_schedule(len(path_mgd) - 2):.3f}")
assert np.linalg.norm(theta_mgd - theta_best) < 0.3  # within the noise of its learning rate

# %% [markdown]
# All three end near the normal-equation $\theta$. Mini-batch may well end farther from it than SGD here: that is
# not a contradiction, their schedules differ (printed above: after 5,000 steps SGD's learning rate has decayed
# much further than mini-batch's after 250). The fair comparison, at the **same** learning rate, comes below.

# %%
# extra code – draws the three paths in parameter space
fig, ax = plt.subplots(figsize=(6.4, 4.2))
ax.plot(*path_sgd.T, "r-", lw=0.6, alpha=0.6, label="stochastic")
ax.plot(*path_mgd.T, "g-+", lw=1, ms=4, label="mini-batch")
ax.plot(*path_bgd.T, "b-o", lw=1.5, ms=3, label="batch")
ax.plot(*theta_best, "k*", ms=14, label="normal equation")
ax.set(xlabel=r"$\theta_0$", ylabel=r"$\theta_1$", title="paths in parameter space",
       xlim=(2.5, 4.6), ylim=(2, 4))
ax.legend(loc="upper left")
plots.save_fig("04_gd_paths")
plt.show()

# %% [markdown]
# ### Pros and cons, measured
#
# | | batch GD | stochastic GD | mini-batch GD |
# |---|---|---|---|
# | ✅ | uses all data for each step: exact gradient, smooth convergence, "great model" | fast: one cheap step per sample; only one sample in memory; noise can escape local minima | vectorised; at the same learning rate less noisy than SGD |
# | ❌ | very slow per step for **large** data sets (one step reads all $m$ samples) | noisy gradient estimate: unlikely to find the exact optimum (bounces around it) | one more hyper-parameter (batch size) |
#
# *Note for readers of the course notes:* they list batch GD as "very slow for small datasets"; that is a typo
# for **large** data sets: the cost of one batch step grows with $m$, and small data sets are where batch GD is
# at its best.
#
# We measure it on a larger synthetic set ($m$ = `M_LARGE`): the excess loss (MSE above the optimum) as a
# function of how many samples each method has read. For a **fair** comparison SGD and mini-batch ($b = 32$) use
# the **same constant learning rate** $\eta = 0.05$; the "noise floor" is their mean excess loss over the last
# quarter of the run, where both have stopped descending and only bounce.

# %%
big_rng = np.random.default_rng(SEED)
X_big = 2 * big_rng.random((M_LARGE, 1))
y_big = 4 + 3 * X_big[:, 0] + big_rng.standard_normal(M_LARGE)
Xb_big = add_bias(X_big)
theta_hat_big = np.linalg.lstsq(Xb_big, y_big, rcond=None)[0]
best_mse = mse(y_big, Xb_big @ theta_hat_big)
# MSE(theta) - best_mse = (theta - theta_hat)^T H (theta - theta_hat) with H = X_b^T X_b / m, since
# the residual of theta_hat is orthogonal to X_b's columns: thousands of thetas, no m x steps matrix
hessian_big = Xb_big.T @ Xb_big / M_LARGE


def excess_mse(thetas):
    """MSE above the optimum on the large set, for each row of `thetas`."""
    diff = np.atleast_2d(thetas) - theta_hat_big
    return np.einsum("ij,jk,ik->i", diff, hessian_big, diff)


constant_eta = lambda t: 0.05
runs = {  # name: (n_epochs, batch_size) -- batch GD: 100 full steps
    "batch": None, "stochastic": (1, 1), "mini-batch (32)": (4, 32)}

# %%
curves, timings = {}, {}
for name, cfg in runs.items():
    start = time.perf_counter()
    if cfg is None:
        path, batch_size = batch_gd(Xb_big, y_big, eta=0.1, n_epochs=100,
                                    theta_init=theta_start)[1], M_LARGE
    else:
        batch_size = cfg[1]
        path = minibatch_gd(Xb_big, y_big, cfg[0], theta_start, batch_size,
                            schedule=constant_eta)[1]
    timings[name] = time.perf_counter() - start
    keep = np.unique(np.geomspace(1, len(path) - 1, 80).astype(int))
    curves[name] = (keep * batch_size, excess_mse(path[keep]),
                    excess_mse(path[-len(path) // 4:]).mean())  # the noise floor

# %%
for name, (seen, excess, floor) in curves.items():
    print(f"{name:>16}: {timings[name]:6.3f} s, {seen[-1]:>9,} samples read, "
          f"final excess MSE {excess[-1]:.1e}, mean over the last quarter {floor:.1e}")
print(f"memory: whole X_b {Xb_big.nbytes / 1e6:.2f} MB vs one sample {Xb_big[0].nbytes} bytes")

# %%
# check: batch GD descends smoothly; one SGD epoch (= the reads of ONE batch step) ends far lower
# than that step; at the same learning rate mini-batch bounces less than SGD
assert (np.all(np.diff(curves["batch"][1]) < 0)
        and curves["stochastic"][1][-1] < curves["batch"][1][0] / 10)
# measured at seeds 42 / 1234: SGD after 1 epoch 0.33 / 0.04 vs batch step 31.0 / 31.1
assert curves["mini-batch (32)"][2] < curves["stochastic"][2] / 4
print(f"excess MSE after {M_LARGE:,} samples read: batch {curves['batch'][1][0]:.2f} (1 step), "
      f"stochastic {curves['stochastic'][1][-1]:.2f} (1 epoch); mini-batch floor < 1/4 of SGD's")

# %%
# extra code – draws the excess loss against the number of samples read
fig, ax = plt.subplots(figsize=(6.4, 3.8))
for name, (seen, excess, floor) in curves.items():
    line, = ax.loglog(seen, np.maximum(excess, 1e-7), ".-", ms=3, label=name)
    if runs[name] is not None:  # the noise floor: mean excess over the last quarter of the run
        ax.axhline(floor, color=line.get_color(), ls="--", lw=1.2, label=f"{name}: noise floor")
ax.set(xlabel="samples read", ylabel="MSE − optimal MSE",
       title=f"m = {M_LARGE:,}: cheap noisy steps vs exact steps")
ax.legend(fontsize=7, loc="lower left")
plots.save_fig("04_gd_pros_cons")
plt.show()

# %% [markdown]
# Read the figure from left to right: with the samples that *one* batch step reads, SGD makes a whole epoch of
# steps and ends far lower than batch GD after its first step (printed above); then it bounces (its curve is ragged)
# at a level set by its learning rate. Mini-batch GD, with the same learning rate, bounces at a clearly lower
# level (the dashed lines are the two noise floors, printed above): its gradient averages 32 samples.
# Batch GD descends smoothly but every step reads all $m$ samples. The from-scratch SGD loop is slow in wall
# time only because Python runs one step per sample; compiled SGD (`SGDRegressor`) does not have that overhead.
#
# **Takeaway:** batch GD = exact but each step reads everything; SGD = cheap, noisy steps that need a decaying
# learning schedule to settle; mini-batch sits in between and is what deep learning uses.

# %% [markdown]
# ## 3. Polynomial regression
#
# If the relationship is **not linear** — e.g. temperature and sales of ice cream: hot days mean lots of sales,
# but when it is too hot eating ice cream becomes inconvenient — fit a non-linear model such as
#
# $$y = f(x) = \theta_0 + \theta_1 x + \theta_2 x^2 .$$
#
# The trick: **transform the data** to a space where it can be solved with linear regression: add $x^2$ as a new
# feature (`PolynomialFeatures`); the model is still linear in $\theta$, so the normal equation or gradient
# descent find $(\theta_0,\theta_1,\theta_2)$.
#
# The data below are **synthetic** (generated, not measured): daily temperature in °C and ice-cream sales in
# hundreds of cones, from $\text{sales} = 2 + 1.6\,T - 0.03\,T^2$ plus Gaussian noise ($\sigma=2$).

# %%
TRUE_THETA = np.array([2.0, 1.6, -0.03])
NOISE_SD = 2.0


def ice_cream_sales(temp):
    """The true (noise-free) sales curve."""
    return TRUE_THETA[0] + TRUE_THETA[1] * temp + TRUE_THETA[2] * temp**2


def make_ice_cream(m, seed):
    """m synthetic days: temperatures uniform in 5-40 °C, sales = true curve + N(0, NOISE_SD²)."""
    r = np.random.default_rng(seed)
    temp = r.uniform(5, 40, m)
    return temp.reshape(-1, 1), ice_cream_sales(temp) + NOISE_SD * r.standard_normal(m)


X_ice, y_ice = make_ice_cream(100, SEED)

# %%
# from scratch: the features [1, T, T²] ...
X_ice_poly_b = np.c_[np.ones(len(X_ice)), X_ice, X_ice**2]
theta_ice = np.linalg.lstsq(X_ice_poly_b, y_ice, rcond=None)[0]  # ... and the normal equation
poly2 = make_pipeline(PolynomialFeatures(degree=2, include_bias=False),
                      LinearRegression()).fit(X_ice, y_ice)
print("true theta:", TRUE_THETA, " fitted:", theta_ice.round(4))

# %%
# check: our [1, T, T²] features and normal equation == PolynomialFeatures + LinearRegression
assert np.allclose(theta_ice, np.r_[poly2[-1].intercept_, poly2[-1].coef_])
print("ours == PolynomialFeatures + LinearRegression")

# %% [markdown]
# The same fit by gradient descent, after standardising $[T, T^2]$ (for $T$ between 5 and 40 °C, the
# spread of $T^2$ is about 45 times that of $T$: the elongated bowl of section 2):

# %%
mu, sd = X_ice_poly_b[:, 1:].mean(0), X_ice_poly_b[:, 1:].std(0)
Z_ice_b = add_bias((X_ice_poly_b[:, 1:] - mu) / sd)
theta_z, _ = batch_gd(Z_ice_b, y_ice, eta=0.4, n_epochs=5000, theta_init=np.zeros(3))
assert np.allclose(Z_ice_b @ theta_z, poly2.predict(X_ice), atol=1e-4)
print("GD on standardised [T, T²] gives the same fitted curve (to 1e-4)")

# %% [markdown]
# How flexible should the model be? Below: degree 1 (a line), degree 2 (the true family) and degree 300 on the
# same 100 days. (The pipeline standardises the temperature before raising it to high powers, otherwise
# $40^{300}$ overflows.) We score each on 1,000 new days from the same source.

# %%
poly_fits = {d: make_pipeline(StandardScaler(), PolynomialFeatures(d, include_bias=False),
                              StandardScaler(), LinearRegression()).fit(X_ice, y_ice)
             for d in (1, 2, 300)}
X_ice_new, y_ice_new = make_ice_cream(1000, SEED + 1)
poly_rmse = {d: (root_mean_squared_error(y_ice, f.predict(X_ice)),
                 root_mean_squared_error(y_ice_new, f.predict(X_ice_new)))
             for d, f in poly_fits.items()}
for d, (tr, new) in poly_rmse.items():
    print(f"degree {d:3d}: train RMSE {tr:5.2f}   new-days RMSE {new:10.4g}")

# %%
# check: more degrees always fit the training days better, but only degree 2 does well on new days
assert poly_rmse[300][0] < poly_rmse[2][0] < poly_rmse[1][0]
assert poly_rmse[2][1] < poly_rmse[1][1] and poly_rmse[2][1] < poly_rmse[300][1]
print("train: 300 < 2 < 1;  new days: degree 2 beats both")

# %%
# extra code – draws the three fits (y axis clipped to the data)
T_plot = np.linspace(5, 40, 300).reshape(-1, 1)
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(X_ice, y_ice, "b.", ms=5, label="training data (synthetic)")
for d, style in [(300, "r-"), (2, "b--"), (1, "g-")]:
    ax.plot(T_plot, poly_fits[d].predict(T_plot), style, lw=1.2, label=f"degree {d}")
ax.plot(T_plot, ice_cream_sales(T_plot), "k:", lw=1, label="true function")
ax.set(ylim=(0, 35), xlabel="temperature (°C)", ylabel="sales (100 cones)",
       title="y axis clipped to 0-35")
ax.legend(loc="lower center", ncols=3, fontsize=8)
plots.save_fig("04_polynomial_degrees")
plt.show()


# %% [markdown]
# Degree 300 has the lowest training error, yet a larger error on new days than degree 2: it wiggles through the noise and,
# near the edges of the temperature range where training days are sparse, nothing holds its 300 powers of $T$ in
# check (how badly it explodes there changes a lot from one seed to the next; see the printed RMSE). Degree 1 is
# too rigid (both errors high), degree 2 matches the truth.
#
# ### Learning curves
#
# Plot the training and validation error as a function of the training-set size. For each size $k$ and each
# cross-validation split, fit on the first $k$ training samples, then measure the RMSE on those $k$ samples and
# on the validation fold. Below: from scratch, then `sklearn.model_selection.learning_curve` on the **same
# splits**, which must give the same numbers.

# %%
def learning_curves_from_scratch(model, X, y, sizes, cv):
    """Train and validation RMSE, shape (len(sizes), n_splits): fit on the first k samples of each
    split."""
    train_err = np.zeros((len(sizes), cv.get_n_splits()))
    val_err = np.zeros_like(train_err)
    for s, (train_idx, val_idx) in enumerate(cv.split(X)):
        for k, size in enumerate(sizes):
            fitted = clone(model).fit(X[train_idx[:size]], y[train_idx[:size]])
            train_err[k, s] = rmse(y[train_idx[:size]], fitted.predict(X[train_idx[:size]]))
            val_err[k, s] = rmse(y[val_idx], fitted.predict(X[val_idx]))
    return train_err, val_err


# %%
cv5 = KFold(n_splits=5, shuffle=True, random_state=SEED)
train_sizes = np.arange(8, 81, 8)
lc_models = {"linear (degree 1)": make_pipeline(StandardScaler(), LinearRegression()),
             "degree 10": make_pipeline(StandardScaler(),
                                        PolynomialFeatures(10, include_bias=False),
                                        StandardScaler(), LinearRegression())}
lc = {name: learning_curves_from_scratch(model, X_ice, y_ice, train_sizes, cv5)
      for name, model in lc_models.items()}

# %%
# check: sklearn's learning_curve on the same splits gives the same numbers
for name, model in lc_models.items():
    sizes_sk, tr_sk, va_sk = learning_curve(model, X_ice, y_ice, train_sizes=train_sizes, cv=cv5,
                                            scoring="neg_root_mean_squared_error")
    assert (np.array_equal(sizes_sk, train_sizes) and np.allclose(lc[name][0], -tr_sk)
            and np.allclose(lc[name][1], -va_sk))
print("learning curves from scratch == sklearn.model_selection.learning_curve")

# %%
# extra code – draws the two learning curves (mean over the 5 splits)
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
for ax, (name, (tr, va)) in zip(axes, lc.items()):
    plots.plot_learning_curves({"train": tr.mean(1), "validation": va.mean(1)}, x=train_sizes,
                               ax=ax, xlabel="training set size", ylabel="RMSE", title=name)
    ax.axhline(NOISE_SD, color="k", ls=":", lw=1)
    ax.set_yscale("log")  # degree 10's first validation errors are far above the rest
plots.save_fig("04_learning_curves")
plt.show()

# %% [markdown]
# The RMSE axis is logarithmic, so that every point fits: with the fewest samples (8) degree 10 has more
# parameters (11) than training samples, passes through them, and errs wildly on the validation fold
# (its first validation error is printed below), far above everything else on the plot.
#
# How to read them (the textbook's reading; dotted line: the noise level, the best any model can do):
#
# - **Underfitting**: both curves reach a plateau, **close together** and **fairly high**. Adding more data
#   does not help; use a more complex model or better features (or less regularization).
# - **Overfitting**: the training error is **much lower** than the validation error: a **gap** between the
#   curves. The gap shrinks as data grows, so more training data helps; so do regularization or a simpler model.
#
# The same reading on the numbers (mean over the 5 splits):

# %%
for name, (tr, va) in lc.items():
    for k in (0, 4, len(train_sizes) - 1):  # 8, 40 and 80 training samples
        print(f"{name:>17}, {train_sizes[k]:2d} samples: train {tr[k].mean():.2f}  "
              f"validation {va[k].mean():.2f}  gap {va[k].mean() - tr[k].mean():.2f}")

# %%
# check: the line's training error stays above the noise level (bias); at 40 samples degree 10
# has the larger gap
(tr1, va1), (tr10, va10) = lc["linear (degree 1)"], lc["degree 10"]
assert tr1[-1].mean() > NOISE_SD and tr10[4].mean() < tr1[4].mean()
assert va10[4].mean() - tr10[4].mean() > va1[4].mean() - tr1[4].mean()
# measured at seeds 42 / 1234: line's final gap 0.14 / 0.05, degree-10 gap at 40: 1.57 / 1.97
# the line's two curves end close together (gap can be < 0 by noise)
assert abs(va1[-1].mean() - tr1[-1].mean()) < 0.5
# (degree 10's gap from 40 to 80 samples is not asserted: it widened at seed 6737, 0.65 -> 0.72)
print("line: both errors above the noise and close; degree 10: training error lower, larger gap")


# %% [markdown]
# The line's two errors sit close together, well above the noise level: underfitting. Degree 10's training
# error is lower (near or below the noise level: it starts fitting the noise) and its validation error is higher than its training
# error by a larger gap: overfitting. (Over many more samples the gap shrinks, as the
# textbook's curves show; between 40 and 80 samples it can go either way with the split, see the printed gaps.)
#
# **Takeaway:** learning curves tell you whether to get more data (gap) or change the model (high plateau).
#
# ### Bias error, variance error, irreducible error
#
# There are 3 kinds of generalization (make useful predictions on unseen data) errors:
#
# - **Bias error**: mistakes because of wrong assumptions when designing the model = underfitting (e.g.
#   assuming linear relations).
# - **Variance error**: mistakes made because the model is very sensitive to small variations in the
#   input (the training set) = overfitting.
# - **Irreducible error**: noise in the data; only cleaning the data reduces it.
#
# For squared error, at an input $x$, with $\hat f_D$ the model trained on a random training set $D$ and
# $\bar f(x) = \mathbb E_D[\hat f_D(x)]$ the average model:
#
# $$\mathbb E_{D,\varepsilon}\big[(y-\hat f_D(x))^2\big] =
# \underbrace{\big(f(x)-\bar f(x)\big)^2}_{\text{bias}^2} +
# \underbrace{\mathbb E_D\big[(\hat f_D(x) - \bar f(x))^2\big]}_{\text{variance}} + \underbrace{\sigma^2}_{\text{irreducible}}.$$
#
# Because our ice-cream data are synthetic we know $f$ and $\sigma$, so we can **estimate each term by
# simulation**: draw `N_SIMULATIONS` training sets of 30 days, fit a polynomial of each degree on each, and
# predict at fixed test temperatures between 10 and 35 °C (inside the range, away from the edges where high
# degrees explode). The estimate: replace $\mathbb E_D$ by the average over the $N$ simulated training sets.
# Then bias² + variance equals exactly the average of $(\hat f_D(x) - f(x))^2$ over the simulations, so the table
# adds up. For every degree $\ge 2$ the true bias² is exactly 0 (the polynomial family contains the true quadratic
# and least squares is unbiased); the estimate prints a small positive number there, because the average of $N$
# fits is itself a bit off (by about variance$/N$): simulation noise, not bias.

# %%
def scaled_vander(temp, degree):
    """Polynomial features [1, t, ..., t^degree] of the temperature mapped to [-1, 1]
    (well-conditioned)."""
    return np.vander((np.asarray(temp) - 22.5) / 17.5, degree + 1, increasing=True)


degrees, m_small = np.arange(11), 30
T_test = np.linspace(10, 35, 101)
sim_rng = np.random.default_rng(SEED)

# %%
# prediction of each degree, training set, test point
preds = np.zeros((len(degrees), N_SIMULATIONS, len(T_test)))
for s in range(N_SIMULATIONS):
    T_tr = sim_rng.uniform(5, 40, m_small)
    y_tr = ice_cream_sales(T_tr) + NOISE_SD * sim_rng.standard_normal(m_small)
    for d in degrees:
        preds[d, s] = (scaled_vander(T_test, d)
                       @ np.linalg.lstsq(scaled_vander(T_tr, d), y_tr, rcond=None)[0])

# %%
f_test = ice_cream_sales(T_test)
bias2 = ((preds.mean(axis=1) - f_test) ** 2).mean(axis=1)  # (f - average model)², averaged over x
# spread of the models around their average, averaged over x
variance = preds.var(axis=1).mean(axis=1)
noise = NOISE_SD**2
y_fresh = f_test + NOISE_SD * sim_rng.standard_normal((N_SIMULATIONS, len(T_test)))
test_mse = ((preds - y_fresh) ** 2).mean(axis=(1, 2))  # measured on fresh noisy targets
print("degree   bias^2  variance  irreducible     sum  measured test MSE")
for d in degrees:
    print(f"{d:6d} {bias2[d]:8.3f} {variance[d]:9.3f} {noise:12.2f} "
          f"{bias2[d] + variance[d] + noise:8.2f} {test_mse[d]:18.2f}")

# %%
# check: the terms add up to the measured error; the line is biased; variance grows with the degree
best_degree = int(np.argmin(bias2 + variance))
assert np.allclose(test_mse, bias2 + variance + noise, rtol=0.05)
assert bias2[1] > 10 * bias2[2] and variance[10] > 3 * variance[2] and best_degree == 2
print(f"sum == measured test MSE (5 %); lowest expected error at degree {best_degree}")

# %%
# extra code – draws the three terms and their sum against the degree
fig, ax = plt.subplots(figsize=(6.4, 3.8))
ax.semilogy(degrees, bias2, "o-", label="bias²")
ax.semilogy(degrees, variance, "s-", label="variance")
ax.semilogy(degrees, np.full(len(degrees), noise), "k:", label="irreducible (σ²)")
ax.semilogy(degrees, bias2 + variance + noise, "r-", lw=2, label="total expected error")
ax.axvline(best_degree, color="gray", lw=0.8)
ax.set(xlabel="polynomial degree (model complexity)", ylabel="squared error",
       title=f"bias/variance trade-off ({N_SIMULATIONS} training sets of {m_small} days)")
ax.legend(fontsize=8)
plots.save_fig("04_bias_variance")
plt.show()

# %% [markdown]
# **Takeaway:** complexity trades bias for variance (degree 0-1: bias dominates; high degrees: variance
# dominates); the irreducible error is a floor no model can beat.

# %% [markdown]
# ## 4. Model regularization
#
# How to regularize a model:
#
# - **Limit the model's expressive power** → less overfitting → better generalization (e.g. a lower degree),
# - **Add a regularization term** to the loss that forces the weights to be small.
#
# | | penalty added to the loss | effect on the weights |
# |---|---|---|
# | **Ridge** ($\ell_2$) | $\alpha\sum_{i\ge1}\theta_i^2$ | weights *approach* 0, rarely exactly 0 |
# | **Lasso** ($\ell_1$) | $\alpha\sum_{i\ge1}\lvert\theta_i\rvert$ | many weights *reach* exactly 0 → **sparse model** (feature selection) |
# | **Elastic net** | $r\cdot\text{Lasso} + (1-r)\cdot\text{Ridge}$ | a weighted sum of both; mix ratio $r$ (`l1_ratio`) |
#
# The bias $\theta_0$ is never penalised, and the features must be scaled first (the penalty treats every
# weight alike). We use the real `diabetes` data set (10 standardised features, disease progression after a year).
#
# ### Ridge regression: closed form
#
# scikit-learn's `Ridge` minimises $\lVert\mathbf X_b\theta-\mathbf y\rVert^2 + \alpha\sum_{i\ge1}\theta_i^2$
# (HOML writes $\text{MSE} + \frac{\alpha}{m}\sum\theta_i^2$: same minimiser). Setting the gradient to zero gives
#
# $$\hat\theta = \big(\mathbf X_b^\top\mathbf X_b + \alpha\mathbf A\big)^{-1}\mathbf X_b^\top\mathbf y,$$
#
# with $\mathbf A$ the identity matrix except a 0 in the top-left cell (no penalty on the bias).

# %%
diabetes = data.load("diabetes")
X_dia = StandardScaler().fit_transform(diabetes.data)
y_dia = diabetes.target
feature_names = list(diabetes.feature_names)


def ridge_closed_form(X, y, alpha):
    """Ridge regression by the regularised normal equation (bias not penalised)."""
    X_b = add_bias(X)
    A = np.eye(X_b.shape[1])
    A[0, 0] = 0.0
    return np.linalg.solve(X_b.T @ X_b + alpha * A, X_b.T @ y)


# %%
# NBVAL_CHECK_OUTPUT
ridge_thetas = {}  # alpha -> (ours, Ridge's), for the check below
for alpha in [0.1, 10.0, 1000.0]:
    theta_r = ridge_closed_form(X_dia, y_dia, alpha)
    ridge = Ridge(alpha=alpha).fit(X_dia, y_dia)
    ridge_thetas[alpha] = (theta_r, np.r_[ridge.intercept_, ridge.coef_])
    print(f"alpha={alpha:7.1f}: sum |theta_1..n| = {np.abs(theta_r[1:]).sum():7.2f}, exact zeros: "
          f"{np.sum(theta_r[1:] == 0)}")

# %%
# check: the regularised normal equation == Ridge, at every alpha
assert all(np.allclose(ours, theirs) for ours, theirs in ridge_thetas.values())


# %% [markdown]
# ### Lasso and Elastic Net: coordinate descent from scratch
#
# The $\ell_1$ penalty is not differentiable at 0, so there is no closed form. scikit-learn minimises
# $\frac1{2m}\lVert\mathbf X\mathbf w + b - \mathbf y\rVert^2 + \alpha r\lVert\mathbf w\rVert_1 + \frac{\alpha(1-r)}2\lVert\mathbf w\rVert_2^2$
# by **coordinate descent**: optimise one weight at a time, the others fixed. For (centred) feature $j$,
# with $\rho_j = \frac1m\mathbf x_j^\top(\mathbf y - \sum_{k\ne j}w_k\mathbf x_k)$, the exact 1-D minimiser is
#
# $$w_j = \frac{S(\rho_j,\ \alpha r)}{\frac1m\lVert\mathbf x_j\rVert^2 + \alpha(1-r)},\qquad
# S(\rho,\lambda) = \operatorname{sign}(\rho)\max(\lvert\rho\rvert-\lambda, 0).$$
#
# The *soft-thresholding* $S$ sets $w_j$ to **exactly 0** whenever $\lvert\rho_j\rvert\le\alpha r$: that is where
# sparsity comes from. $r = 1$ is the Lasso.

# %%
def soft_threshold(rho, lam):
    """S(rho, lam) = sign(rho) max(|rho| - lam, 0)."""
    return np.sign(rho) * max(abs(rho) - lam, 0.0)


def elastic_net_cd(X, y, alpha, l1_ratio=1.0, max_sweeps=10_000, tol=1e-12):
    """Elastic net (l1_ratio=1: Lasso) by cyclic coordinate descent, sklearn's objective; returns
    (bias, w)."""
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, m_ = X - x_mean, len(y)  # centring takes care of the (unpenalised) bias
    w, col_sq, residual = np.zeros(X.shape[1]), (Xc**2).sum(axis=0) / m_, y - y_mean
    for _ in range(max_sweeps):
        biggest_change = 0.0
        for j in range(X.shape[1]):
            residual += Xc[:, j] * w[j]  # residual without feature j
            w_j = (soft_threshold(Xc[:, j] @ residual / m_, alpha * l1_ratio)
                   / (col_sq[j] + alpha * (1 - l1_ratio)))
            residual -= Xc[:, j] * w_j
            biggest_change, w[j] = max(biggest_change, abs(w_j - w[j])), w_j
        if biggest_change < tol:
            break
    return y_mean - x_mean @ w, w


# %%
b_lasso, w_lasso = elastic_net_cd(X_dia, y_dia, alpha=1.0)
lasso = Lasso(alpha=1.0, tol=1e-12, max_iter=100_000).fit(X_dia, y_dia)
b_en, w_en = elastic_net_cd(X_dia, y_dia, alpha=1.0, l1_ratio=0.5)
enet = ElasticNet(alpha=1.0, l1_ratio=0.5, tol=1e-12, max_iter=100_000).fit(X_dia, y_dia)

# %%
# check: the same weights as Lasso / ElasticNet, and the same weights exactly 0
assert np.allclose(w_lasso, lasso.coef_, atol=1e-6) and np.isclose(b_lasso, lasso.intercept_)
assert np.array_equal(w_lasso == 0, lasso.coef_ == 0)
assert np.allclose(w_en, enet.coef_, atol=1e-6) and np.isclose(b_en, enet.intercept_)
print("coordinate descent == Lasso and ElasticNet (to 1e-6), same zero pattern")

# %%
# NBVAL_CHECK_OUTPUT
ridge1 = Ridge(alpha=1.0).fit(X_dia, y_dia)
print(f"{'feature':>8} {'Ridge':>8} {'Lasso':>8} {'ElasticNet r=.5':>16}")
for name, r_, l_, e_ in zip(feature_names, ridge1.coef_, w_lasso, w_en):
    print(f"{name:>8} {r_:8.2f} {l_:8.2f} {e_:16.2f}")
print("exact zeros -> Ridge:", np.sum(ridge1.coef_ == 0), " Lasso:", np.sum(w_lasso == 0),
      " ElasticNet:", np.sum(w_en == 0))

# %% [markdown]
# ### Why $\ell_1$ gives exact zeros: the geometry
#
# Penalising is equivalent to minimising the MSE **inside a budget**: $\lVert\mathbf w\rVert_1 \le t$ (a
# **diamond**) for Lasso, $\lVert\mathbf w\rVert_2 \le t$ (a **circle**) for Ridge. The solution is where the
# elliptic MSE contours first touch the region. A diamond has corners **on the axes**, and the contours usually hit
# a corner first, where one weight is exactly 0; a circle has no corners, so both weights stay non-zero. Below, two
# synthetic standardised features (true weights 2 and 0.5): the paths of $(w_1, w_2)$ as $\alpha$ grows from 0,
# and, for one $\alpha$ (black dot), the budget region of that size with the MSE contour that touches it (dashed):
# on the left the contour touches the diamond at its corner on the $w_1$ axis ($w_2 = 0$); on the right it touches
# the circle at a point where both weights are non-zero.

# %%
geo_rng = np.random.default_rng(SEED)
X_geo = StandardScaler().fit_transform(geo_rng.standard_normal((200, 2)) @ [[1.0, 0.3], [0.0, 1.0]])
y_geo = X_geo @ [2.0, 0.5] + 0.5 * geo_rng.standard_normal(200)
geo_alphas = np.geomspace(1e-3, 3, 60)
lasso_path = np.array([elastic_net_cd(X_geo, y_geo, a)[1] for a in geo_alphas])
ridge_path = np.array([ridge_closed_form(X_geo, y_geo, 2 * len(y_geo) * a)[1:] for a in geo_alphas])

# %%
# check: along the path Lasso sets w2 exactly to 0 while w1 is still non-zero; Ridge never reaches 0
assert np.any((lasso_path[:, 1] == 0) & (lasso_path[:, 0] != 0)) and np.all(ridge_path != 0)
print(f"Lasso: w2 == 0 for {np.sum((lasso_path[:, 1] == 0) & (lasso_path[:, 0] != 0))} of "
      f"{len(geo_alphas)} alphas "
      f"while w1 != 0; Ridge: no exact zero")

# %%
# extra code – draws the MSE contours, the l1 diamond and l2 circle at one alpha, and the two
# weight paths
fig, axes = plt.subplots(1, 2, figsize=(11, 4.6))
g1, g2 = np.meshgrid(np.linspace(-2, 2.6, 200), np.linspace(-2, 2, 200))
# bias-free: same shape
mse_geo = lambda w: np.mean((X_geo @ np.reshape(w, (2, -1)) - y_geo[:, None]) ** 2, axis=0)
loss = mse_geo(np.c_[g1.ravel(), g2.ravel()].T).reshape(g1.shape)
corner = np.flatnonzero((lasso_path[:, 1] == 0) & (lasso_path[:, 0] != 0))
k = corner[len(corner) // 2]  # an alpha at which the Lasso solution sits on a corner of its diamond
unit = np.c_[np.cos(np.linspace(0, 2 * np.pi, 400)), np.sin(np.linspace(0, 2 * np.pi, 400))].T
for ax, path, name, ball in [(axes[0], lasso_path, "Lasso (ℓ1): diamond",
                              unit / np.abs(unit).sum(axis=0)),
                             (axes[1], ridge_path, "Ridge (ℓ2): circle", unit)]:
    ax.contour(g1, g2, loss, levels=np.geomspace(loss.min() + 0.01, loss.max(), 14), cmap="viridis",
               linewidths=0.8)
    ax.contour(g1, g2, loss, levels=mse_geo(path[k]), colors="r", linestyles="--", linewidths=1)
    t = np.abs(path[k]).sum() if "ℓ1" in name else np.linalg.norm(path[k])
    ax.plot(*(t * ball), "k-", lw=1.2, label=rf"budget region at $\alpha$ = {geo_alphas[k]:.2g}")
    ax.plot(*path.T, "r.-", ms=3, lw=1, label=r"weights as $\alpha$ grows")
    ax.plot(*path[k], "ko", ms=6, label="solution: the dashed contour touches the region")
    ax.axhline(0, color="gray", lw=0.5), ax.axvline(0, color="gray", lw=0.5)
    ax.set(title=name, xlabel="$w_1$", ylabel="$w_2$", aspect="equal", xlim=(-2, 2.6), ylim=(-2, 2))
    ax.legend(loc="lower left", fontsize=7)
plots.save_fig("04_l1_l2_geometry")
plt.show()

# %% [markdown]
# ### Coefficient paths as $\alpha$ grows
#
# Ridge shrinks all weights smoothly towards 0; Lasso drops them to exactly 0 one after the other; Elastic
# Net is in between. (`Ridge` sums the squared errors while `Lasso`/`ElasticNet` average them with a factor
# $\frac1{2m}$, so Ridge gets `alpha` $= m\alpha$ here to put the three on a comparable axis.)

# %%
alphas = np.geomspace(1e-3, 1e3, 25)
paths = {"Ridge": np.array([Ridge(alpha=a * len(y_dia)).fit(X_dia, y_dia).coef_ for a in alphas]),
         "Lasso": np.array([Lasso(alpha=a).fit(X_dia, y_dia).coef_ for a in alphas]),
         "Elastic Net (r = 0.5)": np.array(
             [ElasticNet(alpha=a, l1_ratio=0.5).fit(X_dia, y_dia).coef_ for a in alphas])}

# %%
# extra code – draws the three coefficient paths
fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=True)
for ax, (name, coefs) in zip(axes, paths.items()):
    ax.semilogx(alphas, coefs)
    ax.axhline(0, color="k", lw=0.5)
    ax.set(title=name,
           xlabel=r"$\alpha$" + (r" (Ridge: alpha $= m\alpha$)" if name == "Ridge" else ""))
axes[0].set_ylabel("coefficient")
axes[-1].legend(feature_names, fontsize=7, ncols=2, loc="upper right")
plots.save_fig("04_regularization_paths")
plt.show()

# %%
# NBVAL_CHECK_OUTPUT
zero_counts = {name: [int(np.sum(coefs[k] == 0)) for k in (8, 12, 16, 20)]
               for name, coefs in paths.items()}
print("exact zeros out of 10 weights at alpha =", alphas[[8, 12, 16, 20]].round(3), zero_counts)
assert sum(zero_counts["Ridge"]) == 0 and zero_counts["Lasso"][-1] > zero_counts["Lasso"][0]


# %% [markdown]
# ### Early stopping
#
# Another way to regularize an iteratively trained model: stop training as soon as the validation error
# reaches its minimum, and keep the parameters of that moment. Below, a degree-12 polynomial on only 20 training
# days (synthetic, as before), trained by our `batch_gd` from $\theta = 0$, validated on 200 other days. Gradient
# descent first fits the smooth shape of the data and only later the noise; trained to convergence it would reach
# the least-squares fit.

# %%
def early_stopping_demo(seed, n_steps=20_000):
    """Degree 12 on 20 days, GD from 0: train/validation RMSE per step, and least squares' one."""
    X_days, y_days = make_ice_cream(220, seed)
    Z = scaled_vander(X_days[:, 0], 12)  # [1, t, ..., t^12], t = temperature mapped to [-1, 1]
    Z_tr, y_tr, Z_val, y_val = Z[:20], y_days[:20], Z[20:], y_days[20:]  # 200 days validate
    eta = 1 / np.linalg.eigvalsh(2 / 20 * Z_tr.T @ Z_tr).max()
    _, path = batch_gd(Z_tr, y_tr, eta=eta, n_epochs=n_steps, theta_init=np.zeros(13))
    train_curve = np.sqrt(np.mean((Z_tr @ path.T - y_tr[:, None]) ** 2, axis=0))
    val_curve = np.sqrt(np.mean((Z_val @ path.T - y_val[:, None]) ** 2, axis=0))
    val_lstsq = rmse(y_val, Z_val @ np.linalg.lstsq(Z_tr, y_tr, rcond=None)[0])
    return train_curve, val_curve, val_lstsq


# %%
train_curve, val_curve, val_lstsq = early_stopping_demo(SEED + 2)
best_epoch = int(np.argmin(val_curve))  # early stopping keeps the parameters of this step
print(f"validation RMSE: best {val_curve[best_epoch]:.2f} at step {best_epoch}, "
      f"after {len(val_curve) - 1} steps {val_curve[-1]:.2f}, "
      f"fully trained (least squares) {val_lstsq:.2f}")

# %%
# check: the early-stopped model beats the fully trained one
# (the step budget may end before the minimum).
# tests/test_any_seed_04.py: at seeds 0-299 the best of the first 1,000 steps already beats
# least squares (so the best of 20,000 does too); measured offline over 1,000 seeds: margin
# at least 0.24
assert val_curve[best_epoch] < val_lstsq
print(f"early-stopped {val_curve[best_epoch]:.2f} < least squares {val_lstsq:.2f} "
      f"(margin {val_lstsq - val_curve[best_epoch]:.2f})")

# %%
# extra code – draws the training and validation curves with the best step
fig, ax = plt.subplots(figsize=(6.4, 3.6))
steps_es = np.arange(1, len(val_curve) + 1)
plots.plot_learning_curves({"train": train_curve, "validation": val_curve}, x=steps_es, ax=ax,
                           xlabel="gradient-descent step", ylabel="RMSE")
ax.set_xscale("log")
ax.axvline(best_epoch + 1, color="k", ls=":", lw=1, label="best model (early stopping)")
ax.set_title("early stopping: degree 12 on 20 days, batch GD")
ax.legend()
plots.save_fig("04_early_stopping")
plt.show()

# %% [markdown]
# The dotted line marks the step with the lowest validation error, and where it falls depends on the
# seed. Often it comes within the first few hundred steps, and the validation error then creeps up
# while gradient descent starts fitting the noise. At some seeds the validation error falls again late
# in the run and the best step comes late, even at the last of the 20,000 steps drawn: then nothing is
# stopped early. What holds at each of the 300 seeds the unit test tries is the printed comparison:
# the best step beats the fully trained least-squares fit.
#
# **Takeaway:** regularization trades a little bias for a lot less variance; Lasso also selects features (the
# diamond's corners); early stopping is "free" regularization for anything trained iteratively.
#
# ## 5. Cross validation
#
# If there is too little data to afford splitting into train / validation / test sets, you can reuse the data
# with **cross-validation**:
#
# 1. split the data into $K$ equal folds ($K$ = 5 or 10),
# 2. train on $K-1$ folds (e.g. folds 1–9), test on the remaining one (fold 10),
# 3. repeat $K$ times, each fold once the test fold,
# 4. report the **average** score and its **standard deviation**.
#
# ✅ all data is used for evaluation (and for training); ❌ computationally expensive ($K$ fits instead of 1).
#
# Here on Ames with 8 numeric features. scikit-learn's `KFold` makes the folds (shuffled once, then cut
# into $K$ consecutive blocks); the CV loop itself is written from scratch and checked against
# `cross_val_score` on the same folds.

# %%
cv_features = ["area", "Bedroom.AbvGr", "Overall.Qual", "Year.Built", "Garage.Cars",
               "Total.Bsmt.SF", "Full.Bath", "Lot.Area"]
ames_num = ames[cv_features + ["price"]].dropna()
X_ames = ames_num[cv_features].to_numpy(dtype=float)
y_ames = ames_num["price"].to_numpy(dtype=float) / 1000
print(f"{len(y_ames)} houses with all {len(cv_features)} features")


# %%
def cross_validate_from_scratch(model, X, y, folds):
    """RMSE of a fresh clone of `model` on each test fold."""
    return np.array(
        [rmse(y[te], clone(model).fit(X[tr], y[tr]).predict(X[te])) for tr, te in folds])


# %%
# NBVAL_CHECK_OUTPUT
kfold = KFold(n_splits=5, shuffle=True, random_state=SEED)
folds = list(kfold.split(X_ames))  # (train indices, test indices) for each of the 5 folds
cv_model = make_pipeline(StandardScaler(), LinearRegression())
scores_scratch = cross_validate_from_scratch(cv_model, X_ames, y_ames, folds)
scores_sklearn = -cross_val_score(cv_model, X_ames, y_ames, cv=kfold,
                                  scoring="neg_root_mean_squared_error")
print("fold RMSEs (k$):", scores_scratch.round(2),
      f" 5-fold CV RMSE = {scores_scratch.mean():.2f} ± {scores_scratch.std():.2f}")

# %%
# check: the folds partition the houses; the loop gives the same scores as cross_val_score
test_parts = np.concatenate([te for _, te in folds])
assert np.array_equal(np.sort(test_parts), np.arange(len(y_ames)))
assert all(np.intersect1d(tr, te).size == 0 for tr, te in folds)
assert np.allclose(scores_scratch, scores_sklearn)
print("each house in exactly one test fold; cross_validate_from_scratch == cross_val_score")

# %% [markdown]
# **When to use it, and its cost.** With little data a single hold-out split is a lottery: below, 60 houses,
# a 20 % hold-out RMSE for 50 different random splits, vs 5-fold CV repeated with 50 different shuffles.

# %%
small = np.random.default_rng(SEED).choice(len(y_ames), 60, replace=False)
X_small, y_small = X_ames[small], y_ames[small]
start = time.perf_counter()
holdout = [rmse(y_te, clone(cv_model).fit(X_tr, y_tr).predict(X_te)) for X_tr, X_te, y_tr, y_te in
           (train_test_split(X_small, y_small, test_size=0.2, random_state=s) for s in range(50))]
t_holdout, start = time.perf_counter() - start, time.perf_counter()
cv_means = [cross_validate_from_scratch(cv_model, X_small, y_small,
                                        KFold(5, shuffle=True, random_state=s).split(X_small)
                                        ).mean() for s in range(50)]
t_cv = time.perf_counter() - start
print(f"hold-out estimate: {np.mean(holdout):.1f} ± {np.std(holdout):.1f} k$ across splits  "
      f"({t_holdout:.2f} s)")
print(f"5-fold CV estimate: {np.mean(cv_means):.1f} ± {np.std(cv_means):.1f} k$ across shuffles "
      f"({t_cv:.2f} s)")

# %%
# check: CV's estimate varies less than the hold-out estimate
assert np.std(cv_means) < np.std(holdout)  # measured at seeds 42 / 1234: 2.1 vs 11.3 / 2.1 vs 11.6

# %% [markdown]
# CV's estimate varies less from one shuffle to the next than the hold-out estimate does from one split to
# the next (compare the two ± above), but it costs 5 fits instead of 1.
#
# **Takeaway:** report the mean ± standard deviation over the folds; CV buys a stable estimate with $K$ times
# the compute.

# %% [markdown]
# ## 6. Hyper parameter optimization
#
# Automated procedures to find good hyper-parameters:
#
# - **Grid search**: try every combination of a few values of each hyper-parameter (`GridSearchCV`),
# - **Random search**: sample hyper-parameter values at random from distributions (`RandomizedSearchCV`).
#
# ⚠️ Optimizing hyper-parameters is also a form of training: the selected model **overfits the validation
# data**, so its CV score is optimistic.
#
# **Best practice**
#
# 1. Split off the test set and do not touch it!
# 2. Develop your model, optimizing hyper-parameters with (random) search in combination with cross-validation.
# 3. Retrain your model on all training data using the best hyper-parameters.
# 4. Evaluate the model (once) on the test data.

# %%
X_train_a, X_test_a, y_train_a, y_test_a = train_test_split(X_ames, y_ames, test_size=0.2,
                                                            random_state=SEED)  # 1.
search_model = make_pipeline(StandardScaler(), PolynomialFeatures(include_bias=False),
                             StandardScaler(), Ridge())
param_grid = {"polynomialfeatures__degree": [1, 2, 3], "ridge__alpha": [0.1, 1.0, 10.0, 100.0]}
param_dist = {"polynomialfeatures__degree": randint(1, 4), "ridge__alpha": loguniform(1e-2, 1e4)}
searches = {  # 2. both searched with 5-fold CV on the training set only
    "grid": GridSearchCV(search_model, param_grid, cv=kfold, scoring="neg_root_mean_squared_error"),
    "random": RandomizedSearchCV(search_model, param_dist, n_iter=N_SEARCH_ITER, cv=kfold,
                                 random_state=SEED, scoring="neg_root_mean_squared_error")}
for name, search in searches.items():
    search.fit(X_train_a, y_train_a)
    bp = search.best_params_
    print(f"{name:>6} search: {len(search.cv_results_['params'])} candidates x 5 folds; "
          f"best degree {bp['polynomialfeatures__degree']}, alpha {bp['ridge__alpha']:.3g}, "
          f"CV RMSE {-search.best_score_:.2f} k$")

# %% [markdown]
# **Why random search explores more.** With the same budget (12 candidates each at quick scale; `N_SEARCH_ITER`
# sets random search's), the grid tries only 4 distinct values of `alpha` (each 3 times, once per degree), while
# random search tries a new `alpha` every time.
# When one hyper-parameter matters much more than the others (common), the grid wastes most of its budget
# repeating the same few values of it.

# %%
distinct = {name: len(np.unique(search.cv_results_["param_ridge__alpha"].astype(float)))
            for name, search in searches.items()}
print(f"distinct alpha values tried: grid {distinct['grid']}, random {distinct['random']} "
      f"(of {N_SEARCH_ITER} candidates)")
assert distinct["random"] > distinct["grid"]

# %%
# extra code – draws the candidates of both searches in the (alpha, degree) plane
fig, ax = plt.subplots(figsize=(8, 3.4))
all_rmse = np.concatenate([-search.cv_results_["mean_test_score"] for search in searches.values()])
for (name, search), marker, dy in zip(searches.items(), ["s", "o"], [-0.08, 0.08]):
    res = search.cv_results_
    sc = ax.scatter(res["param_ridge__alpha"].astype(float),
                    res["param_polynomialfeatures__degree"].astype(int) + dy,
                    c=-res["mean_test_score"], cmap="viridis", vmin=all_rmse.min(),
                    vmax=all_rmse.max(), marker=marker, s=50, edgecolor="k", label=f"{name} search")
fig.colorbar(sc, ax=ax, label="CV RMSE (k$), darker = better")  # one colour scale for both searches
ax.set(xscale="log", xlabel="ridge alpha", ylabel="polynomial degree", yticks=[1, 2, 3],
       ylim=(0.6, 3.4), title="candidates tried by each search")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=2, fontsize=8)
plots.save_fig("04_grid_vs_random_search")
plt.show()

# %%
# best_score_ is a negated RMSE
best_name = max(searches, key=lambda name: searches[name].best_score_)
final_model = clone(search_model).set_params(**searches[best_name].best_params_).fit(
    X_train_a, y_train_a)  # 3.
test_rmse_final = rmse(y_test_a, final_model.predict(X_test_a))  # 4. once
print(f"best CV score: the {best_name} search's candidate (a pick on 5 folds, not a verdict "
      f"on grid vs random); final model test RMSE {test_rmse_final:.2f} k$ "
      f"(CV estimate was {-searches[best_name].best_score_:.2f} k$)")

# %%
# check: our final model == the search's refitted best_estimator_
assert np.allclose(final_model.predict(X_test_a),
                   searches[best_name].best_estimator_.predict(X_test_a))  # refit did it

# %% [markdown]
# The test RMSE may land above or below the CV estimate: one test set of about 590 houses has noise of its own,
# so this single comparison cannot show the optimism of the best CV score. A cleaner experiment can.
#
# **Showing that the search overfits the validation data.** Give a search pure noise: 50 samples with 10
# random features and *random* labels (25 of each class), so no model can beat 50 % accuracy on new data. The
# search tries `N_NOISE_CANDIDATES` = 100 k-nearest-neighbour classifiers (chapter 3), each with a random $k$
# (1, 3, 5 or 7) and a random subset of 3 of the 10 features, scored by stratified 5-fold CV (every fold holds
# 5 samples of each class). Each candidate's CV accuracy is a noisy number around 50 %, and the search keeps the
# **largest of 100 noisy numbers**: above 50 % by construction, because the winner was selected *for* being lucky
# on those validation folds. A fresh test set of 5,000 samples reveals the truth. (The CV loop is written in
# numpy, so that a unit test can rerun the whole search at 300 seeds; the check compares it with
# `cross_val_score`.)

# %%
N_NOISE_CANDIDATES = 100  # k-NN settings tried by the search on random labels


def knn_vote(sq_dist, y_train, k):
    """Majority class of the k nearest training points (2 classes, odd k); a row per query."""
    nearest = np.argsort(sq_dist, axis=1)[:, :k]
    return (y_train[nearest].mean(axis=1) > 0.5).astype(int)


def search_on_noise(seed, n_candidates=N_NOISE_CANDIDATES):
    """Random search of k-NN settings (k, 3 of 10 features) with 5-fold CV on 50 random labels."""
    r = np.random.default_rng(seed)
    X, y = r.standard_normal((50, 10)), r.permutation(np.arange(50) % 2)  # 25 + 25 random labels
    X_new, y_new = r.standard_normal((5000, 10)), r.integers(0, 2, 5000)  # a fresh test set
    features = [np.sort(r.choice(10, 3, replace=False)) for _ in range(n_candidates)]
    ks = r.choice([1, 3, 5, 7], n_candidates)
    folds = list(StratifiedKFold(5, shuffle=True, random_state=seed).split(X, y))
    cv_acc = np.zeros(n_candidates)
    for c, (f, k) in enumerate(zip(features, ks)):
        sq_dist = ((X[:, None, f] - X[None, :, f]) ** 2).sum(axis=-1)  # all pairs of samples
        fold_acc = [np.mean(knn_vote(sq_dist[np.ix_(te, tr)], y[tr], k) == y[te])
                    for tr, te in folds]
        cv_acc[c] = np.mean(fold_acc)
    best = int(np.argmax(cv_acc))  # the search keeps the candidate with the best CV accuracy
    f, k = features[best], int(ks[best])
    sq_new = ((X_new[:, None, f] - X[None, :, f]) ** 2).sum(axis=-1)
    test_acc = np.mean(knn_vote(sq_new, y, k) == y_new)
    return {"cv_acc": cv_acc, "test_acc": test_acc, "X_best": X[:, f], "y": y, "k": k,
            "folds": folds}


# %%
noise_run = search_on_noise(SEED)
best_cv = noise_run["cv_acc"].max()
print(f"CV accuracy of the {N_NOISE_CANDIDATES} candidates: mean {noise_run['cv_acc'].mean():.3f}, "
      f"lowest {noise_run['cv_acc'].min():.3f}")
print(f"best CV accuracy on random labels: {best_cv:.3f}  <- optimistic")
print(f"its accuracy on a fresh test set : {noise_run['test_acc']:.3f}  <- chance level")

# %%
# check: the numpy CV loop == cross_val_score for the winner; its CV accuracy is optimistic.
# tests/test_any_seed_04.py: at seeds 0-299 best CV - test accuracy >= 0.08; test-set s.e. 0.007
from sklearn.neighbors import KNeighborsClassifier  # chapter 3's classifier

knn_best = KNeighborsClassifier(n_neighbors=noise_run["k"])
cv_sklearn = cross_val_score(knn_best, noise_run["X_best"], noise_run["y"],
                             cv=noise_run["folds"])
assert np.isclose(cv_sklearn.mean(), best_cv)
assert best_cv > noise_run["test_acc"] + 0.05 and abs(noise_run["test_acc"] - 0.5) < 0.03
print("numpy CV == cross_val_score; best CV - test accuracy "
      f"{best_cv - noise_run['test_acc']:+.3f}, needs > 0.05")


# %% [markdown]
# **Takeaway:** search with CV on the training set, retrain, and touch the test set once; the best CV score is
# an optimistic estimate.
#
# ## 7. Logistic and Softmax
#
# ### Why not use linear regression for classification?
#
# Regression models predict an exact value. Fitting class labels 0/1 with least squares, the model is pulled by
# every point, including points that are *already* classified correctly: an easy, far-away example moves the line
# (gradient descent would change the weights to adjust to it), introducing errors for other data. Below:
# **synthetic** tumour sizes (benign = 0, malignant = 1); we threshold the regression at 0.5. Then we add
# five very large, obviously malignant tumours: five more *easy* examples.

# %%
def make_tumours(seed):
    """60 synthetic tumour sizes: 30 benign around 3, 30 malignant around 5."""
    r = np.random.default_rng(seed)
    return np.r_[r.normal(3, 0.8, 30), r.normal(5, 0.8, 30)], np.r_[np.zeros(30), np.ones(30)]


def boundaries(x, y):
    """Decision boundaries (size where the output crosses 0.5) of linear and logistic regression,
    and the models."""
    reg = LinearRegression().fit(x.reshape(-1, 1), y)
    clf = LogisticRegression().fit(x.reshape(-1, 1), y)
    return (0.5 - reg.intercept_) / reg.coef_[0], -clf.intercept_[0] / clf.coef_[0, 0], reg, clf


outliers = np.array([15.0, 18.0, 20.0, 22.0, 25.0])  # huge, obviously malignant

# %%
size, label = make_tumours(SEED)
b_lin, b_log, reg_a, _ = boundaries(size, label)
b_lin_out, b_log_out, reg_b, clf_b = boundaries(np.r_[size, outliers], np.r_[label, np.ones(5)])
print(f"linear regression  : boundary {b_lin:.2f} -> {b_lin_out:.2f} after the 5 easy examples")
print(f"logistic regression: boundary {b_log:.2f} -> {b_log_out:.2f}")
assert b_lin_out - b_lin > 0.3 and abs(b_log_out - b_log) < 0.01


# %% [markdown]
# Does the moved boundary cost accuracy? On one small data set that is a matter of luck (it depends on the few tumours
# near the boundary), so we repeat the experiment on 50 simulated data sets and measure the accuracy on the 60
# original tumours before and after adding the easy examples. The two accuracies are paired (same data set), so
# the course's comparison helper `compare` (from `utils.compare`) judges the difference: the mean of the 50 paired
# differences and its 95 % interval; it names a winner only when the interval excludes 0.

# %%
def easy_examples_demo(seed):
    """One data set: boundary shifts; accuracies (rows: before/after, columns: linear/logistic)."""
    x, y = make_tumours(seed)
    before = boundaries(x, y)[:2]
    after = boundaries(np.r_[x, outliers], np.r_[y, np.ones(5)])[:2]
    accuracy = [[np.mean((x > b) == y) for b in bounds] for bounds in (before, after)]
    return np.subtract(after, before), np.array(accuracy)


# %%
tumour_runs = [easy_examples_demo(SEED + s) for s in range(50)]
shifts = np.array([shift for shift, _ in tumour_runs])  # (50, 2): linear, logistic
tumour_acc = np.array([acc for _, acc in tumour_runs])  # (50, 2, 2): before/after, linear/logistic
print(f"linear regression's boundary moved right in {np.sum(shifts[:, 0] > 0)} of 50 data sets")
for col, name in enumerate(["linear", "logistic"]):
    print(f"{name:>8} regression: mean accuracy {tumour_acc[:, 0, col].mean():.3f} before, "
          f"{tumour_acc[:, 1, col].mean():.3f} after the easy examples")
drop_verdict = compare(tumour_acc[:, 0, 0], tumour_acc[:, 1, 0], names=("before", "after"),
                       over="data sets")
print("linear regression:", drop_verdict)

# %%
# check: linear regression's boundary moves right every time and the verdict: that costs accuracy;
# logistic regression's boundary stays put.
# tests/test_any_seed_04.py: every window of 50 data sets starting at seeds 0-299
assert shifts[:, 0].min() > 0 and drop_verdict.winner == "before"
assert np.abs(shifts[:, 1]).max() < 0.01
assert np.abs(tumour_acc[:, 0, 1] - tumour_acc[:, 1, 1]).max() < 0.02
print(f"linear boundary shift {shifts[:, 0].min():.2f} to {shifts[:, 0].max():.2f}; "
      f"logistic boundary shift at most {np.abs(shifts[:, 1]).max():.4f}")

# %%
# extra code – draws both fits before/after the easy examples
fig, ax = plt.subplots(figsize=(7.5, 3.6))
xs = np.linspace(0, 26, 400).reshape(-1, 1)
ax.scatter(np.r_[size, outliers], np.r_[label, np.ones(5)], c=np.r_[label, np.ones(5)],
           cmap="coolwarm", s=18, edgecolor="k", lw=0.3)
ax.plot(xs, reg_a.predict(xs), "g--", label="linear regression")
ax.plot(xs, reg_b.predict(xs), "g-", label="linear regression + easy examples")
ax.plot(xs, clf_b.predict_proba(xs)[:, 1], "m-", label="logistic regression + easy examples")
for b, style in [(b_lin, "g--"), (b_lin_out, "g-"), (b_log_out, "m:")]:
    ax.axvline(b, color=style[0], ls=style[1:], lw=0.8)
ax.axhline(0.5, color="k", lw=0.5)
ax.set(ylim=(-0.3, 1.5), xlabel="tumour size (synthetic)", ylabel="predicted value / probability")
ax.legend(fontsize=8, loc="upper left")
plots.save_fig("04_linear_vs_logistic_outliers")
plt.show()


# %% [markdown]
# Linear regression's boundary moves right in every data set, and the verdict above says that this costs accuracy
# (some malignant tumours now fall on the benign side; the check holds at every seed the unit test tries);
# logistic regression's boundary does not move. Linear regression also predicts values below
# 0 and above 1, which are not probabilities.
#
# ⚠️ **Logistic and Softmax: despite the name, they are not regression but classification models.**
#
# ### Logistic regression
#
# $$\hat p = h_\theta(\mathbf x) = \sigma(\mathbf x^\top\theta),\qquad \sigma(t) = \frac1{1+\exp(-t)},
# \qquad \hat y = \begin{cases}1 & \hat p \ge 0.5\\ 0 & \hat p < 0.5\end{cases}$$
#
# e.g. $\hat p = \sigma(0.25\,x_1 + 0.125\,x_2 - 1)$. The sigmoid is $> 0.5$ if its input is positive and
# $< 0.5$ if its input is negative, so the decision boundary is the line $\mathbf x^\top\theta = 0$. A probability
# close to 0 or 1 means the sample lies far from the decision boundary; close to 0.5, near it.

# %%
def sigmoid(z):
    """The logistic function 1 / (1 + e^-z) (the textbook writes its input t)."""
    return 1 / (1 + np.exp(-z))


t = np.linspace(-10, 10, 401)

# %%
# check: sigmoid(t) > 0.5 exactly when t > 0, and sigmoid(0) = 0.5
assert np.array_equal(sigmoid(t[t != 0]) > 0.5, t[t != 0] > 0) and sigmoid(0.0) == 0.5

# %%
# NBVAL_CHECK_OUTPUT
theta_notes = np.array([-1.0, 0.25, 0.125])  # [bias, w1, w2]
points = np.array([[0, 0], [2, 4], [4, 8], [8, 0], [1, 1], [10, 10]])
t_vals = add_bias(points) @ theta_notes
print(" x1  x2      t  p_hat  class  signed distance to the boundary")
for (x1, x2), t_val in zip(points, t_vals):
    print(f"{x1:3d} {x2:3d} {t_val:6.3f} {sigmoid(t_val):6.3f} {int(sigmoid(t_val) >= 0.5):6d} "
          f"{t_val / np.linalg.norm(theta_notes[1:]):10.2f}")

# %%
# extra code – draws the sigmoid and the probability map of the notes' example
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 3.4))
ts = np.linspace(-10, 10, 200)
ax0.plot(ts, sigmoid(ts), "b-", lw=2, label=r"$\sigma(t) = 1/(1+e^{-t})$")
ax0.axhline(0.5, color="k", ls=":", lw=0.8), ax0.axvline(0, color="k", lw=0.8)
ax0.fill_between(ts, 0, 1, where=ts > 0, alpha=0.1, color="tab:green",
                 label=r"$t>0 \Rightarrow \hat p>0.5$")
ax0.set(xlabel="t", title="sigmoid")
ax0.legend(loc="upper left", fontsize=8)
g1, g2 = np.meshgrid(np.linspace(0, 10, 200), np.linspace(0, 10, 200))
cs = ax1.contourf(g1, g2, sigmoid(0.25 * g1 + 0.125 * g2 - 1), levels=20, cmap="RdBu_r", alpha=0.7)
ax1.contour(g1, g2, 0.25 * g1 + 0.125 * g2 - 1, levels=[0], colors="k")
fig.colorbar(cs, ax=ax1, label=r"$\hat p$")
ax1.set(xlabel="$x_1$", ylabel="$x_2$",
        title=r"$\hat p = \sigma(0.25x_1 + 0.125x_2 - 1)$, boundary $\hat p=0.5$")
plots.save_fig("04_sigmoid")
plt.show()


# %% [markdown]
# #### Training logistic regression
#
# Goal: find the optimal parameters $\hat\theta$ that define the line that best separates the data. Optimise a
# cost function, the **log loss**, with gradient descent:
#
# $$J(\theta) = -\frac1m\sum_{i=1}^m\Big[y^{(i)}\log\hat p^{(i)} + (1-y^{(i)})\log\big(1-\hat p^{(i)}\big)\Big],
# \qquad \frac{\partial J}{\partial\theta_j} = \frac1m\sum_{i=1}^m\big(\sigma(\theta^\top\mathbf x^{(i)}) - y^{(i)}\big)x_j^{(i)},$$
#
# i.e. $\nabla_\theta J = \frac1m\mathbf X_b^\top(\sigma(\mathbf X_b\theta)-\mathbf y)$: the same shape as the MSE
# gradient. $J$ is convex, so GD finds the global minimum. Data: iris (real), is it *Iris virginica* from its
# petal width? For parity with `LogisticRegression` (which adds an $\ell_2$ penalty by default) we set
# `C=np.inf` (no penalty).

# %%
def log_loss_from_scratch(y, p):
    """Mean binary cross-entropy."""
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def log_loss_gradient(X_b, y, theta):
    """Gradient of the log loss: 1/m X_b^T (sigmoid(X_b theta) - y)."""
    return X_b.T @ (sigmoid(X_b @ theta) - y) / len(y)


def logistic_gd(X_b, y, eta, n_epochs):
    """Batch GD on the log loss from theta = 0."""
    theta = np.zeros(X_b.shape[1])
    for _ in range(n_epochs):
        theta = theta - eta * log_loss_gradient(X_b, y, theta)
    return theta


# %%
iris = data.load("iris")
petal_width = iris.data[:, 3]
is_virginica = (iris.target == 2).astype(float)
Xb_pw = add_bias(petal_width)
# check: the gradient against finite differences
theta_check = np.array([-3.0, 2.0])
numeric = [(log_loss_from_scratch(is_virginica, sigmoid(Xb_pw @ (theta_check + eps * e)))
            - log_loss_from_scratch(is_virginica, sigmoid(Xb_pw @ (theta_check - eps * e))))
           / (2 * eps) for e in np.eye(2)]
assert np.allclose(log_loss_gradient(Xb_pw, is_virginica, theta_check), numeric, atol=1e-6)

# %%
# NBVAL_CHECK_OUTPUT
theta_log = logistic_gd(Xb_pw, is_virginica, eta=1.0, n_epochs=60_000)
log_reg = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(petal_width.reshape(-1, 1),
                                                                       is_virginica)
p_scratch, p_sklearn = (sigmoid(Xb_pw @ theta_log),
                        log_reg.predict_proba(petal_width.reshape(-1, 1))[:, 1])
decision_boundary = -theta_log[0] / theta_log[1]
print("theta from scratch:", theta_log.round(3), " LogisticRegression:",
      np.r_[log_reg.intercept_, log_reg.coef_[0]].round(3))
print(f"log loss {log_loss_from_scratch(is_virginica, p_scratch):.4f}; decision boundary: "
      f"petal width = {decision_boundary:.2f} cm")

# %%
# check: same parameters, probabilities, classes and log loss as LogisticRegression(C=inf)
assert (np.allclose(theta_log, np.r_[log_reg.intercept_, log_reg.coef_[0]], atol=1e-3)
        and np.allclose(p_scratch, p_sklearn, atol=1e-4))
assert np.array_equal(p_scratch >= 0.5, log_reg.predict(petal_width.reshape(-1, 1)) == 1)
assert np.isclose(log_loss_from_scratch(is_virginica, p_scratch), log_loss(is_virginica, p_sklearn),
                  atol=1e-6)
print("logistic GD from scratch == LogisticRegression(C=np.inf)")

# %%
# extra code – draws the estimated probabilities against petal width
w_plot = np.linspace(0, 3, 300)
fig, ax = plt.subplots(figsize=(7, 3.6))
p_plot = sigmoid(add_bias(w_plot) @ theta_log)
ax.plot(w_plot, p_plot, "g-", lw=2, label="P(Iris virginica)")
ax.plot(w_plot, 1 - p_plot, "b--", lw=2, label="P(not Iris virginica)")
ax.axvline(decision_boundary, color="k", ls=":", lw=1.5,
           label=f"decision boundary {decision_boundary:.2f} cm")
ax.plot(petal_width[is_virginica == 0], np.zeros((is_virginica == 0).sum()) - 0.03, "bs", ms=3)
ax.plot(petal_width[is_virginica == 1], np.ones((is_virginica == 1).sum()) + 0.03, "g^", ms=3)
ax.set(xlabel="petal width (cm)", ylabel="probability")
ax.legend(loc="center left", fontsize=8)
plots.save_fig("04_logistic_petal_width")
plt.show()

# %% [markdown]
# With two features (petal length and width, standardised so one learning rate suits both) the decision
# boundary is a straight line: $\theta_0 + \theta_1 x_1 + \theta_2 x_2 = 0$.

# %%
# NBVAL_CHECK_OUTPUT
X_petal = iris.data[:, 2:]
petal_scaler = StandardScaler().fit(X_petal)
Z_petal = petal_scaler.transform(X_petal)
theta_log2 = logistic_gd(add_bias(Z_petal), is_virginica, eta=2.0, n_epochs=60_000)
log_reg2 = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(Z_petal, is_virginica)
p2_scratch = sigmoid(add_bias(Z_petal) @ theta_log2)
print("theta (standardised features):", theta_log2.round(2),
      f" training accuracy {np.mean((p2_scratch >= 0.5) == is_virginica):.3f}")

# %%
# check: our two-feature logistic regression == LogisticRegression
assert np.allclose(p2_scratch, log_reg2.predict_proba(Z_petal)[:, 1], atol=1e-3)

# %%
# extra code – draws P(virginica) over the petal plane
fig, ax = plt.subplots(figsize=(7, 4))
plots.plot_decision_boundary(lambda X: sigmoid(add_bias(petal_scaler.transform(X)) @ theta_log2),
                             X_petal, is_virginica.astype(int), ax=ax, proba=True,
                             labels=["not virginica", "virginica"],
                             axis_labels=("petal length (cm)", "petal width (cm)"))
ax.set_title("logistic regression from scratch: P(virginica), boundary at 0.5")
plots.save_fig("04_logistic_2d_boundary")
plt.show()


# %% [markdown]
# **Takeaway:** logistic regression = linear score + sigmoid + log loss; its gradient has the same form as
# linear regression's.
#
# ### Softmax regression
#
# For more than one class: compute a score per class $k$, $s_k(\mathbf x) = \mathbf x^\top\theta^{(k)}$, then
# predict a probability for each class and normalise them to sum to one using the **softmax**:
#
# $$\hat p_k = \sigma(\mathbf s(\mathbf x))_k = \frac{\exp(s_k(\mathbf x))}{\sum_{j=1}^{K}\exp(s_j(\mathbf x))},\qquad
# \hat y = \operatorname{argmax}_k \hat p_k .$$
#
# The model is trained using gradient descent with the **cross-entropy** loss ($y_k^{(i)}$ = 1 if sample $i$ is
# of class $k$, else 0):
#
# $$J(\Theta) = -\frac1m\sum_{i=1}^m\sum_{k=1}^K y_k^{(i)}\log\hat p_k^{(i)},\qquad
# \nabla_{\theta^{(k)}}J = \frac1m\sum_{i=1}^m\big(\hat p_k^{(i)} - y_k^{(i)}\big)\mathbf x^{(i)} .$$
#
# With $K = 2$ it is exactly logistic regression. `LogisticRegression` on 3 classes is multinomial (softmax) and
# minimises $C\sum_i\text{CE}_i + \frac12\lVert\mathbf W\rVert^2$, i.e. the mean cross-entropy plus
# $\frac{1}{2Cm}\lVert\mathbf W\rVert^2$ (weights only, not the biases): our batch GD with that penalty converges
# to the same model.

# %%
def softmax(scores):
    """Row-wise softmax (minus the row max: no overflow, same result)."""
    exps = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def cross_entropy(Y_onehot, P):
    """Mean cross-entropy of predicted probabilities P against one-hot targets."""
    return -np.mean(np.sum(Y_onehot * np.log(P + 1e-15), axis=1))


def softmax_gradient(X_b, Y_onehot, Theta, l2=0.0):
    """Gradient of cross-entropy + l2/2 ||weights||² (bias row not penalised); Theta has one column
    per class."""
    grad = X_b.T @ (softmax(X_b @ Theta) - Y_onehot) / len(X_b)
    grad[1:] += l2 * Theta[1:]
    return grad


def softmax_gd(X_b, Y_onehot, eta, n_epochs, l2=0.0):
    """Batch GD for softmax regression from Theta = 0."""
    Theta = np.zeros((X_b.shape[1], Y_onehot.shape[1]))
    for _ in range(n_epochs):
        Theta = Theta - eta * softmax_gradient(X_b, Y_onehot, Theta, l2)
    return Theta


# %%
# NBVAL_CHECK_OUTPUT
Y_iris, C = np.eye(3)[iris.target], 10.0
Theta_full = softmax_gd(add_bias(Z_petal), Y_iris, eta=1.0, n_epochs=20_000,
                        l2=1 / (C * len(Y_iris)))
softmax_reg = LogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(Z_petal, iris.target)
P_scratch, P_sklearn = softmax(add_bias(Z_petal) @ Theta_full), softmax_reg.predict_proba(Z_petal)
print("weights from scratch (one row per class):\n", Theta_full[1:].T.round(3))
print(f"cross-entropy: {cross_entropy(Y_iris, P_scratch):.4f} (ours) "
      f"vs {log_loss(iris.target, P_sklearn):.4f} (LogisticRegression)")

# %%
# check: same weights, probabilities and classes as the multinomial LogisticRegression
assert (np.allclose(Theta_full[1:].T, softmax_reg.coef_, atol=1e-3)
        and np.allclose(P_scratch, P_sklearn, atol=1e-4))
assert np.array_equal(P_scratch.argmax(1), softmax_reg.predict(Z_petal))
print("softmax GD from scratch == LogisticRegression (multinomial, C = 10)")

# %% [markdown]
# #### Batch GD with early stopping
#
# HOML's last exercise, done here: split iris 60/20/20 into train/validation/test, standardise with training
# statistics only, run batch GD and stop when the validation loss has not improved for 200 epochs, keeping the
# best parameters. We add the same small $\ell_2$ penalty as `LogisticRegression(C=10)` (without it, when the
# classes are nearly separable, the validation loss can keep creeping down for tens of thousands of epochs).

# %%
perm = np.random.default_rng(SEED).permutation(len(iris.target))
test_idx, val_idx, train_idx = perm[:30], perm[30:60], perm[60:]
sm_scaler = StandardScaler().fit(X_petal[train_idx])
Xb_sm, y_iris = add_bias(sm_scaler.transform(X_petal)), iris.target


# %%
def softmax_gd_early_stopping(X_b, Y, X_b_val, Y_val, eta=0.5, max_epochs=20_001, patience=200,
                              l2=0.0):
    """Batch GD for softmax regression; stops after `patience` epochs without a better validation
    loss."""
    Theta = np.zeros((X_b.shape[1], Y.shape[1]))
    best_loss, best_Theta, best_epoch, history = np.inf, Theta, 0, {"train": [], "validation": []}
    for epoch in range(max_epochs):
        history["train"].append(cross_entropy(Y, softmax(X_b @ Theta)))
        history["validation"].append(cross_entropy(Y_val, softmax(X_b_val @ Theta)))
        if history["validation"][-1] < best_loss - 1e-7:
            best_loss, best_Theta, best_epoch = history["validation"][-1], Theta.copy(), epoch
        elif epoch - best_epoch >= patience:
            break  # early stopping
        Theta = Theta - eta * softmax_gradient(X_b, Y, Theta, l2)
    return best_Theta, best_epoch, history


# %%
Theta_es, best_epoch_sm, history_sm = softmax_gd_early_stopping(
    Xb_sm[train_idx], Y_iris[train_idx], Xb_sm[val_idx], Y_iris[val_idx],
    l2=1 / (C * len(train_idx)))
pred_test = softmax(Xb_sm[test_idx] @ Theta_es).argmax(1)
test_acc_scratch = np.mean(pred_test == y_iris[test_idx])
pred_test_sk = LogisticRegression(C=C, max_iter=1000).fit(
    Xb_sm[train_idx, 1:], y_iris[train_idx]).predict(Xb_sm[test_idx, 1:])
print(f"best validation loss at epoch {best_epoch_sm} of {len(history_sm['train'])} run; "
      f"test accuracy {test_acc_scratch:.3f}")
print(f"agreement with LogisticRegression (C={C}, the same penalty) on the 30 test flowers: "
      f"{np.mean(pred_test == pred_test_sk):.3f}")

# %%
# check: early-stopped softmax is accurate on the test flowers and agrees with LogisticRegression
# measured at seeds 42 / 1234: test accuracy 0.933 / 0.933, agreement 1.000 / 1.000
assert test_acc_scratch >= 0.85 and np.mean(pred_test == pred_test_sk) >= 0.9

# %%
# example prediction: a flower with 5 cm long and 2 cm wide petals
p_example = softmax(add_bias(sm_scaler.transform([[5.0, 2.0]])) @ Theta_es)[0]
print("petal 5 cm x 2 cm ->",
      {str(n): float(p) for n, p in zip(iris.target_names, p_example.round(3))},
      "->", iris.target_names[p_example.argmax()])
assert np.isclose(p_example.sum(), 1.0) and iris.target_names[p_example.argmax()] == "virginica"

# %%
# extra code – draws the loss curves with the stopping epoch, and the decision regions with
# P(versicolor) contours
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(12, 4))
plots.plot_learning_curves(history_sm, ax=ax0, xlabel="epoch", ylabel="cross-entropy",
                           title="softmax regression, batch GD", logy=True)
ax0.axvline(best_epoch_sm, color="k", ls=":", lw=1)
plots.plot_decision_boundary(lambda X: softmax(add_bias(sm_scaler.transform(X))
                                               @ Theta_es).argmax(1),
                             X_petal, y_iris, ax=ax1, labels=list(iris.target_names),
                             axis_labels=("petal length (cm)", "petal width (cm)"))
g_len, g_wid = np.meshgrid(np.linspace(0.5, 7.5, 200), np.linspace(-0.4, 3.0, 200))
P_grid = softmax(add_bias(sm_scaler.transform(np.c_[g_len.ravel(), g_wid.ravel()])) @ Theta_es)
cs = ax1.contour(g_len, g_wid, P_grid[:, 1].reshape(g_len.shape), levels=[0.3, 0.5, 0.7, 0.9],
                 cmap="Greys", linewidths=0.8)
ax1.clabel(cs, fontsize=7)
ax1.set_title("decision regions, P(versicolor) contours")
plots.save_fig("04_softmax_decision_regions")
plt.show()

# %% [markdown]
# **Takeaway:** softmax regression = one linear score per class + softmax + cross-entropy, trained exactly like
# logistic regression; early stopping keeps the parameters with the best validation loss.

# %% [markdown]
# ## Exam practice
#
# Try each question first (on paper, or in the `# Your answer:` cell), then open the worked solution below it
# (collapsed). Numeric answers: give them to about 3 significant digits.

# %% [markdown]
# ### Question 1 — normal equation by hand
#
# Fit $y = \theta_0 + \theta_1 x$ to the three points $(0, 1), (1, 3), (2, 4)$ with the normal equation
# $\hat\theta = (\mathbf X_b^\top\mathbf X_b)^{-1}\mathbf X_b^\top\mathbf y$, by hand. Give $(\theta_0, \theta_1)$.

# %%
# Your answer:
q1_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
Xq, yq = add_bias(np.array([0.0, 1.0, 2.0])), np.array([1.0, 3.0, 4.0])
XtX, Xty = Xq.T @ Xq, Xq.T @ yq
print("X_b^T X_b =", XtX.tolist(), "  X_b^T y =", Xty.tolist())
det = XtX[0, 0] * XtX[1, 1] - XtX[0, 1] * XtX[1, 0]
inv_2x2 = np.array([[XtX[1, 1], -XtX[0, 1]], [-XtX[1, 0], XtX[0, 0]]]) / det
print("determinant =", det, " inverse = (1/det) *", (inv_2x2 * det).tolist())
q1_answer = tuple(inv_2x2 @ Xty)
print("theta =", np.round(q1_answer, 4), "= (7/6, 3/2)")
lin_q1 = LinearRegression().fit(Xq[:, 1:], yq)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: the hand computation == LinearRegression
assert np.allclose(q1_answer, np.r_[lin_q1.intercept_, lin_q1.coef_])

# %% [markdown]
# ### Question 2 — one batch gradient-descent step
#
# Same three points, start at $\theta = (0, 0)$, learning rate $\eta = 0.1$. Do one batch gradient-descent step
# on the MSE: $\theta \leftarrow \theta - \eta\,\frac2m\mathbf X_b^\top(\mathbf X_b\theta - \mathbf y)$. Give the new $(\theta_0, \theta_1)$.

# %%
# Your answer:
q2_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
errors = Xq @ np.zeros(2) - yq
grad_q2 = 2 / len(yq) * Xq.T @ errors
print("errors =", errors, " gradient = 2/3 * X_b^T errors =", grad_q2.round(4))
q2_answer = tuple(np.zeros(2) - 0.1 * grad_q2)
print("theta after one step =", np.round(q2_answer, 4))
assert np.allclose(q2_answer, batch_gd(Xq, yq, eta=0.1, n_epochs=1, theta_init=[0, 0])[0])

# %% [markdown]
# ### Question 3 — one stochastic gradient-descent step
#
# Same three points and start $\theta = (0, 0)$, $\eta = 0.1$. Stochastic GD draws the third point $(x, y) = (2, 4)$.
# Do one SGD step with the gradient of that single sample, $2\,\mathbf x^{(i)}(\theta^\top\mathbf x^{(i)} - y^{(i)})$
# (with $\mathbf x^{(i)} = (1, 2)$). Give the new $(\theta_0, \theta_1)$. Why is it different from Question 2's step?

# %%
# Your answer:
q3_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
x_i, y_i = np.array([1.0, 2.0]), 4.0
error_i = x_i @ np.zeros(2) - y_i
print("error of the one sample =", error_i, " gradient = 2 * x_i * error =", 2 * x_i * error_i)
q3_answer = tuple(np.zeros(2) - 0.1 * 2 * x_i * error_i)
print("theta after one SGD step =", np.round(q3_answer, 4),
      "(one sample's gradient: a noisy estimate of the full one)")
assert np.allclose(q3_answer, -0.1 * mse_gradient(Xq[2:3], yq[2:3], np.zeros(2)))

# %% [markdown]
# ### Question 4 — ridge regression by hand
#
# Same three points. Ridge regression with $\alpha = 1$, bias not penalised:
# $\hat\theta = (\mathbf X_b^\top\mathbf X_b + \alpha\mathbf A)^{-1}\mathbf X_b^\top\mathbf y$ with
# $\mathbf A = \operatorname{diag}(0, 1)$. Give $(\theta_0, \theta_1)$. Compare the slope with Question 1's.

# %%
# Your answer:
q4_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
XtX_ridge = XtX + 1.0 * np.diag([0.0, 1.0])
det_r = XtX_ridge[0, 0] * XtX_ridge[1, 1] - XtX_ridge[0, 1] ** 2
print("X_b^T X_b + A =", XtX_ridge.tolist(), " determinant =", det_r)
q4_answer = tuple(np.array([[XtX_ridge[1, 1], -XtX_ridge[0, 1]],
                            [-XtX_ridge[1, 0], XtX_ridge[0, 0]]]) @ Xty / det_r)
print("theta =", np.round(q4_answer, 4),
      "= (5/3, 1): the slope shrinks from 1.5 to 1, the intercept rises to compensate")
ridge_q4 = Ridge(alpha=1.0).fit(Xq[:, 1:], yq)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: the hand computation == Ridge(alpha=1)
assert np.allclose(q4_answer, np.r_[ridge_q4.intercept_, ridge_q4.coef_])

# %% [markdown]
# ### Question 5 — which learning rates converge
#
# For the 1-D loss $L(\theta) = a\theta^2$ with $a = 2$, gradient descent updates $\theta \leftarrow \theta -
# \eta\,2a\theta = (1 - 2a\eta)\theta$. Up to which learning rate does it
# converge (the threshold $\eta_{\max}$: it converges for every $0 < \eta < \eta_{\max}$)? Check $\eta = 0.1, 0.45, 0.55$.

# %%
# Your answer:
q5_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
a_q5 = 2.0


def run_q5(eta, n_steps=200):
    """|theta| after n_steps of gradient descent on a*theta^2, from theta = 1."""
    theta_q5 = 1.0
    for _ in range(n_steps):
        theta_q5 -= eta * 2 * a_q5 * theta_q5
    return abs(theta_q5)


print("converges iff |1 - 2*a*eta| < 1  <=>  0 < eta < 1/a  (= 2 / the Hessian 2a)")
for eta in (0.1, 0.45, 0.55):
    print(f"eta={eta}: factor {1 - 2 * a_q5 * eta:+.2f} per step, |theta| after 200 steps "
          f"{run_q5(eta):.1e}")
q5_answer = 1 / a_q5
print("threshold learning rate:", q5_answer,
      "(at exactly 0.5 theta flips sign forever without shrinking)")

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: the simulation converges exactly below 1/a, at the three rates and around the threshold
for eta in (0.1, 0.45, 0.55):
    assert (run_q5(eta) < 1e-3) == (eta < 1 / a_q5)
# simulated threshold
assert run_q5(0.999 * q5_answer, 20_000) < 1e-3 < 1e3 < run_q5(1.001 * q5_answer, 20_000)

# %% [markdown]
# ### Question 6 — sigmoid and log loss
#
# A logistic-regression model computes $\hat p = \sigma(0.25x_1 + 0.125x_2 - 1)$. For $\mathbf x = (4, 8)$ give
# $\hat p$, then the log loss of that prediction if the true label is 1, and if it is 0 (natural log).

# %%
# Your answer:
q6_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
t_q6 = 0.25 * 4 + 0.125 * 8 - 1
p_q6 = 1 / (1 + np.exp(-t_q6))
print(f"t = {t_q6}, p = 1/(1+e^-1) = {p_q6:.4f} -> class 1")
print(f"y = 1: -log(p) = {-np.log(p_q6):.4f};  y = 0: -log(1 - p) = {-np.log(1 - p_q6):.4f} "
      "(a confident wrong answer costs more)")
q6_answer = (p_q6, -np.log(p_q6), -np.log(1 - p_q6))
assert np.isclose(q6_answer[1], log_loss([1], [[1 - p_q6, p_q6]], labels=[0, 1]))
assert np.isclose(q6_answer[2], log_loss([0], [[1 - p_q6, p_q6]], labels=[0, 1]))

# %% [markdown]
# ### Question 7 — one softmax gradient step
#
# Softmax regression with 3 classes, one training sample $\mathbf x = (1, 2)$ (the 1 is the bias input) of class
# 0, all parameters $\Theta = 0$ (a $2\times3$ matrix, one column per class), $\eta = 0.5$. Compute the
# probabilities, the gradient $\nabla_{\theta^{(k)}}J = (\hat p_k - y_k)\,\mathbf x$, and do one step. Give the new
# column $\theta^{(0)}$ (two numbers) and the new $\hat p_0$ for this sample.

# %%
# Your answer:
q7_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
x_q7, Y_q7 = np.array([[1.0, 2.0]]), np.array([[1.0, 0.0, 0.0]])
P_q7 = softmax(x_q7 @ np.zeros((2, 3)))
grad_q7 = x_q7.T @ (P_q7 - Y_q7)
Theta_q7 = np.zeros((2, 3)) - 0.5 * grad_q7
print("p =", P_q7.round(4), "\ngradient (columns = classes):\n", grad_q7.round(4), "\nnew Theta:\n",
      Theta_q7.round(4))
scores_q7 = x_q7 @ Theta_q7
print("new scores", scores_q7.round(4), "-> new p_0 =", softmax(scores_q7)[0, 0].round(4))
q7_answer = (Theta_q7[0, 0], Theta_q7[1, 0], softmax(scores_q7)[0, 0])
# the notebook's function
assert np.allclose(grad_q7, softmax_gradient(x_q7, Y_q7, np.zeros((2, 3))))
assert np.isclose(q7_answer[2], 1 / (1 + 2 * np.exp(-2.5)))  # e^(5/3) / (e^(5/3) + 2 e^(-5/6))

# %% [markdown]
# ### Question 8 — cost of a grid search
#
# How many model fits does a 5-fold grid search over 3 values of one hyper-parameter and 4 of another cost
# (with `refit=True`)?

# %%
# Your answer:
q8_answer = None  # replace None by your number (or a tuple of numbers, in the order asked)


# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
class CountingRidge(Ridge):
    """Ridge that counts its fits."""

    n_fits = 0

    def fit(self, X, y, sample_weight=None):
        """Count, then fit."""
        CountingRidge.n_fits += 1
        return super().fit(X, y, sample_weight)


# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
CountingRidge.n_fits = 0
GridSearchCV(CountingRidge(), {"alpha": [0.1, 1.0, 10.0], "tol": [1e-4, 1e-3, 1e-2, 1e-1]},
             cv=5).fit(Xq.repeat(4, 0), yq.repeat(4))
q8_answer = 3 * 4 * 5 + 1
print(f"3 x 4 combinations x 5 folds = {3 * 4 * 5} fits + 1 refit on all training data = "
      f"{q8_answer}; counted {CountingRidge.n_fits}")

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: the count matches the fits GridSearchCV really made
assert CountingRidge.n_fits == q8_answer

# %% [markdown]
# ### Question 9 — reading learning curves
#
# Two learning curves end with (train RMSE, validation RMSE) = (3.6, 3.7) and (1.2, 3.1); the noise level is
# 2.0. Which one underfits, which overfits, and what is the cure for each? Then read the two curves of section 3
# the same way.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Model answer.** (3.6, 3.7): the two errors are **close together** and **high** (well above the noise level
# 2.0): even on its own training data the model is bad, so it **underfits**; more data will not help (the
# curves have already met); use a more complex model, better features, or less regularization.
# (1.2, 3.1): the training error is **far below** the validation error (and even below the noise: it fits the
# noise), a large **gap**: the model **overfits**; cures are more training data (the gap closes as data grows),
# regularization (larger $\alpha$, early stopping) or a simpler model. No fixed threshold decides it: you read
# the level of the curves (compared with what is achievable) and the gap between them. The numbers of
# section 3 below read the same way: the line underfits, degree 10 overfits.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
for name, (tr, va) in lc.items():
    print(f"{name:>17} at 40 samples: train {tr[4].mean():.2f}, validation {va[4].mean():.2f}, "
          f"gap {va[4].mean() - tr[4].mean():.2f}"
          f"  (noise level {NOISE_SD})")

# %% [markdown]
# ### Question 10 — normal equation or gradient descent?
#
# You have $m = 10{,}000$ instances and $n = 100{,}000$ features (e.g. word counts). Would you train a linear
# regression with the normal equation (or SVD) or with gradient descent? Explain with the computational costs.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Model answer.** The normal equation must build and invert the $n\times n$ matrix $\mathbf X_b^\top\mathbf X_b$:
# $O(m\,n^2)$ to build it and $O(n^3)$ to invert it — with $n = 10^5$ that is $10^{15}$ operations and an
# $n\times n$ matrix of 80 GB in memory; the SVD route costs $O(m\,n^2)$ too (with $m < n$, $O(m^2 n)$, still
# heavy). Gradient descent costs $O(m\,n)$ per epoch (one pass over the data, $10^9$ operations) and needs no
# $n\times n$ matrix, so it scales to many features; SGD or mini-batch GD even work when the data do not fit in
# memory. So: gradient descent (with scaled features). The normal equation is the better choice when $n$ is small
# (hundreds) and the data fit in memory: exact answer, no learning rate to tune.

# %% [markdown]
# ### Question 11 — which gradient descent to pick?
#
# Which variant of gradient descent (batch, stochastic, mini-batch) would you pick (a) for 500 instances with 5
# features, (b) for 50 million instances that do not fit in memory, (c) to train on a GPU? Explain.

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Model answer.** (a) Small data: batch GD (or simply the normal equation): each step is cheap, the gradient is
# exact, the convergence smooth, and it really converges to the optimum. (b) Data that do not fit in memory:
# stochastic or mini-batch GD, which only need one sample or one mini-batch at a time (out-of-core / streaming)
# and make progress long before one pass over the data is done; use a decaying learning schedule so they settle
# near the optimum instead of bouncing. (c) GPU: mini-batch GD, because a GPU computes the gradient of a batch of
# e.g. 32-256 samples about as fast as one sample, and (at the same learning rate) the averaged gradient is less
# noisy than SGD's (section 2 measured it).

# %% [markdown]
# ### Question 12 — Lasso or Ridge?
#
# A data set has 10 features of which you suspect only 2 matter. Would you use Ridge or Lasso, and why? What does
# each do to the 8 useless weights? (A demonstration on synthetic data follows the answer.)

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Model answer.** Lasso. Its $\ell_1$ penalty has the same slope $\alpha$ however small a weight is, so it
# pushes small, useless weights to **exactly 0** (soft-thresholding; geometrically, the loss contours touch the
# diamond at a corner on an axis): the model is **sparse** and selects the features for you. Ridge's $\ell_2$
# penalty has slope $2\alpha\theta_i$, which vanishes as $\theta_i \to 0$: it shrinks all weights but practically
# never to exactly 0, so the 8 useless features keep small non-zero weights. Ridge is the better default when you
# expect many small, useful effects, or when features are strongly correlated (Lasso then picks one of them
# erratically; Elastic Net is the compromise).

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
q_rng = np.random.default_rng(SEED)
X_q12 = q_rng.standard_normal((200, 10))
y_q12 = 5 * X_q12[:, 0] - 3 * X_q12[:, 1] + q_rng.standard_normal(200)
ridge_q12, lasso_q12 = Ridge(alpha=100.0).fit(X_q12, y_q12), Lasso(alpha=0.5).fit(X_q12, y_q12)
print("Ridge:", ridge_q12.coef_.round(2), "\nLasso:", lasso_q12.coef_.round(2))

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
# check: Ridge keeps every weight non-zero; Lasso keeps exactly the two useful features
assert np.sum(ridge_q12.coef_ == 0) == 0 and np.array_equal(np.flatnonzero(lasso_q12.coef_), [0, 1])

# %% [markdown]
# ### Question 13 — early stopping
#
# What is early stopping, why does it regularize, and what exactly do you keep when you stop? Why is it a bad
# idea to stop mini-batch GD the very first time the validation error goes up?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Model answer.** Early stopping monitors the validation error during training and stops when it reaches its
# minimum; you keep (restore) the **parameters of the best epoch**, not the last ones. It regularizes because a
# model trained for fewer steps has moved less far from its small initial weights and has not yet fitted the noise
# of the training set: the training error keeps falling while the validation error starts rising (section 4's
# figure). With SGD or mini-batch GD (or a small validation set) the validation curve is **noisy**: it goes up
# and down from epoch to epoch, so the first increase is usually not the true minimum. Use a **patience**: keep
# the best model so far and stop only after the validation error has not improved for a number of epochs.

# %% [markdown]
# ### Question 14 — bias and variance in the simulation
#
# In the bias/variance simulation of section 3, which term dominates the error of the degree-1 model and of the
# degree-10 model, and which degree is best? Why is the degree-10 bias² printed as a small positive number
# although its true bias² is 0?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Model answer.** The line (degree 1) cannot represent the curved truth: its error is dominated by **bias²**
# (wrong assumption = underfitting), and its variance is small. Degree 10 contains the true quadratic, so it is
# unbiased, but with 30 noisy days its 11 parameters swing from one training set to the next: **variance**
# dominates (overfitting). Degree 2 minimises bias² + variance (the output below). The printed bias² of degree 10
# is not 0 because the estimate uses the average of $N$ simulated fits instead of the true average model; that
# average is itself off by roughly variance$/N$, a small positive leftover that shrinks with more simulations.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
for d in (1, 10):
    print(f"degree {d:2d}: bias^2 {bias2[d]:.3f}, variance {variance[d]:.3f}, "
          f"variance/N {variance[d] / N_SIMULATIONS:.3f}")
print(f"best degree: {best_degree}; irreducible error {noise} remains anyway")
assert bias2[1] > variance[1] and variance[10] > bias2[10] and best_degree == 2


# %% [markdown]
# ## Textbook exercises
#
# The end-of-chapter exercises of HOML chapter 4, answered in our own words (the book's answers are in its
# appendix A). Exercise 12 is done in section 7 ("Batch GD with early stopping"); its answer here adds what the
# body leaves out.

# %% [markdown]
# ### Exercise 1 — millions of features
#
# Which linear regression training algorithm can you use if you have a training set with millions of features?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** Stochastic GD or mini-batch GD, or batch GD if the training set fits in memory: their cost per epoch
# is $O(m\,n)$, linear in the number of features. Not the normal equation nor the SVD approach: they build or
# decompose an $n\times n$ (or $m\times n$) problem whose cost grows like $n^2$ to $n^3$ (section 1), hopeless for
# $n$ in the millions.

# %% [markdown]
# ### Exercise 2 — features on very different scales
#
# Suppose the features in your training set have very different scales. Which algorithms might suffer from this, and how? What can you do about it?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** Gradient descent suffers: the loss becomes an elongated bowl, the learning rate must be small enough
# for the steepest direction, and progress along the flat direction then takes very many steps (section 2's
# figure: the unscaled problem needed far more steps). The normal equation and SVD do not care. Regularized models
# also suffer: the penalty treats all weights alike, so a feature measured in small units (large weight) is
# penalised more than the same feature in large units; the model is then not the one you meant. Cure: scale the
# features first (e.g. `StandardScaler`), fitted on the training set only.

# %% [markdown]
# ### Exercise 3 — local minima in logistic regression
#
# Can gradient descent get stuck in a local minimum when training a logistic regression model?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** No. The log loss of logistic regression is convex in $\theta$, so there is no local minimum other
# than the global one; with a small enough learning rate gradient descent reaches it (section 7 reaches the same
# parameters as `LogisticRegression`). (If the classes are perfectly separable and nothing is regularized, the
# minimum is at infinity: the weights keep growing, but there is still no trap.)

# %% [markdown]
# ### Exercise 4 — do all GD variants give the same model?
#
# Do all gradient descent algorithms lead to the same model, provided you let them run long enough?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** If the problem is convex (linear or logistic regression) and the learning rate is not too large,
# all of them approach the global optimum, so they end up with very similar models. But unless the learning rate
# is gradually reduced, SGD and mini-batch GD never settle exactly: they keep bouncing around the optimum (at a
# level set by the learning rate and the batch size, section 2), so even after a long run they give slightly
# different parameters. Batch GD with a fixed small learning rate converges to the optimum itself.

# %% [markdown]
# ### Exercise 5 — validation error that keeps going up
#
# You use batch gradient descent and plot the validation error at every epoch. If the validation error consistently goes up, what is likely going on? How can you fix it?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** Look at the training error too. If it goes up as well, the learning rate is too large and the
# algorithm diverges (section 2's $\eta = 0.6$): reduce the learning rate. If the training error keeps going down
# while the validation error goes up, the model is overfitting the training set: stop training (early stopping,
# keep the best epoch), regularize, or get more data.

# %% [markdown]
# ### Exercise 6 — stop mini-batch GD at the first increase?
#
# Is it a good idea to stop mini-batch gradient descent immediately when the validation error goes up?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** No. The validation error of mini-batch (and stochastic) GD is noisy: it goes up and down from one
# epoch to the next, so one increase does not mean the minimum has been passed. Keep the best model so far, and
# stop only when the validation error has not improved for a while (a patience, as in section 7's early stopping);
# then roll back to the best model.

# %% [markdown]
# ### Exercise 7 — which GD is fastest, which converges
#
# Which gradient descent algorithm (among those we discussed) will reach the vicinity of the optimal solution the fastest? Which will actually converge? How can you make the others converge as well?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** Stochastic GD reaches the vicinity fastest per sample read: it takes a step after every sample
# (section 2's pros-and-cons figure). Mini-batch GD reads $b$ samples per step, so per sample read it gets
# there later (in that figure, at the same learning rate, it needs one to two decades more samples), but
# on vectorised hardware a step of $b$ samples costs about as much as one, so in wall time it is often the
# fastest. Only batch GD actually converges with a constant (small enough) learning rate. SGD and mini-batch
# GD keep bouncing around the optimum; to make them converge, reduce the learning rate gradually (a learning
# schedule such as $\eta(t) = t_0/(t+t_1)$).

# %% [markdown]
# ### Exercise 8 — a large gap in polynomial regression
#
# You use polynomial regression, plot the learning curves, and notice a large gap between the training error and the validation error. What is happening? What are three ways to solve this?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** The model performs much better on the training data than on the validation data: it is
# overfitting (high variance). Three cures: (1) reduce the model's freedom, e.g. a lower polynomial degree;
# (2) regularize it (Ridge, Lasso, Elastic Net, or early stopping); (3) get more training data, which narrows the
# gap (section 3's learning curves).

# %% [markdown]
# ### Exercise 9 — high, equal errors with Ridge
#
# You use ridge regression and notice that the training error and the validation error are almost equal and fairly high. Does the model suffer from high bias or high variance? Should you increase the regularization hyperparameter α or reduce it?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** Both errors high and close together: the model underfits, it has high bias. Reduce $\alpha$ (less
# regularization lets the weights fit more of the signal), or use a more flexible model / better features.

# %% [markdown]
# ### Exercise 10 — Ridge, Lasso, Elastic Net: when and why
#
# Why would you want to use (a) ridge regression instead of plain linear regression, (b) lasso instead of ridge regression, (c) elastic net instead of lasso?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** (a) A little regularization almost always generalizes better than none: Ridge trades a little bias
# for less variance, and stays well-defined when features are correlated or $n$ is close to $m$. (b) Lasso
# when you suspect that only a few features matter: it sets the other weights to exactly 0 (a sparse model, which
# is also easier to interpret); if you are not sure, Ridge is the safer default. (c) Elastic Net when Lasso
# behaves erratically: with strongly correlated features Lasso picks one of a group more or less at random, and
# with more features than instances it can select at most $m$ of them; the $\ell_2$ part of Elastic Net
# stabilises that while keeping some sparsity.

# %% [markdown]
# ### Exercise 11 — outdoor/indoor and day/night
#
# You want to classify pictures as outdoor/indoor and daytime/nighttime. Should you implement two logistic regression classifiers or one softmax regression classifier?

# %% [markdown]
# **Your answer:** …

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** Two logistic regression classifiers. Softmax regression is for mutually exclusive classes (exactly
# one class per instance); here each picture has two independent labels (outdoor *and* night, for example), so
# one binary classifier per question is the right model. (One softmax over the four combinations would also work
# but needs more data per class and ignores that the two questions are separate.)

# %% [markdown]
# ### Exercise 12 — softmax regression with early stopping in numpy
#
# Implement batch gradient descent with early stopping for softmax regression without using scikit-learn, only
# NumPy. Use it on a classification task such as the iris dataset.

# %%
# Your code:

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# **Answer.** Done in section 7: `softmax`, `cross_entropy`, `softmax_gradient` and `softmax_gd_early_stopping`
# (a 60/20/20 split, standardised with training statistics, patience 200, best parameters kept), checked against
# `LogisticRegression`; its `l2` argument adds an $\ell_2$ penalty to the loss and the gradient (bias not
# penalised), as the book's solution does. Added here: a comparison without a penalty and with a larger one
# ($\ell_2 = 0.1$), and a look at how much the test accuracy depends on which 30 flowers land in the test set:
# we repeat the whole exercise on 10 random splits (at most 5,001 epochs each, the book's budget) and report
# mean ± standard deviation.

# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
def iris_softmax_exercise(seed, l2=0.0):
    """The whole exercise on one random 60/20/20 split; returns the test accuracy."""
    perm_ = np.random.default_rng(seed).permutation(len(y_iris))
    te, va, tr = perm_[:30], perm_[30:60], perm_[60:]
    Xb_ = add_bias(StandardScaler().fit(X_petal[tr]).transform(X_petal))
    Theta_, _, _ = softmax_gd_early_stopping(Xb_[tr], Y_iris[tr], Xb_[va], Y_iris[va],
                                             max_epochs=5_001, l2=l2)
    return np.mean(softmax(Xb_[te] @ Theta_).argmax(1) == y_iris[te])


# %% jupyter={"outputs_hidden": true, "source_hidden": true} tags=["solution"]
ex12_acc = {l2: np.array([iris_softmax_exercise(SEED + s, l2) for s in range(10)])
            for l2 in (0.0, 0.1)}
for l2, accs in ex12_acc.items():
    print(f"l2 = {l2}: test accuracy {accs.mean():.3f} ± {accs.std():.3f} over 10 splits "
          f"(min {accs.min():.3f}, max {accs.max():.3f})")
# paired by split; the splits share most of their 90 training flowers: corrected interval
ex12_verdict = compare(ex12_acc[0.0], ex12_acc[0.1], names=("no penalty", "l2 = 0.1"),
                       over="splits", n_train=90, n_test=30)
print(ex12_verdict)
# seeds 42 / 1234: lowest mean 0.957 / 0.957
assert all(accs.mean() > 0.85 for accs in ex12_acc.values())

# %% [markdown] jupyter={"source_hidden": true} tags=["solution"]
# The accuracy changes from split to split (the ± and the min/max above): with 30 test flowers one mistake
# is 3.3 percentage points, so a single split's accuracy (the book reports one) says little on its own. The
# verdict above compares the two settings on the **same** 10 splits with the course's helper: the mean of the
# paired differences and its 95 % interval, which names a winner only when the interval excludes 0. Its interval
# is the corrected one of Nadeau and Bengio, because random splits (like cross-validation folds) share most of
# their training data, so their scores are not independent and the plain paired interval would be too narrow
# (scikit-learn's example "Statistical comparison of models using grid search" derives it).

# %% [markdown]
# ## 9. Against the textbook
#
# The chapter's headline numbers for this run, for the full-scale run recorded in `results/`, and as
# the textbook's own notebook prints them (the sources are listed under the table).

# %%
results.against_textbook("04", {"normal_theta0": theta_best[0], "normal_theta1": theta_best[1],
                                "softmax_test_accuracy": test_acc_scratch}, SCALE, SEED)

# %% [markdown]
# The normal equation recovers the parameters of the textbook's recipe, $y = 4 + 3x$ plus Gaussian
# noise, from 100 points; ours are drawn with another generator and `SEED`, so the two estimates differ
# by sampling noise alone: both lie near 4 and 3, and neither equals them. The iris test accuracy is measured on 30 flowers, where one flower is 3.3 percentage
# points, and the test flowers depend on the split. `SCALE` sets the size of the simulations, the random
# search and the timing runs; the timing runs draw from the generator that later draws the 100 points,
# so the normal-equation estimates also change with `SCALE`, by sampling noise, while the iris split
# does not (it has a generator of its own).
