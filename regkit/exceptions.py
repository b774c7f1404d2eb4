"""Warnings raised by regkit."""


class ConvergenceWarning(UserWarning):
    """A solver stopped at ``max_iter`` before its stopping criterion held.

    The message carries the duality gap reached and the target
    (``tol * ||y||^2 / n``), so the user can judge how far off the answer is.
    """
