"""Both chambers in the models and services: the chamber of a motion follows its Kamerstuk, a Senate
commitment's T-number, Kerngegevens, dossiers and passages, on the real T01237 of the Senate's registry."""

import pytest
from django.core.exceptions import ValidationError

from commitments.models import Commitment
from commitments.services import commitment_set_senate_record
from core.models import Chamber, Dossier, StatusEventBase
from motions.services import motion_create
from tests.factories import MinistryFactory, make_commitment
from tests.senate import make_senate_commitment, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def bzk():
    return MinistryFactory(abbreviation="BZK", name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")


def test_the_real_t01237_is_created_with_everything_the_registry_records(bzk):
    rec = record("T01237")
    commitment = make_senate_commitment(bzk)
    commitment.refresh_from_db()
    assert commitment.chamber == Chamber.EERSTE_KAMER and commitment.is_senate
    assert commitment.senate_number == "T01237" and str(commitment) == "Toezegging T01237"
    assert commitment.made_on.isoformat() == "2009-04-07" and commitment.deadline_date.isoformat() == "2024-01-01"
    assert commitment.committee == "commissie voor Binnenlandse Zaken (BIZA)"
    assert commitment.subjects == ["discriminatie", "gelijke behandeling", "richtlijnen"]
    assert commitment.responsible_minister_list() == ["Minister van Binnenlandse Zaken en Koninkrijksrelaties"]
    assert commitment.former_responsible_minister_list() == ["Staatssecretaris van Buitenlandse Zaken"]
    assert sorted(d.display_number for d in commitment.senate_dossiers.all()) == ["22 112", "31 544"]
    assert [p.citation for p in commitment.passages.all()] == [c for c, _t in rec["passages"]]
    assert commitment.passages.first().text.startswith("De commissie verzoekt de regering")
    assert {d.number for d in commitment.dossiers()} == {"22112", "31544"}
    assert set(Commitment.objects.in_dossiers(Dossier.objects.filter(number="31544"))) == {commitment}


def test_existing_commitments_and_motions_are_the_tweede_kamers():
    commitment = make_commitment()
    motion = motion_create(ref="33 750 VI, nr. 63", title="Motie Van Hijum")
    assert commitment.chamber == motion.chamber == Chamber.TWEEDE_KAMER == "TK"
    assert commitment.senate_number is None and commitment.subjects == []


@pytest.mark.parametrize("number", ["T1237", "t01237", "T012370", "X01237", "T0123A", " T01237", "T01237\n"])
def test_a_t_number_is_a_t_and_five_digits(bzk, number):
    with pytest.raises(ValidationError) as error:
        make_senate_commitment(bzk, senate_number=number)
    assert "senate_number" in error.value.message_dict
    assert not Commitment.objects.exists()


def test_a_t_number_is_unique_and_the_senates_only(bzk):
    make_senate_commitment(bzk)
    with pytest.raises(ValidationError, match="T-nummer"):
        make_senate_commitment(bzk)
    with pytest.raises(ValidationError) as error:
        make_commitment(senate_number="T02615")  # a Tweede Kamer commitment has none
    assert "senate_number" in error.value.message_dict
    assert Commitment.objects.count() == 1


@pytest.mark.parametrize("subjects", ["discriminatie", [1, 2], [""], ["x" * 201], {"a": "b"}])
def test_subjects_are_a_list_of_short_texts(bzk, subjects):
    with pytest.raises(ValidationError) as error:
        make_senate_commitment(bzk, subjects=subjects)
    assert "subjects" in error.value.message_dict


@pytest.mark.parametrize(
    "passages",
    [
        [("alleen een vindplaats",)],
        [("", "tekst")],
        [("c" * 301, "tekst")],
        [("Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3", "")],
        [("c", "t")] * 51,
    ],
)
def test_hostile_passages_are_refused_with_a_clear_error(bzk, passages):
    with pytest.raises(ValidationError):
        make_senate_commitment(bzk, passages=passages)
    assert not Commitment.objects.exists()


def test_only_a_senate_commitment_has_senate_dossiers_and_passages():
    with pytest.raises(ValidationError, match="Eerste Kamer"):
        make_commitment(passages=[("Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3", "tekst")])
    assert not Commitment.objects.exists()


def test_replacing_the_senate_record_is_one_event_and_nothing_when_unchanged(bzk):
    commitment = make_senate_commitment(bzk)
    rec = record("T01237")
    events = commitment.events.count()
    same = list(commitment.senate_dossiers.all())
    assert commitment_set_senate_record(commitment=commitment, dossiers=same, passages=rec["passages"]) == []
    assert commitment.events.count() == events
    changed = commitment_set_senate_record(
        commitment=commitment, dossiers=same[:1], passages=rec["passages"][1:], reason="rappel"
    )
    assert changed == ["senate_dossiers", "passages"]
    event = commitment.events.latest()
    assert event.kind == StatusEventBase.Kind.UPDATED and event.changed_fields == changed and event.is_public
    assert commitment.senate_dossiers.count() == 1 and commitment.passages.count() == 1


def test_a_senate_motion_carries_its_lettered_number():
    # Kamerstuk 34 775, J: the motion Strik c.s. on labour participation (the TK open data names it so)
    motion = motion_create(ref="Kamerstuk 34775, J", title="Motie van het lid Strik c.s.")
    motion.refresh_from_db()
    assert motion.chamber == Chamber.EERSTE_KAMER
    assert motion.ref.kst_id == "kst-34775-J" and motion.ref.display == "34 775, J"
    assert str(motion) == "Motie 34 775, J"
    several = motion_create(ref="Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3", title="Motie")
    assert several.chamber == "EK" and several.ref.kst_id == "kst-22112-31544-CK"
    assert str(several) == "Motie 22 112 / 31 544, CK"


def test_a_motion_in_the_wrong_chamber_is_refused():
    with pytest.raises(ValidationError) as error:
        motion_create(ref="34 775, J", title="Motie", chamber=Chamber.TWEEDE_KAMER)
    assert "chamber" in error.value.message_dict
    with pytest.raises(ValidationError):
        motion_create(ref="33 750 VI, nr. 63", title="Motie", chamber=Chamber.EERSTE_KAMER)
    with pytest.raises(ValidationError):
        motion_create(ref="36 000, nr. 1", title="Motie", chamber="XX")
