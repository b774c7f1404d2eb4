"""Tests of regkit.course.practice: question bank, quiz widget, coding drills, mock interview.

Widgets are driven without a kernel: set control values, call ``button.click()``,
read the resulting widget state.
"""

import collections
import html
import inspect
import json
import re
import subprocess
import sys

import numpy as np
import pytest

from regkit.course.practice import drills
from regkit.course.practice.bank import CHAPTERS, DIFFICULTIES, QuestionBankError, load_questions
from regkit.course.practice.drills import check
from regkit.course.practice.mock_widget import draw_question, mock_interview
from regkit.course.practice.quiz_widget import quiz

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")


def n_sentences(text):
    return len(SENTENCE_END.split(text.strip()))


# ====================================================================== bank
@pytest.fixture(scope="module")
def questions():
    return load_questions()


def test_bank_size_and_difficulty_counts(questions):
    counts = collections.Counter(q["difficulty"] for q in questions)
    assert len(questions) >= 64
    assert set(counts) == set(DIFFICULTIES)
    for level in DIFFICULTIES:
        assert counts[level] >= 12, (level, counts)


def test_ids_unique_slugs_and_chapters_valid(questions):
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert {q["chapter"] for q in questions} == set(CHAPTERS)  # every chapter has questions


def test_answers_are_paragraphs_and_rubrics_sized(questions):
    for q in questions:
        assert 3 <= n_sentences(q["answer"]) <= 8, (q["id"], n_sentences(q["answer"]))
        assert 3 <= len(q["rubric"]) <= 6, q["id"]
        assert q["answer"].strip() != q["question"].strip()


def test_multiple_choice_items_are_valid(questions):
    mc = [q for q in questions if "options" in q]
    assert len(mc) >= 18
    for q in mc:
        opts = q["options"]
        assert len(opts) >= 2
        assert all(set(o) == {"text", "correct", "why"} for o in opts), q["id"]
        assert all(isinstance(o["correct"], bool) for o in opts)
        assert any(o["correct"] for o in opts) and not all(o["correct"] for o in opts), q["id"]
        assert all(len(o["why"].strip()) >= 10 for o in opts), q["id"]
        assert len({o["text"] for o in opts}) == len(opts), q["id"]
    # both kinds exist: single answer and select-all-that-apply
    n_correct = [sum(o["correct"] for o in q["options"]) for q in mc]
    assert min(n_correct) == 1 and max(n_correct) > 1


def _text(q):
    parts = [q["question"], q["answer"], *q["rubric"]]
    for o in q.get("options", []):
        parts += [o["text"], o["why"]]
    return " ".join(parts).lower()


@pytest.mark.parametrize("topic", [
    "choose the regularization parameter", "ordinary least squares", "correlated features",
    "bias-variance", "degrees of freedom", "soft thresholding", "kkt", "alpha_max", "duality gap",
    "sigma^2 / tau^2", "posterior mean", "grouping effect", "standardiz", "intercept", "leak",
    "ridge(alpha=n * a)", "one-standard-error", "gcv", "adamw", "dropout", "early stopping",
    "c = 1 / lambda", "group lasso", "adaptive lasso", "fused lasso", "nuclear norm", "lars",
    "o(n p)", "o(n p^2 + p^3)", "time series", "nested",
])
def test_bank_covers_required_topics(questions, topic):
    assert any(topic in _text(q) for q in questions), topic


def test_bank_corrects_the_article(questions):
    by_id = {q["id"]: q for q in questions}
    dropout = by_id["dropout-adaptive-l2"]
    assert "adaptive l2" in dropout["answer"].lower()
    assert [o["correct"] for o in dropout["options"] if "L1" in o["text"]] == [False]
    assert "O(n p)" in by_id["cd-sweep-cost"]["answer"]
    cd_opts = {o["text"]: o["correct"] for o in by_id["cd-sweep-cost"]["options"]}
    assert cd_opts["O(p) per sweep, as the article says."] is False
    assert "lambda = sigma^2 / tau^2" in by_id["ridge-map-gaussian"]["answer"]
    assert "not sparse" in by_id["laplace-prior-sparsity"]["answer"]
    assert "sum_j d_j^2 / (d_j^2 + lambda)" in by_id["ridge-df-formula"]["answer"]
    assert "not on numerical precision" in by_id["lasso-uniqueness"]["answer"]


