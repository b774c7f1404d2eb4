"""Practice without a kernel on the built book (issue 13), in headless chromium.

- Every explorer player on every page: each control moved to at least three positions with
  the keyboard or the menu; the figure and the numbers change and equal the manifest written
  by Python at build time for that state, and every frame shown loads.
- The quiz answers with feedback for every option; the spaced-repetition review grades
  cards, and after a reload the progress and the schedule are still there; progress
  exports to a file and imports back.
- The mock interview's clock runs and an attempt is recorded and kept across a reload.
- No page loads the ipywidgets html-manager or the saved widget state any more.
- A question with a formula ($...$) is typeset: MathJax is fetched then, and only then.
"""

import json
import re

import pytest

from conftest import HTML
from toc import toc_pages

pytestmark = pytest.mark.browser

STATIC = HTML / "_static"


def _html_path(page):
    return re.sub(r"\.(ipynb|md)$", ".html", page)


def _explorer_pages():
    out = []
    for page in toc_pages():
        path = HTML / _html_path(page)
        if path.exists():
            for name in re.findall(r'data-app="explorer" data-explorer="(\w+)"', path.read_text("utf-8")):
                out.append((page, name))
    return out


EXPLORER_PAGES = _explorer_pages() if (HTML / "index.html").exists() else []


def _manifest(name):
    return json.loads((STATIC / "explorers" / name / "manifest.json").read_text("utf-8"))


def _open(page, book_url, page_path, selector):
    page.goto(f"{book_url}/{_html_path(page_path)}", wait_until="load")
    root = page.locator(selector).first
    root.scroll_into_view_if_needed()
    page.wait_for_selector(f"{selector}[data-ready=true]", timeout=20000)
    return root


def _normalized(page, html):
    """The HTML as the browser serializes it, to compare with the player's innerHTML."""
    return page.evaluate("s => { const t = document.createElement('template'); t.innerHTML = s; return t.innerHTML; }",
                         html)


def _check_state(page, root, m, positions):
    key = "-".join(str(i) for i in positions)
    assert root.get_attribute("data-state") == key
    state = m["states"][key]
    img = root.locator("img.rk-frame")
    assert img.get_attribute("src").endswith(state["frame"])
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle(), timeout=10000)
    shown = root.locator(".rk-numbers").inner_html()
    assert shown == _normalized(page, state["numbers"]), f"numbers differ from the manifest at state {key}"
    assert "=" in img.get_attribute("alt")
    return state["frame"], shown


def test_every_explorer_is_replaced_by_a_player():
    from regkit.course import explorers

    assert sorted(name for _, name in EXPLORER_PAGES) == sorted(explorers.__all__), \
        "every explorer of regkit.course.explorers.__all__ is on a page as a player"


