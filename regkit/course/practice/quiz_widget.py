"""A quiz widget over the question bank, in plain ipywidgets.

Every piece of state lives in widget traits or plain attributes, so the quiz can be
driven without a kernel: set ``quiz.radio.index`` (or a checkbox's ``value``) and
call ``quiz.check_button.click()``; ``quiz.last_correct`` and ``quiz.feedback.value``
show the outcome.
"""

import html

import numpy as np

from regkit.course.practice._widgets import CHAPTER_LABELS, import_widgets
from regkit.course.practice.bank import CHAPTERS, DIFFICULTIES, is_multiple_choice, load_questions

_ALL = "all"  # dropdown value meaning "no filter" (None is not a selectable value)


def _escape(text):
    return html.escape(text).replace("\n", "<br>")


def _rubric_html(question):
    points = "".join(f"<li>{_escape(p)}</li>" for p in question["rubric"])
    return (f"<p><b>Model answer.</b> {_escape(question['answer'])}</p>"
            f"<p><b>A strong answer covers:</b></p><ul>{points}</ul>")


class Quiz:
    """The quiz's state and handlers; :attr:`widget` is what a notebook displays.

    Parameters
    ----------
    chapter, difficulty : str or None
        Initial filters (see :func:`regkit.course.practice.bank.load_questions`).
    seed : int
        Seeds the order of questions and of options; the same seed and filters give
        the same sequence.

    Attributes
    ----------
    chapter_filter, difficulty_filter : ipywidgets.Dropdown
    question_html, feedback, progress : ipywidgets.HTML
    radio : ipywidgets.RadioButtons or None
        The options of a single-answer question.
    checkboxes : list of ipywidgets.Checkbox
        The options of a select-all-that-apply question.
    check_button, answer_button, next_button : ipywidgets.Button
    pool : list of dict
        The filtered questions, in quiz order.
    current : dict or None
        The question on screen; ``options`` (display order) lists its options.
    last_correct : bool or None
        Outcome of the last check (None before any check or after "Next").
    """

    def __init__(self, chapter=None, difficulty=None, seed=0):
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        load_questions(chapter, difficulty)  # validates the filters with a clear error
        w = import_widgets()
        self.seed = int(seed)
        self.chapter_filter = w.Dropdown(
            options=[("all chapters", _ALL)] + [(CHAPTER_LABELS[c], c) for c in CHAPTERS],
            value=chapter or _ALL, description="Chapter")
        self.difficulty_filter = w.Dropdown(
            options=[("all levels", _ALL)] + [(d, d) for d in DIFFICULTIES],
            value=difficulty or _ALL, description="Level")
        self.progress = w.HTML()
        self.question_html = w.HTML()
        self.choices = w.VBox()
        self.feedback = w.HTML()
        self.check_button = w.Button(description="Check", button_style="primary")
        self.answer_button = w.Button(description="Show model answer")
        self.next_button = w.Button(description="Next")
        self.radio = None
        self.checkboxes = []
        self.options = []
        self.current = None
        self.last_correct = None
        self.answered = 0
        self.correct = 0
        self.check_button.on_click(self._on_check)
        self.answer_button.on_click(self._on_answer)
        self.next_button.on_click(self._on_next)
        self.chapter_filter.observe(self._on_filter, names="value")
        self.difficulty_filter.observe(self._on_filter, names="value")
        self.widget = w.VBox([
            w.HBox([self.chapter_filter, self.difficulty_filter]),
            self.progress,
            self.question_html,
            self.choices,
            w.HBox([self.check_button, self.answer_button, self.next_button]),
            self.feedback,
        ])
        self.widget.quiz = self  # reach the state from the displayed widget
        self._rebuild_pool()

    # ------------------------------------------------------------ pool and display
    def _filters(self):
        chapter = self.chapter_filter.value
        difficulty = self.difficulty_filter.value
        return (None if chapter == _ALL else chapter, None if difficulty == _ALL else difficulty)

    def _rebuild_pool(self):
        questions = load_questions(*self._filters())
        # a fresh generator per filter choice: the order depends only on (seed, filters)
        order = np.random.default_rng(self.seed).permutation(len(questions))
        self.pool = [questions[k] for k in order]
        self.position = 0
        self._show()

    def _show(self):
        w = import_widgets()
        self.feedback.value = ""
        self.last_correct = None
        self.radio, self.checkboxes, self.options = None, [], []
        if not self.pool:
            self.current = None
            self.question_html.value = "<p><i>No question matches these filters.</i></p>"
            self.progress.value = ""
            self.choices.children = ()
            for button in (self.check_button, self.answer_button, self.next_button):
                button.disabled = True
            return
        for button in (self.check_button, self.answer_button, self.next_button):
            button.disabled = False
        self.current = self.pool[self.position]
        q = self.current
        self.progress.value = (
            f"<small>Question {self.position + 1} of {len(self.pool)} &middot; "
            f"{_escape(q['difficulty'])} &middot; chapter {_escape(CHAPTER_LABELS[q['chapter']])} "
            f"&middot; score {self.correct}/{self.answered}</small>")
        if is_multiple_choice(q):
            rng = np.random.default_rng([self.seed, self.position, len(self.pool)])
            self.options = [q["options"][k] for k in rng.permutation(len(q["options"]))]
            n_correct = sum(o["correct"] for o in self.options)
            hint = " <i>(select all that apply)</i>" if n_correct > 1 else ""
            self.question_html.value = f"<p><b>{_escape(q['question'])}</b>{hint}</p>"
            if n_correct > 1:
                self.checkboxes = [
                    w.Checkbox(value=False, description=o["text"], indent=False,
                               layout=w.Layout(width="auto"))
                    for o in self.options]
                self.choices.children = tuple(self.checkboxes)
            else:
                self.radio = w.RadioButtons(
                    options=[(o["text"], k) for k, o in enumerate(self.options)], value=None,
                    layout=w.Layout(width="auto"))
                self.choices.children = (self.radio,)
            self.check_button.layout.display = None
            self.answer_button.layout.display = "none"
        else:
            self.question_html.value = f"<p><b>{_escape(q['question'])}</b></p>"
            self.choices.children = (
                w.HTML("<p><i>Answer out loud or on paper, then compare.</i></p>"),)
            self.check_button.layout.display = "none"
            self.answer_button.layout.display = None

    # ------------------------------------------------------------ handlers
    def selected(self):
        """Indices (display order) of the options the learner picked."""
        if self.radio is not None:
            return set() if self.radio.index is None else {self.radio.index}
        return {k for k, box in enumerate(self.checkboxes) if box.value}

    def _on_check(self, _button=None):
        if self.current is None or not self.options:
            return
        picked = self.selected()
        if not picked:
            self.feedback.value = "<p>Pick an option first.</p>"
            return
        right = {k for k, o in enumerate(self.options) if o["correct"]}
        first_try = self.last_correct is None
        self.last_correct = picked == right
        if first_try:
            self.answered += 1
            self.correct += int(self.last_correct)
        verdict = ("<p style='color:#1a7f37'><b>Correct!</b></p>" if self.last_correct else
                   "<p style='color:#b42318'><b>Not quite.</b> The correct "
                   f"{'options are' if len(right) > 1 else 'option is'} marked &#10004; below.</p>")
        rows = []
        for k, option in enumerate(self.options):
            mark = "&#10004;" if option["correct"] else "&#10008;"
            yours = " <i>(your choice)</i>" if k in picked else ""
            rows.append(f"<li>{mark} <b>{_escape(option['text'])}</b>{yours}: "
                        f"{_escape(option['why'])}</li>")
        self.feedback.value = (verdict + "<ul>" + "".join(rows) + "</ul>"
                               + _rubric_html(self.current))

    def _on_answer(self, _button=None):
        if self.current is not None:
            self.feedback.value = _rubric_html(self.current)

    def _on_next(self, _button=None):
        if not self.pool:
            return
        self.position = (self.position + 1) % len(self.pool)
        self._show()
        if self.position == 0:
            self.feedback.value = (f"<p><i>You have seen all {len(self.pool)} questions; "
                                   "starting again from the first.</i></p>")

    def _on_filter(self, _change=None):
        self._rebuild_pool()


def quiz(chapter=None, difficulty=None, seed=0):
    """Build a quiz over the question bank.

    Parameters
    ----------
    chapter : str or None
        Start filtered to one chapter (one of ``regkit.course.practice.bank.CHAPTERS``).
    difficulty : str or None
        Start filtered to ``"easy"``, ``"medium"`` or ``"hard"``.
    seed : int
        Seeds the question and option order (reproducible).

    Returns
    -------
    ipywidgets.VBox
        Dropdown filters, the question, its options (radio buttons, checkboxes for
        select-all-that-apply, or a "Show model answer" button for open questions),
        "Check" with per-option explanations, and "Next". The state object is
        available as ``widget.quiz`` (a :class:`Quiz`).
    """
    return Quiz(chapter=chapter, difficulty=difficulty, seed=seed).widget
