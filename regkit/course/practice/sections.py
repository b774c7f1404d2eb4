"""Which section of its chapter answers a question of the bank.

The bank names the chapter that teaches each answer, not the section. To link a card
or a quiz item to the place to reread, the chapter notebook's markdown is cut at its
``##``/``###`` headings and the section whose words best match the question, model
answer and rubric (TF-IDF cosine over the chapter's sections) is chosen. This is a
heuristic: it picks the section that talks most specifically about the question's terms,
and falls back to the chapter's top when nothing matches. Anchors are the ids Sphinx
gives the headings (``docutils.nodes.make_id`` of the title).
"""

import json
import math
import pathlib
import re
from collections import Counter

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


def answer_sections(questions, book_dir):
    """Map question id -> (chapter, anchor or "", section title or "").

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
            path = book_dir / f"{chapter}.ipynb"
            sections = chapter_sections(path) if path.exists() else []
            # the closing "what to say", exercise and "continue" (the pointer to a chapter's
            # second page) sections repeat every topic; they never *teach* an answer
            sections = [s for s in sections
                        if not re.search(r"interview|exercise|summary|takeaway|where next|continue",
                                         s[1], re.I)]
            bags = [Counter(_words(s[2])) for s in sections]
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
        out[q["id"]] = (chapter, best[0], best[1]) if best else (chapter, "", "")
    return out