def _targets(c, at):
    """At least three positions to move a control to from position ``at``."""
    n = len(c["values"])
    if c["kind"] == "checkbox" or n == 2:
        return [1 - at, at, 1 - at]  # there, back and there again
    return sorted({0, n - 1, n // 2, (at + 1) % n} - {at})[:3]


def _base(m, k, positions):
    """Positions of the other controls from which moving control k visibly changes the state.

    Some controls do nothing at the start state (the units explorer's "rescale" menu while
    the factor is 1), so the test moves the others first when needed, as a reader would.
    """
    def changes(base):
        keys = ["-".join(map(str, base[:k] + [t] + base[k + 1:])) for t in [base[k]] + _targets(m["controls"][k], base[k])]
        states = [m["states"][key] for key in keys]
        return len({s["frame"] for s in states}) >= 2 and len({s["numbers"] for s in states}) >= 2
    if changes(list(positions)):
        return list(positions)
    for key in m["states"]:
        base = [int(i) for i in key.split("-")]
        if base[k] == positions[k] and changes(base):
            return base
    raise AssertionError(f"{m['name']}: control {m['controls'][k]['key']} changes nothing in any state")


def _move(root, control, c, current, target):
    field = root.locator("#" + control.locator("label").first.get_attribute("for"))
    if target == current:
        return
    if c["kind"] == "checkbox":
        field.press("Space")
    elif c["kind"] == "select":
        field.select_option(str(target))
    else:  # a range input, moved with the keyboard as a reader would
        field.focus()
        for _ in range(abs(target - current)):
            field.press("ArrowRight" if target > current else "ArrowLeft")


@pytest.mark.parametrize("page_path,name", EXPLORER_PAGES)
def test_explorer_player_follows_the_manifest(page, book_url, page_path, name):
    m = _manifest(name)
    root = _open(page, book_url, page_path, f'.regkit-app[data-explorer="{name}"]')
    start = [c["default"] for c in m["controls"]]
    frame0, numbers0 = _check_state(page, root, m, start)
    controls = root.locator(".rk-control")
    assert controls.count() == len(m["controls"])
    positions = list(start)
    for k, c in enumerate(m["controls"]):
        n = len(c["values"])
        if c["discretised"]:
            assert f"({n} steps)" in controls.nth(k).inner_text(), "a discretised control says so"
        if m["mode"] == "one-at-a-time":
            # moving this control returns the others to their start: compare with the start state
            positions, before = list(start), (frame0, numbers0)
        else:
            base = _base(m, k, positions)
            for j, cj in enumerate(m["controls"]):
                if j != k and base[j] != positions[j]:
                    _move(root, controls.nth(j), cj, positions[j], base[j])
                    positions[j] = base[j]
                    _check_state(page, root, m, positions)
            before = _check_state(page, root, m, positions)
        frames, numbers = {before[0]}, {before[1]}
        for t in _targets(c, positions[k]):
            _move(root, controls.nth(k), c, positions[k], t)
            positions[k] = t
            frame, shown = _check_state(page, root, m, positions)
            frames.add(frame)
            numbers.add(shown)
        assert len(frames) >= 2, f"{name}: moving {c['key']} never changed the figure"
        assert len(numbers) >= 2, f"{name}: moving {c['key']} never changed the numbers"


def test_no_page_loads_the_widget_manager_or_saved_state(page, book_url):
    for page_path in toc_pages():
        text = (HTML / _html_path(page_path)).read_text("utf-8")
        assert "widget-state+json" not in text, f"{page_path} still embeds saved widget state"
        assert "html-manager" not in text and "embed-amd" not in text, f"{page_path} loads the html-manager"
        assert "application/vnd.jupyter.widget-view+json" not in text, f"{page_path} has a widget with no player"


def test_quiz_answers_with_feedback_and_keeps_progress(page, book_url):
    bank = {q["id"]: q for q in json.loads((STATIC / "practice" / "bank.json").read_text())["questions"]}
    root = _open(page, book_url, "book/21_question_bank.ipynb", '.regkit-app[data-app="quiz"]')
    answered, orders = 0, []
    for _ in range(6):
        card = root.locator(".rk-card")
        q = bank[card.get_attribute("data-qid")]
        if q.get("options"):
            wrong = [i for i, o in enumerate(q["options"]) if not o["correct"]][0]
            card.locator(f"input[value='{wrong}']").check()
            card.get_by_role("button", name="Check").click()
            items = card.locator(".rk-feedback-list li")
            assert items.count() == len(q["options"])
            assert card.locator(".rk-verdict").inner_text().startswith("Not quite")
            shown = [items.nth(i).inner_text() for i in range(items.count())]
            for o in q["options"]:  # the verdict and the why of every option are shown
                assert sum(o["why"][:30] in t and t.startswith("✔" if o["correct"] else "✘") for t in shown) == 1
            texts = [card.locator(".rk-option label").nth(i).inner_text() for i in range(len(q["options"]))]
            orders.append([next(k for k, o in enumerate(q["options"]) if o["text"][:30] in t) for t in texts])
        else:
            card.get_by_role("button", name="Show model answer").click()
            assert q["answer"][:40] in card.locator(".rk-answer").inner_text()
        answered += 1
        root.get_by_role("button", name="Next question").click()
    assert f"Done so far: {answered} of" in root.locator(".rk-progress").inner_text()
    assert orders and any(order[0] != 0 for order in orders), "options are not all shown in the file's order"
    page.reload()
    root = _open(page, book_url, "book/21_question_bank.ipynb", '.regkit-app[data-app="quiz"]')
    assert f"Done so far: {answered} of" in root.locator(".rk-progress").inner_text()


def test_quiz_fetches_mathjax_only_for_a_question_with_a_formula(page, book_url):
    fetched, missing = [], []
    page.on("request", lambda r: fetched.append(r.url) if "_static/mathjax/" in r.url else None)
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    root = _open(page, book_url, "book/21_question_bank.ipynb", '.regkit-app[data-app="quiz"]')
    root.get_by_role("button", name="Next question").click()
    page.wait_for_load_state("networkidle")
    assert fetched == [], "MathJax fetched for questions without a formula"
    assert page.evaluate("typeof window.MathJax") == "undefined"

    # the same page, its bank served with a formula in every question
    data = json.loads((STATIC / "practice" / "bank.json").read_text())
    for q in data["questions"]:
        q["question"] += r" Write it with $\hat\beta = (X^\top X + \lambda I)^{-1} X^\top y$."
    page.route("**/_static/practice/bank.json",
               lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(data)))
    root = _open(page, book_url, "book/21_question_bank.ipynb", '.regkit-app[data-app="quiz"]')
    question = root.locator(".rk-question")
    question.locator("mjx-container").wait_for(timeout=30000)
    assert any(url.endswith("_static/mathjax/tex-chtml.js") for url in fetched)
    assert "$" not in question.inner_text() and "\\hat" not in question.inner_text()
    # MathJax's own accessible copy of the formula holds the symbols
    assert question.locator("mjx-container mjx-assistive-mml mi").count() >= 4
    page.wait_for_load_state("networkidle")
    assert missing == [], f"MathJax's files missing from the build: {missing}"


def _total_due(root):
    return int(root.locator(".rk-total-due").inner_text())


def test_review_schedules_and_keeps_progress_across_reload(page, book_url):
    root = _open(page, book_url, "book/21_question_bank.ipynb", '.regkit-app[data-app="review"]')
    total = _total_due(root)
    assert total == len(json.loads((STATIC / "practice" / "bank.json").read_text())["questions"])
    root.get_by_role("button", name=re.compile(r"Start review \(\d+ due\)")).click()
    graded = []
    for grade in ("good", "easy", "good"):
        card = root.locator(".rk-review-card")
        qid = card.locator(".rk-card").get_attribute("data-qid")
        if card.get_by_role("button", name="Check").count():
            card.locator(".rk-options input").first.check()
            card.get_by_role("button", name="Check").click()
        else:
            card.get_by_role("button", name="Show answer").click()
        card.locator(f"[data-grade={grade}]").click()
        graded.append((qid, grade))
    assert _total_due(root) == total - 3
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('regkit.review'))")
    today = page.evaluate("() => { const d = new Date(); return new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); }")
    for qid, grade in graded:
        assert stored[qid]["reps"] == 1 and stored[qid]["interval"] == 1 and stored[qid]["due"] > today
    assert stored[graded[1][0]]["ease"] == 2.6  # SM-2: easy raises the ease by 0.1

    page.reload()
    root = _open(page, book_url, "book/21_question_bank.ipynb", '.regkit-app[data-app="review"]')
    assert _total_due(root) == total - 3, "the schedule survives a reload"
    assert "3 of" in root.locator(".rk-progress").first.inner_text()

    # export to a file, wipe the browser's copy, import the file back
    with page.expect_download() as dl:
        root.get_by_role("button", name="Export progress (JSON)").click()
    exported = json.loads(open(dl.value.path(), encoding="utf-8").read())
    assert exported["format"] == "regkit-progress" and set(exported["review"]) == {q for q, _ in graded}
    page.evaluate("() => localStorage.clear()")
    page.reload()
    root = _open(page, book_url, "book/21_question_bank.ipynb", '.regkit-app[data-app="review"]')
    assert _total_due(root) == total
    root.locator("input[type=file]").set_input_files(dl.value.path())
    page.wait_for_function("() => document.querySelector('.rk-review .rk-msg').textContent.includes('imported')")
    assert _total_due(root) == total - 3


