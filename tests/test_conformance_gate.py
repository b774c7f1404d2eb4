"""The conformance run's bar (issue #15): a module below 60% passing fails the session."""

from collections import Counter

from tests.conformance.plugin import MIN_SHARE, conformance_shortfalls


def _row(reached, passed):
    return {"reached": reached, "passed": passed, "reasons": Counter(), "unexplained": []}


def test_a_module_below_the_bar_is_reported_and_one_at_it_is_not():
    rows = {"test_ridge": _row(100, 60), "test_logistic": _row(248, 148)}
    assert MIN_SHARE == 0.60
    lines = conformance_shortfalls(rows)
    assert len(lines) == 1 and lines[0].startswith("test_logistic: 148 of 248")


def test_a_module_that_reaches_regkit_nowhere_counts_as_zero():
    assert conformance_shortfalls({"test_least_angle": _row(0, 0)}) == [
        "test_least_angle: 0 of 0 runs that reach regkit pass (0% < 60%)"]
