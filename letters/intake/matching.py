"""Which existing motion or commitment a finding of the analyser is, with the confidence and the
ground it stands on (see the package docstring for the scale)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from commitments.models import Commitment
from motions.models import Motion
from parsing.kamerstuk import KamerstukRef, KamerstukRefError
from parsing.letters import member_surname

from ..models import (
    Letter,
)

CONFIDENCE_REF = Decimal("1.00")
CONFIDENCE_MEMBERS_DOSSIER = Decimal("0.80")
CONFIDENCE_FIRST_MEMBER_DOSSIER = Decimal("0.60")
CONFIDENCE_MEMBERS_ONLY = Decimal("0.50")
CONFIDENCE_COMMITMENT_DEBATE = Decimal("0.90")
CONFIDENCE_COMMITMENT_DATE = Decimal("0.60")
CONFIDENCE_FOLLOW_UP = Decimal("0.70")


def ref_of(data: dict | None) -> KamerstukRef | None:
    if not data or not data.get("dossier") or not data.get("nr"):
        return None
    try:
        if data.get("kst_id"):
            return KamerstukRef.parse(data["kst_id"])
        return KamerstukRef(data["dossier"], data.get("suffix"), data["nr"])
    except KamerstukRefError:
        return None


def letter_dossiers(letter: Letter, analyses: list[dict]) -> set[str]:
    numbers = {letter.dossier.number} if letter.dossier_id else set()
    for data in analyses:
        if data.get("own_ref") and data["own_ref"].get("dossier"):
            numbers.add(data["own_ref"]["dossier"])
            numbers.update(data["own_ref"].get("other_dossiers") or [])
        for ref in data.get("kamerstuk_refs", []):
            numbers.update(ref.get("dossiers") or [ref["dossier"]])
    return numbers


def _motion_dossier(motion: Motion) -> str:
    return motion.dossier.number if motion.dossier_id else motion.ref.dossier


def _surname_key(name: str) -> str:
    return member_surname(name).casefold()


def match_motion(found: dict, dossiers: set[str]) -> tuple[Motion, Decimal, str] | None:
    """The existing motion the analyser's ``found`` motion most likely is, with confidence and ground."""
    ref = ref_of(found.get("ref"))
    if ref is not None:
        motion = Motion.objects.filter(ref=ref).first()
        if motion is not None:
            return motion, CONFIDENCE_REF, _("Kamerstuk %(ref)s genoemd") % {"ref": ref}
    names = [_surname_key(name) for name in found.get("members", [])]
    if not names:
        return None
    candidates = (
        Motion.objects.open()
        .filter(submitters__person__surname__iexact=member_surname(found["members"][0]).split(" ")[-1])
        .select_related("dossier")
        .prefetch_related("submitters__person")
        .distinct()
    )
    best: tuple[Motion, Decimal, str] | None = None
    undossiered: list[Motion] = []
    who = ", ".join(found["members"])
    for motion in candidates:
        submitted = [s.person.citation_name.casefold() for s in motion.submitters.all()]
        if not submitted or submitted[0] != names[0]:
            continue
        all_match = set(submitted) == set(names)
        in_dossier = _motion_dossier(motion) in dossiers
        if all_match and in_dossier:
            score, ground = CONFIDENCE_MEMBERS_DOSSIER, _("indieners %(who)s en dossier") % {"who": who}
        elif in_dossier:
            score, ground = CONFIDENCE_FIRST_MEMBER_DOSSIER, _("eerste indiener %(who)s en dossier") % {"who": who}
        else:
            if all_match:
                undossiered.append(motion)
            continue
        if best is None or score > best[1]:
            best = (motion, score, ground)
    if best is None and len(undossiered) == 1 and not dossiers:
        best = (undossiered[0], CONFIDENCE_MEMBERS_ONLY, _("indieners %(who)s, dossier onbekend") % {"who": who})
    return best


def match_commitment(found: dict, letter: Letter) -> tuple[Commitment, Decimal, str] | None:
    """The open commitment the letter answers: made on the date it names, in the debate it cites."""
    made_on = found.get("made_on")
    if not made_on:
        return None
    candidates = Commitment.objects.open().filter(made_on=made_on).select_related("debate").order_by("id")
    ref = ref_of(found.get("ref"))
    if ref is not None:
        for commitment in candidates:
            if commitment.debate_id and commitment.debate.report_ref in (ref.kst_id, str(ref)):
                return (
                    commitment,
                    CONFIDENCE_COMMITMENT_DEBATE,
                    _("gedaan op %(d)s in debat %(ref)s") % {"d": made_on, "ref": ref},
                )
    same_ministry = [c for c in candidates if letter.ministry_id and c.ministry_id == letter.ministry_id]
    if len(same_ministry) == 1:
        return same_ministry[0], CONFIDENCE_COMMITMENT_DATE, _("gedaan op %(d)s door dit ministerie") % {"d": made_on}
    return None


def match_senate_commitment(found: dict) -> tuple[Commitment, Decimal, str] | None:
    """The Senate commitment a T-number ('toezegging T02615') names: the number is the Senate's own
    registry key, so a match is as sure as a Kamerstuk reference."""
    number = found.get("number") or ""
    commitment = Commitment.objects.filter(senate_number=number).first() if number else None
    if commitment is None:
        return None
    return commitment, CONFIDENCE_REF, _("T-nummer %(number)s") % {"number": number}
