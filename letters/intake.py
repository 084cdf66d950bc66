"""Letter intake: read an uploaded letter or decision memo, analyse it, propose what it answers and
what it newly promises, and turn the proposals staff confirm into links and follow-up commitments.

The reading and the analysis are plain Python (``parsing.pdf``, ``parsing.letters``); this module
stores the result and matches it against the motions and commitments in the database. Every write
goes through the existing services (``letter_link``, ``commitment_create``); sending the letter,
which settles what it settles, stays with ``letter_send``.

Matching (each proposal carries its confidence and the ground it stands on):

* a motion whose Kamerstuk the letter cites with the motion: 1.00;
* else a motion, still owed by the government, whose submitters are exactly the members the letter
  names (by surname) and whose dossier the letter cites or belongs to: 0.80; the same with only
  the first submitter matching: 0.60; all submitters matching but no dossier to check against,
  and only one such motion: 0.50;
* a commitment answered: the open commitment made on the date the letter gives, in the debate
  whose report the letter cites: 0.90; made on that date by the letter's ministry: 0.60;
* every new promise with a deadline becomes a proposed follow-up commitment (0.70) of the motion
  the letter settles (else the best motion it answers).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment
from commitments.services import commitment_create
from core.models import Dossier, Recess
from motions.models import Motion
from parsing.kamerstuk import KamerstukRef, KamerstukRefError
from parsing.letters import analyse_letter, member_surname
from parsing.pdf import PdfError, extract_text_from_pdf

from .models import (
    AnalysisSource,
    FollowUpProposal,
    Letter,
    LetterAnalysisResult,
    LetterLink,
    LetterStatus,
    LinkEffect,
    LinkProposal,
    ProposalState,
)
from .services import letter_link, link_refusal

TEXT_EXTENSIONS = (".txt", ".text")
PDF_EXTENSIONS = (".pdf",)

CONFIDENCE_REF = Decimal("1.00")
CONFIDENCE_MEMBERS_DOSSIER = Decimal("0.80")
CONFIDENCE_FIRST_MEMBER_DOSSIER = Decimal("0.60")
CONFIDENCE_MEMBERS_ONLY = Decimal("0.50")
CONFIDENCE_COMMITMENT_DEBATE = Decimal("0.90")
CONFIDENCE_COMMITMENT_DATE = Decimal("0.60")
CONFIDENCE_FOLLOW_UP = Decimal("0.70")


class IntakeError(ValueError):
    """Input the intake cannot use; the message is meant for the user (Dutch)."""


# -- reading a document -------------------------------------------------------------------------


def max_upload_bytes() -> int:
    return settings.KT_LETTER_UPLOAD_MAX_BYTES


def _check_size(size: int | None) -> None:
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise IntakeError(_("Het bestand is %(size).1f MB; het maximum is %(max).1f MB.")
                          % {"size": size / 2**20, "max": limit / 2**20})


def document_text(data: bytes, *, name: str = "") -> str:
    """The text of an uploaded letter or memo: a PDF (by content) or a plain-text file (UTF-8, else
    Windows-1252). Raises :class:`IntakeError` for anything else, or a PDF without readable text."""
    _check_size(len(data))
    suffix = Path(name).suffix.lower()
    if data.lstrip()[:5] == b"%PDF-" or suffix in PDF_EXTENSIONS:
        try:
            return extract_text_from_pdf(data)
        except PdfError as error:
            raise IntakeError(str(error)) from error
    if suffix and suffix not in TEXT_EXTENSIONS:
        raise IntakeError(_("Alleen PDF- en tekstbestanden (.pdf, .txt) kunnen worden ingelezen, niet '%(suffix)s'.")
                          % {"suffix": suffix})
    if b"\x00" in data:
        raise IntakeError(_("Dit is geen tekstbestand (het bevat binaire gegevens)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise IntakeError(_("Het bestand is leeg."))
    return text


def uploaded_text(uploaded) -> str:
    """:func:`document_text` for a Django ``UploadedFile``, refusing an oversized one before reading it."""
    _check_size(uploaded.size)
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return document_text(data, name=uploaded.name or "")


def path_text(path: str | Path) -> str:
    """:func:`document_text` for a file on disk; a missing or unreadable file is an :class:`IntakeError`."""
    path = Path(path)
    try:
        _check_size(path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise IntakeError(_("Bestand niet gevonden: %(path)s") % {"path": path}) from error
    except IsADirectoryError as error:
        raise IntakeError(_("Dit is een map, geen bestand: %(path)s") % {"path": path}) from error
    except OSError as error:
        raise IntakeError(_("Bestand kan niet worden gelezen: %(path)s (%(error)s)")
                          % {"path": path, "error": error.strerror or error}) from error
    return document_text(data, name=path.name)


def analyse_text(text: str, *, with_reference_data: bool = True) -> dict:
    """``analyse_letter(text).to_dict()``, using the dossier titles and recess dates kept in the admin."""
    if not with_reference_data:
        return analyse_letter(text).to_dict()
    titles = {d.number: d.title for d in Dossier.objects.filter(suffix="").exclude(title="")}
    return analyse_letter(text, dossier_titles=titles, recesses=Recess.as_mapping()).to_dict()


# -- analysing a letter and proposing links -----------------------------------------------------


@dataclass
class IntakeSummary:
    analysed: list[str]
    link_proposals: list[LinkProposal]
    follow_up_proposals: list[FollowUpProposal]


def _ref(data: dict | None) -> KamerstukRef | None:
    if not data or not data.get("dossier") or not data.get("nr"):
        return None
    try:
        return KamerstukRef(data["dossier"], data.get("suffix"), data["nr"])
    except KamerstukRefError:
        return None


def _letter_dossiers(letter: Letter, analyses: list[dict]) -> set[str]:
    numbers = {letter.dossier.number} if letter.dossier_id else set()
    for data in analyses:
        if data.get("own_ref") and data["own_ref"].get("dossier"):
            numbers.add(data["own_ref"]["dossier"])
        numbers.update(ref["dossier"] for ref in data.get("kamerstuk_refs", []))
    return numbers


def _motion_dossier(motion: Motion) -> str:
    return motion.dossier.number if motion.dossier_id else motion.ref.dossier


def _surname_key(name: str) -> str:
    return member_surname(name).casefold()


def match_motion(found: dict, dossiers: set[str]) -> tuple[Motion, Decimal, str] | None:
    """The existing motion the analyser's ``found`` motion most likely is, with confidence and ground."""
    ref = _ref(found.get("ref"))
    if ref is not None:
        motion = Motion.objects.filter(ref=ref).first()
        if motion is not None:
            return motion, CONFIDENCE_REF, _("Kamerstuk %(ref)s genoemd") % {"ref": ref}
    names = [_surname_key(name) for name in found.get("members", [])]
    if not names:
        return None
    candidates = (Motion.objects.open()
                  .filter(submitters__person__surname__iexact=member_surname(found["members"][0]).split(" ")[-1])
                  .select_related("dossier").prefetch_related("submitters__person").distinct())
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
    ref = _ref(found.get("ref"))
    if ref is not None:
        for commitment in candidates:
            if commitment.debate_id and commitment.debate.report_ref in (ref.kst_id, str(ref)):
                return commitment, CONFIDENCE_COMMITMENT_DEBATE, _("gedaan op %(d)s in debat %(ref)s") % {
                    "d": made_on, "ref": ref}
    same_ministry = [c for c in candidates if letter.ministry_id and c.ministry_id == letter.ministry_id]
    if len(same_ministry) == 1:
        return same_ministry[0], CONFIDENCE_COMMITMENT_DATE, _("gedaan op %(d)s door dit ministerie") % {"d": made_on}
    return None