def test_numeric_claims_of_the_bank():
    """Facts the answers state, recomputed (scikit-learn as the outside reference)."""
    from sklearn.linear_model import ElasticNet, Lasso, Ridge

    rng = np.random.default_rng(0)
    n, p = 60, 5
    X = rng.standard_normal((n, p))
    y = X @ rng.standard_normal(p) + 0.3 * rng.standard_normal(n)
    # 'sklearn-alpha-scaling': ElasticNet(alpha=a, l1_ratio=0) == Ridge(alpha=n a)
    en = ElasticNet(alpha=0.2, l1_ratio=0.0, fit_intercept=False, tol=1e-12, max_iter=100_000)
    en.fit(X, y)
    ridge = Ridge(alpha=n * 0.2, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(en.coef_, ridge.coef_, atol=1e-8)
    # 'lasso-alpha-max': all zero at max|X^T y|/n, not below it
    amax = np.max(np.abs(X.T @ y)) / n
    assert np.all(Lasso(alpha=amax, fit_intercept=False).fit(X, y).coef_ == 0)
    assert np.any(Lasso(alpha=0.9 * amax, fit_intercept=False).fit(X, y).coef_ != 0)
    # 'scaling-article-example': the std-1 feature is shrunk and dropped first
    x1, x2 = rng.standard_normal(300), 1000 * rng.standard_normal(300)
    ys = x1 + x2 / 1000 + 0.3 * rng.standard_normal(300)
    coef = Lasso(alpha=1.5).fit(np.column_stack([x1, x2]), ys).coef_ * [1, 1000]
    assert coef[0] == 0 and coef[1] > 0.9
    # 'ridge-df-formula': trace of the hat matrix equals the singular-value sum
    lam = 3.0
    H = X @ np.linalg.solve(X.T @ X + lam * np.eye(p), X.T)
    d = np.linalg.svd(X, compute_uv=False)
    assert np.trace(H) == pytest.approx(np.sum(d**2 / (d**2 + lam)), rel=1e-12)


def test_dropout_claim_expected_loss_is_weighted_ridge():
    """'dropout-adaptive-l2': the expected loss under inverted dropout at rate q is

    E ||y - (X * mask / (1-q)) w||^2 = ||y - Xw||^2 + q/(1-q) sum_j ||X_j||^2 w_j^2.
    """
    rng = np.random.default_rng(1)
    n, p, q = 20, 4, 0.3
    X, w, y = rng.standard_normal((n, p)), rng.standard_normal(p), rng.standard_normal(n)
    masks = (rng.random((20_000, n, p)) > q) / (1 - q)
    mc = np.mean(np.sum((y - np.einsum("knp,p->kn", X * masks, w)) ** 2, axis=1))
    exact = np.sum((y - X @ w) ** 2) + q / (1 - q) * np.sum(w**2 * np.sum(X**2, axis=0))
    l1_like = np.sum((y - X @ w) ** 2) + q / (1 - q) * np.sum(np.abs(w) * np.sum(X**2, axis=0))
    assert mc == pytest.approx(exact, rel=0.01)
    assert abs(mc - exact) < abs(mc - l1_like)


def test_filters(questions):
    for chapter in CHAPTERS:
        sub = load_questions(chapter=chapter)
        assert sub and all(q["chapter"] == chapter for q in sub)
    assert sum(len(load_questions(chapter=c)) for c in CHAPTERS) == len(questions)
    hard = load_questions(difficulty="hard")
    assert all(q["difficulty"] == "hard" for q in hard) and 0 < len(hard) < len(questions)
    both = load_questions(chapter="03_lasso", difficulty="medium")
    expected = [q for q in questions if (q["chapter"], q["difficulty"]) == ("03_lasso", "medium")]
    assert both == expected


@pytest.mark.parametrize("kwargs, word", [
    ({"chapter": "3_lasso"}, "chapter"), ({"difficulty": "expert"}, "difficulty"),
])
def test_bad_filter_raises(kwargs, word):
    with pytest.raises(ValueError, match=word):
        load_questions(**kwargs)


def test_returns_fresh_copies():
    first = load_questions()
    first[0]["rubric"].append("tampered")
    first[0]["answer"] = "x"
    again = load_questions()
    assert "tampered" not in again[0]["rubric"] and again[0]["answer"] != "x"


def _good_item(**changes):
    item = {
        "id": "tmp-q", "question": "What is a ridge penalty?", "difficulty": "easy",
        "chapter": "02_ridge", "answer": "It is a squared norm. " * 10,
        "rubric": ["squared norm", "shrinks", "no zeros"],
    }
    item.update(changes)
    return item


@pytest.mark.parametrize("items, pattern", [
    ([_good_item(difficulty="trivial")], r"tmp-q.*difficulty"),
    ([_good_item(chapter="12_misc")], r"tmp-q.*chapter"),
    ([{k: v for k, v in _good_item().items() if k != "answer"}], r"missing field.*answer"),
    ([_good_item(answer="Too short.")], r"tmp-q.*answer"),
    ([_good_item(rubric=["one", "two"])], r"tmp-q.*rubric"),
    ([_good_item(), _good_item()], r"duplicate id 'tmp-q'"),
    ([_good_item(options=[{"text": "a", "correct": False, "why": "because not"},
                          {"text": "b", "correct": False, "why": "because not"}])],
     r"no option is marked correct"),
    ([_good_item(options=[{"text": "a", "correct": True, "why": "because yes"},
                          {"text": "b", "correct": True, "why": "because yes"}])],
     r"every option is marked correct"),
    ([_good_item(options=[{"text": "a", "correct": True, "why": "because yes"},
                          {"text": "b", "correct": "yes", "why": "because yes"}])],
     r"option 1.*true or false"),
    ([_good_item(options=[{"text": "a", "correct": True, "why": "because yes"},
                          {"text": "b", "correct": False}])], r"option 1.*keys"),
    ([_good_item(hint="extra")], r"unknown field"),
    ([], r"non-empty"),
])
def test_broken_bank_file_raises_clear_error(tmp_path, items, pattern):
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(items))
    with pytest.raises(QuestionBankError, match=pattern):
        load_questions(path=path)


