"""The text lab: the generated corpus (shape, sparsity, label signal) and the L1/L2 paths."""

import numpy as np
import pytest
from scipy import sparse

from regkit.course.labs import text as tx


def test_corpus_is_sparse_deterministic_and_labelled():
    X, y, vocab = tx.make_corpus(n_docs=300, n_background=2000, seed=1)
    X2, y2, _ = tx.make_corpus(n_docs=300, n_background=2000, seed=1)
    assert sparse.issparse(X) and X.shape == (300, 2024) and len(vocab) == 2024
    assert len(set(vocab)) == len(vocab)
    assert (X != X2).nnz == 0 and np.array_equal(y, y2)
    assert X.nnz / np.prod(X.shape) < 0.05
    # positive words are more frequent in positive documents
    pos = np.asarray(X[:, :12].sum(axis=1)).ravel()
    assert pos[y == 1].mean() > 2 * pos[y == 0].mean()


def test_l1_path_is_sparse_and_finds_sentiment_words():
    X, y, vocab = tx.make_corpus(n_docs=1200, n_background=3000, seed=2)
    Xb = (X > 0).astype(float)
    Cs = [0.05, 0.2]
    acc1, nnz1, coefs1 = tx.sparsity_path(Xb[:900], y[:900], Xb[900:], y[900:], Cs, "l1")
    acc2, nnz2, _ = tx.sparsity_path(Xb[:900], y[:900], Xb[900:], y[900:], Cs, "l2")
    assert np.all(nnz1 < 200) and np.all(nnz2 > 1000)
    top = np.argsort(-np.abs(coefs1[0]))[:10]
    assert np.mean(top < 24) >= 0.8  # mostly the 24 sentiment words
    assert acc1.max() > 0.75
    with pytest.raises(ValueError, match="penalty"):
        tx.sparsity_path(Xb[:900], y[:900], Xb[900:], y[900:], Cs, "l0")
