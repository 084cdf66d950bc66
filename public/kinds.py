"""The three public lists and how each is read, filtered and addressed: one table the list pages,
feeds and alerts share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from commitments.selectors import commitment_get_public, commitments_public
from letters.models import Letter
from letters.selectors import letter_get_public, letters_public
from motions.models import Motion
from motions.selectors import motion_get_public, motions_public

from .filters import CommitmentFilter, LetterFilter, MotionFilter


@dataclass(frozen=True)
class Kind:
    slug: str  # URL segment: moties, toezeggingen, brieven
    model: type
    title: str
    item_title: str
    queryset: Callable
    filterset: type
    get: Callable  # (key) -> item, raises model.DoesNotExist
    has_deadline: bool = True


KINDS = {
    "moties": Kind(
        "moties",
        Motion,
        _("Moties"),
        _("Motie"),
        motions_public,
        MotionFilter,
        lambda key: motion_get_public(kst_id=key),
    ),
    "toezeggingen": Kind(
        "toezeggingen",
        Commitment,
        _("Toezeggingen"),
        _("Toezegging"),
        commitments_public,
        CommitmentFilter,
        lambda key: commitment_get_public(key=key),
    ),
    "brieven": Kind(
        "brieven",
        Letter,
        _("Kamerbrieven"),
        _("Kamerbrief"),
        letters_public,
        LetterFilter,
        lambda key: letter_get_public(key=key),
        has_deadline=False,
    ),
}
BY_MODEL = {kind.model: kind for kind in KINDS.values()}


def item_key(item) -> str:
    """The readable address part: the Kamerstuk id, the T-number (Senate), the TZ number, or the id."""
    ref = getattr(item, "ref", None)
    if ref:
        return ref.kst_id
    return getattr(item, "senate_number", None) or getattr(item, "number", None) or str(item.pk)


def item_url(item) -> str:
    kind = BY_MODEL[type(item)]
    return reverse("public:detail", kwargs={"kind": kind.slug, "key": item_key(item)})


def item_label(item) -> str:
    """The item's public name ('Motie 33 750 VI, nr. 63', 'Toezegging TZ202412-116', 'Kamerbrief 29 344,
    nr. 120'): the model's own :meth:`name`, never with internal references."""
    return item.name(public=True)


def item_heading(item) -> str:
    if isinstance(item, Motion):
        return item.title
    if isinstance(item, Letter):
        return item.subject
    return item.text
