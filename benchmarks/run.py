"""regkit against scikit-learn, side by side in one process: ``make bench``.

Every row times the same computation twice, regkit's and scikit-learn's, on the same data
with the same alphas and the same ``tol`` (a duality gap of ``tol * ||y||^2 / n``), the two
runs interleaved and the best of several kept (at least ``--repeat``, more for calls that take
milliseconds). The ratio is regkit time / scikit-learn time.

A time means nothing if the answer is worse, so each row also carries a check:

* lasso / elastic-net paths: the largest duality gap along the path, both computed by
  ``regkit.duality_gap`` from the returned coefficients; regkit's must be at most
  ``max(scikit-learn's, tol * ||y||^2 / n)``;
* ridge rows: the largest difference to scikit-learn's numbers, relative to their size;
* lars: the largest difference between the two paths' coefficients.

Output: a table on stdout, ``benchmarks/results.json`` and ``benchmarks/results.png``
(ratios as bars, each with its target). Where skglm or celer are importable their times
get a column too. The whole run takes about three minutes on a 2-core machine (the
scikit-learn lasso path on n=200, p=5000 alone takes tens of seconds, so rows whose
scikit-learn run exceeds ``--budget`` seconds are timed fewer times).

Usage: ``python benchmarks/run.py [--repeat N] [--budget SECONDS] [--rows paths,tall,...]``
(``--rows`` runs some row groups only and leaves results.json as it was).
"""

import os
import sys

# On some processors the environment pins OpenBLAS to an older kernel (OPENBLAS_CORETYPE,
# OPENBLAS_L2_SIZE) as a workaround for old builds; it slows a current numpy. It must be
# unset before numpy loads, so the benchmark re-executes itself without it (here only).
_PINNED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
if any(v in os.environ for v in _PINNED):
    for _v in _PINNED:
        os.environ.pop(_v, None)
    os.execv(sys.executable, [sys.executable, *sys.argv])

import argparse  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import regkit  # noqa: E402
from regkit.datasets import load_diabetes, make_correlated_regression  # noqa: E402

TOL = 1e-6
N_ALPHAS = 100
EPS = 1e-3
GLMNET_TOL = 1e-10  # glmnet stops on coefficient change; tight enough to reach TOL's gap
PEERS = ("celer", "skglm", "glmnet")
LOGISTIC_TOL = 1e-7  # regkit's KKT tol: tighter than the peers' below, checked per row
LOGISTIC_PEER_TOL = 1e-6  # benchmarks/requirements.txt; required by make bench


# --- timing ------------------------------------------------------------------------------

def best_of(funcs, repeat, budget, min_total=1.0, max_repeat=50):
    """Interleaved timing of several callables: best wall time of each, and its last result.

    ``funcs[0]`` is regkit, ``funcs[1]`` scikit-learn, the rest optional peers. Each runs
    ``repeat`` times, and fast ones more (up to ``max_repeat``) until their runs add up to
    ``min_total`` seconds: on a shared machine the best of many short runs is the stable
    number. A callable whose runs already took ``budget`` seconds is not run again.
    """
    times = [[] for _ in funcs]
    results = [None] * len(funcs)
    failed = [False] * len(funcs)

    def wanted(i):
        done, spent = len(times[i]), sum(times[i])
        if failed[i] or done >= max_repeat or (done and spent >= budget):
            return False
        return done < repeat or spent < min_total

    while any(wanted(i) for i in range(len(funcs))):
        for i, f in enumerate(funcs):
            if not wanted(i):
                continue
            t0 = time.perf_counter()
            try:
                results[i] = f()
            except Exception as exc:
                if i < 2:  # regkit or scikit-learn failing is a real error
                    raise
                # an optional peer whose API differs from what this script expects
                print(f"  (peer {i - 1} failed: {exc!r}; no time)", flush=True)
                failed[i] = True
                continue
            times[i].append(time.perf_counter() - t0)
    return [min(t) if t else np.nan for t in times], results, [len(t) for t in times]


# --- problems ----------------------------------------------------------------------------

def problems():
    """The three lasso problems of the brief: (name, X Fortran-ordered, y)."""
    out = []
    for n, p in [(1000, 500), (200, 5000)]:
        X, y, _ = make_correlated_regression(n, p, rho=0.5, seed=0)
        out.append((f"AR(1) n={n} p={p}", np.asfortranarray(X), y))
    X, y, _ = load_diabetes()
    # no intercept in the path functions: centre, as the API asks
    out.append(("diabetes n=442 p=10", np.asfortranarray(X - X.mean(0)), y - y.mean()))
    return out