def test_invalid_json_reports_position(tmp_path):
    path = tmp_path / "bank.json"
    path.write_text('[{"id": "x",,}]')
    with pytest.raises(QuestionBankError, match=r"not valid JSON \(line 1"):
        load_questions(path=path)


def test_valid_custom_file_loads(tmp_path):
    path = tmp_path / "bank.json"
    path.write_text(json.dumps([_good_item()]))
    assert [q["id"] for q in load_questions(path=path)] == ["tmp-q"]


def test_bank_import_is_light():
    code = ("import sys, regkit.course.practice.bank as b; b.load_questions(); "
            "print('ipywidgets' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# ====================================================================== drills
# correct implementations, written independently of the grader's references
def st_where(z, t):
    z = np.asarray(z, dtype=float)
    out = np.where(z > t, z - t, np.where(z < -t, z + t, 0.0))
    return out if out.ndim else float(out)


def ridge_primal(X, y, alpha):
    return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)


def ridge_augmented(X, y, alpha):
    p = X.shape[1]
    Xa = np.vstack([X, np.sqrt(alpha) * np.eye(p)])
    return np.linalg.lstsq(Xa, np.concatenate([y, np.zeros(p)]), rcond=None)[0]


def ridge_inv(X, y, alpha):
    return np.linalg.inv(X.T @ X + alpha * np.eye(X.shape[1])) @ X.T @ y


def cd_residual(X, y, w, alpha):
    n = X.shape[0]
    w = np.array(w, dtype=float)
    r = y - X @ w
    for j in range(X.shape[1]):
        sq = X[:, j] @ X[:, j]
        new = 0.0
        if sq > 0:
            z = X[:, j] @ r + sq * w[j]
            new = np.sign(z) * max(abs(z) - n * alpha, 0.0) / sq
        r += X[:, j] * (w[j] - new)
        w[j] = new
    return w


def loo_shortcut(X, y, alpha):
    U, d, _ = np.linalg.svd(X, full_matrices=False)
    h = np.sum(U**2 * (d**2 / (d**2 + alpha)), axis=1)
    fitted = U @ (d**2 / (d**2 + alpha) * (U.T @ y))
    return float(np.mean(((y - fitted) / (1 - h)) ** 2))


def loo_brute(X, y, alpha):
    errors = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        w = ridge_augmented(X[keep], y[keep], alpha)
        errors.append(y[i] - X[i] @ w)
    return float(np.mean(np.square(errors)))


