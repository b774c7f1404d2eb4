"""One lab module per chapter: the experiments the chapter's notebook runs.

``overfitting`` (chapter 1), ``ridge`` (2), ``lasso`` (3), ``geometry`` (4), ``bayes`` (5),
``elastic_net`` (6), ``scaling`` (7), ``interview`` (8 and 11), ``beyond`` (11),
``selection`` (12), ``inference`` (13), ``nonconvex`` (14), ``kernels`` (15), ``criteria`` (16),
``online`` (17), ``text`` (18).
"""
