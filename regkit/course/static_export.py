"""Explorers without a kernel: every state rendered at build time by the explorer itself.

The published book has no Python behind it, so a saved widget would show one frozen
state. Instead, :func:`export_explorers` builds each explorer of
:data:`regkit.course.explorers.__all__`, sets its controls to every state of a small grid
(continuous controls discretised to a stated number of steps) and saves what the widget
then holds: the PNG bytes of ``.image`` and the HTML of ``.numbers``. A manifest lists the
controls, their steps and, per state, the frame file and the numbers, and
``book/static/regkit-static.js`` flips through them in the page. Nothing the explorer
computes is recomputed in JavaScript.

Two ways to choose the states (:data:`PLANS`):

``"grid"``
    every combination of the controls' steps; used when the product stays in the
    hundreds, so the reader can reach any combination;
``"one-at-a-time"``
    the explorer's starting state plus every step of one control with the others at
    their start values; used when the product would explode (six controls of the
    geometry explorer). The player then returns the other controls to their start
    values when one moves, and says so above the controls.

Every control's steps contain its starting value, so the first frame is the state the
live explorer opens in.

Run ``python -m regkit.course.static_export OUTDIR`` (the book's Sphinx extension,
``book/_ext/regkit_static.py``, calls :func:`export_explorers`; the question bank is
exported by :func:`regkit.course.practice.static_data.export_bank`).
"""

import hashlib
import itertools
import json
import os
import pathlib
import sys

import numpy as np

from regkit.course.explorers._base import PLAYER_DENSITY, frames_for_player

MANIFEST_VERSION = 2

# Per explorer: how states are chosen and how many steps a continuous control gets.
# Controls not listed keep every value they can take (integer sliders, menus, checkboxes).
PLANS = {
    "overfitting_explorer": {"mode": "grid", "steps": {"alpha": 11}},
    "ridge_explorer": {"mode": "grid", "steps": {"alpha": 13}},
    "prior_explorer": {"mode": "grid", "steps": {"sd": 5, "n": 4, "w_true": 4}},
    "lasso_explorer": {"mode": "grid", "steps": {"ratio": 16}},
    "units_explorer": {"mode": "grid", "steps": {"factor": 7, "alpha": 5}},
    "enet_explorer": {"mode": "grid", "steps": {"l1_ratio": 11, "alpha_rel": 13}},
    "geometry_explorer": {"mode": "one-at-a-time",
                          "steps": {"angle": 13, "aspect": 8, "cx": 13, "cy": 13, "t": 10}},
    "cv_explorer": {"mode": "grid", "steps": {}},
}
# An integer slider with more values than this is discretised like a float slider.
_MAX_INT_VALUES = 16


def _snap(x, low, step):
    """The slider position nearest ``x`` that the live slider can reach."""
    return low + round((x - low) / step) * step


def _with_default(values, default):
    return sorted(set(values) | {default})


def describe_control(control, n_steps=None):
    """The steps a control is exported at, with their labels.

    Parameters
    ----------
    control : ipywidgets value widget
        A control of an explorer (tagged with its keyword by ``_base.keyed``).
    n_steps : int or None
        For a continuous control, how many evenly spaced positions to keep (on the
        log10 scale for a log slider); the starting value is added when it is not
        one of them. Ignored by menus and checkboxes.

    Returns
    -------
    dict
        ``key``, ``label``, ``kind`` (``"range"``, ``"select"`` or ``"checkbox"``),
        ``values`` (JSON-able, passed to the widget), ``labels`` (shown to the reader),
        ``default`` (index of the starting value) and ``discretised`` (True when a
        continuous range was cut into steps).
    """
    import ipywidgets as w

    key, label, value = control._regkit_key, control.description, control.value
    discretised = False
    if isinstance(control, w.Checkbox):
        kind, values, labels = "checkbox", [False, True], ["off", "on"]
    elif isinstance(control, (w.Dropdown, w.SelectionSlider)):
        kind = "select" if isinstance(control, w.Dropdown) else "range"
        values = list(control._options_values)
        labels = [str(x) for x in control._options_labels]
    elif isinstance(control, w.FloatLogSlider):
        kind, discretised = "range", True
        n = n_steps or 12
        exps = [_snap(x, control.min, control.step) for x in np.linspace(control.min, control.max, n)]
        values = [float(control.base ** x) for x in exps]
        values = _with_default([float(f"{v:.12g}") for v in values], float(value))
        labels = [format(v, control.readout_format) for v in values]
    elif isinstance(control, w.IntSlider):
        kind = "range"
        full = list(range(control.min, control.max + 1, control.step))
        if n_steps is None and len(full) <= _MAX_INT_VALUES:
            values = full
        else:
            discretised = True
            n = n_steps or 12
            picks = np.geomspace(max(control.min, 1), control.max, n) if control.min > 0 else \
                np.linspace(control.min, control.max, n)
            values = _with_default({int(_snap(x, control.min, control.step)) for x in picks}, int(value))
        labels = [str(v) for v in values]
    elif isinstance(control, w.FloatSlider):
        kind, discretised = "range", True
        n = n_steps or 12
        values = [float(f"{_snap(x, control.min, control.step):.12g}")
                  for x in np.linspace(control.min, control.max, n)]
        values = _with_default(values, float(value))
        labels = [format(v, control.readout_format) for v in values]
    else:
        raise TypeError(f"control {key!r}: cannot export a {type(control).__name__}")
    default = values.index(value)
    return {"key": key, "label": label, "kind": kind, "values": values, "labels": labels,
            "default": default, "discretised": discretised}


