"""Spaced repetition over the question bank: the SM-2 scheduler.

SM-2 (Wozniak 1990, the algorithm of SuperMemo 2 that Anki's scheduler descends from)
keeps, per card, a repetition count, an interval in days and an ease factor. After a
review graded with quality ``q`` (0 to 5):

- the ease becomes ``ease + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)``, never below 1.3;
- if ``q < 3`` the card is relearned: repetitions back to 0, interval 1 day;
- otherwise the interval is 1 day after the first success, 6 after the second, then the
  previous interval times the ease (rounded), and the repetition count grows by one.

The four buttons of the review map to qualities ``again = 1``, ``hard = 3``,
``good = 4``, ``easy = 5``. The static book runs the same algorithm in
``book/static/regkit-static.js`` and stores progress in the same format, so a progress
file exported from the browser can be read here and the other way round.

A card is a dict ``{"reps", "interval", "ease", "lapses", "last", "due"}``, dates as
ISO strings ``YYYY-MM-DD``; a question never reviewed has no card and is due.
"""

import datetime as _dt
import json
import math
import pathlib

from regkit.course.practice.bank import CHAPTERS, DIFFICULTIES, load_questions

GRADES = {"again": 1, "hard": 3, "good": 4, "easy": 5}
INITIAL_EASE = 2.5
MIN_EASE = 1.3
PROGRESS_FORMAT = "regkit-progress"


def _day(value):
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"today must be a date or an ISO 'YYYY-MM-DD' string, got {value!r}")


def new_card():
    """The state of a card before its first review."""
    return {"reps": 0, "interval": 0, "ease": INITIAL_EASE, "lapses": 0}


def review_card(card, grade, today=None):
    """Schedule a card after one review (SM-2).

    Parameters
    ----------
    card : dict or None
        The card's state (None for a question never reviewed); not modified.
    grade : {"again", "hard", "good", "easy"}
        The learner's self-grade.
    today : datetime.date, str or None
        The day of the review (default: today).

    Returns
    -------
    dict
        The new state, with ``due`` = ``today + interval`` days.
    """
    if grade not in GRADES:
        raise ValueError(f"grade must be one of {sorted(GRADES)}, got {grade!r}")
    day = _day(today)
    q = GRADES[grade]
    c = dict(new_card() if card is None else card)
    # rounded to 3 decimals as the browser does (Math.round(x * 1000) / 1000), so both
    # give the same schedule from the same history
    ease = c["ease"] + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)
    c["ease"] = max(MIN_EASE, math.floor(ease * 1000 + 0.5) / 1000)
    if q < 3:
        c["reps"], c["interval"] = 0, 1
        c["lapses"] = c.get("lapses", 0) + 1
    else:
        if c["reps"] == 0:
            c["interval"] = 1
        elif c["reps"] == 1:
            c["interval"] = 6
        else:
            # JavaScript's Math.round: halves go up
            c["interval"] = int(c["interval"] * c["ease"] + 0.5)
        c["reps"] += 1
    c["last"] = day.isoformat()
    c["due"] = (day + _dt.timedelta(days=c["interval"])).isoformat()
    return c


def is_due(card, today=None):
    """True for a question never reviewed or whose due date is today or past."""
    return card is None or card["due"] <= _day(today).isoformat()


def due_questions(cards, today=None, chapter=None, difficulty=None):
    """The bank's questions due on ``today`` (in bank order), optionally filtered."""
    return [q for q in load_questions(chapter, difficulty) if is_due(cards.get(q["id"]), today)]


def due_counts(cards, today=None):
    """Due questions per chapter and level: ``{chapter: {difficulty: count}}``."""
    counts = {c: dict.fromkeys(DIFFICULTIES, 0) for c in CHAPTERS}
    for q in due_questions(cards, today):
        counts[q["chapter"]][q["difficulty"]] += 1
    return counts


def load_progress(path):
    """Read a progress file (exported from the book's review page or saved here).

    Returns the full progress dict; ``progress["review"]`` holds the cards by question id.
    A missing file gives empty progress.
    """
    path = pathlib.Path(path)
    if not path.exists():
        return {"format": PROGRESS_FORMAT, "version": 1, "review": {}, "quiz": {}, "mock-history": []}
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict) or data.get("format") != PROGRESS_FORMAT or not isinstance(data.get("review"), dict):
        raise ValueError(f"path {str(path)!r} is not a regkit progress file")
    return data


def save_progress(progress, path):
    """Write progress in the format the book's review page imports."""
    out = dict(progress, format=PROGRESS_FORMAT, version=1)
    pathlib.Path(path).write_text(json.dumps(out, indent=1), "utf-8")
