"""Warnings raised by regkit.

:class:`ConvergenceWarning` subclasses scikit-learn's, so the filters people already
write (``warnings.filterwarnings("ignore", category=sklearn.exceptions.ConvergenceWarning)``)
catch regkit's too. Importing this module imports ``sklearn.exceptions`` (which loads
scikit-learn's package, about 1.5 s here), so regkit imports it only when needed: the
top-level name is resolved lazily and the solvers import it at the moment they warn.
"""

from sklearn.exceptions import ConvergenceWarning as _SklearnConvergenceWarning


class ConvergenceWarning(_SklearnConvergenceWarning):
    """A solver stopped at ``max_iter`` before its stopping criterion held.

    The message carries the duality gap reached and the target
    (``tol * ||y||^2 / n``), so the user can judge how far off the answer is.
    A subclass of ``sklearn.exceptions.ConvergenceWarning`` (itself a ``UserWarning``).

    Examples
    --------
    >>> import warnings
    >>> from regkit import ConvergenceWarning, lasso
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, _ = make_correlated_regression(50, 20, rho=0.95, seed=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     coef = lasso(X, y, 0.001, max_iter=2)
    >>> caught[0].category is ConvergenceWarning
    True
    """
