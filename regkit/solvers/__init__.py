"""Solvers, written once against the penalty interface of :mod:`regkit.penalties`."""
