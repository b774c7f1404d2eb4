"""Interview practice: question bank, quiz widget, coding drills, mock interview.

``load_questions`` reads the question bank (no widgets needed); ``quiz(...)`` and
``mock_interview(...)`` build ipywidgets front ends; ``check`` grades a coding drill.

Modules (none shares its name with a public function, so ``from regkit.course.practice
import quiz`` gives the function whatever was imported before):

``bank``
    the question data, its schema and filters;
``quiz_widget``
    :func:`quiz` and its state class ``Quiz``;
``drills``
    the coding drills: :func:`check`, :func:`describe`, :func:`drill_names`;
``mock_widget``
    :func:`mock_interview`, :func:`draw_question` and the state class ``MockInterview``;
``render``
    :func:`questions_markdown`, the bank as CommonMark for pages read without a kernel;
``scheduler``
    spaced repetition (SM-2): :func:`review_card`, :func:`due_questions`, :func:`due_counts`;
``review_widget``
    :func:`review`, the spaced-repetition review as a widget;
``anki``
    :func:`regkit.course.practice.anki.write_deck`, the bank as an Anki package.

Names are resolved lazily so that importing this package does not import
ipywidgets until a widget is requested.
"""

from importlib import import_module

_LAZY = {
    "load_questions": "regkit.course.practice.bank",
    "validate_questions": "regkit.course.practice.bank",
    "get_question": "regkit.course.practice.bank",
    "QuestionBankError": "regkit.course.practice.bank",
    "CHAPTERS": "regkit.course.practice.bank",
    "DIFFICULTIES": "regkit.course.practice.bank",
    "quiz": "regkit.course.practice.quiz_widget",
    "check": "regkit.course.practice.drills",
    "describe": "regkit.course.practice.drills",
    "drill_names": "regkit.course.practice.drills",
    "DrillResult": "regkit.course.practice.drills",
    "mock_interview": "regkit.course.practice.mock_widget",
    "draw_question": "regkit.course.practice.mock_widget",
    "questions_markdown": "regkit.course.practice.render",
    "review": "regkit.course.practice.review_widget",
    "review_card": "regkit.course.practice.scheduler",
    "due_counts": "regkit.course.practice.scheduler",
    "due_questions": "regkit.course.practice.scheduler",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'regkit.course.practice' has no attribute {name!r}")


def __dir__():
    return __all__