def _texts(letter: Letter) -> list[tuple[str, str]]:
    sources = [(AnalysisSource.TEXT, letter.text), (AnalysisSource.DECISION_MEMO, letter.decision_memo)]
    return [(source, text) for source, text in sources if text.strip()]


def _fill_letter_details(letter: Letter, data: dict) -> None:
    """Fill the letter's own number, date and signer's function from its text where still empty."""
    updates = {}
    own = _ref(data.get("own_ref"))
    if letter.ref is None and own is not None and not Letter.objects.filter(ref=own).exists():
        updates["ref"] = own
    if letter.date is None and data.get("date"):
        updates["date"] = data["date"]
    signer = data.get("signed_by") or {}
    if not letter.sender_function and signer.get("role"):
        updates["sender_function"] = signer["role"][:200]
    if updates:
        Letter.objects.filter(pk=letter.pk).update(**updates)
        letter.refresh_from_db()


@transaction.atomic
def letter_analyse(*, letter: Letter, by=None) -> IntakeSummary:
    """Analyse the letter's text and decision memo; store each analysis; replace the proposals not
    yet decided with fresh ones (decided proposals stay as they are)."""
    if letter.status == LetterStatus.SENT:
        raise IntakeError(_("Deze brief is al verzonden; er valt niets meer te koppelen."))
    analysed, results = [], []
    for source, text in _texts(letter):
        data = analyse_text(text)
        LetterAnalysisResult.objects.update_or_create(letter=letter, source=source, defaults={"data": data})
        analysed.append(source)
        results.append((source, data))
    LetterAnalysisResult.objects.filter(letter=letter).exclude(source__in=analysed).delete()
    for source, data in results:
        if source == AnalysisSource.TEXT:
            _fill_letter_details(letter, data)
    letter.link_proposals.filter(state=ProposalState.PROPOSED).delete()
    letter.follow_up_proposals.filter(state=ProposalState.PROPOSED).delete()
    dossiers = _letter_dossiers(letter, [data for _source, data in results])
    for _source, data in results:
        for found in data.get("motions", []):
            match = match_motion(found, dossiers)
            if match:
                _propose_link(letter, match, settles=found.get("settles", False), field="motion", by=by)
        for found in data.get("commitments", []):
            match = match_commitment(found, letter)
            if match:
                _propose_link(letter, match, settles=found.get("settles", False), field="commitment", by=by)
    main_motion = _main_motion(letter)
    for source, data in results:
        label = AnalysisSource(source).label
        for deadline in data.get("new_deadlines", []):
            FollowUpProposal.objects.get_or_create(
                letter=letter, deadline_phrase=deadline["phrase"][:200], text=deadline["text"],
                defaults={"deadline_latest": deadline.get("latest"), "motion": main_motion,
                          "confidence": CONFIDENCE_FOLLOW_UP,
                          "basis": _("nieuwe termijn in de %(source)s") % {"source": label}},
            )
    return IntakeSummary(
        analysed=analysed,
        link_proposals=list(letter.link_proposals.filter(state=ProposalState.PROPOSED)),
        follow_up_proposals=list(letter.follow_up_proposals.filter(state=ProposalState.PROPOSED)),
    )