def test_mock_interview_runs_its_clock_and_records_an_attempt(page, book_url):
    sel = '.regkit-app[data-app="mock"]'
    root = _open(page, book_url, "book/23_mock_interview.ipynb", sel)
    first = page.locator(sel).first.get_attribute("data-first")
    question = root.locator(".rk-question").inner_text()
    bank = {q["id"]: q for q in json.loads((STATIC / "practice" / "bank.json").read_text())["questions"]}
    assert question == bank[first]["question"], "opens on the question the notebook's seed draws"
    assert root.locator(".rk-clock").inner_text() == "6:00 left"
    root.get_by_role("button", name="Start the clock").click()
    page.wait_for_timeout(2300)
    left = root.locator(".rk-clock").inner_text()
    assert left in ("5:58 left", "5:57 left", "5:56 left"), left
    assert page.evaluate("() => document.querySelector('.rk-mock progress').value") < 100
    root.get_by_role("button", name="Stop and reveal the rubric").click()
    boxes = root.locator(".rk-checklist input[type=checkbox]")
    n_points = boxes.count()
    assert n_points == len(bank[first]["rubric"])
    boxes.nth(0).check()
    boxes.nth(2).check()
    assert f"Score: 2 of {n_points}" in root.locator(".rk-score").inner_text()
    root.get_by_role("button", name="Save this attempt").click()
    page.reload()
    root = _open(page, book_url, "book/23_mock_interview.ipynb", sel)
    rows = root.locator(".rk-history tbody tr")
    assert rows.count() == 1
    assert f"2 / {n_points}" in rows.first.inner_text()
    assert bank[first]["question"][:30] in rows.first.inner_text()
