"""The elastic-net chapter's laboratory, each piece checked against an independent fact."""

import numpy as np
import pytest

import regkit
from regkit.course.labs.elastic_net import (
    CONVENTIONS,
    best_linear_coef,
    cross_validated_fits,
    from_sklearn,
    grouping_bound,
    make_grouped_data,
    raw_objective,
    raw_weights,
    support_by_group,
    to_sklearn,
)


def test_grouped_data_is_standardized_seeded_and_labelled():
    X, y, groups = make_grouped_data(40, seed=5)
    assert X.shape == (40, 16) and y.shape == (40,)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose((X ** 2).mean(axis=0), 1, rtol=1e-12)
    assert abs(y.mean()) < 1e-12
    assert groups.tolist() == [0] * 4 + [1] * 4 + [2] * 4 + [-1] * 4
    X2, y2, _ = make_grouped_data(40, seed=5)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.allclose(X, make_grouped_data(40, seed=6)[0])


def test_grouped_data_has_the_requested_correlations():
    X, _, groups = make_grouped_data(20000, rho=0.9, seed=1)
    C = X.T @ X / X.shape[0]
    same = (groups[:, None] == groups[None, :]) & (groups[:, None] >= 0)
    np.fill_diagonal(same, False)
    off = ~same & ~np.eye(len(groups), dtype=bool)
    assert abs(C[same].mean() - 0.9) < 0.005
    assert np.abs(C[same] - 0.9).max() < 0.02
    assert np.abs(C[off]).max() < 0.04  # different factors and noise columns: independent


def test_best_linear_coef_matches_least_squares_on_a_huge_sample():
    X, y, _ = make_grouped_data(200000, noise=0.5, seed=2)
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    ideal = best_linear_coef()
    # the closed form: 3 / (sqrt(0.95) * (4 + 1/0.95 - 1)) per copy of factor A
    assert ideal[0] == pytest.approx(3.0 / (np.sqrt(0.95) * (4 + 1 / 0.95 - 1)))
    np.testing.assert_allclose(ols, ideal, atol=0.02)


def test_support_by_group():
    coef = np.array([0.0, 1.0, 2.0, 0.0, -1.0, 0.0])
    out = support_by_group(coef, [0, 0, 0, 1, 1, -1])
    assert out == {0: [1, 2], 1: [4], -1: []}
    with pytest.raises(ValueError, match="groups"):
        support_by_group(coef, [0, 1])


def test_cross_validated_fits_choose_alpha_like_the_estimator_and_refit_to_optimality():
    from sklearn.linear_model import ElasticNetCV as SkElasticNetCV
    from sklearn.model_selection import KFold

    X, y, _ = make_grouped_data(seed=2)
    folds = KFold(5, shuffle=True, random_state=0)
    alphas, coefs = cross_validated_fits(X, y, folds, (1.0, 0.5, 0.1))
    assert list(alphas) == list(coefs) == [1.0, 0.5, 0.1]
    for ratio, alpha in alphas.items():
        # the estimator's choice, and scikit-learn's on the same folds
        assert alpha == regkit.ElasticNetCV(l1_ratio=ratio, cv=folds, fit_intercept=False).fit(X, y).alpha_
        sk_alpha = SkElasticNetCV(l1_ratio=ratio, cv=folds, fit_intercept=False).fit(X, y).alpha_
        assert alpha == pytest.approx(sk_alpha, rel=1e-10)
        assert 0 < alpha < regkit.alpha_max(X, y, ratio)
        # the refit is an optimum at that alpha (duality gap on the 1/(2n) scale), not the CV fit
        assert regkit.duality_gap(X, y, coefs[ratio], alpha, ratio) <= 1e-10 * (y @ y) / len(y)
        assert np.count_nonzero(coefs[ratio]) > 0
    # the chapter's point, as numbers: the lasso leaves copies of factor A out, l1_ratio 0.1 keeps all four
    assert np.count_nonzero(coefs[1.0][:4]) < 4 and np.count_nonzero(coefs[0.1][:4]) == 4


def test_cross_validated_fits_reject_bad_input():
    X, y, _ = make_grouped_data(seed=2)
    with pytest.raises(ValueError, match="l1_ratio"):
        cross_validated_fits(X, y, 3, (0.5, 1.5))
    with pytest.raises(ValueError, match="l1_ratios"):
        cross_validated_fits(X, y, 3, ())
    with pytest.raises(ValueError, match="tol"):
        cross_validated_fits(X, y, 3, (0.5,), tol=0.0)
    with pytest.raises(ValueError, match="y"):
        cross_validated_fits(X, y[:10], 3)


@pytest.fixture(scope="module")
def enet_fit():
    X, y, groups = make_grouped_data(seed=2)
    alpha, l1_ratio = 0.1 * regkit.alpha_max(X, y, 0.5), 0.5
    coef = regkit.elastic_net(X, y, alpha, l1_ratio, tol=1e-14, max_iter=100000)
    return X, y, coef, alpha, l1_ratio


def test_grouping_bound_chain_holds_for_every_pair(enet_fit):
    X, y, coef, alpha, l1_ratio = enet_fit
    p = X.shape[1]
    for i in range(p):
        for j in range(i + 1, p):
            b = grouping_bound(X, y, coef, alpha, l1_ratio, i, j)
            assert b["diff"] <= b["residual_corr"] + 1e-9
            assert b["residual_corr"] <= b["cauchy_schwarz"] * (1 + 1e-12)
            assert b["cauchy_schwarz"] <= b["bound"] * (1 + 1e-12)
            rho = X[:, i] @ X[:, j] / X.shape[0]
            rms_y = np.linalg.norm(y) / np.sqrt(len(y))
            closed = np.sqrt(2 * (1 - rho)) * rms_y / (alpha * (1 - l1_ratio))
            assert b["bound"] == pytest.approx(closed, rel=1e-10)