def _propose_link(letter: Letter, match, *, settles: bool, field: str, by=None) -> None:
    """Propose the link; never a move the item's workflow forbids or an item the user may not
    change: such a proposal says why instead ('al afgedaan door ...') and 'informs' at most."""
    item, confidence, basis = match
    effect = LinkEffect.SETTLES if settles else LinkEffect.INFORMS
    note = link_refusal(letter=letter, item=item, effect=effect, by=by)
    if note and effect != LinkEffect.INFORMS:
        effect = LinkEffect.INFORMS
        note = link_refusal(letter=letter, item=item, effect=effect, by=by) or note
    proposal, created = LinkProposal.objects.get_or_create(
        letter=letter, **{field: item},
        defaults={"confidence": confidence, "basis": basis[:300], "effect": effect, "note": note[:300]},
    )
    if not created and proposal.state == ProposalState.PROPOSED:
        # the memo and the letter both name it: keep the surest ground, and 'settles' if either says so
        if confidence > proposal.confidence:
            proposal.confidence, proposal.basis = confidence, basis[:300]
        if settles and not proposal.note:
            proposal.effect = LinkEffect.SETTLES
        proposal.save(update_fields=["confidence", "basis", "effect"])


def _main_motion(letter: Letter) -> Motion | None:
    """The motion the letter answers: the surest one it settles, else the surest one it names."""
    proposals = letter.link_proposals.filter(motion__isnull=False).exclude(state=ProposalState.REJECTED)
    best = (proposals.filter(effect=LinkEffect.SETTLES).order_by("-confidence", "id").first()
            or proposals.order_by("-confidence", "id").first())
    return best.motion if best else None


