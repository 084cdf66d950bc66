"""The one way the letter parsers write a word list as a regex: alternatives between word boundaries,
case-insensitive (``words("zal", "zullen")`` is ``re.compile(r"\\b(?:zal|zullen)\\b", re.I)``)."""

from __future__ import annotations

import re


def alternation(*alternatives: str) -> str:
    r"""The pattern ``\b(?:a|b|...)\b`` (each alternative may itself hold '|')."""
    return rf"\b(?:{'|'.join(alternatives)})\b"


def words(*alternatives: str, after: str = "") -> re.Pattern:
    """The alternatives as a case-insensitive regex, followed by ``after`` (a pattern) when given."""
    return re.compile(alternation(*alternatives) + after, re.I)
