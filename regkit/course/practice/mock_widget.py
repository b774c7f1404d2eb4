"""Mock interview: a random question, a countdown, then the rubric to score yourself.

The countdown is an ``ipywidgets.Play`` widget (it ticks in the browser, no Python
thread) linked to an ``IntProgress`` bar. In a live kernel a Python observer also
updates the "time left" label; in the static book the bar still moves, because the
link is a front-end link saved with the widget state.
"""

import html

import numpy as np

from regkit._validation import check_scalar
from regkit.course.practice._widgets import CHAPTER_LABELS, import_widgets
from regkit.course.practice.bank import load_questions


def _rng(seed):
    valid = seed is None or (
        not isinstance(seed, bool) and isinstance(seed, (int, np.integer)) and seed >= 0)
    if not valid:
        raise ValueError(f"seed must be None or a non-negative integer, got {seed!r}")
    return np.random.default_rng(seed)


def _pool(chapter, difficulty):
    questions = load_questions(chapter, difficulty)
    if not questions:
        raise ValueError(f"no question matches chapter={chapter!r} and difficulty={difficulty!r}")
    return questions


def draw_question(seed, chapter=None, difficulty=None):
    """Draw one question at random from the bank.

    Parameters
    ----------
    seed : int or None
        Seed of ``np.random.default_rng``; the same seed and filters give the same
        question. None draws a fresh one.
    chapter, difficulty : str or None
        Restrict the draw (see :func:`regkit.course.practice.bank.load_questions`).

    Returns
    -------
    dict
        A question with ``id``, ``question``, ``answer``, ``rubric``, ...

    Raises
    ------
    ValueError
        For a bad seed, an unknown filter, or filters that match no question.
    """
    pool = _pool(chapter, difficulty)
    return pool[int(_rng(seed).integers(len(pool)))]


def _clock(seconds):
    return f"{seconds // 60}:{seconds % 60:02d}"


class MockInterview:
    """State and handlers of the mock-interview widget (:attr:`widget` is displayed).

    Attributes
    ----------
    question : dict
        The current question.
    question_html, rubric_html, score : ipywidgets.HTML
    play : ipywidgets.Play
        The countdown's clock, in elapsed seconds (0 to ``seconds``).
    timer : ipywidgets.IntProgress
    time_left : ipywidgets.Label
    reveal_button, new_button : ipywidgets.Button
    checklist : list of ipywidgets.Checkbox
        One per rubric point, shown after the reveal, for self-scoring.
    revealed : bool
    """

    def __init__(self, seed=None, seconds=120, chapter=None, difficulty=None):
        self.seconds = int(check_scalar(seconds, "seconds", low=1.0, high=3600.0))
        if self.seconds != seconds:
            raise ValueError(f"seconds must be a whole number of seconds, got {seconds!r}")
        self._pool = _pool(chapter, difficulty)
        self._rng = _rng(seed)
        w = import_widgets()
        self.header = w.HTML()
        self.question_html = w.HTML()
        self.play = w.Play(value=0, min=0, max=self.seconds, step=1, interval=1000,
                           description="Start the clock")
        self.timer = w.IntProgress(value=0, min=0, max=self.seconds, bar_style="info",
                                   layout=w.Layout(width="50%"))
        self.time_left = w.Label()
        w.jsdlink((self.play, "value"), (self.timer, "value"))  # moves in the static page too
        self.play.observe(self._on_tick, names="value")
        self.reveal_button = w.Button(description="Reveal rubric", button_style="primary")
        self.new_button = w.Button(description="New question")
        self.rubric_html = w.HTML()
        self.checklist_box = w.VBox()
        self.score = w.HTML()
        self.reveal_button.on_click(self._on_reveal)
        self.new_button.on_click(self._on_new)
        self.widget = w.VBox([
            self.header,
            self.question_html,
            w.HBox([self.play, self.timer, self.time_left]),
            w.HBox([self.reveal_button, self.new_button]),
            self.rubric_html,
            self.checklist_box,
            self.score,
        ])
        self.widget.mock = self
        self.question = None
        self._ask(self._pool[int(self._rng.integers(len(self._pool)))])

    def _ask(self, question):
        self.question = question
        self.revealed = False
        self.checklist = []
        self.header.value = (
            f"<small>Mock interview &middot; {html.escape(question['difficulty'])} &middot; "
            f"chapter {html.escape(CHAPTER_LABELS[question['chapter']])} &middot; "
            f"{_clock(self.seconds)} to answer out loud</small>")
        self.question_html.value = f"<h4>{html.escape(question['question'])}</h4>"
        self.rubric_html.value = ""
        self.checklist_box.children = ()
        self.score.value = ""
        self.play.playing = False
        self.play.value = 0
        self._on_tick()

    def _on_tick(self, _change=None):
        elapsed = self.play.value
        self.timer.value = elapsed  # the Python side of the link, for kernels and tests
        left = self.seconds - elapsed
        if left > 0:
            self.time_left.value = f"{_clock(left)} left"
            self.timer.bar_style = "info" if left > self.seconds // 4 else "warning"
        else:
            self.time_left.value = "Time is up: reveal the rubric and score yourself."
            self.timer.bar_style = "danger"

    def _on_reveal(self, _button=None):
        w = import_widgets()
        q = self.question
        self.revealed = True
        self.play.playing = False
        points = "".join(f"<li>{html.escape(p)}</li>" for p in q["rubric"])
        self.rubric_html.value = (
            f"<p><b>A strong answer covers:</b></p><ul>{points}</ul>"
            f"<p><b>Model answer.</b> {html.escape(q['answer'])}</p>"
            "<p><i>Tick the points you covered:</i></p>")
        self.checklist = [w.Checkbox(value=False, description=p, indent=False,
                                     layout=w.Layout(width="auto")) for p in q["rubric"]]
        for box in self.checklist:
            box.observe(self._on_score, names="value")
        self.checklist_box.children = tuple(self.checklist)
        self._on_score()

    def _on_score(self, _change=None):
        covered = sum(box.value for box in self.checklist)
        total = len(self.checklist)
        self.score.value = f"<p>You covered <b>{covered} of {total}</b> rubric points.</p>"

    def _on_new(self, _button=None):
        if len(self._pool) == 1:
            self._ask(self._pool[0])
            return
        # never repeat the question just asked
        while True:
            candidate = self._pool[int(self._rng.integers(len(self._pool)))]
            if candidate["id"] != self.question["id"]:
                break
        self._ask(candidate)


def mock_interview(seed=None, seconds=120, chapter=None, difficulty=None):
    """Build the mock-interview drill.

    Parameters
    ----------
    seed : int or None
        Seeds the question draw; the first question equals
        ``draw_question(seed, chapter, difficulty)``.
    seconds : int
        Length of the countdown (1 to 3600).
    chapter, difficulty : str or None
        Restrict the questions.

    Returns
    -------
    ipywidgets.VBox
        The question, a Play-driven countdown, "Reveal rubric" (rubric, model answer
        and a self-scoring checklist) and "New question". The state object is
        available as ``widget.mock`` (a :class:`MockInterview`).
    """
    return MockInterview(seed=seed, seconds=seconds, chapter=chapter, difficulty=difficulty).widget
