"""Every list and detail page runs the same number of SQL queries with 10 and with 1,000 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MinistryFactory


def _bulk(n, tag, target):
    """``n`` motions, commitments and letters with their related rows; ``target`` (a motion) gets
    ``n`` submitters, votes, timeline events, answering letters and follow-up commitments."""
    from commitments.models import Commitment, CommitmentEvent
    from core.models import Dossier, Party, Person
    from letters.models import Letter, LetterEvent, LetterLink
    from motions.models import Motion, MotionEvent, MotionSubmitter, MotionVote

    ministry = MinistryFactory(abbreviation=f"BULK{tag}")
    parties = Party.objects.bulk_create(Party(abbreviation=f"{tag}P{i}", name="p") for i in range(n))
    people = Person.objects.bulk_create(Person(surname=f"{tag}S{i}", party=p) for i, p in enumerate(parties))
    dossier = Dossier.objects.create(number=f"{tag}0000", title="d")
    letters = Letter.objects.bulk_create(
        Letter(subject="s", ministry=ministry, dossier=dossier, sender=p, status="verzonden", ref=f"{tag}{i:04d}-9")
        for i, p in enumerate(people)
    )
    motions = Motion.objects.bulk_create(
        Motion(
            ref=f"{tag}{i:04d}-7",
            title="m",
            ministry=ministry,
            dossier=dossier,
            status="aangenomen",
            deadline_date="2020-01-01",
        )
        for i in range(n)
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(
            text="c",
            ministry=ministry,
            made_by=p,
            to_party=p.party,
            motion=target,
            deadline_date="2030-01-01",
            source_letter=l,
        )
        for p, l in zip(people, letters)
    )
    MotionSubmitter.objects.bulk_create(
        MotionSubmitter(motion=m, person=p, party=p.party) for m, p in zip(motions, people)
    )
    MotionSubmitter.objects.bulk_create(
        MotionSubmitter(motion=target, person=p, party=p.party, position=i) for i, p in enumerate(people)
    )
    MotionVote.objects.bulk_create(MotionVote(motion=target, party=p, choice="voor") for p in parties)
    MotionEvent.objects.bulk_create(
        MotionEvent(motion=m, to_status="aangenomen", letter=l) for m, l in zip(motions, letters)
    )
    MotionEvent.objects.bulk_create(MotionEvent(motion=target, to_status="aangenomen", letter=l) for l in letters)
    CommitmentEvent.objects.bulk_create(
        CommitmentEvent(commitment=c, to_status="openstaand", letter=l) for c, l in zip(commitments, letters)
    )
    LetterEvent.objects.bulk_create(LetterEvent(letter_item=l, to_status="verzonden") for l in letters)
    LetterLink.objects.bulk_create(LetterLink(letter=l, motion=m) for l, m in zip(letters, motions))
    LetterLink.objects.bulk_create(LetterLink(letter=l, motion=target) for l in letters)
    LetterLink.objects.bulk_create(LetterLink(letter=letters[0], commitment=c) for c in commitments)
    return commitments[0], letters[0]


PAGES = [
    "/",
    "/moties/",
    "/toezeggingen/",
    "/brieven/",
    "/moties/?q=m&overdue=true&sort=-termijn",
    "/toezeggingen/?overdue=false&party={party}",
    "/moties/feed/",
    "/toezeggingen/feed/",
    "/brieven/feed/",
    "/termijnen.ics",
    "/moties/{motion}/",
    "/moties/{motion}/feed/",
    "/toezeggingen/{commitment}/",
    "/brieven/{letter}/",
    "/brieven/{letter}/feed/",
]


@pytest.mark.slow  # ~9 s
def test_every_page_runs_a_fixed_number_of_queries(db, client):
    from motions.models import Motion

    target = Motion.objects.create(ref="12345-1", title="doel", status="aangenomen")
    commitment, letter = _bulk(10, "1", target)
    keys = {"motion": "kst-12345-1", "commitment": commitment.pk, "letter": "kst-10000-9", "party": "1P0"}
    counts = {}
    for page in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page.format(**keys)).status_code == 200, page
        counts[page] = len(ctx)
    commitment, letter = _bulk(990, "2", target)  # 1,000 of everything, and 1,000 rows around each detail
    keys.update(commitment=commitment.pk, letter="kst-20000-9")
    for page in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page.format(**keys)).status_code == 200, page
        assert len(ctx) == counts[page], (page, counts[page], [q["sql"][:200] for q in ctx.captured_queries])
