r"""A generated bag-of-words corpus for the "Text classification" chapter (no download).

:func:`make_corpus` draws documents from a Zipf-distributed background vocabulary of made-up
words plus a small set of sentiment words whose rates depend on the label, and returns a
sparse document-term count matrix. :func:`sparsity_path` fits scikit-learn's L1 and L2 logistic
regressions along a grid of ``C`` (regkit's estimators do not take sparse input yet).
"""

import numpy as np
from scipy import sparse

from regkit._validation import check_int

__all__ = ["POSITIVE", "NEGATIVE", "make_corpus", "sparsity_path"]

POSITIVE = ("excellent", "great", "superb", "loved", "wonderful", "delight", "brilliant",
            "enjoyable", "recommend", "perfect", "charming", "moving")
NEGATIVE = ("awful", "boring", "terrible", "waste", "poor", "dull", "worst", "annoying",
            "disappointing", "mess", "weak", "predictable")
_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "pe", "du", "fa", "go", "ze",
              "bi", "ha", "jo")


def _background_words(n_words, rng):
    """``n_words`` distinct made-up words of two to four syllables."""
    words = set()
    while len(words) < n_words:
        k = rng.integers(2, 5)
        words.add("".join(rng.choice(_SYLLABLES, k)))
    return sorted(words)


def make_corpus(n_docs=4000, n_background=20000, *, doc_length=120, signal=0.02, seed=0):
    """Documents as sparse counts over ``n_background + 24`` words, and labels 0/1.

    Each document has a Poisson(``doc_length``) number of tokens; a fraction ``signal`` of
    them are sentiment words, drawn from the label's own list with probability 0.8 and from
    the other list with probability 0.2 (reviews mention both), the rest from a Zipf(1.1)
    background over made-up words.

    Returns
    -------
    X : scipy.sparse.csr_matrix (n_docs, n_words) of counts
    y : ndarray (n_docs,) of 0/1
    vocabulary : list of str, the column names
    """
    n_docs, n_background = check_int(n_docs, "n_docs"), check_int(n_background, "n_background")
    rng = np.random.default_rng(seed)
    vocab = list(POSITIVE) + list(NEGATIVE) + _background_words(n_background, rng)
    n_pos = len(POSITIVE)
    ranks = np.arange(1, n_background + 1)
    zipf = ranks ** -1.1
    zipf /= zipf.sum()
    y = rng.integers(0, 2, n_docs)
    rows, cols = [], []
    for d in range(n_docs):
        length = max(rng.poisson(doc_length), 1)
        n_sent = rng.binomial(length, signal)
        own = rng.random(n_sent) < 0.8
        positive = own == (y[d] == 1)
        sent = np.where(positive, rng.integers(0, n_pos, n_sent),
                        n_pos + rng.integers(0, len(NEGATIVE), n_sent))
        back = 2 * n_pos + rng.choice(n_background, length - n_sent, p=zipf)
        words = np.concatenate([sent, back])
        rows.append(np.full(words.size, d))
        cols.append(words)
    X = sparse.csr_matrix((np.ones(sum(r.size for r in rows)),
                           (np.concatenate(rows), np.concatenate(cols))),
                          shape=(n_docs, len(vocab)))
    X.sum_duplicates()
    return X, y, vocab


def sparsity_path(X_train, y_train, X_test, y_test, Cs, penalty):
    """Test accuracy, non-zero count and coefficients of scikit-learn's logistic regression
    with ``penalty`` ("l1" or "l2") for each ``C`` (liblinear solver, intercept fitted).

    Returns
    -------
    accuracy, n_nonzero : ndarrays (len(Cs),)
    coefs : ndarray (len(Cs), n_features)
    """
    from sklearn.linear_model import LogisticRegression

    if penalty not in ("l1", "l2"):
        raise ValueError(f"penalty must be 'l1' or 'l2', got {penalty!r}")
    acc, nnz, coefs = [], [], []
    for C in Cs:
        # scikit-learn >= 1.8 selects the penalty by l1_ratio (0: L2, 1: L1); liblinear adds
        # the intercept as a column scaled by intercept_scaling, large so it is barely penalized
        model = LogisticRegression(C=C, l1_ratio=1.0 if penalty == "l1" else 0.0,
                                   solver="liblinear", intercept_scaling=100.0, max_iter=1000,
                                   random_state=0)  # liblinear shuffles coordinates
        model.fit(X_train, y_train)
        acc.append(model.score(X_test, y_test))
        nnz.append(np.count_nonzero(model.coef_))
        coefs.append(model.coef_.ravel())
    return np.array(acc), np.array(nnz), np.array(coefs)
