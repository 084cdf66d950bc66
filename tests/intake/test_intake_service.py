"""letters.intake on its own: matching by Kamerstuk, by submitters and dossier, commitments by date
and debate; re-analysis; reading documents; refusals."""

import datetime as dt
from decimal import Decimal

import pytest

from commitments.services import commitment_create
from core.models import Debate, Dossier, Person
from letters import intake
from letters.models import LetterStatus, LinkEffect, LinkProposal, ProposalState
from motions.models import MotionStatus
from motions.services import motion_create, motion_record_vote
from tests.factories import make_letter
from tests.intake.helpers import CORPUS, MEMO, make_pdf

pytestmark = pytest.mark.django_db

VAN_HIJUM = CORPUS / "2014-wodc-zelfstandige-terugkeer-motie-van-hijum.txt"
NR_123 = CORPUS / "2014-12-18-29344-nr123-toezegging-ao-vrijwillige-terugkeer.txt"


def adopted(ref, submitters, **fields):
    motion = motion_create(ref=ref, title=f"Motie {ref}", submitters=submitters, **fields)
    motion_record_vote(motion=motion, outcome=MotionStatus.ADOPTED)
    motion.refresh_from_db()
    return motion


def people(*names):
    result = []
    for name in names:
        prefix, _, surname = name.rpartition(" ")
        result.append((Person.objects.create(surname=surname, prefix=prefix.lower()), None))
    return result


def test_by_reference_first(motion_67, ministry):
    decoy = adopted("36 871, nr. 80", people("Ceder"))
    letter = make_letter(ministry=ministry, decision_memo=MEMO.read_text(encoding="utf-8"))
    summary = intake.letter_analyse(letter=letter)
    assert [(p.motion, p.confidence, p.effect) for p in summary.link_proposals] == [
        (motion_67, Decimal("1.00"), LinkEffect.SETTLES)
    ]
    assert decoy not in [p.motion for p in summary.link_proposals]


def test_by_submitters_and_dossier_when_the_reference_is_unknown(ministry):
    dossier = Dossier.objects.create(number="36871", title="Tweestatusstelsel")
    # the letter cites 36 871, nr. 67, but the database knows this motion under another number
    motion = adopted("36 871, nr. 99", people("Ceder", "Van Dijk"), dossier=dossier, ministry=ministry)
    first_only = adopted("36 871, nr. 98", people("Ceder", "Bikker"), dossier=dossier)
    elsewhere = adopted("21 501-08, nr. 9", people("Ceder", "Van Dijk"))
    letter = make_letter(ministry=ministry, decision_memo=MEMO.read_text(encoding="utf-8"))
    proposal = intake.letter_analyse(letter=letter).link_proposals
    assert [(p.motion, p.confidence) for p in proposal] == [(motion, intake.CONFIDENCE_MEMBERS_DOSSIER)]
    assert "Ceder" in proposal[0].basis
    assert intake.match_motion({"members": ["Ceder"], "ref": None}, {"36871"})[0] == first_only
    assert intake.match_motion({"members": ["Ceder", "Van Dijk"], "ref": None}, set()) is None  # two candidates
    assert intake.match_motion({"members": ["Ceder", "Van Dijk"], "ref": None}, {"21501"})[0] == elsewhere


def test_members_only_when_no_dossier_is_known():
    motion = adopted("33 750 VI, nr. 77", people("Van Hijum"))
    match = intake.match_motion({"members": ["Van Hijum"], "ref": None}, set())
    assert match[0] == motion and match[1] == intake.CONFIDENCE_MEMBERS_ONLY


def test_closed_motions_are_not_matched_by_name():
    rejected = motion_create(ref="33 750 VI, nr. 77", title="x", submitters=people("Van Hijum"))
    motion_record_vote(motion=rejected, outcome=MotionStatus.REJECTED)
    assert intake.match_motion({"members": ["Van Hijum"], "ref": None}, {"33750"}) is None


def test_van_hijum_letter_by_reference_and_informs_or_settles():
    motion = adopted("33 750 VI, nr. 63", people("Van Hijum"))
    letter = make_letter(text=VAN_HIJUM.read_text(encoding="utf-8"))
    (proposal,) = intake.letter_analyse(letter=letter).link_proposals
    assert proposal.motion == motion and proposal.effect == LinkEffect.SETTLES


def test_commitment_by_date_and_debate(ministry):
    debate = Debate.objects.create(
        title="AO opvang en terugkeer", date=dt.date(2014, 7, 2), report_ref="kst-19637-1901"
    )
    commitment = commitment_create(text="Overzicht vrijwillige terugkeer", made_on=dt.date(2014, 7, 2), debate=debate)
    other_day = commitment_create(text="Iets anders", made_on=dt.date(2014, 7, 3), ministry=ministry)
    letter = make_letter(ministry=ministry, text=NR_123.read_text(encoding="utf-8"))
    proposals = intake.letter_analyse(letter=letter).link_proposals
    assert [(p.commitment, p.confidence, p.effect) for p in proposals] == [
        (commitment, intake.CONFIDENCE_COMMITMENT_DEBATE, LinkEffect.SETTLES)
    ]
    assert other_day not in [p.commitment for p in proposals]
    letter.refresh_from_db()
    assert str(letter.ref) == "29 344, nr. 123"  # filled from the letter's own number
    assert letter.date == dt.date(2014, 12, 18)
    assert letter.sender_function == "Staatssecretaris van Veiligheid en Justitie"