def _max_gap(X, y, coefs, alphas, l1_ratio):
    return max(regkit.duality_gap(X, y, coefs[:, k], alphas[k], l1_ratio)
               for k in range(alphas.shape[0]))


# --- optional peers ----------------------------------------------------------------------

def _peer_path_funcs(X, y, alphas, l1_ratio):
    """{name: callable} for the peers that import; each fits the whole path warm-started."""
    peers = {}
    try:
        import skglm  # noqa: PLC0415

        def run_skglm():
            est = (skglm.Lasso(alpha=alphas[0], fit_intercept=False, tol=TOL, warm_start=True)
                   if l1_ratio == 1.0 else
                   skglm.ElasticNet(alpha=alphas[0], l1_ratio=l1_ratio, fit_intercept=False,
                                    tol=TOL, warm_start=True))
            coefs = []
            for a in alphas:
                coefs.append(est.set_params(alpha=a).fit(X, y).coef_.copy())
            return np.column_stack(coefs)

        peers["skglm"] = run_skglm
    except Exception:  # not installed (or an incompatible version): no column
        pass
    try:
        if l1_ratio != 1.0:
            # python-glmnet rescales y internally and the elastic net's ridge part with it:
            # its answers (gap ~1 on the problem here) solve a different problem
            raise ImportError("glmnet: lasso rows only")
        import glmnet  # noqa: PLC0415 (the python-glmnet package: glmnet's Fortran)

        def run_glmnet():
            # glmnet's objective is scikit-learn's; its tol is on coefficient changes, so
            # the check column (the duality gap of every returned solution) says what it got
            # glmnet scales y to unit root mean square internally (no intercept) and the
            # penalty with it; the lasso does not care, the ridge part of the elastic net
            # does: hand it y already on that scale (and the alphas with it), so that it
            # solves this problem, then scale the coefficients back
            s = float(np.sqrt(np.mean(y ** 2)))
            est = glmnet.ElasticNet(alpha=l1_ratio, lambda_path=alphas / s, standardize=False,
                                    fit_intercept=False, n_splits=0, tol=GLMNET_TOL,
                                    max_iter=100_000)
            est.fit(X, y / s)
            return est.coef_path_ * s

        peers["glmnet"] = run_glmnet
    except Exception:
        pass
    try:
        from celer import celer_path  # noqa: PLC0415

        def run_celer():
            if l1_ratio == 1.0:
                return celer_path(X, y, pb="lasso", alphas=alphas, tol=TOL)[1]
            return celer_path(X, y, pb="lasso", alphas=alphas, tol=TOL, l1_ratio=l1_ratio)[1]

        peers["celer"] = run_celer
    except Exception:
        pass
    return peers


def warm_peers():
    """Call every peer once on a tiny problem, untimed: skglm compiles its numba code at
    the first fit (about 30 s here), which is not what the rows measure (regkit's own
    kernels are loaded before timing too)."""
    rng = np.random.default_rng(0)
    X = np.asfortranarray(rng.standard_normal((40, 8)))
    y = X[:, 0] + 0.1 * rng.standard_normal(40)
    alphas = regkit.alpha_grid(X, y, n_alphas=3)
    for l1_ratio in (1.0, 0.5):
        for f in _peer_path_funcs(X, y, alphas, l1_ratio).values():
            try:
                f()
            except Exception:
                pass
    yb = (y > 0) * 1.0
    try:
        import skglm  # noqa: PLC0415

        skglm.SparseLogisticRegression(alpha=0.01, fit_intercept=False).fit(X, 2 * yb - 1)
    except Exception:
        pass
    try:
        import celer  # noqa: PLC0415

        celer.LogisticRegression(C=1.0).fit(X, yb)
    except Exception:
        pass


# --- rows --------------------------------------------------------------------------------

