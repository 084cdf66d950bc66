"""Public reads: only public fields and items, the timeline without who, filters, constant queries."""

import json

import pytest
from django.test.utils import override_settings

from letters.models import LetterStatus
from motions.models import MotionStatus
from tests.api.conftest import MARKER, NON_PUBLIC_KEYS
from tests.factories import MinistryFactory, make_commitment

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LISTS = ["motions", "commitments", "letters", "dossiers", "people", "parties"]


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def _every_response(client, world):
    """Every list and detail of every endpoint, and the write endpoint's answers, as JSON text."""
    for name in LISTS:
        listing = client.get(f"/api/v1/{name}/")
        assert listing.status_code == 200, name
        yield f"/api/v1/{name}/", listing
        for item in listing.json()["results"]:
            detail = client.get(f"/api/v1/{name}/{item['id']}/")
            assert detail.status_code == 200
            yield f"/api/v1/{name}/{item['id']}/", detail
    yield (
        "transition ok",
        client.post(f"/api/v1/commitments/{world['commitment_a'].pk}/transition/", {"to": "voldaan"}, format="json"),
    )
    yield (
        "transition refused",
        client.post(f"/api/v1/motions/{world['motion_a'].pk}/transition/", {"to": "verworpen"}, format="json"),
    )


def test_non_public_fields_never_appear_in_any_response(world, client_a, anon):
    seen = 0
    for client in (anon, client_a):
        for where, response in _every_response(client, world):
            text = response.content.decode()
            assert MARKER not in text, f"non-public data in {where}"
            leaked = NON_PUBLIC_KEYS & set(_keys(json.loads(text)))
            assert not leaked, f"{where} has keys {leaked}"
            seen += 1
    assert seen > 20


def test_unpublished_items_are_not_listed_or_found(world, anon):
    letters = anon.get("/api/v1/letters/").json()["results"]
    assert [l["id"] for l in letters] == [world["sent"].pk]
    assert anon.get(f"/api/v1/letters/{world['draft_a'].pk}/").status_code == 404
    hidden = make_commitment(ministry=world["a"], is_public=False)
    assert anon.get(f"/api/v1/commitments/{hidden.pk}/").status_code == 404


def test_timeline_has_public_events_without_who(world, anon):
    motion = anon.get(f"/api/v1/motions/{world['motion_a'].pk}/").json()
    assert [e["to_status"] for e in motion["timeline"]] == [MotionStatus.ADOPTED, MotionStatus.IN_PROGRESS]
    assert motion["timeline"][1]["reason"] == "Gestart"
    assert all("by" not in e for e in motion["timeline"])
    settled = anon.get(f"/api/v1/commitments/{world['settled'].pk}/").json()
    assert settled["timeline"][-1]["letter_ref"] == "kst-29344-901"
    letter = anon.get(f"/api/v1/letters/{world['sent'].pk}/").json()
    # The drafting steps of a letter are internal; only its sending is on the public timeline.
    assert [e["to_status"] for e in letter["timeline"]] == [LetterStatus.SENT]
    assert letter["links"] == [
        {
            "motion": None,
            "commitment": world["settled"].pk,
            "effect": "afdoen",
            "effect_display": "doet af",
            "new_deadline_phrase": "",
        }
    ]


def test_motion_shows_reference_ministry_and_deadline(world, anon):
    motion = anon.get(f"/api/v1/motions/{world['motion_a'].pk}/").json()
    assert motion["ministry"] == "JenV"
    assert motion["ref"].startswith("kst-36000-") and motion["ref_display"].startswith("36 000, nr. ")
    assert motion["deadline_phrase"] == "voor 1 juli 2030"
    assert motion["submitters"][0]["name"] == world["person"].display_name


def test_filters(world, anon):
    def ids(url):
        response = anon.get(url)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["results"]}

    assert ids("/api/v1/motions/?ministry=JenV") == {world["motion_a"].pk}
    assert ids(f"/api/v1/motions/?status={MotionStatus.ADOPTED}") == {world["motion_b"].pk}
    assert ids("/api/v1/motions/?dossier=29344") == {world["motion_a"].pk}
    assert ids("/api/v1/commitments/?status=openstaand&ministry=AenM") == {world["commitment_b"].pk}
    assert ids("/api/v1/letters/?dossier=29344") == {world["sent"].pk}


