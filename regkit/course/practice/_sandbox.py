"""The child process that runs a learner's drill function, seeing only its inputs.

:func:`regkit.course.practice.drills.check` starts :func:`serve` in a fresh interpreter
(``python -c``, so nothing of the notebook or script is re-imported) and talks to it
through a ``multiprocessing.connection``: it sends the pickled
function once, then the arguments of one hidden case at a time, and gets back only what
the function returned (as a plain array), raised or printed. The expected answers, the
other hidden cases and the grader's comparison never exist in this process, and the
grader module cannot be imported here, so the function can neither read nor patch them.
An infinite loop is stopped by the parent killing this process; ``sys.exit()`` is
caught here like any other exception.

This module imports only numpy (and pickle): keep it that way, it is what the child loads.
"""

import contextlib
import io
import pickle
import sys
import warnings

import numpy as np

# the grader (reference solutions, hidden cases); None in sys.modules makes import fail
BLOCKED_MODULES = ("regkit.course.practice.drills",)


def portable(out):
    """What the parent may see of a return value: ("none",), ("array", ndarray) or ("object", type name).

    Floating arrays keep their dtype (a float32 answer is graded as float32); other
    numeric ones become float64. Nothing of the learner's own objects crosses the pipe.
    """
    if out is None:
        return ("none",)
    try:
        arr = np.asarray(out)
    except Exception:
        return ("object", type(out).__name__)
    kind = arr.dtype.kind
    if kind == "f":
        return ("array", np.array(arr, copy=True))
    if kind in "iub":
        return ("array", arr.astype(np.float64))
    return ("object", type(out).__name__)


def _run(fn, args):
    copies = tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), warnings.catch_warnings(), \
                np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*copies)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt are the learner's too
        return ("raised", type(exc).__name__, str(exc), printed.getvalue())
    modified = [
        k for k, (orig, seen) in enumerate(zip(args, copies))
        if isinstance(orig, np.ndarray) and not np.array_equal(orig, seen)
    ]
    try:
        result = portable(out)
    except BaseException as exc:
        return ("raised", type(exc).__name__, str(exc), printed.getvalue())
    return ("returned", result, modified, printed.getvalue())


def serve(conn, payload):
    """Load the function from ``payload``, then answer one case per message until None."""
    for name in BLOCKED_MODULES:
        sys.modules[name] = None
    try:
        fn = pickle.loads(payload)
    except BaseException as exc:
        conn.send(("load_failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            return
        if args is None:
            return
        conn.send(_run(fn, args))


def main():
    """Entry point of the child: read (sys.path, authkey, payload) from stdin, print the
    address to connect to, serve the one connection that comes."""
    import os
    from multiprocessing.connection import Listener

    parent_path, authkey, payload = pickle.load(sys.stdin.buffer)
    sys.path[:] = parent_path  # the modules the learner's function refers to
    with Listener(authkey=authkey) as listener:
        print(listener.address, flush=True)
        # nothing else may reach the parent through stdout (the learner's prints go
        # through the connection; C-level writes to fd 1 go nowhere)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        with listener.accept() as conn:
            serve(conn, payload)


if __name__ == "__main__":
    main()
