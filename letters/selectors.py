"""Public reads of letters. Only sent letters are public: drafts, letters awaiting decision and
approved-but-unsent letters never appear. Decision memos, internal notes and internal references are
deferred and never loaded."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from commitments.models import Commitment
from core.fields import non_public_field_names
from motions.models import Motion
from motions.selectors import public_commitments_prefetch, public_events_prefetch
from parsing.kamerstuk import KamerstukRef, KamerstukRefError

from .models import Letter, LetterEvent, LetterLink


def letters_public():
    return (
        Letter.objects.public().select_related("ministry", "dossier", "sender").defer(*non_public_field_names(Letter))
    )


def letter_detail_queryset():
    """Plus what the letter answered (motions, and public commitments only), its public timeline
    and the public promises it made."""
    return letters_public().prefetch_related(
        Prefetch(
            "links",
            queryset=LetterLink.objects.filter(Q(commitment__isnull=True) | Q(commitment__is_public=True))
            .select_related("motion", "commitment")
            .defer(
                *[f"motion__{n}" for n in non_public_field_names(Motion)],
                *[f"commitment__{n}" for n in non_public_field_names(Commitment)],
            )
            .order_by("id"),
            to_attr="public_links",
        ),
        public_commitments_prefetch("promises", to_attr="public_promises"),
        public_events_prefetch(LetterEvent),
    )


def letter_get_public(*, key: str) -> Letter:
    """By Kamerstuk id (``kst-29344-120``, or any written form) or numeric id; raises Letter.DoesNotExist."""
    qs = letter_detail_queryset()
    if key.isdigit():
        if len(key) > 18:
            raise Letter.DoesNotExist
        return qs.get(pk=int(key))
    try:
        ref = KamerstukRef.parse(key)
    except KamerstukRefError as exc:
        raise Letter.DoesNotExist from exc
    return qs.get(ref=ref.kst_id)
