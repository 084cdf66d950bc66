"""Writes shared by every tracked item: changing fields other than the status and the deadline.

:func:`item_update` is what each app's update service (``motion_update``, ``commitment_update``,
``letter_update``) is built on: it saves only the fields that really changed, says which, and
records them on the item's timeline (public fields in a public 'updated' event, non-public ones in
a separate non-public event, so an internal note never reaches a public page, feed or mail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import deadlines
from .events import Occasion, record_event
from .fields import non_public_field_names
from .models import StatusEventBase
from .permissions import check_assignment, check_update

# Never changed through item_update: the workflow owns the status, core.deadlines the deadline.
NOT_UPDATABLE = {
    "id",
    "status",
    "version",
    "created_at",
    "updated_at",
    "deadline_phrase",
    "deadline_precision",
    "deadline_date",
    "sent_at",
}


class ConcurrentEdit(ValidationError):
    """Someone else saved the item after this form was opened."""


@dataclass(frozen=True)
class ItemServices:
    """The services of one kind of tracked item, as the admin and the API call them: each app's
    services module declares its ``SERVICES``. ``item_arg`` is the keyword the update and transition
    services take the item by ("motion")."""

    item_arg: str
    create: Callable
    update: Callable
    transition: Callable

    def update_item(self, item, **kwargs):
        return self.update(**{self.item_arg: item}, **kwargs)

    def move_item(self, item, **kwargs):
        return self.transition(**{self.item_arg: item}, **kwargs)


def item_save_new(model, *, by=None, deadline_phrase: str = "", deadline_exact=None, **fields):
    """A new item of ``model`` made the way every create service makes one: the references ``by`` may
    set (:func:`core.permissions.check_assignment`), the deadline parsed from its phrase (or an exact
    date), a status the model knows, the model's own validation; then saved. The caller records the
    creation event once what belongs to the item (submitters, links) is there."""
    check_assignment(user=by, model=model, data=fields, ministry=fields.get("ministry"))
    item = model(**fields)
    if deadline_phrase or deadline_exact:
        deadlines.apply_parsed(
            item, deadlines.parse(deadline_phrase) if deadline_phrase else None, exact_date=deadline_exact
        )
    known = [value for value, _label in model._meta.get_field("status").choices]
    if item.status not in known:
        raise ValueError(f"{item.status!r} is not a status of {model.__name__}; expected one of {known}")
    item.full_clean(exclude=["version", "status"])
    item.save()
    return item


def _normalise(field: models.Field, value):
    if isinstance(field, models.ForeignKey):
        return value.pk if isinstance(value, models.Model) else value
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    return value


def check_version(item, version) -> None:
    if version is not None and int(version) != item.version:
        raise ConcurrentEdit(
            _("Iemand anders heeft dit item intussen opgeslagen. Open het opnieuw en breng uw wijziging dan aan."),
            code="concurrent_edit",
        )


def item_update(
    *, item, data: dict, by=None, reason: str = "", version=None, letter=None, occurred_on=None, extra_changed=()
) -> list[str]:
    """Write ``data`` (field name -> new value) into ``item`` and record what changed.

    Only fields whose value differs are saved; the status, the deadline and bookkeeping fields are
    refused (they have their own services), and so are references the user may not set
    (:func:`core.permissions.check_update`). ``version`` is the version the editor saw (an admin form):
    if the item was saved since, :class:`ConcurrentEdit` is raised and nothing changes.
    ``extra_changed`` names related rows changed alongside (an admin inline: 'submitters'), recorded
    in the same event. Returns the names of the changed fields."""
    model = type(item)
    refused = set(data) & NOT_UPDATABLE
    if refused:
        raise ValueError(f"{', '.join(sorted(refused))} cannot be changed with item_update; use its own service")
    hidden = set(non_public_field_names(model))
    if "ministry" in data or "responsible" in data or by is not None:
        check_update(user=by, item=item, data=data)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=item.pk)
        check_version(locked, version)
        changed = []
        for name, value in data.items():
            field = model._meta.get_field(name)
            old = _normalise(field, getattr(locked, field.attname))
            new = _normalise(field, value)
            if old != new:
                setattr(locked, field.attname if isinstance(field, models.ForeignKey) else name, new)
                changed.append(name)
        if changed:
            locked.full_clean(exclude=[f.name for f in model._meta.concrete_fields if f.name not in changed])
        if changed:
            locked.save(update_fields=[*changed, "updated_at", "version"])
        everything = [*changed, *extra_changed]
        public = [name for name in everything if name not in hidden]
        private = [name for name in everything if name in hidden]
        occasion = Occasion(by=by, reason=reason, letter=letter, occurred_on=occurred_on)
        # One 'updated' event for the public fields (public as the item is), one never public for the rest.
        for names, is_public in ((public, None), (private, False)):
            if names:
                record_event(
                    locked, StatusEventBase.Kind.UPDATED, replace(occasion, is_public=is_public), changed_fields=names
                )
    if item is not locked:
        item.refresh_from_db()
    return everything
