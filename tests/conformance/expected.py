"""The scikit-learn tests regkit is expected to fail, each with its reason.

Keys are regular expressions searched in the pytest node id; values start with one of
the reason codes of :data:`REASONS`, then say what exactly differs. No entry may hide a
numeric disagreement: a test whose numbers differ from scikit-learn's is a bug to fix,
not an entry here.
"""

REASONS = {
    "design": "unsupported by design",
    "internals": "scikit-learn internals",
    "wording": "message wording",
}

EXPECTED = {
}
