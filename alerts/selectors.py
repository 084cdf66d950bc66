"""The query builder of alerts: a subscription follows exactly what its public list shows, through
the list's own FilterSet (``public.kinds``), so an alert sends what the page shows."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict
from django.utils.translation import gettext as _

from public import kinds

from .errors import AlertError
from .models import Subscription


def filterset_for(*, kind: str, query: str, today: dt.date | None = None):
    try:
        spec = kinds.KINDS[kind]
    except KeyError:
        raise AlertError(_("Onbekende lijst.")) from None
    filterset = spec.filterset(QueryDict(query), queryset=spec.queryset())
    filterset.overdue_today = today
    return spec, filterset


def matching(subscription: Subscription, *, today: dt.date | None = None):
    """The public items the subscription follows: the same queryset its list page shows (on ``today``)."""
    _spec, filterset = filterset_for(kind=subscription.kind, query=subscription.query, today=today)
    return filterset.qs


def describe(*, kind: str, query: str) -> str:
    spec, filterset = filterset_for(kind=kind, query=query)
    if not filterset.is_valid():
        raise AlertError(_("Deze filters kloppen niet: %(errors)s") % {"errors": filterset.errors.as_text()})
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or name in ("sort",):
            continue
        if name == "item":
            item = spec.queryset().filter(pk=value).first()
            if item is None:
                raise AlertError(_("Dit item bestaat niet of is niet openbaar."))
            return kinds.item_label(item)
        if name == "dossier":
            value = "-".join(p for p in value if p)
        elif isinstance(value, slice):
            value = f"{value.start or '…'} – {value.stop or '…'}"
        elif isinstance(value, (list, tuple)):
            value = ", ".join(map(str, value))
        parts.append(f"{filterset.form.fields[name].label}: {value}")
    return f"{spec.title}" + (f" ({'; '.join(parts)})" if parts else "")