@pytest.mark.parametrize("name, fn", [
    ("soft_threshold", st_where),
    ("soft_threshold", lambda z, t: np.sign(z) * np.maximum(np.abs(z) - t, 0)),
    ("ridge_closed_form", ridge_primal),
    ("ridge_closed_form", ridge_augmented),
    ("ridge_closed_form", ridge_inv),
    ("lasso_cd_sweep", cd_residual),
    ("ridge_loo_mse", loo_shortcut),
    ("ridge_loo_mse", loo_brute),
])
def test_correct_implementations_pass(name, fn):
    result = check(name, fn)
    assert result.passed, result.message
    assert result.cases_passed == result.cases_total >= 6
    assert bool(result) and "passed" in result.message


# typical wrong answers -------------------------------------------------
def st_hard(z, t):
    z = np.asarray(z, dtype=float)
    return np.where(np.abs(z) > t, z, 0.0)


def st_no_clip(z, t):
    return np.asarray(z, dtype=float) - t * np.sign(z)


def st_one_sided(z, t):
    return np.maximum(np.asarray(z, dtype=float) - t, 0.0)


def st_ridge_like(z, t):
    return np.asarray(z, dtype=float) / (1 + t)


def st_in_place(z, t):
    if np.ndim(z) == 0:
        return float(np.sign(z) * max(abs(z) - t, 0.0))
    z[np.abs(z) <= t] = 0
    z[z > t] -= t
    z[z < -t] += t
    return z


def st_python_max(z, t):
    return np.sign(z) * max(np.abs(z) - t, 0)


def st_arrays_only(z, t):
    out = z.copy()
    return np.sign(out) * np.maximum(np.abs(out) - t, 0)


def st_almost_zero(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 1e-15)


def st_no_return(z, t):
    np.sign(z) * np.maximum(np.abs(z) - t, 0)


def ridge_no_identity(X, y, alpha):
    return np.linalg.inv(X.T @ X + alpha) @ X.T @ y


def ridge_alpha_rhs(X, y, alpha):
    return np.linalg.pinv(X.T @ X) @ (X.T @ y + alpha)


def ridge_minus(X, y, alpha):
    return np.linalg.solve(X.T @ X - alpha * np.eye(X.shape[1]), X.T @ y)


def ridge_ols(X, y, alpha):
    return np.linalg.lstsq(X, y, rcond=None)[0]


def ridge_n_scaled(X, y, alpha):
    n, p = X.shape
    return np.linalg.solve(X.T @ X / n + alpha * np.eye(p), X.T @ y / n)


def ridge_centered(X, y, alpha):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    return np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ yc)


def ridge_half(X, y, alpha):
    return np.linalg.solve(X.T @ X + alpha / 2 * np.eye(X.shape[1]), X.T @ y)


def ridge_column(X, y, alpha):
    return ridge_primal(X, y, alpha)[:, None]


def ridge_fitted(X, y, alpha):
    return X @ ridge_primal(X, y, alpha)


def ridge_dual_only(X, y, alpha):
    return X.T @ np.linalg.solve(X @ X.T + alpha * np.eye(X.shape[0]), y)


def _cd(X, y, w, alpha, *, jacobi=False, order=None, own=True, curv=True, hard=False, scale=None,
        in_place=False, guard_zero=True):
    n, p = X.shape
    m = n if scale is None else scale
    start = np.array(w, dtype=float)
    out = w if in_place else start.copy()
    for j in (range(p) if order is None else order):
        ref = start if jacobi else out
        c = X[:, j] @ X[:, j] / m
        if c == 0 and guard_zero:
            out[j] = 0.0
            continue
        rho = X[:, j] @ (y - X @ ref) / m + (c * ref[j] if own else 0.0)
        if hard:
            z = rho if abs(rho) > alpha else 0.0
        else:
            z = np.sign(rho) * max(abs(rho) - alpha, 0.0)
        out[j] = z / c if curv else z
    return out


def cd_converged(X, y, w, alpha):
    for _ in range(2000):
        w = cd_residual(X, y, w, alpha)
    return w