def test_bad_filter_input_is_a_400_not_a_500(world, anon):
    assert anon.get("/api/v1/motions/?status=onzin").status_code == 400
    assert anon.get("/api/v1/letters/?period_after=gisteren").status_code == 400
    unknown = anon.get("/api/v1/motions/?ministry=XX")  # a valid abbreviation of nothing: no items
    assert unknown.status_code == 200 and unknown.json()["count"] == 0
    assert anon.get("/api/v1/motions/?dossier=abc").status_code == 400
    assert anon.get("/api/v1/motions/?page=999").status_code == 404


def _bulk(n, tag):
    """``n`` items of every listed kind, each with the related rows its serializer shows (submitter,
    timeline events with a letter, letter links), written in bulk to keep the test fast."""
    from commitments.models import Commitment, CommitmentEvent
    from core.models import Dossier, Party, Person
    from letters.models import Letter, LetterEvent, LetterLink
    from motions.models import Motion, MotionEvent, MotionSubmitter

    ministry = MinistryFactory(abbreviation=f"BULK{tag}")
    parties = Party.objects.bulk_create(Party(abbreviation=f"{tag}P{i}", name="p") for i in range(n))
    people = Person.objects.bulk_create(Person(surname=f"{tag}S{i}", party=p) for i, p in enumerate(parties))
    dossiers = Dossier.objects.bulk_create(Dossier(number=f"{tag}{i:04d}", title="d") for i in range(n))
    letters = Letter.objects.bulk_create(
        Letter(subject="s", ministry=ministry, dossier=d, status="verzonden") for d in dossiers
    )
    motions = Motion.objects.bulk_create(
        Motion(ref=f"{tag}{i:04d}-7", title="m", ministry=ministry, dossier=d, status="aangenomen")
        for i, d in enumerate(dossiers)
    )
    commitments = Commitment.objects.bulk_create(Commitment(text="c", ministry=ministry) for _ in range(n))
    MotionSubmitter.objects.bulk_create(MotionSubmitter(motion=m, person=p) for m, p in zip(motions, people))
    MotionEvent.objects.bulk_create(
        MotionEvent(motion=m, to_status="aangenomen", letter=l) for m, l in zip(motions, letters)
    )
    CommitmentEvent.objects.bulk_create(
        CommitmentEvent(commitment=c, to_status="openstaand", letter=l) for c, l in zip(commitments, letters)
    )
    LetterEvent.objects.bulk_create(LetterEvent(letter_item=l, to_status="verzonden") for l in letters)
    LetterLink.objects.bulk_create(LetterLink(letter=l, motion=m) for l, m in zip(letters, motions))


def test_list_endpoints_run_a_fixed_number_of_queries(anon, django_assert_num_queries):
    """10 items of every kind, then 1,000: each list answers with the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _bulk(10, "1")
    counts = {}
    for name in LISTS:
        with CaptureQueriesContext(connection) as small:
            assert len(anon.get(f"/api/v1/{name}/?page_size=500").json()["results"]) == 10
        counts[name] = len(small)
    _bulk(990, "2")
    for name in LISTS:
        with django_assert_num_queries(counts[name]):
            response = anon.get(f"/api/v1/{name}/?page_size=500")
        assert response.json()["count"] == 1000 and len(response.json()["results"]) == 500


@override_settings(
    REST_FRAMEWORK={
        **__import__("django.conf", fromlist=["settings"]).settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
)
def test_anonymous_use_is_rate_limited_but_tokens_are_not(world, anon, client_a):
    codes = [anon.get("/api/v1/parties/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert all(client_a.get("/api/v1/parties/").status_code == 200 for _ in range(5))


def test_schema_and_docs_are_served(anon):
    schema = anon.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/motions/{id}/transition/" in schema.json()["paths"]
    docs = anon.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
