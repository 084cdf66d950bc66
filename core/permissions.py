"""Which items a user may see and edit: staff edit only their own ministry's items, superusers all.
Used by the admin and, later, by views and the API alike."""
from __future__ import annotations


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
    ids = allowed_ministry_ids(user)
    if ids is None:
        return True
    return getattr(obj, f"{field}_id", None) in ids


def user_ministry(user):
    profile = getattr(user, "staff_profile", None)
    return profile.ministry if profile is not None else None
