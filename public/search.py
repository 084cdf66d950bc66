"""Full-text search in Dutch. On PostgreSQL: ``to_tsvector('dutch', ...)`` over the item's text fields,
matched with ``websearch_to_tsquery('dutch', q)`` and served by the GIN expression indexes that
``public/migrations/0001_search_indexes.py`` creates over exactly the same expressions. On SQLite:
``icontains`` on the same fields. A query that is a Kamerstuk reference also finds the item by it.

Dutch writes compounds as one word ('terugkeerbeleid'), which the stemmer keeps whole, so a search for
'terugkeer' would miss it. An item therefore also matches when every word of the query is the start of
a word in it (``to_tsvector('simple', ...) @@ 'terugkeer:*'``), served by a second GIN index."""
from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

from parsing.kamerstuk import KamerstukRef, KamerstukRefError

CONFIG = "dutch"
PREFIX_CONFIG = "simple"
# The text fields searched per model (app_label.model_name); the index migration uses the same list.
SEARCH_FIELDS = {
    "motions.motion": ("title", "text"),
    "commitments.commitment": ("text",),
    "letters.letter": ("subject", "text"),
}
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def has_words(value: str) -> bool:
    return bool(_WORDS.search(value or ""))


def vector(fields, config: str = CONFIG) -> SearchVector:
    return SearchVector(*fields, config=config)


def prefix_query(value: str) -> SearchQuery | None:
    """'terugkeer beleid' -> 'terugkeer:* & beleid:*' (words only: nothing of tsquery syntax passes)."""
    words = [w.lower() for w in _WORDS.findall(value)][:12]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in words), config=PREFIX_CONFIG, search_type="raw")


def search(queryset, value: str):
    """Filter ``queryset`` to items matching ``value``; an empty or word-less value matches nothing."""
    value = (value or "").strip()
    if not has_words(value):
        return queryset.none()
    model = queryset.model
    fields = SEARCH_FIELDS[model._meta.label_lower]
    by_ref = Q()
    if any(f.name == "ref" for f in model._meta.concrete_fields):
        try:
            by_ref = Q(ref=KamerstukRef.parse(value).kst_id)
        except KamerstukRefError:
            pass
    if connection.vendor == "postgresql":
        query = SearchQuery(value, config=CONFIG, search_type="websearch")
        match = Q(_search=query) | by_ref
        prefix = prefix_query(value)
        if prefix is not None:
            queryset = queryset.alias(_prefix=vector(fields, PREFIX_CONFIG))
            match |= Q(_prefix=prefix)
        return queryset.alias(_search=vector(fields)).filter(match)
    text_match = Q()
    for field in fields:
        text_match |= Q(**{f"{field}__icontains": value})
    return queryset.filter(text_match | by_ref)