def test_grouping_identity_is_tight_for_same_sign_pairs(enet_fit):
    X, y, coef, alpha, l1_ratio = enet_fit
    pos = np.flatnonzero(coef > 0)
    assert pos.size >= 2
    b = grouping_bound(X, y, coef, alpha, l1_ratio, int(pos[0]), int(pos[1]))
    assert b["diff"] > 0.01
    assert b["diff"] == pytest.approx(b["residual_corr"], rel=1e-6)


def test_identical_columns_get_equal_elastic_net_coefficients():
    X, y, _ = make_grouped_data(seed=3)
    Xd = np.column_stack([X, X[:, 0]])
    alpha = 0.05 * regkit.alpha_max(Xd, y, 0.3)
    for init in (None, np.r_[2.0, np.zeros(16)]):
        coef = regkit.elastic_net(Xd, y, alpha, 0.3, tol=1e-14, max_iter=100000, coef_init=init)
        assert coef[0] != 0
        b = grouping_bound(Xd, y, coef, alpha, 0.3, 0, 16)
        assert b["bound"] == 0.0
        assert abs(coef[0] - coef[16]) < 1e-7


def test_grouping_bound_rejects_pure_l1_and_bad_indices(enet_fit):
    X, y, coef, alpha, _ = enet_fit
    with pytest.raises(ValueError, match="L2 part"):
        grouping_bound(X, y, coef, alpha, 1.0, 0, 1)
    with pytest.raises(ValueError, match="column index"):
        grouping_bound(X, y, coef, alpha, 0.5, 0, 99)
    with pytest.raises(ValueError, match="coef"):
        grouping_bound(X, y, coef[:3], alpha, 0.5, 0, 1)


def _sk_objective(X, y, w, alpha, l1_ratio):
    r = y - X @ w
    penalty = alpha * l1_ratio * np.abs(w).sum() + alpha * (1 - l1_ratio) / 2 * w @ w
    return r @ r / (2 * len(y)) + penalty


@pytest.mark.parametrize("convention", sorted(CONVENTIONS))
def test_every_convention_is_a_positive_multiple_of_sklearns_objective(convention):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((30, 5)), rng.standard_normal(30)
    n = len(y)
    params = from_sklearn(0.3, 0.4, n)[convention]
    alpha, l1_ratio = to_sklearn(convention, n, **params)
    assert (alpha, l1_ratio) == pytest.approx((0.3, 0.4), rel=1e-12)
    c, l1, l2 = raw_weights(convention, n, **params)
    ratios = []
    for _ in range(4):
        w = rng.standard_normal(5)
        ratios.append(raw_objective(X, y, w, c, l1, l2) / _sk_objective(X, y, w, 0.3, 0.4))
    # same function up to the constant 2nc: same minimiser
    np.testing.assert_allclose(ratios, 2 * n * c, rtol=1e-12)


def test_known_translations():
    # glmnet's (lambda, a) is scikit-learn's (alpha, l1_ratio) on the same 1/(2n) loss
    assert to_sklearn("glmnet", 10, lam=0.7, a=0.25) == pytest.approx((0.7, 0.25))
    # the article's lambda [a ||w||_1 + (1 - a) ||w||^2] with a = 0.5 is l1_ratio = 1/3
    alpha, rho = to_sklearn("article_mix", 10, lam=1.0, a=0.5)
    assert rho == pytest.approx(1 / 3) and alpha == pytest.approx(1.5)
    # Zou & Hastie's naive objective is 2n times scikit-learn's
    assert to_sklearn("zou_hastie_naive", 50, lam1=20.0, lam2=5.0) == pytest.approx((0.3, 2 / 3))


def test_conventions_reject_bad_input():
    with pytest.raises(ValueError, match="convention"):
        to_sklearn("keras", 10, alpha=1.0)
    with pytest.raises(ValueError, match="takes parameters"):
        to_sklearn("glmnet", 10, alpha=1.0, l1_ratio=0.5)
    with pytest.raises(ValueError, match="a must be"):
        to_sklearn("glmnet", 10, lam=1.0, a=1.5)
    with pytest.raises(ValueError, match="lam1"):
        to_sklearn("article_l1_l2", 10, lam1=-1.0, lam2=0.0)
    with pytest.raises(ValueError, match="n_samples"):
        from_sklearn(1.0, 0.5, 0)


def test_grouped_data_rejects_bad_input():
    with pytest.raises(ValueError, match="rho"):
        make_grouped_data(rho=1.0)
    with pytest.raises(ValueError, match="effects"):
        make_grouped_data(effects=(1.0, 2.0))
    with pytest.raises(ValueError, match="n_samples"):
        make_grouped_data(2)


def test_explorer_warm_start_gives_the_cold_solution_and_reacts_to_both_controls():
    from regkit.course.explorers.elastic_net import enet_explorer

    box = enet_explorer()
    X, y, _ = make_grouped_data(seed=2)
    for l1_ratio, rel in [(0.05, 0.01), (1.0, 0.3), (0.5, 1.0), (0.5, 0.02)]:
        before = (box.image.value, box.numbers.value)
        box.controls["l1_ratio"].value = l1_ratio
        box.controls["alpha_rel"].value = rel
        assert (box.image.value, box.numbers.value) != before
        alpha = rel * regkit.alpha_max(X, y, l1_ratio)
        cold = regkit.elastic_net(X, y, alpha, l1_ratio, tol=1e-10)
        assert f"{alpha:.4g}" in box.numbers.value
        nnz = np.count_nonzero(cold[:4])
        cell = f"group A: non-zero</td><td style='text-align:right'><code>{nnz} / 4"
        assert cell in box.numbers.value
