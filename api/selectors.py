"""What the API lists: the shared public selectors of the apps (the same querysets the public pages,
feeds and alerts use), plus the public timeline each API item carries. Every list endpoint runs a
fixed number of queries however many items it returns."""

from __future__ import annotations

from commitments.models import CommitmentEvent
from commitments.selectors import commitments_public, senate_prefetches
from core.models import Dossier, Party, Person
from letters.selectors import letter_detail_queryset
from motions.models import MotionEvent
from motions.selectors import motions_public, public_events_prefetch, votes_prefetch


def motions_list():
    return motions_public().prefetch_related(votes_prefetch(), public_events_prefetch(MotionEvent))


def commitments_list():
    return commitments_public().prefetch_related(public_events_prefetch(CommitmentEvent), *senate_prefetches())


def letters_list():
    """Sent letters with what they answered and their public timeline."""
    return letter_detail_queryset()


def dossiers_list():
    return Dossier.objects.all()


def people_list():
    return Person.objects.select_related("party")


def parties_list():
    return Party.objects.all()
