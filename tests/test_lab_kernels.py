"""The kernels lab: RBF kernel, kernel ridge = GP mean, the representer theorem with a linear
kernel, double descent and the optimal ridge penalty."""

import numpy as np
import pytest

import regkit
from regkit.course.labs import kernels as kl


def test_rbf_kernel_entries():
    A = np.array([[0.0], [1.0]])
    K = kl.rbf_kernel(A, A, length_scale=2.0)
    assert K[0, 0] == 1.0 and K[0, 1] == pytest.approx(np.exp(-1 / 8))
    with pytest.raises(ValueError, match="length_scale"):
        kl.rbf_kernel(A, A, 0.0)


def test_kernel_ridge_is_the_gp_mean_and_sklearn_agrees():
    sk_kr = pytest.importorskip("sklearn.kernel_ridge")
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (25, 1))
    y = np.sin(6 * x[:, 0]) + 0.1 * rng.standard_normal(25)
    xs = np.linspace(0, 1, 7)[:, None]
    K, Ks = kl.rbf_kernel(x, x, 0.2), kl.rbf_kernel(x, xs, 0.2)
    a = kl.kernel_ridge(K, y, 0.01)
    mean, var = kl.gp_posterior(K, Ks, np.ones(7), y, 0.01)
    np.testing.assert_allclose(Ks.T @ a, mean, atol=1e-10)
    assert np.all(var > 0) and np.all(var < 1)
    ref = sk_kr.KernelRidge(alpha=0.01, kernel="rbf", gamma=1 / (2 * 0.2 ** 2)).fit(x, y)
    np.testing.assert_allclose(ref.predict(xs), mean, atol=1e-8)


def test_linear_kernel_ridge_is_ridge():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((20, 50))
    y = rng.standard_normal(20)
    a = kl.kernel_ridge(X @ X.T, y, 3.0)
    np.testing.assert_allclose(X.T @ a, regkit.ridge(X, y, 3.0), atol=1e-10)


def test_double_descent_peaks_at_the_interpolation_threshold():
    ps = [20, 50, 100, 200, 400]
    err = kl.min_norm_risk(100, ps, p_max=400, n_reps=5)
    assert np.argmax(err) == 2 and err[2] > 10 * err[0]
    ridge = kl.min_norm_risk(100, ps, p_max=400, n_reps=5, lam=20.0)
    assert ridge[2] < err[2] / 10


def test_optimal_ridge_penalty_is_p_sigma2_over_r2():
    lams = np.geomspace(1, 1e4, 41)
    for p, r2 in ((50, 2.0), (200, 1.0)):
        risk = kl.ridge_risk_curve(100, p, lams, r2=r2, n_reps=30)
        best = lams[np.argmin(risk)]
        assert best == pytest.approx(p / r2, rel=0.5)
