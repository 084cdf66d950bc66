"""Public reads of commitments. A commitment is public only when ``is_public`` (one promised in a letter
becomes public when the letter is sent); non-public fields are deferred and never loaded."""

from __future__ import annotations

import re

from django.db.models import Prefetch

from core.fields import non_public_field_names
from letters.models import Letter, LetterLink, LetterStatus
from motions.selectors import public_events_prefetch

from .models import SENATE_NUMBER_PATTERN, Commitment, CommitmentEvent


def sent_letter_links() -> Prefetch:
    """The sent letters that answered a commitment, with their dossiers (``Commitment.dossiers``)."""
    return Prefetch(
        "letter_links",
        queryset=LetterLink.objects.filter(letter__status=LetterStatus.SENT)
        .select_related("letter__dossier")
        .order_by("letter__date", "id"),
        to_attr="sent_letter_links",
    )


def commitments_public():
    return (
        Commitment.objects.public()
        .select_related("ministry", "made_by", "made_by__party", "to_member", "to_party", "motion")
        .defer(*non_public_field_names(Commitment), "motion__internal_notes", "motion__responsible")
    )


def senate_prefetches() -> tuple:
    """What the Senate's registry adds to a commitment: the dossiers it is registered under and the
    quoted passages (two queries for any number of commitments; empty for a Tweede Kamer one)."""
    return ("senate_dossiers", "passages")


def commitment_detail_queryset():
    """Plus the public timeline, the debate, the (sent) letter it was made in and the sent letters
    that answered it."""
    return (
        commitments_public()
        .select_related("debate", "source_letter")
        .prefetch_related(
            public_events_prefetch(CommitmentEvent),
            Prefetch(
                "letter_links",
                queryset=LetterLink.objects.filter(letter__status=LetterStatus.SENT)
                .select_related("letter")
                .defer(*[f"letter__{n}" for n in non_public_field_names(Letter)])
                .order_by("letter__date", "id"),
                to_attr="public_letter_links",
            ),
            *senate_prefetches(),
        )
        .defer(*[f"source_letter__{n}" for n in non_public_field_names(Letter)])
    )


def commitment_get_public(*, key: str) -> Commitment:
    """By T-number (``T01237``, the Senate's), TZ number (``TZ202412-116``) or numeric id; raises
    Commitment.DoesNotExist."""
    qs = commitment_detail_queryset()
    if re.fullmatch(SENATE_NUMBER_PATTERN, key):
        return qs.get(senate_number=key)
    if key.isdigit():
        obj = qs.filter(pk=int(key)).first() if len(key) < 18 else None
        if obj is not None:
            return obj
    return qs.get(number=key)
