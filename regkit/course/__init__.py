"""The course layer of regkit: what the book's chapters run, built on the library.

Needs the course extras (``pip install regkit[course]``: matplotlib, ipywidgets).
It may import :mod:`regkit`; nothing in the library imports it (a test enforces this).

``regkit.course.labs``
    one module per chapter: the experiments a chapter runs, so that its notebook shows
    the idea rather than the plumbing (``overfitting``, ``ridge``, ``geometry``,
    ``bayes``, ``elastic_net``, ``scaling``, ``interview``, ``beyond``);
``regkit.course.explorers``
    the ipywidgets explorers, one or more per chapter (their factories in ``__all__``);
``regkit.course.practice``
    the question bank, quiz, coding drills and mock interview.
"""
