"""Setting an item's vague deadline: parse the phrase, store phrase, precision and latest date,
and record the change on the item's timeline."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from parsing.deadlines import DeadlineParseError, ParsedDeadline, parse_deadline

from .models import Recess, StatusEventBase


def parse(phrase: str, *, today=None) -> ParsedDeadline:
    """Parse a Dutch deadline phrase against the recess dates kept in the admin.
    Raises ``ValidationError`` with the parser's message."""
    try:
        return parse_deadline(phrase, recesses=Recess.as_mapping(), today=today)
    except DeadlineParseError as exc:
        raise ValidationError(str(exc), code="invalid_deadline") from exc


def apply_parsed(item, parsed: ParsedDeadline | None) -> None:
    """Copy a parsed deadline onto an (unsaved) item."""
    if parsed is None:
        item.deadline_phrase, item.deadline_precision, item.deadline_date = "", "", None
    else:
        item.deadline_phrase = parsed.phrase
        item.deadline_precision = parsed.precision.value
        item.deadline_date = parsed.latest


def set_deadline(*, item, phrase: str, by=None, reason: str = "", letter=None, is_public: bool = True):
    """Change an item's deadline (a postponement, or a correction) and record old and new."""
    parsed = parse(phrase) if phrase else None
    model = type(item)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=item.pk)
        old_phrase, old_date = locked.deadline_phrase, locked.deadline_date
        apply_parsed(locked, parsed)
        locked.save(update_fields=["deadline_phrase", "deadline_precision", "deadline_date"])
        event = locked.events.create(
            kind=StatusEventBase.Kind.DEADLINE,
            from_status=locked.status,
            to_status=locked.status,
            by=by if getattr(by, "is_authenticated", False) else None,
            reason=reason,
            letter=letter,
            is_public=is_public,
            old_deadline_phrase=old_phrase,
            old_deadline_date=old_date,
            new_deadline_phrase=locked.deadline_phrase,
            new_deadline_date=locked.deadline_date,
        )
    if item is not locked:
        item.refresh_from_db()
    return event