WRONG = [
    ("soft_threshold", st_hard, "did you forget to subtract t?"),
    ("soft_threshold", st_no_clip, "values with |z| < t should be exactly 0"),
    ("soft_threshold", st_one_sided, "S(-z, t) = -S(z, t)"),
    ("soft_threshold", st_ridge_like, "proportional (L2-style) shrinkage"),
    ("soft_threshold", st_in_place, "modified its input z in place"),
    ("soft_threshold", st_python_max, "elementwise"),
    ("soft_threshold", st_arrays_only, "plain Python number"),
    ("soft_threshold", st_almost_zero, "exactly 0"),
    ("soft_threshold", st_no_return, "forget the return statement"),
    ("ridge_closed_form", ridge_no_identity, "did you add alpha to the diagonal (alpha I)?"),
    ("ridge_closed_form", ridge_alpha_rhs, "alpha is on the wrong side"),
    ("ridge_closed_form", ridge_minus, "you subtracted alpha"),
    ("ridge_closed_form", ridge_ols, "ignores alpha"),
    ("ridge_closed_form", ridge_n_scaled, "scaled by n"),
    ("ridge_closed_form", ridge_centered, "fits no intercept"),
    ("ridge_closed_form", ridge_half, "off by a factor 2"),
    ("ridge_closed_form", ridge_column, "flat vector"),
    ("ridge_closed_form", ridge_fitted, "not the fitted values"),
    ("ridge_closed_form", ridge_dual_only, "alpha = 0"),
    ("lasso_cd_sweep", lambda X, y, w, a: _cd(X, y, w, a, jacobi=True), "Jacobi sweep"),
    ("lasso_cd_sweep", lambda X, y, w, a: _cd(X, y, w, a, in_place=True),
     "modified its input w in place"),
    ("lasso_cd_sweep", lambda X, y, w, a: _cd(X, y, w, a, order=range(X.shape[1] - 1, -1, -1)),
     "in the order 0, 1, ..., p-1"),
    ("lasso_cd_sweep", lambda X, y, w, a: _cd(X, y, w, a, own=False), "own contribution"),
    ("lasso_cd_sweep", lambda X, y, w, a: _cd(X, y, w, a, curv=False), "curvature ||X_j||^2 / n"),
    ("lasso_cd_sweep", lambda X, y, w, a: _cd(X, y, w, a, hard=True), "soft thresholding"),
    ("lasso_cd_sweep", lambda X, y, w, a: _cd(X, y, w, a, scale=1.0), "factor n"),
    ("lasso_cd_sweep", lambda X, y, w, a: _cd(X, y, w, a, guard_zero=False), "all zeros"),
    ("lasso_cd_sweep", cd_converged, "exactly ONE sweep"),
]


def _loo_pieces(X, y, alpha):
    H = X @ np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T)
    return y - H @ y, np.diag(H), np.trace(H)


def loo_in_sample(X, y, a):
    r, _, _ = _loo_pieces(X, y, a)
    return np.mean(r**2)


def loo_gcv(X, y, a):
    r, _, trace = _loo_pieces(X, y, a)
    return np.mean(r**2) / (1 - trace / len(y)) ** 2


def loo_square_once(X, y, a):
    r, h, _ = _loo_pieces(X, y, a)
    return np.mean(r**2 / (1 - h))


def loo_vector(X, y, a):
    r, h, _ = _loo_pieces(X, y, a)
    return r / (1 - h)


def loo_plus(X, y, a):
    r, h, _ = _loo_pieces(X, y, a)
    return np.mean((r / (1 + h)) ** 2)


WRONG += [
    ("ridge_loo_mse", loo_in_sample,
     "your errors look like in-sample residuals: leave-one-out divides each residual by 1 - H_ii"),
    ("ridge_loo_mse", loo_gcv, "generalized cross-validation"),
    ("ridge_loo_mse", loo_square_once, "before squaring"),
    ("ridge_loo_mse", loo_vector, "single number"),
    ("ridge_loo_mse", lambda X, y, a: len(y) * loo_shortcut(X, y, a), "not the sum"),
    ("ridge_loo_mse", lambda X, y, a: np.sqrt(loo_shortcut(X, y, a)), "square root"),
    ("ridge_loo_mse", lambda X, y, a: loo_shortcut(X, y, 0.0), "ignores alpha"),
    ("ridge_loo_mse", loo_plus, "not 1 + H_ii"),
    ("ridge_loo_mse", lambda X, y, a: loo_shortcut(X - X.mean(0), y - y.mean(), a),
     "without an intercept"),
]