def path_row(label, name, X, y, l1_ratio, repeat, budget, once_peers=()):
    """One lasso / elastic-net path row: regkit, scikit-learn and every peer, gaps checked.

    Peers named in ``once_peers`` run once, in a forked process stopped after
    ``TALL_PEER_LIMIT`` seconds (not best of several runs: one of their paths takes
    seconds); a stopped one counts as that slow."""
    from sklearn.linear_model import enet_path as sk_enet_path  # noqa: PLC0415
    from sklearn.linear_model import lasso_path as sk_lasso_path  # noqa: PLC0415

    n = X.shape[0]
    target_gap = TOL * float(y @ y) / n
    alphas = regkit.alpha_grid(X, y, l1_ratio=l1_ratio, n_alphas=N_ALPHAS, eps=EPS)

    def ours():
        if l1_ratio == 1.0:
            return regkit.lasso_path(X, y, alphas=alphas, tol=TOL)[1]
        return regkit.enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, tol=TOL)[1]

    def theirs():
        if l1_ratio == 1.0:
            return sk_lasso_path(X, y, alphas=alphas, tol=TOL)[1]
        return sk_enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, tol=TOL)[1]

    all_peers = _peer_path_funcs(X, y, alphas, l1_ratio)
    peers = {k: f for k, f in all_peers.items() if k not in once_peers}
    with warnings.catch_warnings():
        # both sides may run out of max_iter at the smallest alphas of the p >> n
        # problem; the gaps in the table say how far each got
        warnings.simplefilter("ignore")
        times, results, runs = best_of([ours, theirs, *peers.values()], repeat, budget)
    stopped = {}
    for k in once_peers:
        if k in all_peers:
            try:
                seconds, coefs = _once_within(all_peers[k], TALL_PEER_LIMIT)
            except RuntimeError as exc:
                print(f"  ({k}: {exc}; no time)", flush=True)
                continue
            peers[k] = all_peers[k]
            times.append(seconds if coefs is not None else np.nan)
            results.append(coefs)
            if coefs is None:
                stopped[k] = TALL_PEER_LIMIT
    gaps = [np.nan if r is None else _max_gap(X, y, r, alphas, l1_ratio) for r in results]
    row = dict(
        problem=f"{label}, {name}", regkit_s=times[0], sklearn_s=times[1],
        runs=runs[:2], target=0.8, check_kind="max gap",
        check_regkit=gaps[0], check_sklearn=gaps[1],
        check_ok=bool(gaps[0] <= max(gaps[1], target_gap) * (1 + 1e-9)),
        check_note=f"<= max(sklearn, tol*|y|^2/n = {target_gap:.2e})",
        peers={k: t for k, t in zip(peers, times[2:])},
        peer_checks={k: g for k, g in zip(peers, gaps[2:])},
        # a peer's time counts against regkit only with an answer that passes regkit's
        # own check (the rule of every row: a time means nothing if the answer is worse)
        peer_limit=max(gaps[1], target_gap) * (1 + 1e-9),
        beat_peers=True,
        stopped_peers=stopped,
    )
    print_row(row)
    for k in once_peers:
        if k in peers:
            what = (f"stopped after {TALL_PEER_LIMIT:g} s, unfinished" if k in stopped
                    else f"{row['peers'][k]:.2f} s")
            print(f"  ({k}: one run, {what})", flush=True)
    return row


def sparse_path_rows(repeat, budget):
    rows = []
    for name, X, y in problems():
        for l1_ratio, label in [(1.0, "lasso_path"), (0.5, "enet_path l1_ratio=0.5")]:
            rows.append(path_row(label, name, X, y, l1_ratio, repeat, budget))
    return rows


def _once_within(func, limit):
    """``(seconds, result)`` of one call of ``func``, or ``(limit, None)`` if it has not
    returned after ``limit`` seconds (it runs in a forked process, which is then killed)."""
    import multiprocessing  # noqa: PLC0415

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def child():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            try:
                result = func()
            except Exception as exc:  # a failure is reported, never taken for slowness
                queue.put((None, repr(exc)))
                return
            queue.put((time.perf_counter() - t0, result))

    proc = ctx.Process(target=child)
    proc.start()
    try:
        seconds, result = queue.get(timeout=limit)
    except Exception:  # queue.Empty: still running at the limit
        return limit, None
    finally:
        proc.kill()
        proc.join()
    if seconds is None:
        raise RuntimeError(f"peer failed: {result}")
    return seconds, result


# celer and skglm refit alpha by alpha without a Gram matrix: on the n >> p problem one path
# takes one to several seconds (regkit: hundredths), so each runs once, stopped at this limit.
TALL_PEER_LIMIT = 20.0


def tall_path_rows(repeat, budget):
    """n >> p: the Gram route (X^T X formed once), as scikit-learn's precompute="auto"."""
    X, y, _ = make_correlated_regression(50_000, 200, rho=0.5, seed=0)
    X = np.asfortranarray(X)
    return [path_row(label, "AR(1) n=50000 p=200", X, y, l1_ratio, repeat, budget,
                     once_peers=("celer", "skglm"))
            for l1_ratio, label in [(1.0, "lasso_path"), (0.5, "enet_path l1_ratio=0.5")]]


