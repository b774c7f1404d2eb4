"""Which section of its chapter answers a question of the bank.

The bank names the chapter that teaches each answer, not the section. To link a card
or a quiz item to the place to reread, the chapter's notebooks are cut at their
``##``/``###`` headings and the section whose words best match the question, model
answer and rubric (TF-IDF cosine over the chapter's sections) is chosen. A chapter may
span several pages: ``03_lasso.ipynb`` continues in ``03b_lasso_optimality.ipynb`` (the
chapter's number followed by a letter), so the sections of every page are candidates and
the link names the page that holds the winner. This is a heuristic: it picks the section
that talks most specifically about the question's terms, and falls back to the chapter's
first page when nothing matches. Anchors are the ids Sphinx gives the headings
(``docutils.nodes.make_id`` of the title).
"""

import json
import math
import pathlib
import re
from collections import Counter

from regkit.course.practice.bank import CHAPTERS

_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*$", re.MULTILINE)
_WORD = re.compile(r"[a-z][a-z0-9]+")
_STOP = set("""the and for with that this are from its their not but can when what which then than
into each more most one two has have was were will does how why also only use used using any all
our your you they them there where while both same very much such over under between about
these those other some just like make makes made get gives give given here show shows value values
""".split())


def _words(text):
    return [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP]


def _plain_title(title):
    title = re.sub(r"\{[^}]+\}`([^`<]*)(?:<[^>]*>)?`", r"\1", title)  # {doc}`x <y>` roles
    title = re.sub(r"\$([^$]*)\$", r"\1", title)  # Sphinx keeps the TeX source in the id
    return re.sub(r"[`*]", "", title).strip()


def chapter_sections(notebook):
    """``[(anchor, title, text)]`` of a chapter notebook's ``##`` and ``###`` sections."""
    from docutils.nodes import make_id

    cells = json.loads(pathlib.Path(notebook).read_text("utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)  # fenced blocks hold no headings
    marks = list(_HEADING.finditer(text))
    sections = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        title = _plain_title(m.group(2))
        sections.append((make_id(title), title, title + " " + text[m.end():end]))
    return sections


def _tfidf(docs):
    n = len(docs)
    df = Counter(w for d in docs for w in set(d))
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    return idf


def chapter_pages(chapter, book_dir):
    """The notebook stems of a chapter's pages: ``<chapter>`` and its continuations.

    A continuation page carries the chapter's number followed by a letter
    (``08b_interview_misconceptions`` continues ``08_interview``); they come in
    letter order after the first page. Only pages that exist are listed.

    Parameters
    ----------
    chapter : str
        A chapter of the bank, e.g. ``"03_lasso"``.
    book_dir : path-like
        The folder holding the notebooks.
    """
    book_dir = pathlib.Path(book_dir)
    number = chapter.split("_", 1)[0]
    later = sorted(p.stem for p in book_dir.glob(f"{number}[b-z]_*.ipynb"))
    return [stem for stem in [chapter] + later if (book_dir / f"{stem}.ipynb").exists()]


def answer_sections(questions, book_dir):
    """Map question id -> (page, anchor or "", section title or "").

    ``page`` is the notebook stem of the chapter page that holds the section (the
    chapter itself, or a continuation page, see :func:`chapter_pages`). A continuation
    that is a bank chapter of its own (``06b_elastic_net_in_practice``) has its own
    questions and is not searched for the first page's.

    Parameters
    ----------
    questions : list of dict
        Items of :func:`regkit.course.practice.load_questions`.
    book_dir : path-like
        The folder holding the chapter notebooks ``<chapter>.ipynb``.
    """
    book_dir = pathlib.Path(book_dir)
    cache, out = {}, {}
    for q in questions:
        chapter = q["chapter"]
        if chapter not in cache:
            pages = [page for page in chapter_pages(chapter, book_dir)
                     if page == chapter or page not in CHAPTERS]
            sections = [(page,) + s for page in pages
                        for s in chapter_sections(book_dir / f"{page}.ipynb")]
            # the closing "what to say", exercise and "continue" sections repeat every topic or
            # point elsewhere; they are never the place that *teaches* an answer
            sections = [s for s in sections if not re.search(
                r"interview|exercise|summary|takeaway|where next|continue", s[2], re.I)]
            bags = [Counter(_words(s[3])) for s in sections]
            cache[chapter] = (sections, bags, _tfidf([list(b) for b in bags]))
        sections, bags, idf = cache[chapter]
        query = Counter(_words(" ".join([q["question"], q["answer"], " ".join(q["rubric"])])))
        best, best_score = None, 0.0
        for s, bag in zip(sections, bags):
            dot = sum(query[w] * (1 + math.log(bag[w])) * idf[w] ** 2 for w in query if w in bag)
            norm = math.sqrt(sum(((1 + math.log(c)) * idf[w]) ** 2 for w, c in bag.items())) or 1.0
            score = dot / norm
            if score > best_score:
                best, best_score = s, score
        out[q["id"]] = best[:3] if best else (chapter, "", "")
    return out