def _states(controls, mode):
    """Index tuples of the states to render, in an order that changes the last control fastest."""
    if mode == "grid":
        return list(itertools.product(*(range(len(c["values"])) for c in controls)))
    if mode == "one-at-a-time":
        start = tuple(c["default"] for c in controls)
        states = [start]
        for k, c in enumerate(controls):
            for i in range(len(c["values"])):
                state = start[:k] + (i,) + start[k + 1:]
                if state not in states:
                    states.append(state)
        return states
    raise ValueError(f"mode must be 'grid' or 'one-at-a-time', got {mode!r}")


def state_key(indices):
    """The manifest key of a state: the step index of every control, joined by '-'."""
    return "-".join(str(i) for i in indices)


def export_explorer(name, outdir, plan=None):
    """Render every state of one explorer into ``outdir/name``.

    Parameters
    ----------
    name : str
        A name of :data:`regkit.course.explorers.__all__`.
    outdir : path-like
        The folder that receives ``name/manifest.json`` and ``name/frames/*.png``.
    plan : dict or None
        ``{"mode": ..., "steps": {control key: n_steps}}``; default :data:`PLANS[name]`.

    Returns
    -------
    dict
        The manifest (also written to disk), with ``n_frames`` (distinct images) and
        ``bytes`` (their total size) added for the report.
    """
    from regkit.course import explorers

    if name not in explorers.__all__:
        raise ValueError(f"name must be one of {explorers.__all__}, got {name!r}")
    plan = PLANS.get(name, {"mode": "grid", "steps": {}}) if plan is None else plan
    with frames_for_player():
        return _export(name, getattr(explorers, name)(), outdir, plan)


def _export(name, box, outdir, plan):
    controls = [describe_control(c, plan["steps"].get(key)) for key, c in box.controls.items()]
    unknown = set(plan["steps"]) - set(box.controls)
    if unknown:
        raise ValueError(f"plan for {name} names unknown controls {sorted(unknown)}")
    folder = pathlib.Path(outdir) / name
    frames = folder / "frames"
    frames.mkdir(parents=True, exist_ok=True)
    for old in frames.glob("*.png"):
        old.unlink()
    states, sizes = {}, {}
    widgets = [box.controls[c["key"]] for c in controls]
    for indices in _states(controls, plan["mode"]):
        for widget, c, i in zip(widgets, controls, indices):
            if widget.value != c["values"][i]:
                widget.value = c["values"][i]  # the explorer redraws through its own observer
        png = bytes(box.image.value)
        digest = hashlib.sha1(png).hexdigest()[:16]
        if digest not in sizes:
            (frames / f"{digest}.png").write_bytes(png)
            sizes[digest] = len(png)
        states[state_key(indices)] = {"frame": f"frames/{digest}.png", "numbers": box.numbers.value}
    # the size the player shows a frame at, in CSS px: the figure's own (the frames have
    # PLAYER_DENSITY times its pixels)
    width, height = _png_size(png)
    manifest = {"version": MANIFEST_VERSION, "name": name, "mode": plan["mode"],
                "controls": controls, "states": states,
                "frame_size": [round(width / PLAYER_DENSITY), round(height / PLAYER_DENSITY)]}
    (folder / "manifest.json").write_text(json.dumps(manifest, separators=(",", ":")), "utf-8")
    return dict(manifest, n_frames=len(sizes), bytes=sum(sizes.values()))


def _png_size(png):
    """(width, height) in pixels, read from the PNG header (IHDR, bytes 16-24)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _export_one(args):
    name, outdir = args
    m = export_explorer(name, outdir)
    return name, {"states": len(m["states"]), "frames": m["n_frames"], "bytes": m["bytes"], "mode": m["mode"]}


def export_explorers(outdir, names=None, log=print, jobs=None):
    """Export every explorer (or ``names``) into ``outdir/<name>/``; returns sizes per explorer.

    ``jobs`` processes render explorers side by side (default: the number of CPUs); each
    explorer is still rendered by one process, in one order, so the frames do not depend
    on ``jobs``.
    """
    from regkit.course import explorers

    names = list(names or explorers.__all__)
    jobs = max(1, min(len(names), jobs or os.cpu_count() or 1))
    tasks = [(name, str(outdir)) for name in names]
    if jobs == 1:
        results = map(_export_one, tasks)
    else:
        import concurrent.futures
        import multiprocessing

        pool = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))
        results = pool.map(_export_one, tasks)
    report = {}
    for name, r in results:
        report[name] = r
        log(f"{name}: {r['states']} states, {r['frames']} frames, {r['bytes'] / 1e6:.1f} MB ({r['mode']})")
    if jobs > 1:
        pool.shutdown()
    return report


if __name__ == "__main__":  # pragma: no cover - command line entry
    if len(sys.argv) < 2:
        sys.exit("usage: python -m regkit.course.static_export OUTDIR [explorer ...]")
    export_explorers(sys.argv[1], sys.argv[2:] or None)