def _sparse_max_gap(X, y, coefs, alphas):
    """Largest lasso duality gap along a path on sparse ``X`` (the rescaled-residual dual
    point of :mod:`regkit.certificates`, computed without densifying X)."""
    n = X.shape[0]
    worst = 0.0
    for k, a in enumerate(alphas):
        w = coefs[:, k]
        R = y - X @ w
        corr = float(np.max(np.abs(X.T @ R))) / n
        s = min(1.0, a / corr) if corr > 0 else 1.0
        primal = (R @ R) / (2 * n) + a * np.abs(w).sum()
        dual = s * (R @ y) / n - s * s * (R @ R) / (2 * n)
        worst = max(worst, primal - dual)
    return worst


def sparse_x_rows(repeat, budget):
    """The sparse-X lasso path: n=5,000, p=50,000, density 0.1%, 100 alphas, no centring
    (both sides get the CSC matrix as is); scikit-learn only (celer and skglm need dense
    or their own sparse setup, glmnet's wrapper densifies)."""
    import scipy.sparse as sp  # noqa: PLC0415
    from sklearn.linear_model import lasso_path as sk_lasso_path  # noqa: PLC0415

    rng = np.random.default_rng(0)
    n, p = 5000, 50_000
    X = sp.random(n, p, density=0.001, format="csc", random_state=0,
                  data_rvs=rng.standard_normal)
    w_true = np.zeros(p)
    w_true[:50] = rng.standard_normal(50)
    y = X @ w_true + 0.1 * rng.standard_normal(n)
    top = float(np.max(np.abs(X.T @ y))) / n
    alphas = np.geomspace(top, top * EPS, N_ALPHAS)
    target_gap = TOL * float(y @ y) / n

    def ours():
        return regkit.lasso_path(X, y, alphas=alphas, tol=TOL)[1]

    def theirs():
        return sk_lasso_path(X, y, alphas=alphas, tol=TOL)[1]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        times, results, runs = best_of([ours, theirs], repeat, budget)
    gaps = [_sparse_max_gap(X, y, r, alphas) for r in results]
    row = dict(
        problem="lasso_path, sparse n=5000 p=50000 density 0.1%", regkit_s=times[0],
        sklearn_s=times[1], runs=runs[:2], target=0.8, check_kind="max gap",
        check_regkit=gaps[0], check_sklearn=gaps[1],
        check_ok=bool(gaps[0] <= max(gaps[1], target_gap) * (1 + 1e-9)),
        check_note=f"<= max(sklearn, tol*|y|^2/n = {target_gap:.2e})",
        peers={}, peer_checks={}, peer_limit=max(gaps[1], target_gap) * (1 + 1e-9),
        beat_peers=True,
    )
    print_row(row)
    return [row]


def lassocv_rows(repeat, budget):
    """LassoCV end to end (grid, 5 folds of paths, the refit), same folds and alphas."""
    from sklearn.linear_model import LassoCV as SkLassoCV  # noqa: PLC0415
    from sklearn.model_selection import KFold  # noqa: PLC0415

    X, y, _ = make_correlated_regression(1000, 500, rho=0.5, seed=2)
    cv = KFold(5)

    def ours():
        return regkit.LassoCV(alphas=N_ALPHAS, eps=EPS, tol=TOL, cv=cv).fit(X, y)

    def theirs():
        return SkLassoCV(alphas=N_ALPHAS, eps=EPS, tol=TOL, cv=cv).fit(X, y)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        times, (a, b), runs = best_of([ours, theirs], repeat, budget)
    same_grid = np.allclose(a.alphas_, b.alphas_, rtol=1e-12)
    diff = _rel_diff(a.mse_path_, b.mse_path_) if same_grid else np.inf
    ok = same_grid and np.isclose(a.alpha_, b.alpha_, rtol=1e-12, atol=0.0)
    return [_agreement_row("LassoCV 5 folds x 100 alphas, AR(1) n=1000 p=500", times, runs,
                           target=0.8, diff=diff if ok else np.inf, limit=1e-4,
                           note="same alpha_, mse_path_ max rel diff < 1e-4")]


