"""Public reads of motions: querysets with their related rows loaded, so a page, feed, alert or API
list runs a fixed number of queries however many motions it shows. Non-public fields are deferred
and never loaded (``core.fields.non_public_field_names``)."""

from __future__ import annotations

from django.db.models import Prefetch

from commitments.models import Commitment
from core.fields import non_public_field_names
from letters.models import Letter, LetterLink, LetterStatus
from parsing.kamerstuk import KamerstukRef, KamerstukRefError

from .models import Motion, MotionEvent, MotionSubmitter, MotionVote


def public_events_prefetch(event_model, *, to_attr: str = "public_events") -> Prefetch:
    """The public timeline of an item, oldest first, with the letter each step names."""
    return Prefetch(
        "events",
        queryset=event_model.objects.filter(is_public=True)
        .select_related("letter")
        .defer("by", *[f"letter__{n}" for n in non_public_field_names(Letter)])
        .order_by("at", "id"),
        to_attr=to_attr,
    )


def public_commitments_prefetch(lookup: str, *, to_attr: str) -> Prefetch:
    """The public commitments of ``lookup`` (a motion's follow-ups, a letter's promises), soonest
    deadline first, with their ministry."""
    return Prefetch(
        lookup,
        queryset=Commitment.objects.public()
        .select_related("ministry")
        .defer(*non_public_field_names(Commitment))
        .order_by("deadline_date", "id"),
        to_attr=to_attr,
    )


def votes_prefetch() -> Prefetch:
    """The votes per party, with the party, as ``vote_rows``."""
    return Prefetch("votes", queryset=MotionVote.objects.select_related("party"), to_attr="vote_rows")


def motions_public():
    """Every motion is a public parliamentary document; only the staff fields are withheld."""
    return (
        Motion.objects.select_related("ministry", "dossier")
        .defer(*non_public_field_names(Motion))
        .prefetch_related(
            Prefetch(
                "submitters",
                queryset=MotionSubmitter.objects.select_related("person", "party"),
                to_attr="submitter_rows",
            ),
        )
    )


def motion_detail_queryset():
    """:func:`motions_public` plus everything a motion page shows: votes, the public timeline, the
    sent letters that answered it and its public follow-up commitments."""
    return (
        motions_public()
        .select_related("debate")
        .prefetch_related(
            votes_prefetch(),
            public_events_prefetch(MotionEvent),
            Prefetch(
                "letter_links",
                queryset=LetterLink.objects.filter(letter__status=LetterStatus.SENT)
                .select_related("letter", "letter__ministry")
                .defer(*[f"letter__{n}" for n in non_public_field_names(Letter)])
                .order_by("letter__date", "id"),
                to_attr="public_letter_links",
            ),
            public_commitments_prefetch("follow_up_commitments", to_attr="public_follow_ups"),
        )
    )


def motion_get_public(*, kst_id: str) -> Motion:
    """The motion with this Kamerstuk id (``kst-33750-VI-63``, or any written form of it);
    raises Motion.DoesNotExist."""
    try:
        ref = KamerstukRef.parse(kst_id)
    except KamerstukRefError as exc:
        raise Motion.DoesNotExist from exc
    return motion_detail_queryset().get(ref=ref.kst_id)
