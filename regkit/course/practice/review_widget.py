"""Spaced-repetition review in JupyterLab: the SM-2 scheduler behind ipywidgets.

Open questions are flashcards (show the answer, then grade yourself); multiple-choice
questions show their options and, with the answer, the verdict and the why of every
option. Progress is read from and written to a JSON file in the same format as the
book's review page exports, so the two can be used in turn.
"""

import hashlib
import html

from regkit.course.practice._widgets import import_widgets
from regkit.course.practice.bank import is_multiple_choice
from regkit.course.practice.scheduler import (GRADES, due_counts, due_questions, load_progress,
                                              review_card, save_progress)
from regkit.course.practice.quiz_widget import _rubric_html


def _option_order(question):
    # the bank lists the right option first: show a fixed, per-question shuffled order
    return sorted(range(len(question.get("options") or [])),
                  key=lambda i: hashlib.sha1(f"{question['id']}:{i}".encode()).digest())


def _counts_html(cards, today):
    counts = due_counts(cards, today)
    rows = "".join(f"<tr><td>{c.replace('_', ' ')}</td>" + "".join(f"<td>{n}</td>" for n in d.values())
                   + f"<td>{sum(d.values())}</td></tr>" for c, d in counts.items())
    head = "".join(f"<th>{d}</th>" for d in next(iter(counts.values())))
    return f"<table><tr><th>due today</th>{head}<th>total</th></tr>{rows}</table>"


class Review:
    """State and handlers of one review session; :attr:`widget` is what a notebook shows.

    Parameters
    ----------
    chapter, difficulty : str or None
        Review only these questions (see :func:`regkit.course.practice.load_questions`).
    progress_path : str, path or None
        JSON progress file read at start and written after every grade; None keeps the
        progress in memory only (``self.progress``).
    today : datetime.date, str or None
        The review day (default: today); fixed in tests.

    Attributes
    ----------
    queue : list of dict
        Questions still to review in this session (SM-2 repeats one graded "again" or
        "hard" at the end of the session).
    show_button : ipywidgets.Button
    grade_buttons : dict of ipywidgets.Button, by grade
    question_html, answer_html, counts_html : ipywidgets.HTML
    """

    def __init__(self, chapter=None, difficulty=None, progress_path=None, today=None):
        w = import_widgets()
        self.progress_path = progress_path
        self.progress = load_progress(progress_path) if progress_path else {"review": {}}
        self.today = today
        self.queue = due_questions(self.progress["review"], today, chapter, difficulty)
        self.question_html, self.answer_html, self.counts_html = w.HTML(), w.HTML(), w.HTML()
        self.show_button = w.Button(description="Show answer")
        self.show_button.on_click(lambda _: self.reveal())
        self.grade_buttons = {g: w.Button(description=g) for g in GRADES}
        for g, b in self.grade_buttons.items():
            b.on_click(lambda _, g=g: self.grade(g))
        self.widget = w.VBox([self.counts_html, self.question_html, self.show_button, self.answer_html,
                              w.HBox(list(self.grade_buttons.values()))])
        self.widget.review = self
        self._show()

    @property
    def current(self):
        """The question on screen, or None when the session is over."""
        return self.queue[0] if self.queue else None

    def _show(self):
        self.counts_html.value = _counts_html(self.progress["review"], self.today)
        self.answer_html.value = ""
        for b in self.grade_buttons.values():
            b.disabled = True
        q = self.current
        if q is None:
            self.question_html.value = "<p>Nothing left to review today in this selection.</p>"
            self.show_button.disabled = True
            return
        self.show_button.disabled = False
        options = "".join(f"<li>{html.escape(q['options'][i]['text'])}</li>" for i in _option_order(q))
        self.question_html.value = (f"<p><i>{q['difficulty']} · {q['chapter'].replace('_', ' ')} · "
                                    f"{len(self.queue)} left</i></p><p><b>{html.escape(q['question'])}</b></p>"
                                    + (f"<ol type='a'>{options}</ol>" if options else ""))

    def reveal(self):
        """Show the model answer (and every option's verdict) and enable the grades."""
        q = self.current
        if q is None:
            return
        verdicts = ""
        if is_multiple_choice(q):
            verdicts = "<ul>" + "".join(
                f"<li>{'right' if o['correct'] else 'wrong'}: {html.escape(o['text'])}: {html.escape(o['why'])}</li>"
                for o in (q["options"][i] for i in _option_order(q))) + "</ul>"
        self.answer_html.value = verdicts + _rubric_html(q)
        for b in self.grade_buttons.values():
            b.disabled = False

    def grade(self, grade):
        """Record a self-grade for the current question and move to the next one."""
        q = self.current
        if q is None:
            raise ValueError("no question left to grade in this session")
        cards = self.progress["review"]
        cards[q["id"]] = review_card(cards.get(q["id"]), grade, self.today)
        self.queue.pop(0)
        if GRADES[grade] < GRADES["good"]:
            self.queue.append(q)
        if self.progress_path:
            save_progress(self.progress, self.progress_path)
        self._show()


def review(chapter=None, difficulty=None, progress_path="regkit-progress.json", today=None):
    """A spaced-repetition review of the question bank (SM-2), as a widget.

    Parameters
    ----------
    chapter, difficulty : str or None
        Restrict the review.
    progress_path : str, path or None
        Where progress is kept (the format of the book's "Export progress"); None keeps
        it in memory.
    today : datetime.date, str or None
        The review day (default: today).

    Returns
    -------
    ipywidgets.VBox
        With ``.review`` the :class:`Review` holding the state.
    """
    return Review(chapter, difficulty, progress_path, today).widget