def _logistic_kkt(X, y, C, w):
    """Max minimum-norm subgradient of mean logloss + ||w||_1 / (C n) (no intercept)."""
    n = X.shape[0]
    g = X.T @ (1.0 / (1.0 + np.exp(-(X @ w))) - y) / n
    l1 = 1.0 / (C * n)
    return float(np.max(np.where(w != 0, np.abs(g + l1 * np.sign(w)),
                                 np.maximum(np.abs(g) - l1, 0.0))))


def _logistic_problems():
    from sklearn.datasets import load_breast_cancer  # noqa: PLC0415

    X, y = load_breast_cancer(return_X_y=True)
    yield "breast cancer n=569 p=30 (standardized)", (X - X.mean(0)) / X.std(0), y.astype(float)
    rng = np.random.default_rng(0)
    n, p = 300, 3000
    X = rng.standard_normal((n, p))
    w = np.zeros(p)
    w[:20] = 2.0 * rng.standard_normal(20)
    yield "p > n: n=300 p=3000, 20 informative", X, (rng.random(n) < 1 / (1 + np.exp(-X @ w))) * 1.0


def logistic_rows(repeat, budget):
    """L1 logistic regression over 20 Cs from C_min (all zeros) up 100-fold, no intercept
    (liblinear penalizes its intercept, celer fits none). Peers at tol=LOGISTIC_PEER_TOL,
    regkit at a tighter KKT tol; the check compares every solver's largest KKT violation."""
    from sklearn.linear_model import LogisticRegression as SkLogistic  # noqa: PLC0415

    from regkit.solvers.logistic import logistic_path  # noqa: PLC0415

    rows = []
    for name, X, y in _logistic_problems():
        C_min = logistic_path(X, y, Cs=[1.0], fit_intercept=False).C_min
        Cs = C_min * np.logspace(0, 2, 20)

        def ours(X=X, y=y, Cs=Cs):
            return logistic_path(X, y, Cs=Cs, fit_intercept=False, tol=LOGISTIC_TOL).coefs[:, 0]

        def liblinear(X=X, y=y, Cs=Cs):
            return np.array([SkLogistic(C=C, l1_ratio=1.0, solver="liblinear",
                                        tol=LOGISTIC_PEER_TOL, fit_intercept=False)
                             .fit(X, y).coef_[0] for C in Cs])

        peers = {}
        try:
            import celer  # noqa: PLC0415

            def run_celer(X=X, y=y, Cs=Cs):
                est = celer.LogisticRegression(C=Cs[0], tol=LOGISTIC_PEER_TOL, warm_start=True)
                return np.array([est.set_params(C=C).fit(X, y).coef_.ravel().copy()
                                 for C in Cs])

            peers["celer"] = run_celer
        except Exception:
            pass
        try:
            import skglm  # noqa: PLC0415

            def run_skglm(X=X, y=y, Cs=Cs):
                n = X.shape[0]
                est = skglm.SparseLogisticRegression(alpha=1 / (Cs[0] * n), tol=LOGISTIC_PEER_TOL,
                                                     fit_intercept=False, warm_start=True)
                return np.array([est.set_params(alpha=1 / (C * n)).fit(X, 2 * y - 1)
                                 .coef_.ravel().copy() for C in Cs])

            peers["skglm"] = run_skglm
        except Exception:
            pass
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            times, results, runs = best_of([ours, liblinear, *peers.values()], repeat, budget)
        kkts = [np.nan if r is None else max(_logistic_kkt(X, y, C, w) for C, w in zip(Cs, r))
                for r in results]
        peer_kkts = [k for k in kkts[1:] if np.isfinite(k)]
        row = dict(
            problem=f"L1 logistic x20 Cs, {name}", regkit_s=times[0], sklearn_s=times[1],
            runs=runs[:2], target=1.0, check_kind="max KKT", check_regkit=kkts[0],
            check_sklearn=kkts[1],
            check_ok=bool(kkts[0] <= min(peer_kkts) * (1 + 1e-9)),
            check_note="<= every peer's (sklearn column: liblinear)",
            peers={k: t for k, t in zip(peers, times[2:])},
            peer_checks={k: g for k, g in zip(peers, kkts[2:])},
            beat_peers=True, vs_fastest_only=True,
        )
        print_row(row)
        rows.append(row)
    return rows


