"""The interview question bank: loading, filtering and schema validation.

The questions live in ``questions.json`` next to this module, so they can be edited
without touching code. Every question is a dict with the keys

``id``
    a stable slug, unique across the bank (used by the quiz and in links);
``question``, ``answer``
    the prompt and a model answer of a few sentences;
``difficulty``
    one of :data:`DIFFICULTIES`;
``chapter``
    the book page that teaches the answer, one of :data:`CHAPTERS` (a chapter's second
    page, such as ``06b_elastic_net_in_practice``, when the answer is taught there);
``rubric``
    3 to 6 points a strong answer covers;
``options`` (optional)
    for multiple-choice items, a list of ``{"text", "correct", "why"}`` dicts with at
    least one correct and one wrong option; every option explains why it is right or wrong.

A broken data file raises :class:`QuestionBankError` naming the question and the
field at fault, instead of surfacing later as a confusing widget error.
"""

import copy
import json
from functools import lru_cache
from importlib import resources

CHAPTERS = (
    "01_overfitting",
    "02_ridge",
    "03_lasso",
    "04_geometry",
    "05_bayesian",
    "06_elastic_net",
    "06b_elastic_net_in_practice",
    "07_scaling",
    "07b_scaling_workflow",
    "08_interview",
    "09_choosing_lambda",
    "10_solvers",
    "11_beyond_linear",
    "12_selection",
    "13_inference",
    "14_nonconvex",
    "15_kernels",
    "16_lambda_without_cv",
    "17_at_scale",
    "18_text",
)
DIFFICULTIES = ("easy", "medium", "hard")

_REQUIRED = ("id", "question", "difficulty", "chapter", "answer", "rubric")
_OPTIONAL = ("options",)
_MIN_ANSWER_CHARS = 120  # a model answer is a few sentences, never a one-liner
_RUBRIC_LEN = (3, 6)


class QuestionBankError(ValueError):
    """The question data does not follow the bank's schema."""


def _fail(where, problem):
    raise QuestionBankError(f"question bank: {where}: {problem}")


def _check_text(value, where, field, min_chars=1):
    if not isinstance(value, str) or len(value.strip()) < min_chars:
        _fail(where, f"field {field!r} must be a string of at least {min_chars} characters, "
                     f"got {value!r:.60}")


def _check_options(options, where):
    if not isinstance(options, list) or len(options) < 2:
        _fail(where, "field 'options' must be a list of at least 2 options")
    texts = set()
    for k, option in enumerate(options):
        at = f"{where}, option {k}"
        if not isinstance(option, dict) or set(option) != {"text", "correct", "why"}:
            _fail(at, "each option must be a dict with exactly the keys 'text', 'correct', 'why'")
        _check_text(option["text"], at, "text")
        _check_text(option["why"], at, "why", min_chars=10)
        if not isinstance(option["correct"], bool):
            _fail(at, f"'correct' must be true or false, got {option['correct']!r}")
        if option["text"] in texts:
            _fail(at, f"duplicate option text {option['text']!r}")
        texts.add(option["text"])
    if not any(option["correct"] for option in options):
        _fail(where, "no option is marked correct")
    if all(option["correct"] for option in options):
        _fail(where, "every option is marked correct, so the item tests nothing")


