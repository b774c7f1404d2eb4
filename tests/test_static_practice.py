"""Practice without a kernel (issue 13): the SM-2 scheduler, the review widget, the explorer
state export, the Sphinx hook's choice of player, the question-bank export and the Anki deck.
"""

import datetime as dt
import gzip
import json
import pathlib
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from regkit.course.explorers._base import PLAYER_DENSITY, frames_for_player
from regkit.course.practice.bank import CHAPTERS, DIFFICULTIES, load_questions
from regkit.course.practice.scheduler import (due_counts, due_questions, is_due, load_progress,
                                              review_card, save_progress)
from regkit.course.practice.sections import chapter_pages

ROOT = pathlib.Path(__file__).resolve().parents[1]
JS = ROOT / "book" / "static" / "regkit-static.js"
BUILT = ROOT / "_build" / "html" / "_static"
sys.path.insert(0, str(ROOT / "book" / "_ext"))


# ====================================================================== SM-2
def _run(grades, start="2026-01-05", card=None):
    day, history = dt.date.fromisoformat(start), []
    for g in grades:
        card = review_card(card, g, day)
        history.append(card)
        day = dt.date.fromisoformat(card["due"])
    return history


def test_sm2_intervals_of_successive_good_grades():
    h = _run(["good"] * 4)
    assert [c["interval"] for c in h] == [1, 6, 15, 38]  # 1, 6, then interval * 2.5 rounded
    assert all(c["ease"] == 2.5 for c in h)  # q = 4 leaves the ease unchanged
    assert h[0]["due"] == "2026-01-06" and h[1]["due"] == "2026-01-12"


def test_sm2_ease_moves_with_the_grade_and_again_resets():
    assert review_card(None, "easy", "2026-01-01")["ease"] == 2.6
    assert review_card(None, "hard", "2026-01-01")["ease"] == 2.36
    card = _run(["good", "good", "good"])[-1]
    lapsed = review_card(card, "again", "2026-02-01")
    assert (lapsed["reps"], lapsed["interval"], lapsed["lapses"]) == (0, 1, 1)
    assert lapsed["ease"] == pytest.approx(2.5 - 0.54)
    assert lapsed["due"] == "2026-02-02"
    floor = _run(["again"] * 5)[-1]
    assert floor["ease"] == 1.3  # SM-2's lower bound


def test_sm2_does_not_mutate_and_rejects_bad_input():
    card = review_card(None, "good", "2026-01-01")
    copy = dict(card)
    review_card(card, "easy", "2026-01-02")
    assert card == copy
    with pytest.raises(ValueError, match="grade"):
        review_card(None, "perfect", "2026-01-01")
    with pytest.raises(ValueError, match="today"):
        review_card(None, "good", "05/01/2026")


def test_due_questions_and_counts():
    questions = load_questions()
    cards = {q["id"]: review_card(None, "good", "2026-03-01") for q in load_questions(chapter="03_lasso")}
    due = due_questions(cards, "2026-03-01")
    assert len(due) == len(questions) - len(cards)
    assert not due_questions(cards, "2026-03-01", chapter="03_lasso")
    assert len(due_questions(cards, "2026-03-02", chapter="03_lasso")) == len(cards)  # due the next day
    counts = due_counts(cards, "2026-03-01")
    assert set(counts) == set(CHAPTERS) and all(set(v) == set(DIFFICULTIES) for v in counts.values())
    assert sum(sum(v.values()) for v in counts.values()) == len(due)
    assert sum(counts["03_lasso"].values()) == 0
    assert is_due(None) and not is_due(cards[next(iter(cards))], "2026-03-01")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: cannot run the page's scheduler")
def test_browser_scheduler_gives_the_python_schedule():
    rng = np.random.default_rng(13)
    sequences = [list(rng.choice(["again", "hard", "good", "easy"], size=12)) for _ in range(30)]
    script = ("const m = require(process.argv[1]); const seqs = JSON.parse(process.argv[2]);"
              "const out = seqs.map(s => { let c = null, day = '2026-01-05', h = [];"
              " for (const g of s) { c = m.sm2(c, g, day); h.push(c); day = c.due; } return h; });"
              "console.log(JSON.stringify(out));")
    res = subprocess.run(["node", "-e", script, str(JS), json.dumps([list(map(str, s)) for s in sequences])],
                         capture_output=True, text=True, check=True, timeout=60)
    js = json.loads(res.stdout)
    for seq, js_history in zip(sequences, js):
        assert js_history == _run([str(g) for g in seq])