def ridge_rows(repeat, budget):
    from sklearn.linear_model import Ridge, RidgeCV  # noqa: PLC0415

    rows = []
    for n, p in [(1000, 500), (200, 5000)]:
        # numpy's default (C) layout here: regkit's closed forms work row-major
        X, y, _ = make_correlated_regression(n, p, rho=0.5, seed=1)
        alphas = np.geomspace(1e-3, 1e3, N_ALPHAS) * n  # ridge's alpha is on the sum scale

        def ours_path(X=X, y=y, alphas=alphas):
            return regkit.ridge_path(X, y, alphas)

        def sk_100_fits(X=X, y=y, alphas=alphas):
            return np.column_stack([Ridge(alpha=a, fit_intercept=False).fit(X, y).coef_
                                    for a in alphas])

        times, results, runs = best_of([ours_path, sk_100_fits], repeat, budget)
        rows.append(_agreement_row(
            f"ridge_path x100 vs 100 Ridge fits, n={n} p={p}", times, runs, target=0.1,
            diff=_rel_diff(results[0], results[1]), limit=1e-6,
            note="max |ours - sklearn| / max |sklearn| < 1e-6"))

        def ours_loo(X=X, y=y, alphas=alphas):
            return regkit.ridge_loo(X, y, alphas)

        def sk_ridgecv(X=X, y=y, alphas=alphas):
            cv = RidgeCV(alphas=alphas, fit_intercept=False, store_cv_results=True).fit(X, y)
            return cv.cv_results_.mean(axis=0)

        times, results, runs = best_of([ours_loo, sk_ridgecv], repeat, budget)
        rows.append(_agreement_row(
            f"ridge_loo x100 vs RidgeCV (LOO), n={n} p={p}", times, runs, target=0.8,
            diff=_rel_diff(results[0], results[1]), limit=1e-6,
            note="LOO MSE per alpha, max rel diff < 1e-6"))
        if p > n:
            # centred: rank n - 1, the case the n x n eigendecomposition must still answer
            Xc, yc = X - X.mean(0), y - y.mean()
            times, results, runs = best_of(
                [lambda: ours_loo(Xc, yc), lambda: sk_ridgecv(Xc, yc)], repeat, budget)
            rows.append(_agreement_row(
                f"ridge_loo x100 vs RidgeCV (LOO), centred, n={n} p={p}", times, runs,
                target=0.5, diff=_rel_diff(results[0], results[1]), limit=1e-6,
                note="LOO MSE per alpha, max rel diff < 1e-6"))
    return rows


def _rel_diff(a, b):
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))) / np.max(np.abs(b)))


def _agreement_row(problem, times, runs, *, target, diff, limit, note):
    """A timed row whose check is the relative difference of the two answers; printed."""
    row = dict(
        problem=problem, regkit_s=times[0], sklearn_s=times[1], runs=runs, target=target,
        check_kind="rel diff", check_regkit=diff, check_sklearn=0.0,
        check_ok=bool(diff < limit), check_note=note, peers={},
    )
    print_row(row)
    return row


def lars_rows(repeat, budget):
    from sklearn.linear_model import lars_path as sk_lars_path  # noqa: PLC0415

    X, y, _ = load_diabetes()
    X, y = np.asfortranarray(X - X.mean(0)), y - y.mean()

    def ours():
        return regkit.lars_path(X, y, method="lasso")

    def theirs():
        return sk_lars_path(X, y, method="lasso")

    times, results, runs = best_of([ours, theirs], repeat, budget)
    (a1, _, c1), (a2, _, c2) = results
    same_knots = a1.shape == a2.shape
    diff = _rel_diff(c1, c2) if same_knots else np.inf
    return [_agreement_row("lars_path (lasso), diabetes", times, runs, target=2.0, diff=diff,
                           limit=1e-8, note="same knots, max coef diff / max |coef| < 1e-8")]


_FRESH = """
import time
t0 = time.perf_counter()
import regkit
t1 = time.perf_counter()
if {resolve}:
    for name in regkit._LAZY:
        getattr(regkit, name)
    t1 = time.perf_counter()
if {lasso}:
    import numpy as np
    X = np.random.default_rng(0).standard_normal((100, 20))
    y = X[:, 0] - 2 * X[:, 1]
    regkit.lasso(X, y, 0.1)
    t1 = time.perf_counter()
print(t1 - t0)
"""


def _fresh_process_seconds(lasso, repeat, resolve=False):
    """Best wall time, in fresh interpreters, of ``import regkit`` (then, optionally, the
    import of every public name or a first lasso call)."""
    code = _FRESH.format(lasso=lasso, resolve=resolve)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    out = []
    for _ in range(repeat):
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, cwd=ROOT, check=True)
        out.append(float(res.stdout.split()[-1]))
    return min(out)


