"""What the API reads, as querysets with their related rows already loaded, so every list endpoint
runs a fixed number of queries however many items it returns. Public-visibility rules (which
commitments and letters are public) come from the apps' querysets."""
from __future__ import annotations

from django.db.models import Prefetch, Q

from commitments.models import Commitment, CommitmentEvent
from core.models import Dossier, Party, Person
from letters.models import Letter, LetterEvent, LetterLink
from motions.models import Motion, MotionEvent, MotionSubmitter


def _public_events(event_model):
    return Prefetch(
        "events",
        queryset=event_model.objects.filter(is_public=True).select_related("letter").order_by("at", "id"),
        to_attr="public_events",
    )


def motions_all():
    return Motion.objects.select_related("ministry").prefetch_related(
        Prefetch("submitters", queryset=MotionSubmitter.objects.select_related("person", "party")),
        _public_events(MotionEvent),
    )


def motions_public():
    """Every motion is a public parliamentary document."""
    return motions_all()


def commitments_all():
    return Commitment.objects.select_related("ministry").prefetch_related(_public_events(CommitmentEvent))


def commitments_public():
    return commitments_all().public()


def letters_all():
    return Letter.objects.select_related("ministry").prefetch_related(
        Prefetch(
            "links",
            queryset=LetterLink.objects.filter(Q(commitment__isnull=True) | Q(commitment__is_public=True)).order_by("id"),
            to_attr="public_links",
        ),
        _public_events(LetterEvent),
    )


def letters_public():
    return letters_all().public()


def dossiers_public():
    return Dossier.objects.all()


def people_public():
    return Person.objects.select_related("party")


def parties_public():
    return Party.objects.all()
