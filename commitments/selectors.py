"""Public reads of commitments. A commitment is public only when ``is_public`` (one promised in a letter
becomes public when the letter is sent); non-public fields are deferred and never loaded."""
from __future__ import annotations

from django.db.models import Prefetch

from core.fields import non_public_field_names
from letters.models import Letter, LetterLink, LetterStatus
from motions.selectors import public_events_prefetch

from .models import Commitment, CommitmentEvent


def sent_letter_links() -> Prefetch:
    """The sent letters that answered a commitment, with their dossiers (``Commitment.dossiers``)."""
    return Prefetch("letter_links", queryset=LetterLink.objects.filter(letter__status=LetterStatus.SENT)
                    .select_related("letter__dossier").order_by("letter__date", "id"), to_attr="sent_letter_links")


def commitments_public():
    return (
        Commitment.objects.public()
        .select_related("ministry", "made_by", "made_by__party", "to_member", "to_party", "motion")
        .defer(*non_public_field_names(Commitment), "motion__internal_notes", "motion__responsible")
    )


def commitment_detail_queryset():
    """Plus the public timeline, the debate, the (sent) letter it was made in and the sent letters
    that answered it."""
    return commitments_public().select_related("debate", "source_letter").prefetch_related(
        public_events_prefetch(CommitmentEvent),
        Prefetch(
            "letter_links",
            queryset=LetterLink.objects.filter(letter__status=LetterStatus.SENT).select_related("letter")
            .defer(*[f"letter__{n}" for n in non_public_field_names(Letter)]).order_by("letter__date", "id"),
            to_attr="public_letter_links",
        ),
    ).defer(*[f"source_letter__{n}" for n in non_public_field_names(Letter)])


def commitment_get_public(*, key: str) -> Commitment:
    """By TZ number (``TZ202412-116``) or numeric id; raises Commitment.DoesNotExist."""
    qs = commitment_detail_queryset()
    if key.isdigit():
        obj = qs.filter(pk=int(key)).first() if len(key) < 18 else None
        if obj is not None:
            return obj
    return qs.get(number=key)