def startup_rows(repeat):
    rows = []
    _fresh_process_seconds(True, 1)  # fills numba's on-disk cache if it was empty
    for lasso, resolve, label, limit in [
            (False, False, "import regkit", 1.5),
            (False, True, "import regkit + resolve every public name (info)", 1.5),
            (True, False, "import + first lasso call (numba cache warm)", 2.0)]:
        t = _fresh_process_seconds(lasso, max(3, repeat), resolve)
        rows.append(dict(problem=label, regkit_s=t, sklearn_s=np.nan, runs=[max(3, repeat), 0],
                         target=limit, check_kind="seconds", check_regkit=t, check_sklearn=np.nan,
                         check_ok=True, check_note=f"absolute limit {limit} s", peers={},
                         absolute=True))
        print_row(rows[-1])
    return rows


# --- report ------------------------------------------------------------------------------

def ratio(row):
    return row["regkit_s"] if row.get("absolute") else row["regkit_s"] / row["sklearn_s"]


def ratio_fastest(row):
    """regkit time / the fastest other solver's (scikit-learn and every peer)."""
    if row.get("absolute"):
        return np.nan
    others = [row["sklearn_s"], *[t for k, t in row["peers"].items() if _peer_counts(row, k)]]
    return row["regkit_s"] / min(others)


def _peer_counts(row, name):
    """A peer's time is compared only if it ran and its answer passed the row's check."""
    t = row["peers"][name]
    if t is None or not np.isfinite(t):
        return False
    limit = row.get("peer_limit")
    check = row.get("peer_checks", {}).get(name)
    return limit is None or (check is not None and check <= limit)


def met(row):
    """The row's target: vs scikit-learn (path rows also <= 1 vs every peer), or for
    rows marked ``vs_fastest_only`` vs the fastest solver; and the answer check."""
    if row.get("vs_fastest_only"):
        fast_ok = ratio_fastest(row) <= row["target"]
    else:
        fast_ok = ratio(row) <= row["target"]
        if row.get("beat_peers"):
            fast_ok = fast_ok and ratio_fastest(row) <= 1.0
            # a peer stopped unfinished at a time limit (n >> p rows) is slower than that
            fast_ok = fast_ok and all(row["regkit_s"] <= t for t in row.get("stopped_peers", {}).values())
    return bool(fast_ok and row["check_ok"])


HEADER = (f"{'problem':<58} {'regkit s':>9} {'sklearn s':>9} {'ratio':>7} {'vs best':>7} "
          f"{'target':>7} {'check':>9} {'regkit':>9} {'sklearn':>9} {'met':>4}")


def print_row(row):
    r = ratio(row)
    checks = row.get("peer_checks", {})
    # "*": the peer's answer failed the row's check, so its time is not compared
    peers = "".join(f"  {k} {v:.4f}s" + (f" ({checks[k]:.1e})" if k in checks else "")
                    + ("" if _peer_counts(row, k) else "*") for k, v in row["peers"].items())
    rf = ratio_fastest(row)
    rftxt = "-" if not np.isfinite(rf) or not row["peers"] else f"{rf:.3f}"
    sk = "-" if row.get("absolute") else f"{row['sklearn_s']:.4f}"
    rtxt = "-" if row.get("absolute") else f"{r:.3f}"
    target = f"<{row['target']:g}s" if row.get("absolute") else f"<={row['target']:g}"
    check_sk = "-" if not np.isfinite(row["check_sklearn"]) else f"{row['check_sklearn']:.2e}"
    print(f"{row['problem']:<58} {row['regkit_s']:>9.4f} {sk:>9} {rtxt:>7} {rftxt:>7} {target:>7} "
          f"{row['check_kind']:>9} {row['check_regkit']:>9.2e} {check_sk:>9} "
          f"{'yes' if met(row) else 'NO':>4}{peers}", flush=True)


def header_info():
    import numba  # noqa: PLC0415
    import scipy  # noqa: PLC0415
    import sklearn  # noqa: PLC0415
    from threadpoolctl import threadpool_info  # noqa: PLC0415

    blas = [{k: d.get(k) for k in ("internal_api", "version", "architecture", "num_threads",
                                   "threading_layer")} for d in threadpool_info()]
    return dict(
        date=time.strftime("%Y-%m-%d %H:%M:%S"), python=platform.python_version(),
        machine=platform.machine(), cpus=os.cpu_count(), numpy=np.__version__,
        scipy=scipy.__version__, sklearn=sklearn.__version__, numba=numba.__version__,
        blas=blas, tol=TOL, n_alphas=N_ALPHAS, eps=EPS,
        openblas_env={v: os.environ.get(v) for v in _PINNED},
    )