def _reference_source_lines():
    lines = set()
    for name, obj in vars(drills).items():
        if name.startswith("_ref") or name in {"_hat_matrix", "_st", "_loo_from", "_cd_variant"}:
            for line in inspect.getsource(obj).splitlines():
                line = line.strip()
                if len(line) > 12 and not line.startswith(('"""', "#")):
                    lines.add(line)
    assert len(lines) > 10
    return lines


REFERENCE_LINES = _reference_source_lines()


@pytest.mark.parametrize("name, fn, hint", WRONG, ids=[f"{w[0]}-{k}" for k, w in enumerate(WRONG)])
def test_wrong_implementations_rejected_with_specific_hint(name, fn, hint):
    result = check(name, fn)
    assert not result.passed
    assert hint in result.message, result.message
    assert result.hint and result.hint in result.message
    assert re.match(r"Hidden case \d+ of \d+ \(", result.message)
    for line in REFERENCE_LINES:
        assert line not in result.message
    # no code at all: no definitions, no numpy calls, no assignments
    code = re.compile(r"\bdef |\blambda\b|np\.\w+\(|\w+\s*=\s*np\.")
    assert not code.search(result.message), result.message


def test_grader_reports_exceptions_instead_of_raising():
    def broken(X, y, alpha):
        raise RuntimeError("boom in user code")

    result = check("ridge_closed_form", broken)
    assert not result.passed and result.cases_passed == 0
    assert "RuntimeError: boom in user code" in result.message


def test_hidden_cases_include_the_edge_cases():
    # functions that are right except on one edge case fail exactly there
    def st_no_zero_t(z, t):
        if t == 0:
            raise ZeroDivisionError("t = 0")
        return st_where(z, t)

    res = check("soft_threshold", st_no_zero_t)
    assert not res.passed and "t = 0" in res.message
    res = check("ridge_loo_mse",
                lambda X, y, a: loo_shortcut(X, y, a) if X.shape[0] >= X.shape[1] else 0.0)
    assert not res.passed and "more features than samples" in res.message
    res = check("lasso_cd_sweep",
                lambda X, y, w, a: cd_residual(X, y, w, a) if np.any(w) else np.zeros_like(w))
    assert not res.passed and "starting from w = 0" in res.message


def test_check_rejects_bad_arguments():
    with pytest.raises(ValueError, match="name must be one of"):
        check("ridge_cholesky", ridge_primal)
    with pytest.raises(ValueError, match="fn must be a callable"):
        check("ridge_closed_form", "not a function")


def test_result_html_and_descriptions():
    bad = check("soft_threshold", st_hard)
    page = bad._repr_html_()
    assert html.escape("|z| > t") in page and "&#10008;" in page and "soft_threshold" in page
    good = check("soft_threshold", st_where)
    assert "&#10004;" in good._repr_html_() and "all 9 hidden cases passed" in good._repr_html_()
    for name in drills.drill_names():
        text = drills.describe(name)
        assert text.startswith(name + "(")
    assert "ONE" in drills.describe("lasso_cd_sweep")


# ====================================================================== quiz
def _quiz(**kwargs):
    return quiz(**kwargs).quiz


def test_quiz_filters_change_the_pool():
    q = _quiz(seed=0)
    assert len(q.pool) == len(load_questions())
    q.chapter_filter.value = "05_bayesian"
    assert {x["id"] for x in q.pool} == {x["id"] for x in load_questions(chapter="05_bayesian")}
    q.difficulty_filter.value = "hard"
    assert {x["id"] for x in q.pool} == {x["id"] for x in load_questions("05_bayesian", "hard")}
    assert q.current["chapter"] == "05_bayesian" and q.current["difficulty"] == "hard"
    q.chapter_filter.value = "all"
    assert all(x["difficulty"] == "hard" for x in q.pool)
    assert len(q.pool) == len(load_questions(difficulty="hard"))


def test_quiz_order_is_seeded():
    a, b, c = _quiz(seed=3), _quiz(seed=3), _quiz(seed=4)
    assert [x["id"] for x in a.pool] == [x["id"] for x in b.pool]
    assert [x["id"] for x in a.pool] != [x["id"] for x in c.pool]


def _go_to(q, single):
    for _ in range(len(q.pool)):
        if q.options and (q.radio is not None) == single:
            return
        q.next_button.click()
    raise AssertionError("no such question in the pool")


