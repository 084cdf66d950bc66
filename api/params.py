"""Query parameters exactly as the API's schema types them. The shared FilterSets are lenient, as suits
a list page in a browser (an empty field, a date in another format, a number with spaces); the API is
a contract: a value its schema calls invalid is a 400, a value it calls valid is answered (a person,
party or ministry that does not exist gives an empty list, not an error)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from public.filters import DOSSIER_PATTERN
from public.search import has_words

ID_MAX = 2**62
NO_NUL = r"^[^\x00]*$"
# q: empty, or with at least one letter or digit (public.search.has_words), never a NUL.
SEARCH_PATTERN = r"^(?:[^\x00]*[^\W_][^\x00]*)?$"
SEARCH_MAX = 200
DOSSIER_MAX = 20
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ARRAYS = {"status", "sort"}  # may repeat
REFERENCES = {"member", "ministry", "party"}  # an unknown one matches nothing


def positive_int_schema(maximum: int) -> dict:
    return {"type": "integer", "minimum": 1, "maximum": maximum}


def string_schema(pattern: str = NO_NUL, max_length: int | None = None) -> dict:
    return {"type": "string", "pattern": pattern, **({"maxLength": max_length} if max_length else {})}


def single_value(request, name: str) -> str | None:
    """The one value of a scalar parameter (None when absent); repeating it is a 400."""
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [_("Geef deze parameter hoogstens één keer.")]})
    return values[0] if values else None


def _error(name: str, value: str) -> str | None:
    if name in ("item", "member"):
        if not (value.isascii() and value.isdigit() and len(value) <= 19 and 1 <= int(value) <= ID_MAX):
            return _("Geef een id: een geheel getal vanaf 1.")
    elif name == "overdue":
        if value not in ("true", "false"):
            return _("Geef true of false.")
    elif name in ("period_after", "period_before"):
        if not DATE.match(value):
            return _("Geef een datum als jjjj-mm-dd.")
    elif name == "q":
        if len(value) > SEARCH_MAX:
            return _("Hoogstens %(max)d tekens.") % {"max": SEARCH_MAX}
        if value and not has_words(value):
            return _("Zoek op minstens één woord of getal.")
    elif name == "dossier":
        if len(value) > DOSSIER_MAX or not re.search(DOSSIER_PATTERN, value):
            return _(
                "Geen dossiernummer: gebruik vijf cijfers, eventueel met toevoeging, bijvoorbeeld 29344 of 33750-VI."
            )
    return None  # status and sort: the FilterSet checks them against their choices (an empty one is no filter)


def check(request, names) -> None:
    """Refuse (400, per parameter its message) the parameters among ``names`` that the schema calls invalid."""
    errors = {}
    for name in names:
        if name not in request.query_params:
            continue
        try:
            values = request.query_params.getlist(name) if name in ARRAYS else [single_value(request, name)]
        except ValidationError as exc:
            errors.update(exc.detail)
            continue
        messages = {message for value in values if (message := _error(name, value))}
        if messages:
            errors[name] = sorted(messages)
    if errors:
        raise ValidationError(errors)


def only_unknown_references(filterset) -> bool:
    """True when the FilterSet refused nothing but ids or abbreviations that name nothing."""
    errors = filterset.form.errors.as_data()
    return bool(errors) and all(
        name in REFERENCES and all(error.code == "invalid_choice" for error in field_errors)
        for name, field_errors in errors.items()
    )
