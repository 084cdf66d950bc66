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

Every proposal keeps its evidence: the sentence it came from and, for 'doet af', the words that say
so. Reading and analysing run in a worker (:func:`queue_analysis`, :func:`run_job`, the Celery task
``letters.run_intake_job``), never in the web request: a PDF is read in a child process held to a page,
text-length, time and memory limit (``parsing.pdf.extract_text_limited``), and a text longer than its
field allows is refused with a message, not stored. A letter already sent (the open-data import brings
them) can be analysed too; confirming a proposal for it applies the effect at once
(``letters.services.letter_link_confirm``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment
from commitments.services import commitment_create
from core.fields import COMMITMENT_TEXT_MAX, DECISION_MEMO_MAX, LETTER_TEXT_MAX
from core.models import Debate, Dossier, Recess
from motions.models import Motion
from parsing.kamerstuk import KamerstukRef, KamerstukRefError
from parsing.letters import analyse_letter, member_surname
from parsing.pdf import PdfError, PdfLimits, extract_text_limited

from .models import (
    AnalysisSource,
    FollowUpProposal,
    IntakeJobState,
    Letter,
    LetterAnalysisResult,
    LetterIntakeJob,
    LetterStatus,
    LinkEffect,
    LinkProposal,
    ProposalState,
)
from .services import letter_link_confirm, link_refusal

logger = logging.getLogger(__name__)

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


def check_size(size: int | None) -> None:
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise IntakeError(_("Het bestand is %(size).1f MB; het maximum is %(max).1f MB.")
                          % {"size": size / 2**20, "max": limit / 2**20})


def pdf_limits(max_chars: int = LETTER_TEXT_MAX) -> PdfLimits:
    """What reading one uploaded or fetched PDF may cost (settings ``KT_LETTER_PDF_*``)."""
    return PdfLimits(max_pages=getattr(settings, "KT_LETTER_PDF_MAX_PAGES", 100), max_chars=max_chars,
                     seconds=getattr(settings, "KT_LETTER_PDF_SECONDS", 60),
                     memory_bytes=getattr(settings, "KT_LETTER_PDF_MEMORY_MB", 768) * 2**20)


def is_pdf(data: bytes, name: str = "") -> bool:
    return data.lstrip()[:5] == b"%PDF-" or Path(name).suffix.lower() in PDF_EXTENSIONS


def check_text_length(text: str, limit: int) -> str:
    """Refuse a text longer than the field that would store it (nothing is stored)."""
    if len(text) > limit:
        raise IntakeError(_("De tekst is %(size)s tekens lang; het maximum is %(max)s. Er is niets opgeslagen.")
                          % {"size": f"{len(text):,}".replace(",", "."), "max": f"{limit:,}".replace(",", ".")})
    return text


def document_text(data: bytes, *, name: str = "", max_chars: int = LETTER_TEXT_MAX) -> str:
    """The text of an uploaded letter or memo: a PDF (by content; read in a child process with limits)
    or a plain-text file (UTF-8, else Windows-1252), at most ``max_chars`` characters. Raises
    :class:`IntakeError` for anything else, a PDF without readable text, or a text that is too long."""
    check_size(len(data))
    suffix = Path(name).suffix.lower()
    if is_pdf(data, name):
        try:
            return check_text_length(extract_text_limited(data, pdf_limits(max_chars)), max_chars)
        except PdfError as error:
            raise IntakeError(str(error)) from error
    return plain_text(data, suffix=suffix, max_chars=max_chars)


def plain_text(data: bytes, *, suffix: str = "", max_chars: int = LETTER_TEXT_MAX) -> str:
    """The text of a plain-text upload (fast: decoding only, no analysis), length-checked."""
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
    return check_text_length(text, max_chars)


def path_text(path: str | Path) -> str:
    """:func:`document_text` for a file on disk; a missing or unreadable file is an :class:`IntakeError`."""
    path = Path(path)
    try:
        check_size(path.stat().st_size)
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
    """``analyse_letter(text).to_dict()``, using the dossier titles, recess dates and debates kept in
    the admin."""
    if not with_reference_data:
        return analyse_letter(text).to_dict()
    titles = {d.number: d.title for d in Dossier.objects.filter(suffix="").exclude(title="")}
    debates = list(Debate.objects.order_by("-date").values_list("title", "date")[:5000])
    return analyse_letter(text, dossier_titles=titles, recesses=Recess.as_mapping(), debates=debates).to_dict()


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
    yet decided with fresh ones (decided proposals stay as they are). Runs in a worker
    (:func:`run_job`): the analysis of a long text takes seconds."""
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
    dossiers = letter_dossiers(letter, [data for _source, data in results])
    for _source, data in results:
        for found in data.get("motions", []):
            match = match_motion(found, dossiers)
            if match:
                _propose_link(letter, match, found=found, field="motion", by=by)
        for found in data.get("commitments", []):
            match = match_commitment(found, letter)
            if match:
                _propose_link(letter, match, found=found, field="commitment", by=by)
    main_motion = _main_motion(letter)
    for source, data in results:
        label = AnalysisSource(source).label
        for deadline in data.get("new_deadlines", []):
            # stored as a phrase that reads on its own ('binnen twee weken' -> 'uiterlijk 19 maart 2024');
            # a meeting the tracker does not know stays as written, without a date
            phrase = deadline.get("standalone") or deadline["phrase"]
            FollowUpProposal.objects.get_or_create(
                letter=letter, deadline_phrase=phrase[:200], text=deadline["text"][:COMMITMENT_TEXT_MAX],
                defaults={"deadline_latest": deadline.get("latest"), "motion": main_motion,
                          "confidence": CONFIDENCE_FOLLOW_UP,
                          "basis": _("nieuwe termijn in de %(source)s") % {"source": label},
                          "evidence": deadline["text"][:COMMITMENT_TEXT_MAX], "evidence_words": deadline["phrase"][:300]},
            )
    return IntakeSummary(
        analysed=analysed,
        link_proposals=list(letter.link_proposals.filter(state=ProposalState.PROPOSED)),
        follow_up_proposals=list(letter.follow_up_proposals.filter(state=ProposalState.PROPOSED)),
    )


def _propose_link(letter: Letter, match, *, found: dict, field: str, by=None) -> None:
    """Propose the link; never a move the item's workflow forbids or an item the user may not
    change: such a proposal says why instead ('al afgedaan door ...') and 'informs' at most."""
    item, confidence, basis = match
    if letter.links.filter(confirmed=True, **{field: item}).exists():
        return  # staff linked it already
    settles = bool(found.get("settles"))
    effect = LinkEffect.SETTLES if settles else LinkEffect.INFORMS
    note = link_refusal(letter=letter, item=item, effect=effect, by=by)
    if note and effect != LinkEffect.INFORMS:
        effect = LinkEffect.INFORMS
        note = link_refusal(letter=letter, item=item, effect=effect, by=by) or note
    evidence = (found.get("evidence") or found.get("text") or (found.get("texts") or [""])[0])[:COMMITMENT_TEXT_MAX]
    words = (found.get("settled_by") or "")[:300] if settles and not note else ""
    proposal, created = LinkProposal.objects.get_or_create(
        letter=letter, **{field: item},
        defaults={"confidence": confidence, "basis": basis[:300], "effect": effect, "evidence": evidence,
                  "evidence_words": words, "note": note[:300]},
    )
    if not created and proposal.state == ProposalState.PROPOSED:
        # the memo and the letter both name it: keep the surest ground, and 'settles' if either says so
        if confidence > proposal.confidence:
            proposal.confidence, proposal.basis = confidence, basis[:300]
        if settles and not proposal.note and proposal.effect != LinkEffect.SETTLES:
            proposal.effect, proposal.evidence, proposal.evidence_words = LinkEffect.SETTLES, evidence, words
        proposal.save(update_fields=["confidence", "basis", "effect", "evidence", "evidence_words"])


def _main_motion(letter: Letter) -> Motion | None:
    """The motion the letter answers: the surest one it settles, else the surest one it names."""
    proposals = letter.link_proposals.filter(motion__isnull=False).exclude(state=ProposalState.REJECTED)
    best = (proposals.filter(effect=LinkEffect.SETTLES).order_by("-confidence", "id").first()
            or proposals.order_by("-confidence", "id").first())
    return best.motion if best else None


# -- running the analysis in a worker -----------------------------------------------------------


def queue_analysis(*, letter: Letter, by=None, read_pdf: bool = False, memo_document: bytes | None = None,
                   memo_name: str = "") -> LetterIntakeJob:
    """Queue the reading and analysis of ``letter`` for a worker; it starts once the current
    transaction commits. The page says 'analyse loopt' until it is done."""
    job = LetterIntakeJob.objects.create(
        letter=letter, read_pdf=read_pdf, memo_document=memo_document, memo_name=memo_name[:255],
        created_by=by if getattr(by, "is_authenticated", False) else None)
    transaction.on_commit(lambda: publish_job(job.pk))
    return job


def publish_job(job_id: int) -> None:
    from .tasks import run_intake_job

    try:
        run_intake_job.delay(job_id)
    except Exception:  # noqa: BLE001 - the broker is away: requeue_stale() queues it again later
        logger.warning("letters: analysis job %s not queued (broker unreachable); the sweep will", job_id)


def requeue_stale(*, older_than_seconds: int = 120) -> int:
    """Queue again the jobs that never reached a worker (broker away) or whose worker died."""
    now = timezone.now()
    waiting = LetterIntakeJob.objects.filter(state=IntakeJobState.QUEUED,
                                             created_at__lt=now - timezone.timedelta(seconds=older_than_seconds))
    stuck = LetterIntakeJob.objects.filter(
        state=IntakeJobState.RUNNING,
        started_at__lt=now - timezone.timedelta(seconds=getattr(settings, "KT_LETTER_ANALYSIS_SECONDS", 300) + 60))
    ids = list(waiting.values_list("pk", flat=True)[:500]) + list(stuck.values_list("pk", flat=True)[:500])
    for job_id in ids:
        publish_job(job_id)
    return len(ids)


def run_job(job_id: int) -> LetterIntakeJob | None:
    """Do one queued job: read what was uploaded (or fetch the open-data letter), then analyse.
    The job records how it ended; an upload's file is dropped once read."""
    with transaction.atomic():
        job = (LetterIntakeJob.objects.select_for_update(skip_locked=True)
               .filter(pk=job_id, state__in=[IntakeJobState.QUEUED, IntakeJobState.RUNNING]).first())
        if job is None:
            return None
        job.state, job.started_at = IntakeJobState.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
    try:
        if job.source_url:
            from tkimport.letter_texts import fetch_and_analyse

            message = fetch_and_analyse(job)
        else:
            message = _read_and_analyse(job)
        job.state, job.message = IntakeJobState.DONE, message
    except IntakeError as error:
        job.state, job.message = IntakeJobState.FAILED, str(error)
    except Exception as error:
        logger.exception("letters: analysis job %s failed", job.pk)
        job.state = IntakeJobState.FAILED
        job.message = _("De analyse is afgebroken (%(error)s).") % {"error": type(error).__name__}
    job.memo_document, job.finished_at = None, timezone.now()
    job.save(update_fields=["state", "message", "memo_document", "finished_at"])
    return job


def _read_and_analyse(job: LetterIntakeJob) -> str:
    letter = job.letter
    updates = {}
    if job.read_pdf and letter.pdf:
        with letter.pdf.open("rb") as handle:
            updates["text"] = document_text(handle.read(), name=letter.pdf.name, max_chars=LETTER_TEXT_MAX)
    if job.memo_document:
        updates["decision_memo"] = document_text(bytes(job.memo_document), name=job.memo_name,
                                                 max_chars=DECISION_MEMO_MAX)
    if updates:
        Letter.objects.filter(pk=letter.pk).update(**updates)
        letter.refresh_from_db()
    return summary_message(letter_analyse(letter=letter, by=job.created_by))


def summary_message(summary: IntakeSummary) -> str:
    return _("%(links)d voorgestelde koppeling(en) en %(follow_ups)d nieuwe toezegging(en).") % {
        "links": len(summary.link_proposals), "follow_ups": len(summary.follow_up_proposals)}


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
    sent = letter.status == LetterStatus.SENT
    now = timezone.now()
    made_links, made_commitments = [], []
    proposals = letter.link_proposals.filter(pk__in=links, state=ProposalState.PROPOSED)
    for proposal in proposals.select_related("motion", "commitment"):
        decision = links[proposal.pk]
        if decision.accept:
            proposal.effect = decision.effect
            proposal.link, _changes = letter_link_confirm(letter=letter, item=proposal.item, effect=decision.effect,
                                                          by=by)
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
                source_letter=letter, motion=proposal.motion, is_public=sent, ministry=letter.ministry,
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
    "FollowUpDecision", "IntakeError", "IntakeSummary", "LinkDecision", "analyse_text", "check_text_length",
    "document_text", "letter_analyse", "letter_confirm_proposals", "match_commitment", "match_motion", "path_text",
    "plain_text", "queue_analysis", "requeue_stale", "run_job", "check_size",
]
