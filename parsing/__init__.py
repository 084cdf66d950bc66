"""Plain-Python parsers for parliamentary text (no Django imports).

* :mod:`parsing.kamerstuk` -- the :class:`~parsing.kamerstuk.KamerstukRef` value type
  ("33 750 VI, nr. 63", "kst-33750-VI-63", ...).
* :mod:`parsing.deadlines` -- vague Dutch deadline phrases ("in de loop van 2027",
  "voor de zomer van 2026", "Q1 2027", ...).
"""
