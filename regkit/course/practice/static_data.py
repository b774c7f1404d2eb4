"""The question bank for the static book's quiz, review and mock interview.

:func:`export_bank` writes the list :func:`regkit.course.practice.load_questions`
returns, with the chapter labels and, per question, the page and section of its chapter
that answers it (:mod:`regkit.course.practice.sections`), to ``practice/bank.json``. The page
script reads only this file, so the browser never holds a second copy of the questions.
"""

import json
import pathlib

from regkit.course.practice._widgets import CHAPTER_LABELS
from regkit.course.practice.bank import CHAPTERS, DIFFICULTIES, load_questions


def bank_data(book_dir=None):
    """The exported data: ``{"chapters", "difficulties", "questions"}``.

    Each question is the loader's dict plus ``page`` (the notebook stem of the chapter
    page that answers it: the chapter, or a continuation such as ``03b_...``),
    ``section`` (the heading anchor on that page, ``""`` when none matches) and
    ``section_title``.
    """
    from regkit.course.practice.sections import answer_sections

    questions = load_questions()
    book_dir = pathlib.Path(book_dir or pathlib.Path(__file__).resolve().parents[3] / "book")
    sections = answer_sections(questions, book_dir)
    for q in questions:
        q["page"], q["section"], q["section_title"] = sections[q["id"]]
    return {"chapters": [{"id": c, "label": CHAPTER_LABELS[c]} for c in CHAPTERS],
            "difficulties": list(DIFFICULTIES), "questions": questions}


def export_bank(outdir, book_dir=None):
    """Write :func:`bank_data` to ``outdir/practice/bank.json`` and return the path."""
    folder = pathlib.Path(outdir) / "practice"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bank.json"
    path.write_text(json.dumps(bank_data(book_dir), ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path
