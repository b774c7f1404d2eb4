"""The lasso chapter's coordinate-descent loop: checked against regkit and against the book's cell."""

import json

import numpy as np
import pytest

import regkit
from regkit.course.labs.lasso import lasso_cd, lasso_objective
from regkit.datasets import load_diabetes, make_correlated_regression
from toc import ROOT


@pytest.fixture(scope="module")
def diabetes():
    X, y, _ = load_diabetes()
    return X, y - y.mean()


def test_objective_is_the_formula():
    rng = np.random.default_rng(0)
    X, y, w = rng.standard_normal((7, 3)), rng.standard_normal(7), np.array([1.0, -2.0, 0.0])
    expected = np.sum((y - X @ w) ** 2) / 14 + 0.3 * 3.0
    assert lasso_objective(w, X, y, 0.3) == pytest.approx(expected, rel=1e-14)


def test_converges_to_regkit_and_sklearn_with_the_same_zeros(diabetes):
    from sklearn.linear_model import Lasso

    X, y = diabetes
    alpha = 0.05 * regkit.alpha_max(X, y)
    w, history, _ = lasso_cd(X, y, alpha, tol=1e-12)
    w_rk = regkit.lasso(X, y, alpha, tol=1e-12)
    w_sk = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y).coef_
    scale = np.abs(w_rk).max()
    assert np.abs(w - w_rk).max() < 1e-8 * scale
    assert np.abs(w - w_sk).max() < 1e-8 * scale
    assert np.array_equal(w == 0, w_rk == 0) and 0 < np.count_nonzero(w) < X.shape[1]
    assert np.array_equal(history[-1], w) and np.array_equal(history[0], np.zeros(X.shape[1]))


def test_stops_at_the_first_sweep_whose_gap_meets_tol(diabetes):
    X, y = diabetes
    alpha, tol = 0.01 * regkit.alpha_max(X, y), 1e-6
    _, history, _ = lasso_cd(X, y, alpha, tol=tol)
    target = tol * (y @ y) / len(y)
    gaps = [regkit.duality_gap(X, y, w, alpha) for w in history[1:]]
    assert gaps[-1] <= target
    assert all(g > target for g in gaps[:-1]) and len(gaps) > 2
    # without tol it runs exactly max_sweeps sweeps
    assert len(lasso_cd(X, y, alpha, max_sweeps=7)[1]) == 8


def test_objective_never_increases_and_work_is_between_np_and_2np():
    X, y, _ = make_correlated_regression(120, 30, rho=0.5, n_informative=6, seed=2)
    alpha = 0.05 * regkit.alpha_max(X, y)
    _, history, work = lasso_cd(X, y, alpha, max_sweeps=40)
    objectives = [lasso_objective(w, X, y, alpha) for w in history]
    assert np.all(np.diff(objectives) <= 1e-12 * objectives[0])   # each exact coordinate step
    n, p, sweeps = 120, 30, len(history) - 1
    assert n * p * sweeps < work < 2 * n * p * sweeps
    # the work is n per coordinate visit plus n per coordinate that moved
    moves = sum(np.count_nonzero(a != b) for a, b in zip(history[:-1], history[1:]))
    assert work == n * p * sweeps + n * moves


def test_above_alpha_max_the_first_sweep_returns_exact_zeros(diabetes):
    X, y = diabetes
    w, history, work = lasso_cd(X, y, regkit.alpha_max(X, y) * 1.0001, tol=1e-4)
    assert np.array_equal(w, np.zeros(X.shape[1])) and len(history) == 2
    assert work == X.shape[0] * X.shape[1]


def test_same_iterates_bit_for_bit_as_the_loop_written_out_in_chapter_3(diabetes):
    """Part two of the chapter imports this loop: it must be the one part one shows."""
    cells = json.loads((ROOT / "book" / "03_lasso.ipynb").read_text())["cells"]
    source = "".join(next(c["source"] for c in cells if c.get("id") == "d0e9df85"))
    definition = source.split("\n\n\nalpha = ")[0]
    assert definition.startswith("def lasso_cd(")
    namespace = {"np": np, "regkit": regkit}
    exec(definition, namespace)
    X, y = diabetes
    alpha = 0.05 * regkit.alpha_max(X, y)
    _, hist_book, work_book = namespace["lasso_cd"](X, y, alpha, tol=1e-12)
    _, hist_lab, work_lab = lasso_cd(X, y, alpha, tol=1e-12)
    assert work_book == work_lab and len(hist_book) == len(hist_lab)
    assert all(np.array_equal(a, b) for a, b in zip(hist_book, hist_lab))


@pytest.mark.parametrize("kwargs, match", [
    ({"alpha": -1.0}, "alpha"),
    ({"max_sweeps": 0}, "max_sweeps"),
    ({"max_sweeps": 2.5}, "max_sweeps"),
    ({"tol": -1e-4}, "tol"),
])
def test_bad_arguments_are_named(diabetes, kwargs, match):
    X, y = diabetes
    args = {"alpha": 1.0} | kwargs
    with pytest.raises(ValueError, match=match):
        lasso_cd(X, y, **args)


def test_all_zero_column_is_refused():
    X = np.ones((5, 3))
    X[:, 1] = 0.0
    with pytest.raises(ValueError, match="all-zero column"):
        lasso_cd(X, np.arange(5.0), 0.1)
    with pytest.raises(ValueError, match="mismatched"):
        lasso_cd(np.ones((5, 2)), np.ones(4), 0.1)
