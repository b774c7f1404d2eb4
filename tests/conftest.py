"""Shared test set-up: headless matplotlib in this process, and tests/ on sys.path for toc.py.

The backend is chosen with matplotlib.use, not the MPLBACKEND variable: notebook kernels
started by nbval inherit the environment, and their figures must stay inline.
"""

import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
