"""Who may see and change what: staff edit only their own ministry's items, superusers all.

One set of functions for the admin, the API and the services alike:

* :func:`may_change` -- an active staff user with the model's change permission, for an item of a
  ministry they belong to. The admin's ``has_change_permission`` and the API's writes both ask it.
* :func:`editable` -- the items of a model a user may change (the querysets of admin choice fields,
  so a forged id posted to a form is refused like any other invalid choice).
* :func:`check_assignment` -- the services' own check of every reference a user sets on an item
  (another ministry's motion, a responsible civil servant of another ministry), whatever the caller.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def allowed_ministry_ids(user) -> set[int] | None:
    """``None`` means every ministry (superuser); an empty set means none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    profile = getattr(user, "staff_profile", None)
    return {profile.ministry_id} if profile is not None else set()


def scope_to_user(queryset, user, field: str = "ministry"):
    ids = allowed_ministry_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def may_edit(user, obj, field: str = "ministry") -> bool:
    """The ministry rule alone: ``obj`` belongs to a ministry the user works for."""
    ids = allowed_ministry_ids(user)
    if ids is None:
        return True
    return getattr(obj, f"{field}_id", None) in ids


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def may_change_model(user, model) -> bool:
    """An active staff user holding the model's change permission (superusers hold every one)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm(_perm(model, "change"))
    )


def may_change(user, obj=None, *, model=None, field: str = "ministry") -> bool:
    """The admin's and the API's rule for changing an item (or, without ``obj``, items of ``model``)."""
    model = model or type(obj)
    if not may_change_model(user, model):
        return False
    return obj is None or may_edit(user, obj, field)


def may_use_reference_data(user) -> bool:
    """Staff who may change motions, commitments or letters may look up the people, parties,
    dossiers, debates and ministries those forms refer to."""
    from django.apps import apps

    return any(may_change_model(user, apps.get_model(label)) for label in TRACKED)


TRACKED = ("motions.Motion", "commitments.Commitment", "letters.Letter")


def is_tracked(model) -> bool:
    """Motions, commitments and letters: the items that belong to a ministry."""
    return model._meta.label in TRACKED


def editable(model, user):
    """The items of ``model`` the user may change (tracked items by ministry; others unrestricted)."""
    qs = model._default_manager.all()
    return scope_to_user(qs, user) if is_tracked(model) else qs


def assignable_users(user, ministry=None):
    """Who may be made responsible for an item: active staff of the item's ministry (or, without
    one, of the ministries the user works for)."""
    User = get_user_model()
    qs = User.objects.filter(is_active=True, is_staff=True, staff_profile__isnull=False)
    if ministry is not None:
        return qs.filter(staff_profile__ministry=ministry)
    if user is None:
        return qs
    ids = allowed_ministry_ids(user)
    return qs if ids is None else qs.filter(staff_profile__ministry_id__in=ids)


def check_assignment(*, user, model, data: dict, ministry=None) -> None:
    """Refuse references a user may not set on an item of ``model``: a tracked item (a motion it
    follows up, a letter it was made in) of a ministry the user does not work for, and a responsible
    civil servant who is not active staff of the item's ministry. Without a user (the import, the
    demo, a test) only the second rule applies. Raises ``ValidationError`` naming the field."""
    errors = {}
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - not a model field: not a reference
            continue
        if not isinstance(field, models.ForeignKey) or value is None:
            continue
        target = (
            value if isinstance(value, models.Model) else field.related_model._default_manager.filter(pk=value).first()
        )
        if target is None:
            errors[name] = _("Dit item bestaat niet.")
        elif name == "responsible":
            if not assignable_users(None, ministry).filter(pk=target.pk).exists():
                errors[name] = _("%(user)s werkt niet (meer) voor het ministerie van dit item.") % {"user": target}
        elif user is not None and is_tracked(field.related_model) and not may_edit(user, target):
            errors[name] = _("%(item)s valt onder een ander ministerie; u kunt het hier niet kiezen.") % {
                "item": target
            }
    if errors:
        raise ValidationError(errors)


def check_update(*, user, item, data: dict) -> None:
    """:func:`check_assignment` for a change of ``item``: against the ministry it will have, and a
    responsible civil servant kept while the ministry changes must work for the new one."""
    ministry = data["ministry"] if "ministry" in data else getattr(item, "ministry", None)
    check_assignment(user=user, model=type(item), data=data, ministry=ministry)
    if "responsible" not in data and "ministry" in data and getattr(item, "responsible_id", None):
        check_assignment(user=None, model=type(item), data={"responsible": item.responsible_id}, ministry=ministry)


def user_ministry(user):
    profile = getattr(user, "staff_profile", None)
    return profile.ministry if profile is not None else None
