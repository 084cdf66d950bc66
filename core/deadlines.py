"""Setting an item's vague deadline: parse the phrase, store phrase, precision and latest date,
and record the change on the item's timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parsing.deadlines import DeadlineParseError, ParsedDeadline, parse_deadline

from .events import Occasion, record_event
from .models import DeadlinePrecision, Recess, StatusEventBase


def parse(phrase: str, *, today=None) -> ParsedDeadline:
    """Parse a Dutch deadline phrase against the recess dates kept in the admin; a phrase without
    a year ('voor de zomer') counts from ``today`` (default: today). Raises ``ValidationError``
    with the parser's message, which names the forms it can read."""
    try:
        return parse_deadline(phrase, recesses=Recess.as_mapping(), today=today or timezone.localdate())
    except DeadlineParseError as exc:
        raise ValidationError(str(exc), code="invalid_deadline") from exc


def apply_parsed(item, parsed: ParsedDeadline | None, *, exact_date=None) -> None:
    """Copy a parsed deadline onto an (unsaved) item. ``exact_date``, where given, is the latest date
    staff set by hand: it overrides the phrase's date (precision 'day'), the phrase stays as written."""
    if parsed is None:
        item.deadline_phrase, item.deadline_precision, item.deadline_date = "", "", None
    else:
        item.deadline_phrase = parsed.phrase
        item.deadline_precision = parsed.precision.value
        item.deadline_date = parsed.latest
    if exact_date is not None:
        item.deadline_precision, item.deadline_date = DeadlinePrecision.DAY, exact_date


def set_deadline(
    *,
    item,
    phrase: str,
    by=None,
    reason: str = "",
    letter=None,
    is_public: bool | None = None,
    exact_date=None,
    occurred_on=None,
):
    """Change an item's deadline (a postponement, or a correction) and record old and new on its
    timeline. Returns the event, or None when phrase and date stay as they were."""
    parsed = parse(phrase) if phrase else None
    model = type(item)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=item.pk)
        old = (locked.deadline_phrase, locked.deadline_date)
        old_precision = locked.deadline_precision
        apply_parsed(locked, parsed, exact_date=exact_date)
        if (locked.deadline_phrase, locked.deadline_date, locked.deadline_precision) == (*old, old_precision):
            return None
        locked.save(update_fields=["deadline_phrase", "deadline_precision", "deadline_date", "updated_at", "version"])
        occasion = Occasion(by=by, reason=reason, letter=letter, occurred_on=occurred_on, is_public=is_public)
        new = (locked.deadline_phrase, locked.deadline_date)
        event = record_event(locked, StatusEventBase.Kind.DEADLINE, occasion, old_deadline=old, new_deadline=new)
    if item is not locked:
        item.refresh_from_db()
    return event