def _finite(obj):
    """JSON has no NaN: a missing number (no scikit-learn side) becomes null."""
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    if isinstance(obj, (float, np.floating)):
        return float(obj) if np.isfinite(obj) else None
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def plot(rows, path):
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    rows = [r for r in rows if not r.get("absolute")]
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(rows) + 1.4))
    y = np.arange(len(rows))
    ratios = [ratio(r) for r in rows]
    colors = ["tab:green" if met(r) else "tab:red" for r in rows]
    ax.barh(y, ratios, color=colors, height=0.6)
    for i, r in enumerate(rows):
        ax.plot([r["target"]] * 2, [i - 0.4, i + 0.4], color="black", lw=2)
        ax.text(ratios[i] * 1.08, i, f"{ratios[i]:.2g}", va="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_yticks(y, [r["problem"] for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("regkit time / scikit-learn time (log scale; < 1: regkit is faster);"
                  " black tick: the target")
    ax.set_title("regkit vs scikit-learn, same data, alphas and tol (green: target met)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# the row groups in the order they run (``--rows`` picks some); startup is special-cased
ROW_GROUPS = {
    "startup": None,
    "paths": sparse_path_rows,
    "tall": tall_path_rows,
    "lassocv": lassocv_rows,
    "logistic": logistic_rows,
    "ridge": ridge_rows,
    "lars": lars_rows,
    "sparse": sparse_x_rows,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per side (best kept)")
    parser.add_argument("--budget", type=float, default=10.0,
                        help="stop repeating a side once its runs took this many seconds")
    parser.add_argument("--require-peers", action="store_true",
                        help="fail unless every peer (celer, skglm, glmnet) imports (make bench)")
    parser.add_argument("--rows", default=",".join(ROW_GROUPS),
                        help="comma-separated row groups to run (default: all): "
                             + ", ".join(ROW_GROUPS))
    args = parser.parse_args()
    groups = [g.strip() for g in args.rows.split(",") if g.strip()]
    unknown = sorted(set(groups) - set(ROW_GROUPS))
    if unknown:
        sys.exit(f"--rows: unknown group(s) {unknown}; choose from {', '.join(ROW_GROUPS)}")
    if args.require_peers:
        import importlib  # noqa: PLC0415

        for name in PEERS:
            try:
                importlib.import_module(name)
            except Exception as exc:
                sys.exit(f"peer {name!r} does not import ({exc!r}); "
                         "pip install -r benchmarks/requirements.txt")

    info = header_info()
    print(f"regkit benchmark {info['date']}: Python {info['python']}, numpy {info['numpy']}, "
          f"scipy {info['scipy']}, scikit-learn {info['sklearn']}, numba {info['numba']}, "
          f"{info['cpus']} CPUs")
    for b in info["blas"]:
        print(f"BLAS (threadpoolctl): {b}")
    print(f"tol={TOL} (duality gap <= tol*||y||^2/n), {N_ALPHAS} alphas down to {EPS}*alpha_max; "
          f"best of at least {args.repeat} interleaved runs (more for fast calls)")
    print(HEADER)
    print("-" * len(HEADER))

    rows = []
    if "startup" in groups:
        rows += startup_rows(args.repeat)
    regkit.lasso_path(*problems()[2][1:], n_alphas=3)  # compile / load the numba kernels
    from regkit.solvers.logistic import logistic_path  # noqa: PLC0415

    logistic_path(*problems()[2][1:2], problems()[2][2] > 0, Cs=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warm_peers()
    for name, make_rows in ROW_GROUPS.items():
        if name != "startup" and name in groups:
            rows += make_rows(args.repeat, args.budget)

    n_met = sum(met(r) for r in rows)
    print("-" * len(HEADER))
    print(f"{n_met} of {len(rows)} targets met")
    for r in rows:
        r["ratio"] = ratio(r)
        r["ratio_fastest"] = ratio_fastest(r)
        r["met"] = met(r)
    if set(groups) != set(ROW_GROUPS):
        print("(a subset of the rows: results.json and results.png left as they were)")
        return
    (HERE / "results.json").write_text(json.dumps(_finite(dict(info=info, rows=rows)), indent=1)
                                       + "\n")
    plot(rows, HERE / "results.png")
    print(f"wrote {HERE / 'results.json'} and {HERE / 'results.png'}")


if __name__ == "__main__":
    main()