# -- confirming ---------------------------------------------------------------------------------


@dataclass
class LinkDecision:
    accept: bool
    effect: str = LinkEffect.SETTLES


@dataclass
class FollowUpDecision:
    accept: bool
    text: str = ""
    deadline_phrase: str = ""


@transaction.atomic
def letter_confirm_proposals(*, letter: Letter, links: dict[int, LinkDecision],
                             follow_ups: dict[int, FollowUpDecision], by=None) -> tuple[list, list]:
    """Settle staff's review in one transaction: accepted link proposals become LetterLinks (with the
    effect staff chose), accepted follow-ups become commitments of the letter -- not public until
    the letter is sent -- and the rest are marked rejected. Proposals not mentioned stay open."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == LetterStatus.SENT:
        raise IntakeError(_("Deze brief is al verzonden; koppelingen kunnen niet meer worden bevestigd."))
    now = timezone.now()
    made_links, made_commitments = [], []
    proposals = letter.link_proposals.filter(pk__in=links, state=ProposalState.PROPOSED)
    for proposal in proposals.select_related("motion", "commitment"):
        decision = links[proposal.pk]
        if decision.accept:
            proposal.effect = decision.effect
            field = "motion" if proposal.motion_id else "commitment"
            proposal.link = (LetterLink.objects.filter(letter=letter, **{field: proposal.item}).first()
                             or letter_link(letter=letter, item=proposal.item, effect=decision.effect, by=by))
            made_links.append(proposal.link)
        _decide(proposal, decision.accept, by, now)
    reason = _("Toegezegd in %(letter)s") % {"letter": letter}
    for proposal in letter.follow_up_proposals.filter(pk__in=follow_ups, state=ProposalState.PROPOSED):
        decision = follow_ups[proposal.pk]
        if decision.accept:
            proposal.text = decision.text.strip() or proposal.text
            proposal.deadline_phrase = decision.deadline_phrase.strip() or proposal.deadline_phrase
            proposal.commitment = commitment_create(
                text=proposal.text, deadline_phrase=proposal.deadline_phrase, by=by, reason=reason,
                source_letter=letter, motion=proposal.motion, is_public=False, ministry=letter.ministry,
                made_on=letter.date, made_by=letter.sender, made_by_function=letter.sender_function,
            )
            proposal.deadline_latest = proposal.commitment.deadline_date
            made_commitments.append(proposal.commitment)
        _decide(proposal, decision.accept, by, now)
    return made_links, made_commitments


def _decide(proposal, accept: bool, by, now) -> None:
    proposal.state = ProposalState.CONFIRMED if accept else ProposalState.REJECTED
    proposal.decided_by = by if getattr(by, "is_authenticated", False) else None
    proposal.decided_at = now
    proposal.save()


__all__ = [
    "FollowUpDecision", "IntakeError", "IntakeSummary", "LinkDecision", "analyse_text", "document_text",
    "letter_analyse", "letter_confirm_proposals", "match_commitment", "match_motion", "path_text",
    "uploaded_text",
]
