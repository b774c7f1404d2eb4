"""Numbers quoted in a chapter's "What to see" paragraphs come from the chapter's own outputs.

A book that corrects its source cannot quote numbers its cells do not print. For every
paragraph that reads a result ("**What to see.**"), every decimal number in its prose (math
stripped) must equal, at the precision quoted, a number printed by some cell of the same
notebook. The few quoted numbers that are not printed (a version, a difference of two printed
numbers) are listed below with the reason.
"""

import json
import pathlib
import re

import pytest

from toc import ROOT, toc_pages

# (notebook stem, number as quoted) -> why it is not a printed output
NOT_PRINTED = {
    ("02_ridge", "1.9"): "a scikit-learn version number",
    ("09_choosing_lambda", "1.3"): "ratio of two printed quantiles (0.1417 / 0.1072, 0.2858 / 0.2154)",
    ("22_coding_drills", "0.9"): "an input of the cell (rho=0.9), not a result",
    ("15_kernels", "1.12"): "the ratio between neighbouring values of the cell's lambda grid",
    ("11_beyond_linear", "1.7"): "difference of two printed norms (2.14 - 0.46)",
    ("11_beyond_linear", "3.1"): "difference of two printed norms (5.27 - 2.14)",
    ("11_beyond_linear", "4.8"): "difference of two printed norms (10.05 - 5.27)",
    ("11_beyond_linear", "5.4"): "difference of two printed norms (15.47 - 10.05)",
}
QUOTED = re.compile(r"(?<![\w.$^_{])(\d+\.\d+)(?![\w.])")
PRINTED = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


def notebooks():
    return [p for p in toc_pages() if p.endswith(".ipynb")]


def printed_numbers(cells):
    text = []
    for cell in cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text.append("".join(out.get("text", "")) + "".join(data.get("text/plain", ""))
                        + "".join(data.get("text/markdown", "")) + "".join(data.get("text/html", "")))
    values = [float(m) for m in PRINTED.findall("\n".join(text))]
    return values + [abs(v) for v in values]


def quoted_numbers(cells):
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        if "What to see" not in source:
            continue
        prose = source.split(":::{exercise}")[0]          # exercises quote hypotheticals
        prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", " ", prose, flags=re.S)
        yield from QUOTED.findall(prose)


def agrees(quoted, printed):
    decimals = len(quoted.split(".")[1])
    value = float(quoted)
    # half a unit in the last quoted place, plus rounding slack for values printed as ...5
    return any(abs(p - value) <= 0.5 * 10.0 ** -decimals + 1e-12 for p in printed)


@pytest.mark.parametrize("path", notebooks())
def test_numbers_in_what_to_see_paragraphs_are_printed(path):
    cells = json.loads((ROOT / path).read_text())["cells"]
    printed = printed_numbers(cells)
    stem = pathlib.Path(path).stem
    wrong = [q for q in quoted_numbers(cells)
             if (stem, q) not in NOT_PRINTED and not agrees(q, printed)]
    assert not wrong, f"{path}: quoted but printed by no cell: {wrong}"


def test_the_check_catches_a_misquoted_number():
    cells = [{"cell_type": "code", "source": [], "outputs": [{"text": ["gain 2.62\n"]}]},
             {"cell_type": "markdown", "source": ["**What to see.** The gain is 2.5 here."]}]
    assert [q for q in quoted_numbers(cells) if not agrees(q, printed_numbers(cells))] == ["2.5"]
    cells[1]["source"] = ["**What to see.** The gain is 2.6 here."]
    assert all(agrees(q, printed_numbers(cells)) for q in quoted_numbers(cells))