def test_quiz_single_answer_feedback():
    q = _quiz(seed=1)
    _go_to(q, single=True)
    right = [k for k, o in enumerate(q.options) if o["correct"]]
    wrong = [k for k, o in enumerate(q.options) if not o["correct"]]
    assert q.check_button.layout.display != "none" and q.answer_button.layout.display == "none"
    q.check_button.click()
    assert q.last_correct is None and "Pick an option first" in q.feedback.value
    q.radio.index = wrong[0]
    q.check_button.click()
    assert q.last_correct is False and "Not quite" in q.feedback.value
    for option in q.options:  # every option's explanation is shown
        assert html.escape(option["why"]) in q.feedback.value
    assert "(your choice)" in q.feedback.value
    q.radio.index = right[0]
    q.check_button.click()
    assert q.last_correct is True and "Correct!" in q.feedback.value
    assert (q.answered, q.correct) == (1, 0)  # only the first attempt counts


def test_quiz_multiple_answer_feedback():
    q = _quiz(seed=2)
    _go_to(q, single=False)
    right = {k for k, o in enumerate(q.options) if o["correct"]}
    assert len(right) > 1 and len(q.checkboxes) == len(q.options)
    for k in sorted(right)[:-1]:  # all but one correct option: still wrong
        q.checkboxes[k].value = True
    q.check_button.click()
    assert q.last_correct is False
    q.next_button.click()
    q.next_button.click()
    _go_to(q, single=False)
    for k, o in enumerate(q.options):
        q.checkboxes[k].value = o["correct"]
    q.check_button.click()
    assert q.last_correct is True and "Correct!" in q.feedback.value


def test_quiz_open_question_shows_model_answer():
    q = _quiz(seed=0)
    for _ in range(len(q.pool)):
        if not q.options:
            break
        q.next_button.click()
    assert not q.options and q.answer_button.layout.display != "none"
    assert q.feedback.value == ""
    q.answer_button.click()
    assert html.escape(q.current["answer"]) in q.feedback.value
    assert all(html.escape(p) in q.feedback.value for p in q.current["rubric"])


def test_quiz_next_cycles_and_resets_feedback():
    q = _quiz(chapter="04_geometry", seed=0)
    seen = []
    for _ in range(len(q.pool)):
        seen.append(q.current["id"])
        q.next_button.click()
    assert sorted(seen) == sorted(x["id"] for x in load_questions(chapter="04_geometry"))
    assert q.current["id"] == seen[0] and "seen all" in q.feedback.value


def test_quiz_empty_pool_disables_buttons(monkeypatch):
    q = _quiz(seed=0)
    monkeypatch.setattr("regkit.course.practice.quiz_widget.load_questions", lambda *a, **k: [])
    q.chapter_filter.value = "02_ridge"
    assert q.current is None and "No question" in q.question_html.value
    assert q.check_button.disabled and q.next_button.disabled


def test_quiz_bad_arguments():
    with pytest.raises(ValueError, match="chapter"):
        quiz(chapter="ridge")
    with pytest.raises(ValueError, match="seed"):
        quiz(seed=-1)


# ====================================================================== mock interview
def test_draw_question_is_seeded_and_filtered():
    assert draw_question(5)["id"] == draw_question(5)["id"]
    ids = {draw_question(s)["id"] for s in range(40)}
    assert len(ids) > 20
    assert all(draw_question(s, chapter="10_solvers")["chapter"] == "10_solvers" for s in range(10))
    with pytest.raises(ValueError, match="seed"):
        draw_question(-2)


def test_mock_interview_reveal_shows_rubric():
    m = mock_interview(seed=7, seconds=90).mock
    assert m.question["id"] == draw_question(7)["id"]
    assert m.rubric_html.value == "" and not m.revealed
    m.reveal_button.click()
    assert m.revealed
    for point in m.question["rubric"]:
        assert html.escape(point) in m.rubric_html.value
    assert html.escape(m.question["answer"]) in m.rubric_html.value
    assert [box.description for box in m.checklist] == m.question["rubric"]
    m.checklist[0].value = True
    m.checklist[-1].value = True
    assert f"2 of {len(m.question['rubric'])}" in m.score.value


def test_mock_interview_countdown():
    m = mock_interview(seed=1, seconds=90).mock
    assert (m.play.min, m.play.max, m.play.interval) == (0, 90, 1000)
    assert m.time_left.value == "1:30 left"
    m.play.value = 25
    assert m.timer.value == 25 and m.time_left.value == "1:05 left"
    m.play.value = 90
    assert "Time is up" in m.time_left.value and m.timer.bar_style == "danger"


