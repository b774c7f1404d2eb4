"""Every explorer in regkit.course.explorers.__all__, driven through every control's range.

Values are set in code (as a learner's slider would), and each change must update the
figure (PNG bytes) or the numbers panel without raising. Timing is measured and reported
by the explorer report test but never asserted on (wall-clock time is not a test oracle).
"""

import time

import ipywidgets as w
import numpy as np
import pytest

import regkit.course.explorers as explorers

FACTORIES = list(explorers.__all__)


def _values_across(control):
    """A few values spanning a control's range: ends and middle, or every option."""
    if isinstance(control, (w.Dropdown, w.RadioButtons, w.ToggleButtons, w.SelectionSlider)):
        return [v for _, v in control.options] if control.options and isinstance(control.options[0], tuple) \
            else list(control.options)
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        return [not control.value, control.value]
    if isinstance(control, w.FloatLogSlider):
        lo, hi = control.min, control.max
        return [control.base ** e for e in (lo, (lo + hi) / 2, hi)]
    if isinstance(control, (w.IntSlider, w.FloatSlider, w.BoundedIntText, w.BoundedFloatText)):
        lo, hi = control.min, control.max
        mid = (lo + hi) / 2
        if isinstance(control, (w.IntSlider, w.BoundedIntText)):
            mid = int(round(mid))
        return [lo, mid, hi]
    raise AssertionError(f"no value sweep defined for control type {type(control).__name__}")


def test_at_least_one_explorer_per_chapter_so_far():
    assert "overfitting_explorer" in FACTORIES
    assert len(set(FACTORIES)) == len(FACTORIES)


@pytest.mark.parametrize("name", FACTORIES)
def test_explorer_contract(name):
    box = getattr(explorers, name)()
    assert isinstance(box, w.Widget)
    assert isinstance(box.image, w.Image) and box.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert isinstance(box.numbers, (w.HTML, w.Label)) and box.numbers.value
    assert box.controls, "an explorer needs at least one control"


@pytest.mark.parametrize("name", FACTORIES)
def test_every_control_changes_the_view(name):
    box = getattr(explorers, name)()
    for key, control in box.controls.items():
        original = control.value
        seen = set()
        for value in _values_across(control):
            if value == control.value:
                continue
            before = (box.image.value, box.numbers.value)
            control.value = value
            after = (box.image.value, box.numbers.value)
            assert after != before, f"{name}: setting {key}={value!r} changed neither figure nor numbers"
            assert after[0][:8] == b"\x89PNG\r\n\x1a\n"
            seen.add(after)
        assert len(seen) >= 1, f"{name}: control {key} was never moved"
        control.value = original


def explorer_update_times(repeats=5):
    """Median time of one control change per explorer, in milliseconds (for reports, not asserts).

    Each timed change moves a control between two different values of its range, so every
    timed assignment is a real update.
    """
    out = {}
    for name in FACTORIES:
        box = getattr(explorers, name)()
        times = []
        for control in box.controls.values():
            values = [v for v in _values_across(control) if v != control.value][:1] + [control.value]
            if len(values) < 2:
                continue
            for i in range(2 * repeats):
                start = time.perf_counter()
                control.value = values[i % 2]
                times.append(time.perf_counter() - start)
        out[name] = 1000 * float(np.median(times)) if times else float("nan")
    return out


if __name__ == "__main__":
    for name, ms in explorer_update_times().items():
        print(f"{name:32s} median update {ms:7.1f} ms")
