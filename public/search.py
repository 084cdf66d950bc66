"""Full-text search in Dutch. On PostgreSQL: ``to_tsvector('dutch', ...)`` over the item's text fields,
matched with ``websearch_to_tsquery('dutch', q)`` and served by the GIN expression indexes that
``public/migrations/0001_search_indexes.py`` creates over exactly the same expressions. On SQLite:
``icontains`` on the same fields. A query that is a Kamerstuk reference also finds the item by it."""
from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

from parsing.kamerstuk import KamerstukRef, KamerstukRefError

CONFIG = "dutch"
# The text fields searched per model (app_label.model_name); the index migration uses the same list.
SEARCH_FIELDS = {
    "motions.motion": ("title", "text"),
    "commitments.commitment": ("text",),
    "letters.letter": ("subject", "text"),
}
_WORD = re.compile(r"\w", re.UNICODE)


def has_words(value: str) -> bool:
    return bool(_WORD.search(value or ""))


def vector(fields) -> SearchVector:
    return SearchVector(*fields, config=CONFIG)


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
        return queryset.alias(_search=vector(fields)).filter(Q(_search=query) | by_ref)
    text_match = Q()
    for field in fields:
        text_match |= Q(**{f"{field}__icontains": value})
    return queryset.filter(text_match | by_ref)