def _check_question(item, index):
    where = f"item {index}"
    if not isinstance(item, dict):
        _fail(where, f"must be an object, got {type(item).__name__}")
    if isinstance(item.get("id"), str):
        where = f"item {index} ({item['id']!r})"
    missing = [key for key in _REQUIRED if key not in item]
    if missing:
        _fail(where, f"missing field(s) {missing}")
    unknown = sorted(set(item) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        _fail(where, f"unknown field(s) {unknown}")
    _check_text(item["id"], where, "id")
    if item["id"] != item["id"].strip().lower() or " " in item["id"]:
        _fail(where, "'id' must be a lower-case slug without spaces")
    _check_text(item["question"], where, "question", min_chars=10)
    _check_text(item["answer"], where, "answer", min_chars=_MIN_ANSWER_CHARS)
    if item["difficulty"] not in DIFFICULTIES:
        _fail(where, f"difficulty must be one of {DIFFICULTIES}, got {item['difficulty']!r}")
    if item["chapter"] not in CHAPTERS:
        _fail(where, f"chapter must be one of {CHAPTERS}, got {item['chapter']!r}")
    rubric = item["rubric"]
    low, high = _RUBRIC_LEN
    if not isinstance(rubric, list) or not low <= len(rubric) <= high:
        _fail(where, f"'rubric' must be a list of {low} to {high} points")
    for point in rubric:
        _check_text(point, where, "rubric point", min_chars=3)
    if "options" in item:
        _check_options(item["options"], where)


def validate_questions(questions):
    """Check a list of question dicts against the bank's schema.

    Parameters
    ----------
    questions : list of dict
        Parsed content of a question file.

    Raises
    ------
    QuestionBankError
        (a ``ValueError``) naming the first item and field that break the schema,
        or a duplicated id.
    """
    if not isinstance(questions, list) or not questions:
        raise QuestionBankError("question bank: the file must hold a non-empty JSON list")
    seen = set()
    for index, item in enumerate(questions):
        _check_question(item, index)
        if item["id"] in seen:
            _fail(f"item {index}", f"duplicate id {item['id']!r}")
        seen.add(item["id"])


def _read_file(path):
    try:
        if path is None:
            text = resources.files("regkit.course.practice").joinpath("questions.json").read_text("utf-8")
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        name = path or "questions.json"
        raise QuestionBankError(f"question bank: cannot read {name}: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuestionBankError(
            f"question bank: {path or 'questions.json'} is not valid JSON "
            f"(line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from exc


def _load_validated(path):
    # the packaged bank is read once per process; a user's own file is re-read on
    # every call so that edits show up immediately
    if path is None:
        return _load_packaged()
    questions = _read_file(path)
    validate_questions(questions)
    return questions


@lru_cache(maxsize=1)
def _load_packaged():
    questions = _read_file(None)
    validate_questions(questions)
    return questions


def _check_filter(value, allowed, name):
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be None or one of {allowed}, got {value!r}")


def load_questions(chapter=None, difficulty=None, *, path=None):
    """Return the interview questions, optionally filtered.

    Parameters
    ----------
    chapter : str or None
        Keep only questions answered by this chapter (one of :data:`CHAPTERS`).
    difficulty : str or None
        Keep only questions of this difficulty (one of :data:`DIFFICULTIES`).
    path : str or None
        Read another question file with the same schema (default: the packaged
        ``questions.json``).

    Returns
    -------
    list of dict
        Fresh copies in file order, so callers may modify them freely.

    Raises
    ------
    ValueError
        For an unknown ``chapter`` or ``difficulty``.
    QuestionBankError
        If the file is unreadable or breaks the schema.
    """
    _check_filter(chapter, CHAPTERS, "chapter")
    _check_filter(difficulty, DIFFICULTIES, "difficulty")
    questions = _load_validated(None if path is None else str(path))
    return [
        copy.deepcopy(item)
        for item in questions
        if (chapter is None or item["chapter"] == chapter)
        and (difficulty is None or item["difficulty"] == difficulty)
    ]


def get_question(question_id):
    """Return one question by its ``id`` (a copy); ``KeyError`` if there is none."""
    for item in _load_validated(None):
        if item["id"] == question_id:
            return copy.deepcopy(item)
    raise KeyError(f"no question with id {question_id!r}")


def is_multiple_choice(question):
    """True when the question has answer options."""
    return bool(question.get("options"))


def correct_indices(question):
    """Indices of the correct options of a multiple-choice question."""
    return [k for k, option in enumerate(question.get("options", ())) if option["correct"]]
