"""Static rendering of the question bank as CommonMark with raw-HTML dropdowns.

The book shows every question without a kernel: a notebook cell passes the output of
:func:`questions_markdown` to ``IPython.display.Markdown`` and the page builder renders
it as CommonMark. The model answer, the verdict on each option and the rubric sit in
``<details>`` blocks, so the reader can answer before looking.
"""

import html
import re

from regkit.course.practice.bank import correct_indices, is_multiple_choice

# $...$ or $$...$$ spans are passed through untouched, so a renderer with math
# support can typeset them
_MATH = re.compile(r"(\$\$.+?\$\$|\$[^$\n]+?\$)", re.DOTALL)
# characters CommonMark reads as inline markup anywhere in a line
_MARKUP = re.compile(r"([\\`*_\[\]|~])")
# what opens a block (heading, list, thematic break) at the start of a text; ">" is
# an entity by then, and texts never start a line elsewhere (newlines become <br>)
_BLOCK_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _escape_block_start(match):
    marker = match.group(2)
    return match.group(1) + marker[:-1] + "\\" + marker[-1]


def escape_markdown(text):
    """Make ``text`` render literally in CommonMark, except ``$...$`` math spans.

    Parameters
    ----------
    text : str
        Plain text from the question bank.

    Returns
    -------
    str
        ``&``, ``<`` and ``>`` as HTML entities, Markdown punctuation
        backslash-escaped, newlines as ``<br>``; math spans unchanged.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    pieces = []
    for k, piece in enumerate(_MATH.split(text)):
        if k % 2:  # odd pieces are the math spans captured by the split
            pieces.append(piece)
        else:
            piece = _MARKUP.sub(r"\\\1", piece)
            if k == 0:
                piece = _BLOCK_START.sub(_escape_block_start, piece)
            pieces.append(html.escape(piece, quote=False).replace("\n", "<br>"))
    return "".join(pieces)


def _kind(question):
    if not is_multiple_choice(question):
        return "open question"
    if len(correct_indices(question)) > 1:
        return "multiple choice, select all that apply"
    return "multiple choice, one answer"


def question_markdown(question, number=None):
    """One question as CommonMark: prompt and options visible, answers folded.

    Parameters
    ----------
    question : dict
        An item of :func:`regkit.course.practice.bank.load_questions`.
    number : int or None
        Shown before the prompt (``Q7``) when given.

    Returns
    -------
    str
        The prompt with its difficulty and kind, the options labelled (a), (b), ...,
        then a ``<details>`` block holding the model answer, a correct/wrong mark and
        the why of every option, and the rubric.
    """
    e = escape_markdown
    label = f"Q{number}" if number is not None else "Question"
    lines = [f"**{label}** · *{e(question['difficulty'])}* · {_kind(question)} · "
             f"`{question['id']}`", "", e(question["question"]), ""]
    options = question.get("options") or []
    for letter, option in zip(_LETTERS, options):
        lines.append(f"- **({letter})** {e(option['text'])}")
    if options:
        lines.append("")
    lines += ["<details>", "<summary>Model answer</summary>", ""]
    if options:
        right = ", ".join(f"({_LETTERS[k]})" for k in correct_indices(question))
        lines += [f"**Correct:** {right}", ""]
        for letter, option in zip(_LETTERS, options):
            mark = "✔ right" if option["correct"] else "✘ wrong"
            lines.append(f"- **({letter}) {mark}:** {e(option['why'])}")
        lines.append("")
    lines += [f"**Model answer.** {e(question['answer'])}", "",
              "**A strong answer covers:**", ""]
    lines += [f"- {e(point)}" for point in question["rubric"]]
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def questions_markdown(questions, start=1):
    """Several questions, numbered from ``start`` and separated by rules.

    Parameters
    ----------
    questions : list of dict
        Items of :func:`regkit.course.practice.bank.load_questions`.
    start : int
        Number of the first question.

    Returns
    -------
    str
        CommonMark for all of them (see :func:`question_markdown`).
    """
    blocks = [question_markdown(q, number=start + k) for k, q in enumerate(questions)]
    return "\n---\n\n".join(blocks)
