"""Atom feeds (django.contrib.syndication) of every list, respecting its filters, and of every item's
public timeline; the iCalendar of deadlines (the ``icalendar`` package: all-day events with stable UIDs,
so calendar apps update an event rather than add a second one)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import kinds

FEED_SIZE = 50


def _aware(day) -> dt.datetime | None:
    if day is None:
        return None
    if isinstance(day, dt.datetime):
        return day
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def item_summary(item) -> str:
    """The context a reader needs without clicking: reference, text, status, deadline."""
    parts = [kinds.item_label(item), kinds.item_heading(item)]
    if hasattr(item, "get_chamber_display"):
        parts.append(_("Kamer: %(chamber)s") % {"chamber": item.get_chamber_display()})
    if hasattr(item, "get_status_display"):
        parts.append(_("Status: %(status)s") % {"status": item.get_status_display()})
    if getattr(item, "deadline_date", None):
        parts.append(_("Termijn: %(deadline)s") % {"deadline": item.deadline_display})
    return "\n".join(str(p) for p in parts if p)


def item_updated(item):
    return getattr(item, "updated_at", None) or _aware(getattr(item, "date", None))


class ListFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, kind, filterset):
        self.request = request
        return kind, filterset

    def title(self, obj):
        kind, filterset = obj
        return f"Kamertracker: {kind.title}"

    def link(self, obj):
        kind, _filterset = obj
        query = self.request.GET.urlencode()
        return f"/{kind.slug}/" + (f"?{query}" if query else "")

    def subtitle(self, obj):
        return _("Moties, toezeggingen en Kamerbrieven: wat het kabinet de Kamer nog verschuldigd is.")

    def items(self, obj):
        _kind, filterset = obj
        return filterset.qs.prefetch_related(None)[:FEED_SIZE]

    def item_title(self, item):
        return f"{kinds.item_label(item)}: {kinds.item_heading(item)[:150]}"

    def item_description(self, item):
        return item_summary(item)

    def item_link(self, item):
        return kinds.item_url(item)

    def item_guid(self, item):
        return f"{settings.SITE_URL}{kinds.item_url(item)}"

    def item_updateddate(self, item):
        return item_updated(item)

    def item_pubdate(self, item):
        return item_updated(item)


class ItemFeed(Feed):
    """One entry per public step of the item's timeline."""

    feed_type = Atom1Feed

    def get_object(self, request, kind, item):
        self.item = item
        return item

    def title(self, item):
        return f"Kamertracker: {kinds.item_label(item)}"

    def link(self, item):
        return kinds.item_url(item)

    def subtitle(self, item):
        return kinds.item_heading(item)[:300]

    def items(self, item):
        return list(reversed(item.public_events))

    def item_title(self, event):
        return f"{event.happened_on:%d-%m-%Y}: {event.summary()}"

    def item_description(self, event):
        letter = event.letter if event.letter_id and event.letter.is_public else None
        lines = [event.reason] if event.reason else []
        if letter:
            lines.append(letter.name(public=True))
        return "\n".join(lines)

    def item_link(self, event):
        return f"{kinds.item_url(self.item)}#gebeurtenis-{event.pk}"

    def item_guid(self, event):
        return f"{settings.SITE_URL}{self.item_link(event)}"

    def item_pubdate(self, event):
        return event.at

    def item_updateddate(self, event):
        return event.at


def deadline_calendar(items, *, request=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Kamertracker//termijnen//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Kamertracker: termijnen")
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0]
    stamp = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", f"{item._meta.model_name}-{item.pk}-deadline@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.deadline_date)
        if item.deadline_date < dt.date.max:  # (without DTEND an all-day event lasts its one day: RFC 5545)
            event.add("dtend", item.deadline_date + dt.timedelta(days=1))
        event.add("summary", f"{_('Termijn')}: {kinds.item_label(item)}")
        event.add("description", item_summary(item))
        event.add("url", f"{settings.SITE_URL}{kinds.item_url(item)}")
        event.add("last-modified", item.updated_at)
        cal.add_component(event)
    return cal.to_ical()
