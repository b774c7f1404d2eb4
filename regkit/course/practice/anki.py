"""The question bank as an Anki deck (``make flashcards``), written with genanki.

One note per question: the front holds the question (and the options of a
multiple-choice item), the back the model answer, every option's verdict and why,
the rubric and a link to the chapter section that answers it (see
:mod:`regkit.course.practice.sections`). Ids are derived from the question ids, so
re-importing an updated deck updates the notes instead of duplicating them.
"""

import hashlib
import html
import pathlib
import sys

from regkit.course.practice.bank import is_multiple_choice, load_questions

DECK_NAME = "L1 vs L2 regularization: interview question bank"
DEFAULT_BOOK_URL = "https://regkit-course.github.io/l1-vs-l2/"


def _stable_id(text):
    # Anki ids are 63-bit integers; genanki recommends fixed random-looking ones
    return int(hashlib.sha1(text.encode()).hexdigest()[:15], 16)


def _model():
    import genanki

    return genanki.Model(
        _stable_id("regkit question model v1"), "regkit interview question",
        fields=[{"name": "Id"}, {"name": "Question"}, {"name": "Answer"}, {"name": "Source"}],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}<p>{{Source}}</p>"}],
        css=".card { font-family: sans-serif; font-size: 18px; text-align: left; }")


def _e(text):
    # MathJax in Anki reads \( \) rather than $ $
    out = html.escape(text).replace("\n", "<br>")
    out = out.replace("$$", "\x00")
    parts = out.split("$")
    out = "".join(p if k % 2 == 0 else f"\\({p}\\)" for k, p in enumerate(parts))
    return out.replace("\x00", "$$")


def note_fields(question, link, section_title):
    """(id, front, back, source) HTML of one question's note."""
    front = f"<p>{_e(question['question'])}</p>"
    back = ""
    if is_multiple_choice(question):
        front += "<ol type='a'>" + "".join(f"<li>{_e(o['text'])}</li>" for o in question["options"]) + "</ol>"
        back += "<ul>" + "".join(
            f"<li><b>{'right' if o['correct'] else 'wrong'}:</b> {_e(o['text'])}: {_e(o['why'])}</li>"
            for o in question["options"]) + "</ul>"
    back += (f"<p><b>Model answer.</b> {_e(question['answer'])}</p><p><b>A strong answer covers:</b></p><ul>"
             + "".join(f"<li>{_e(p)}</li>" for p in question["rubric"]) + "</ul>")
    where = html.escape(section_title or question["chapter"].replace("_", " "))
    source = f"Read it in the book: <a href=\"{html.escape(link)}\">{where}</a>"
    return question["id"], front, back, source


def write_deck(path, *, book_url=DEFAULT_BOOK_URL, book_dir=None):
    """Write the whole bank as an Anki package.

    Parameters
    ----------
    path : path-like
        The ``.apkg`` file to write.
    book_url : str
        Where the published book lives; each card links to
        ``book_url + "book/<page>.html#<section>"``, the chapter's page that holds
        the section.
    book_dir : path-like or None
        The folder of the chapter notebooks, to find the sections (default: ``book/`` of
        the repository this package sits in).

    Returns
    -------
    int
        The number of notes written (one per question).
    """
    import genanki

    from regkit.course.practice.sections import answer_sections

    if not isinstance(book_url, str) or not book_url.endswith("/"):
        raise ValueError(f"book_url must be a string ending in '/', got {book_url!r}")
    questions = load_questions()
    book_dir = pathlib.Path(book_dir or pathlib.Path(__file__).resolve().parents[3] / "book")
    sections = answer_sections(questions, book_dir)
    model = _model()
    deck = genanki.Deck(_stable_id(DECK_NAME), DECK_NAME)
    for q in questions:
        page, anchor, title = sections[q["id"]]
        link = f"{book_url}book/{page}.html" + (f"#{anchor}" if anchor else "")
        deck.add_note(genanki.Note(model=model, fields=list(note_fields(q, link, title)),
                                   guid=genanki.guid_for(q["id"]),
                                   tags=[q["chapter"], q["difficulty"]]))
    genanki.Package(deck).write_to_file(str(path))
    return len(deck.notes)


if __name__ == "__main__":  # pragma: no cover - `make flashcards`
    out = sys.argv[1] if len(sys.argv) > 1 else "_build/flashcards/regkit-questions.apkg"
    pathlib.Path(out).parent.mkdir(parents=True, exist_ok=True)
    url = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_BOOK_URL
    print(f"{write_deck(out, book_url=url)} notes written to {out}")