def test_progress_file_round_trip_and_bad_file(tmp_path):
    path = tmp_path / "p.json"
    progress = load_progress(path)
    assert progress["review"] == {}
    progress["review"]["core-difference"] = review_card(None, "good", "2026-01-01")
    save_progress(progress, path)
    again = load_progress(path)
    assert again["format"] == "regkit-progress" and again["review"] == progress["review"]
    (tmp_path / "bad.json").write_text(json.dumps({"cards": {}}))
    with pytest.raises(ValueError, match="not a regkit progress file"):
        load_progress(tmp_path / "bad.json")


# ====================================================================== review widget
def test_review_widget_grades_saves_and_requeues(tmp_path):
    from regkit.course.practice.review_widget import review

    path = tmp_path / "progress.json"
    r = review(chapter="02_ridge", progress_path=path, today="2026-04-01").review
    n = len(r.queue)
    assert n == len(load_questions(chapter="02_ridge"))
    assert all(b.disabled for b in r.grade_buttons.values())
    first = r.current
    r.show_button.click()
    assert first["answer"][:40] in r.answer_html.value.replace("&#x27;", "'")
    r.grade_buttons["again"].click()
    assert r.queue[-1]["id"] == first["id"] and len(r.queue) == n  # repeated at the session's end
    second = r.current
    r.show_button.click()
    r.grade_buttons["good"].click()
    assert len(r.queue) == n - 1
    saved = load_progress(path)["review"]
    assert saved[first["id"]]["lapses"] == 1 and saved[second["id"]]["due"] == "2026-04-02"
    mc = next(q for q in load_questions() if q.get("options"))
    from regkit.course.practice.review_widget import _option_order
    orders = [_option_order(q) for q in load_questions() if q.get("options")]
    assert sorted(_option_order(mc)) == list(range(len(mc["options"])))
    assert any(order[0] != 0 for order in orders)  # the right option (first in the file) moves
    # a new session the same day: only the cards not yet scheduled past today are due
    r2 = review(chapter="02_ridge", progress_path=path, today="2026-04-01").review
    assert len(r2.queue) == n - 2


# ====================================================================== explorer export
def test_describe_control_discretises_and_keeps_the_start_value():
    from regkit.course.explorers import units_explorer
    from regkit.course.static_export import describe_control

    box = units_explorer()
    factor = describe_control(box.controls["factor"], 7)
    assert factor["discretised"] and factor["kind"] == "range"
    assert factor["values"][factor["default"]] == box.controls["factor"].value
    assert factor["values"] == sorted(factor["values"]) and len(factor["values"]) == 7
    assert factor["values"][0] == pytest.approx(1e-3) and factor["values"][-1] == pytest.approx(1e3)
    feature = describe_control(box.controls["feature"])
    assert feature["kind"] == "select" and len(feature["values"]) == len(box.controls["feature"].options)
    std = describe_control(box.controls["standardize"])
    assert std["kind"] == "checkbox" and std["values"] == [False, True] and not std["discretised"]


def test_export_writes_what_a_fresh_explorer_shows(tmp_path):
    from regkit.course.explorers import enet_explorer
    from regkit.course.static_export import export_explorer

    m = export_explorer("enet_explorer", tmp_path, {"mode": "grid", "steps": {"l1_ratio": 3, "alpha_rel": 3}})
    sizes = [len(c["values"]) for c in m["controls"]]
    assert len(m["states"]) == np.prod(sizes)
    saved = json.loads((tmp_path / "enet_explorer" / "manifest.json").read_text())
    assert saved["states"] == m["states"]
    rng = np.random.default_rng(0)
    keys = list(m["states"])
    for key in [keys[0], keys[-1]] + list(rng.choice(keys, 2)):
        with frames_for_player():  # drawn as the export draws them, twice the player's size
            box = enet_explorer()  # a fresh explorer, moved straight to that state
            for c, i in zip(m["controls"], map(int, key.split("-"))):
                box.controls[c["key"]].value = c["values"][i]
        state = m["states"][key]
        assert box.numbers.value == state["numbers"]
        assert (tmp_path / "enet_explorer" / state["frame"]).read_bytes() == bytes(box.image.value)


def test_one_at_a_time_states():
    from regkit.course.static_export import _states

    controls = [{"values": [0, 1, 2], "default": 1}, {"values": [0, 1], "default": 0}]
    assert _states(controls, "one-at-a-time") == [(1, 0), (0, 0), (2, 0), (1, 1)]
    assert len(_states(controls, "grid")) == 6
    with pytest.raises(ValueError, match="mode"):
        _states(controls, "random")