def test_mock_interview_new_question_resets():
    m = mock_interview(seed=2, seconds=30).mock
    first = m.question["id"]
    m.play.value = 20
    m.reveal_button.click()
    m.new_button.click()
    assert m.question["id"] != first
    assert m.play.value == 0 and m.rubric_html.value == "" and m.checklist == []


@pytest.mark.parametrize("kwargs, word", [
    ({"seconds": 0}, "seconds"), ({"seconds": 12.5}, "seconds"), ({"chapter": "x"}, "chapter"),
])
def test_mock_interview_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        mock_interview(**kwargs)


def test_public_names_are_functions_in_any_import_order():
    """No submodule shares a name with a public function, so importing the widget
    modules first cannot shadow ``quiz`` (or any other public name) with a module."""
    code = ("import types\n"
            "import regkit.course.practice.quiz_widget, regkit.course.practice.mock_widget\n"
            "import regkit.course.practice.drills, regkit.course.practice.bank, ipywidgets\n"
            "from regkit.course.practice import quiz\n"
            "import regkit.course.practice as rp\n"
            "assert isinstance(quiz, types.FunctionType) and quiz is rp.quiz_widget.quiz\n"
            "w = quiz(chapter='02_ridge', seed=1)\n"
            "assert isinstance(w, ipywidgets.Widget) and w.quiz.current['chapter'] == '02_ridge'\n"
            "assert isinstance(rp.quiz(), ipywidgets.Widget)\n"
            "modules = {n for n, v in vars(rp).items() if isinstance(v, types.ModuleType)}\n"
            "assert not modules & set(rp.__all__), modules & set(rp.__all__)\n"
            "assert all(not isinstance(getattr(rp, n), types.ModuleType) for n in rp.__all__)\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


# ====================================================================== static rendering
def _commonmark_text(markdown):
    """Render like the book renders notebook outputs, then reduce to visible text."""
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").render(markdown)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return page, " ".join(text.split())


def test_rendered_bank_shows_every_field_of_every_question(questions):
    from regkit.course.practice.render import questions_markdown

    page, text = _commonmark_text(questions_markdown(questions))
    assert page.count("<details>") == page.count("</details>") == len(questions)
    # markup comes only from the renderer: one emphasis per question (its difficulty)
    assert page.count("<em>") == len(questions) and "<a " not in page
    for q in questions:
        for part in [q["question"], q["answer"], *q["rubric"]] + [
                piece for o in q.get("options", []) for piece in (o["text"], o["why"])]:
            assert " ".join(part.split()) in text, (q["id"], part)
    # the answers are folded: nothing of any answer appears before the first <details>
    head = html.unescape(page.split("<details>")[0])
    assert questions[0]["answer"][:40] not in head and questions[0]["question"] in head


def test_rendered_options_mark_the_correct_ones():
    from regkit.course.practice.bank import get_question
    from regkit.course.practice.render import question_markdown

    q = get_question("article-claims-check")
    right = [k for k, o in enumerate(q["options"]) if o["correct"]]
    md = question_markdown(q, number=4)
    letters = ", ".join(f"({'abcd'[k]})" for k in right)
    assert f"**Correct:** {letters}" in md and "select all that apply" in md
    assert md.count("✔ right") == len(right) and md.count("✘ wrong") == 4 - len(right)
    assert md.startswith("**Q4**")


@pytest.mark.parametrize("raw", [
    "<b>bold?</b> & a_b_c *x* [link](http://x) `code` ~~s~~ |z| <br>",
    "# not a heading", "- not a list", "12. not a list", "+ no", "=== no",
])
def test_escape_markdown_renders_literally(raw):
    from regkit.course.practice.render import escape_markdown

    page, text = _commonmark_text(escape_markdown(raw))
    assert text == " ".join(raw.split())
    assert re.fullmatch(r"<p>.*</p>\n", page, re.DOTALL), page


def test_escape_markdown_keeps_math_and_rejects_non_text():
    from regkit.course.practice.render import escape_markdown

    assert escape_markdown("w_j and $w_j \\le |z|$ and $$a_1$$") == (
        "w\\_j and $w_j \\le |z|$ and $$a_1$$")
    with pytest.raises(ValueError, match="text must be a string"):
        escape_markdown(3.0)