def test_reanalysis_replaces_open_proposals_only(motion_67, ministry):
    letter = make_letter(ministry=ministry, decision_memo=MEMO.read_text(encoding="utf-8"))
    intake.letter_analyse(letter=letter)
    first = LinkProposal.objects.get()
    intake.letter_analyse(letter=letter)
    assert LinkProposal.objects.get().pk != first.pk  # replaced, still one
    intake.letter_confirm_proposals(
        letter=letter, links={LinkProposal.objects.get().pk: intake.LinkDecision(True)}, follow_ups={}
    )
    intake.letter_analyse(letter=letter)
    assert list(LinkProposal.objects.values_list("state", flat=True)) == [ProposalState.CONFIRMED]
    assert letter.links.count() == 1


def test_a_sent_letter_is_analysed_and_confirming_applies_the_effect_at_once(motion_67, ministry):
    """Letters the open-data import brings are sent already: their proposals wait for staff, and what
    staff confirm takes effect then, as sending would have done."""
    letter = make_letter(ministry=ministry, status=LetterStatus.SENT, decision_memo=MEMO.read_text(encoding="utf-8"))
    summary = intake.letter_analyse(letter=letter)
    [proposal] = summary.link_proposals
    assert (proposal.motion, proposal.effect) == (motion_67, LinkEffect.SETTLES)
    assert proposal.evidence_words and proposal.evidence_words in proposal.evidence
    [follow_up] = summary.follow_up_proposals
    links, commitments = intake.letter_confirm_proposals(
        letter=letter,
        links={proposal.pk: intake.LinkDecision(True)},
        follow_ups={follow_up.pk: intake.FollowUpDecision(True)},
    )
    motion_67.refresh_from_db()
    assert motion_67.status == MotionStatus.SETTLED
    assert motion_67.events.latest().letter_id == letter.pk
    assert commitments[0].is_public is True and commitments[0].deadline_date == dt.date(2027, 12, 31)
    # confirming again changes nothing
    intake.letter_analyse(letter=letter)
    assert not LinkProposal.objects.filter(state=ProposalState.PROPOSED).exists()


def test_an_unconfirmed_import_link_takes_the_confirmed_effect(motion_67, ministry):
    from letters.models import LetterLink
    from letters.services import letter_link

    letter = make_letter(ministry=ministry, status=LetterStatus.SENT, decision_memo=MEMO.read_text(encoding="utf-8"))
    imported = letter_link(letter=letter, item=motion_67, effect=LinkEffect.INFORMS)
    LetterLink.objects.filter(pk=imported.pk).update(confirmed=False)
    [proposal] = intake.letter_analyse(letter=letter).link_proposals
    intake.letter_confirm_proposals(letter=letter, links={proposal.pk: intake.LinkDecision(True)}, follow_ups={})
    imported.refresh_from_db()
    assert (imported.effect, imported.confirmed) == (LinkEffect.SETTLES, True)
    motion_67.refresh_from_db()
    assert motion_67.status == MotionStatus.SETTLED


def test_relative_deadline_is_proposed_as_a_phrase_that_reads_on_its_own(ministry):
    letter = make_letter(
        ministry=ministry,
        text="Den Haag, 5 maart 2024\n\nIk informeer uw Kamer binnen twee weken over de uitkomst van het overleg.\n",
    )
    [follow_up] = intake.letter_analyse(letter=letter).follow_up_proposals
    assert (follow_up.deadline_phrase, follow_up.deadline_latest) == ("uiterlijk 19 maart 2024", dt.date(2024, 3, 19))
    assert follow_up.evidence_words == "binnen twee weken"
    [commitment] = intake.letter_confirm_proposals(
        letter=letter, links={}, follow_ups={follow_up.pk: intake.FollowUpDecision(True)}
    )[1]
    assert commitment.deadline_date == dt.date(2024, 3, 19)


def test_before_a_debate_the_tracker_knows(ministry):
    Debate.objects.create(title="Commissiedebat Vreemdelingen- en asielbeleid", date=dt.date(2024, 4, 16))
    letter = make_letter(
        ministry=ministry,
        text="Den Haag, 5 maart 2024\n\nIk stuur uw Kamer de evaluatie vóór het "
        "commissiedebat Vreemdelingen- en asielbeleid.\n",
    )
    [follow_up] = intake.letter_analyse(letter=letter).follow_up_proposals
    assert (follow_up.deadline_phrase, follow_up.deadline_latest) == ("uiterlijk 15 april 2024", dt.date(2024, 4, 15))


def test_document_text():
    assert intake.document_text("Den Haag, één brief".encode("cp1252"), name="a.txt") == "Den Haag, één brief"
    assert intake.document_text("\ufefftekst".encode("utf-8"), name="a.txt") == "tekst"
    assert "Open tekst" in intake.document_text(make_pdf("Open tekst"), name="zonder-extensie")
    with pytest.raises(intake.IntakeError, match="binaire"):
        intake.document_text(b"ab\x00cd", name="a.txt")
    with pytest.raises(intake.IntakeError, match="wachtwoord"):
        intake.document_text(make_pdf("Geheim", password="x"), name="a.pdf")
    with pytest.raises(intake.IntakeError, match="geen PDF"):
        intake.document_text(b"just text", name="a.pdf")


def test_size_limit_from_settings(settings):
    settings.KT_LETTER_UPLOAD_MAX_BYTES = 10
    with pytest.raises(intake.IntakeError, match="maximum"):
        intake.document_text(b"x" * 11, name="a.txt")
    assert intake.document_text(b"x" * 10, name="a.txt") == "x" * 10