def test_export_rejects_unknown_names(tmp_path):
    from regkit.course.static_export import export_explorer

    with pytest.raises(ValueError, match="name must be one of"):
        export_explorer("no_such_explorer", tmp_path)
    with pytest.raises(ValueError, match="unknown controls"):
        export_explorer("enet_explorer", tmp_path, {"mode": "grid", "steps": {"lambda": 3}})


# ====================================================================== Sphinx hook
def test_placeholder_names_the_player_from_the_cell_source():
    from regkit_static import placeholder

    assert 'data-app="explorer" data-explorer="ridge_explorer"' in placeholder(
        "from regkit.course.explorers.ridge import ridge_explorer\n\nridge_explorer()")
    assert 'data-app="quiz" data-chapter="08_interview" data-seed="0"' in placeholder(
        'quiz(chapter="08_interview", seed=0)')
    mock = placeholder("%matplotlib inline\nmock_interview(seed=12, seconds=360)")
    assert 'data-app="mock"' in mock and 'data-seconds="360"' in mock and 'data-first="' in mock
    assert 'data-app="review"' in placeholder("review()")
    assert placeholder("ridge_explorer(rho=0.5)") is None  # frames exist for the default explorer only
    assert placeholder("session") is None
    assert placeholder("widgets.IntSlider()") is None


# ====================================================================== bank export and Anki
def test_bank_export_is_the_loader_output_with_sections(tmp_path):
    from regkit.course.practice.static_data import export_bank

    data = json.loads(export_bank(tmp_path, ROOT / "book").read_text())
    assert [c["id"] for c in data["chapters"]] == list(CHAPTERS)
    questions = load_questions()
    assert [q["id"] for q in data["questions"]] == [q["id"] for q in questions]
    for exported, q in zip(data["questions"], questions):
        assert {k: exported[k] for k in q} == q
    with_section = [q for q in data["questions"] if q["section"]]
    assert len(with_section) >= 0.9 * len(questions)
    assert all(q["page"] in chapter_pages(q["chapter"], ROOT / "book") for q in data["questions"])
    pages = {q["id"]: q["page"] for q in data["questions"]}
    # soft thresholding is taught on chapter 3's first page, the KKT conditions and the
    # exact path on its second; the misconceptions on chapter 8's second
    assert pages["soft-thresholding"] == "03_lasso"
    assert pages["lasso-kkt"] == pages["lasso-path-shape"] == "03b_lasso_optimality"
    assert pages["l1-always-better-selection"] == "08b_interview_misconceptions"


def test_chapter_pages_are_the_chapter_and_its_lettered_continuations(tmp_path):
    from regkit.course.practice.sections import chapter_pages

    assert chapter_pages("03_lasso", ROOT / "book") == ["03_lasso", "03b_lasso_optimality"]
    assert chapter_pages("02_ridge", ROOT / "book") == ["02_ridge"]
    for stem in ("05_a", "05c_third", "05b_second", "050_other", "05_b_not_a_page"):
        (tmp_path / f"{stem}.ipynb").write_text("{}")
    assert chapter_pages("05_a", tmp_path) == ["05_a", "05b_second", "05c_third"]
    assert chapter_pages("06_missing", tmp_path) == []


def test_section_links_skip_pointer_and_closing_sections_and_follow_split_chapters():
    from regkit.course.practice.sections import answer_sections

    sections = answer_sections(load_questions(), ROOT / "book")
    # "Continue" (a chapter's pointer to its second page), "Where next", the exercises and the
    # interview takeaway mention every topic of the page but teach none of them
    closing = {qid: title for qid, (_, _, title) in sections.items()
               if re.search(r"continue|where next|exercise|takeaway", title, re.I)}
    assert not closing
    # chapter 6's second page teaches the parameterizations and the choice of l1_ratio
    assert sections["enet-parameterizations"][:2] == ("06b_elastic_net_in_practice",
                                                      "three-parameterizations-one-model")
    assert sections["enet-l1-ratio-choice"][0] == "06b_elastic_net_in_practice"
    assert sections["enet-why"][0] == "06_elastic_net"

def test_anki_deck_is_a_package_with_one_note_per_question(tmp_path):
    from regkit.course.practice.anki import write_deck

    path = tmp_path / "deck.apkg"
    n = write_deck(path, book_url="https://example.org/book/", book_dir=ROOT / "book")
    questions = load_questions()
    assert n == len(questions)
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    rows = db.execute("select guid, flds, tags from notes").fetchall()
    db.close()
    assert len(rows) == len(questions) == len({r[0] for r in rows})
    by_id = {r[1].split("\x1f")[0]: r for r in rows}
    assert set(by_id) == {q["id"] for q in questions}
    for q in questions:
        fields = by_id[q["id"]][1].split("\x1f")
        page = re.search(r'href="https://example.org/book/book/([^".#]+)\.html', fields[3]).group(1)
        assert page in chapter_pages(q["chapter"], ROOT / "book"), (q["id"], page)
        assert q["chapter"] in by_id[q["id"]][2]
    # a question answered on a chapter's second page links there, not to its first page
    assert 'book/03b_lasso_optimality.html#the-kkt-conditions' in by_id["lasso-kkt"][1].split("\x1f")[3]
    with pytest.raises(ValueError, match="book_url"):
        write_deck(path, book_url="https://example.org")


# ====================================================================== the built book
needs_build = pytest.mark.skipif(not (BUILT / "explorers").exists(), reason="the book is not built: run `make book`")


@needs_build
def test_section_links_point_at_real_headings():
    data = json.loads((BUILT / "practice" / "bank.json").read_text())
    html = {}
    for q in data["questions"]:
        if q["section"]:
            page = html.setdefault(q["page"], (BUILT.parent / "book" / f"{q['page']}.html").read_text("utf-8"))
            assert f'id="{q["section"]}"' in page, f"{q['id']}: no heading #{q['section']} in {q['page']}"


@needs_build
def test_first_load_cost_of_each_player_is_small():
    from regkit.course import explorers

    script = sum(len(gzip.compress((BUILT / f).read_bytes())) for f in ("regkit-static.js", "regkit-static.css"))
    for name in explorers.__all__:
        folder = BUILT / "explorers" / name
        m = json.loads((folder / "manifest.json").read_text())
        start = "-".join(str(c["default"]) for c in m["controls"])
        first = (folder / m["states"][start]["frame"]).stat().st_size
        cost = len(gzip.compress((folder / "manifest.json").read_bytes())) + first + script
        assert cost <= 300_000, f"{name}: {cost} bytes at first view"
        frames = {s["frame"] for s in m["states"].values()}
        assert all((folder / f).exists() for f in frames)


@needs_build
def test_frames_are_drawn_at_twice_the_size_the_player_shows():
    from regkit.course import explorers

    for name in explorers.__all__:
        folder = BUILT / "explorers" / name
        m = json.loads((folder / "manifest.json").read_text())
        shown_w, shown_h = m["frame_size"]
        # the figure's own size at 80 dpi, which keeps 10-point labels at 11 px
        assert 400 <= shown_w <= 800, f"{name}: shown {shown_w} px wide"
        for frame in sorted({s["frame"] for s in m["states"].values()})[:5]:
            head = (folder / frame).read_bytes()[:24]
            width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
            assert abs(width - PLAYER_DENSITY * shown_w) <= 1, f"{name}: {frame} is {width} px wide"
            assert abs(height - PLAYER_DENSITY * shown_h) <= 1, f"{name}: {frame} is {height} px high"


_GAP = re.compile(r"duality gap[^<]*</td><td[^>]*><code>([^<]+)</code>")


@needs_build
def test_built_manifests_match_a_fresh_explorer_moved_to_the_state():
    from regkit.course import explorers

    rng = np.random.default_rng(2026)
    for name in explorers.__all__:
        m = json.loads((BUILT / "explorers" / name / "manifest.json").read_text())
        key = str(rng.choice(sorted(m["states"])))
        with frames_for_player():
            box = getattr(explorers, name)()
            for c, i in zip(m["controls"], map(int, key.split("-"))):
                box.controls[c["key"]].value = c["values"][i]
        saved, fresh = m["states"][key]["numbers"], box.numbers.value
        if name == "lasso_explorer":
            # the lasso explorer warm-starts each solve from the previous solution, so the
            # duality gap it reports (only that row) depends on the path the slider took;
            # both must certify the solution
            gaps = [float(g) for g in (_GAP.search(saved).group(1), _GAP.search(fresh).group(1))]
            assert all(g < 1e-4 for g in gaps), gaps
            saved, fresh = _GAP.sub("", saved), _GAP.sub("", fresh)
        else:
            assert bytes(box.image.value) == (BUILT / "explorers" / name / m["states"][key]["frame"]).read_bytes()
        assert fresh == saved, f"{name} at {key}"
