"""Rappel intake: staff bring in the Eerste Kamer's rappel (pasted text or the saved page); the tracker
reads every commitment in it (``parsing.rappel``) and proposes, per T-number, either a new commitment or
the changes to the known one (status, deadline, responsible minister). Nothing changes until a person
confirms; confirming goes through the existing services only:

* a new commitment through ``commitments.services.commitment_create`` (chamber Eerste Kamer, the
  intake's ministry, the Senate's Kerngegevens, its Kamerstukken and passages);
* a status through ``commitment_transition`` (the workflow: a status it does not allow from the
  current one is shown, not proposed);
* a deadline through ``core.deadlines.set_deadline`` (one deadline event, like the admin's deadline
  field);
* the responsible minister(s) through ``commitment_update`` (one 'updated' event).

The proposals are worked out from the stored text and the database each time they are shown or
confirmed, so a rappel pasted a second time proposes nothing, and a proposal that changed between
showing and confirming (someone else changed the commitment) is refused: each carries a ``key`` the
review form sends back.

A committee's decisions on a rappel ('T02881 als "deels voldaan" te blijven beschouwen met als nieuwe
deadline 1 januari 2023') are read too: they propose status and deadline changes to known commitments;
they hold too little to create one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, CommitmentStatus
from commitments.services import commitment_create, commitment_transition, commitment_update
from core import deadlines
from core.fields import COMMITMENT_TEXT_MAX
from core.models import Chamber, Dossier, Ministry
from core.permissions import allowed_ministry_ids, may_change_model, may_edit
from core.workflow import WorkflowError, allowed_targets, status_label
from letters.intake import IntakeError, plain_text
from parsing.rappel import MAX_TEXT_LENGTH, CommitteeDecision, RappelError, RappelRecord, html_to_text, read_rappel

from .models import RappelIntake

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
TEXT_TYPES = ("text/plain",)
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: The Senate's statuses (parsing.rappel.STATUSES) as the tracker's; 'niet voldaan' has none.
STATUS_MAP = {
    "openstaand": CommitmentStatus.OPEN,
    "deels voldaan": CommitmentStatus.PARTLY_FULFILLED,
    "voldaan": CommitmentStatus.FULFILLED,
    "vervallen": CommitmentStatus.LAPSED,
}

NEW, UPDATE, UNCHANGED, SKIPPED = "new", "update", "unchanged", "skipped"


class RappelIntakeError(ValueError):
    """Input or a confirmation the intake refuses; the message is meant for staff (Dutch)."""


def max_upload_bytes() -> int:
    return getattr(settings, "KT_RAPPEL_UPLOAD_MAX_BYTES", 5 * 2**20)


# -- reading the input ------------------------------------------------------------------------------


def upload_text(data: bytes, *, name: str = "", content_type: str = "") -> str:
    """The text of an uploaded rappel: a saved page (.html, .htm) or a text file (.txt), UTF-8 or
    Windows-1252, at most :func:`max_upload_bytes`. The name's suffix and the declared content type
    must agree; anything else is refused with a message."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise RappelIntakeError(
            _("Het bestand is %(size).1f MB; het maximum is %(max).1f MB.")
            % {"size": len(data) / 2**20, "max": limit / 2**20}
        )
    suffix = Path(name or "").suffix.lower()
    content_type = (content_type or "").split(";")[0].strip().lower()
    if suffix in HTML_SUFFIXES and content_type in (*HTML_TYPES, "text/plain", "application/octet-stream", ""):
        is_html = True
    elif suffix in TEXT_SUFFIXES and content_type in (*TEXT_TYPES, "application/octet-stream", ""):
        is_html = False
    else:
        raise RappelIntakeError(
            _(
                "Alleen een opgeslagen pagina (.html, .htm) of een tekstbestand (.txt) kan worden ingelezen, "
                "niet '%(name)s' (%(type)s)."
            )
            % {"name": name or "?", "type": content_type or "?"}
        )
    try:
        text = plain_text(data, max_chars=MAX_TEXT_LENGTH)  # the letter intake's decoding and checks
        return html_to_text(text) if is_html else text
    except (IntakeError, RappelError) as error:
        raise RappelIntakeError(str(error)) from error


def _read(text: str):
    if len(text) > MAX_TEXT_LENGTH:
        raise RappelIntakeError(
            _("De tekst is te lang (%(size)s tekens; hoogstens %(max)s): plak één rappelpagina tegelijk.")
            % {"size": f"{len(text):,}".replace(",", "."), "max": f"{MAX_TEXT_LENGTH:,}".replace(",", ".")}
        )
    try:
        page = read_rappel(text)
    except RappelError as error:
        raise RappelIntakeError(str(error)) from error
    return page


def _normalise_ministry(name: str) -> str:
    name = " ".join(name.split()).casefold()
    for prefix in ("ministerie van ", "het ministerie van "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def ministry_for(name: str | None) -> Ministry | None:
    """The Ministry a rappel names ('Binnenlandse Zaken en Koninkrijksrelaties', or its abbreviation)."""
    if not name:
        return None
    wanted = _normalise_ministry(name)
    for ministry in Ministry.objects.all():
        if wanted in (_normalise_ministry(ministry.name), ministry.abbreviation.casefold()):
            return ministry
    return None


def may_use(user) -> bool:
    """Staff who may change commitments may bring in a rappel (for their own ministry)."""
    return may_change_model(user, Commitment)


@transaction.atomic
def rappel_intake_create(*, text: str, by, ministry: Ministry | None = None, source_name: str = "") -> RappelIntake:
    """Store a rappel for review, for the ministry it names (or ``ministry``, which must agree with it).
    Staff may bring in a rappel of their own ministry only. Refuses text without a commitment."""
    if not may_use(by):
        raise RappelIntakeError(_("U mag geen toezeggingen wijzigen en dus geen rappel inlezen."))
    page = _read(text)
    if page.found_nothing:
        raise RappelIntakeError(
            _(
                "Geen toezeggingen gevonden: verwacht de tekst van een rappelpagina van de "
                "Eerste Kamer, of de korte aantekeningen van een commissie over een rappel."
            )
        )
    named = ministry_for(page.ministry)
    if page.ministry and named is None and ministry is None:
        raise RappelIntakeError(
            _("Het ministerie '%(name)s' uit het rappel is niet bekend; kies het ministerie.") % {"name": page.ministry}
        )
    if named is not None and ministry is not None and named != ministry:
        raise RappelIntakeError(
            _("Dit rappel is voor %(named)s, niet voor %(chosen)s.") % {"named": named, "chosen": ministry}
        )
    ministry = named or ministry
    allowed = allowed_ministry_ids(by)
    if ministry is None and allowed is not None and len(allowed) == 1:
        ministry = Ministry.objects.get(pk=next(iter(allowed)))
    if ministry is None:
        raise RappelIntakeError(_("Het rappel noemt geen ministerie; kies het ministerie."))
    if allowed is not None and ministry.pk not in allowed:
        raise RappelIntakeError(
            _("Dit rappel is voor %(ministry)s; u werkt voor een ander ministerie.") % {"ministry": ministry}
        )
    return RappelIntake.objects.create(
        ministry=ministry,
        text=text,
        source_name=(source_name or "")[:255],
        ministry_name=(page.ministry or "")[:200],
        rappel_name=(page.rappel or page.title or "")[:200],
        rappel_until=page.rappel_until or page.meeting_date,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


# -- proposals --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of a known commitment the rappel reports otherwise: shown as old -> new."""

    field: str
    label: str
    old: str
    new: str


@dataclass
class Proposal:
    """What confirming would do for one T-number."""

    number: str
    action: str  # NEW, UPDATE, UNCHANGED or SKIPPED
    title: str
    record: RappelRecord | CommitteeDecision
    commitment: Commitment | None = None
    changes: list[FieldChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def actionable(self) -> bool:
        return self.action in (NEW, UPDATE)

    @property
    def key(self) -> str:
        """What the person saw: confirming applies the proposal only while it is still this."""
        payload = [
            self.number,
            self.action,
            self.commitment.pk if self.commitment else None,
            self.commitment.version if self.commitment else None,
            [(c.field, c.old, c.new) for c in self.changes],
        ]
        return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()[:20]


def _lines(values) -> str:
    return "\n".join(values)


def _day(value) -> str:
    return value.strftime("%d-%m-%Y") if value else "—"


def _too_long(record: RappelRecord) -> str | None:
    """A value longer than the commitment's field allows, named, else None."""
    limits = {
        name: Commitment._meta.get_field(name).max_length
        for name in ("committee", "activity_type", "category", "responsible_ministers", "former_responsible_ministers")
    }
    values = {
        "committee": _committee(record),
        "activity_type": record.activity or "",
        "category": record.category or "",
        "responsible_ministers": _lines(record.responsible),
        "former_responsible_ministers": _lines(record.former_responsible),
    }
    if len(record.text) > COMMITMENT_TEXT_MAX:
        return str(Commitment._meta.get_field("text").verbose_name)
    for name, value in values.items():
        if len(value) > limits[name]:
            return str(Commitment._meta.get_field(name).verbose_name)
    if any(len(subject) > 200 for subject in record.subjects):
        return str(Commitment._meta.get_field("subjects").verbose_name)
    return None


def _committee(record: RappelRecord) -> str:
    return "; ".join(f"{c.name} ({c.abbreviation})" if c.abbreviation else c.name for c in record.committees)


def _skip_reason(record, *, known: Commitment | None, user, may_add: bool) -> str | None:
    if isinstance(record, RappelRecord) and not record.usable:
        missing = ", ".join(record.missing)
        reasons = [*record.problems]
        if record.missing:
            reasons.insert(0, _("onvolledig (ontbreekt: %(fields)s)") % {"fields": missing})
        if record.truncated:
            reasons.insert(0, _("de tekst houdt midden in deze toezegging op"))
        return "; ".join(reasons)
    if record.status is not None and record.status not in STATUS_MAP:
        return _("de status '%(status)s' kent de tracker niet") % {"status": record.status}
    if known is None:
        if isinstance(record, CommitteeDecision):
            return _("niet in de tracker; een besluit van de commissie zegt te weinig om de toezegging aan te maken")
        if not may_add:
            return _("u mag geen toezeggingen aanmaken")
        if not record.text:
            return _("de tekst van de toezegging ontbreekt")
        too_long = _too_long(record)
        if too_long:
            return _("'%(field)s' is langer dan de tracker bewaart") % {"field": too_long}
        return None
    if not may_edit(user, known):
        return _("valt onder een ander ministerie (%(ministry)s)") % {"ministry": known.ministry}
    if isinstance(record, RappelRecord) and _too_long(record):
        return _("'%(field)s' is langer dan de tracker bewaart") % {"field": _too_long(record)}
    return None


def _changes(record, known: Commitment) -> tuple[list[FieldChange], list[str]]:
    changes, notes = [], []
    target = STATUS_MAP.get(record.status) if record.status else None
    if target and target != known.status:
        label = str(Commitment._meta.get_field("status").verbose_name)
        if target in allowed_targets(known):
            changes.append(FieldChange("status", label, status_label(known, known.status), status_label(known, target)))
        else:
            notes.append(
                _(
                    "De Eerste Kamer noemt de status '%(senate)s'; de workflow staat die niet toe vanuit "
                    "'%(current)s', dus die blijft."
                )
                % {"senate": status_label(known, target), "current": status_label(known, known.status)}
            )
    if record.deadline and record.deadline != known.deadline_date:
        changes.append(FieldChange("deadline", _("deadline"), _day(known.deadline_date), _day(record.deadline)))
    if isinstance(record, RappelRecord):
        lists = [("responsible_ministers", known.responsible_minister_list(), record.responsible)]
        if record.former_responsible:  # the former ministers only where the page names any
            lists.append(
                ("former_responsible_ministers", known.former_responsible_minister_list(), record.former_responsible)
            )
        for field, ours, theirs in lists:
            if tuple(theirs) != tuple(ours):
                label = str(Commitment._meta.get_field(field).verbose_name)
                changes.append(FieldChange(field, label, "; ".join(ours) or "—", "; ".join(theirs)))
    return changes, notes


def _new_changes(record: RappelRecord) -> list[FieldChange]:
    """What a new commitment will carry, for the review."""
    return [
        FieldChange("status", _("status"), "", status_label(Commitment, STATUS_MAP[record.status])),
        FieldChange("deadline", _("deadline"), "", _day(record.deadline)),
        FieldChange("responsible_ministers", _("huidige verantwoordelijke(n)"), "", "; ".join(record.responsible)),
        FieldChange("committee", _("commissie"), "", _committee(record)),
        FieldChange("senate_dossiers", _("Kamerstukken"), "", ", ".join(record.dossiers)),
    ]


def rappel_proposals(*, intake: RappelIntake, user) -> list[Proposal]:
    """One proposal per T-number in the intake's text, in the order of the text. Two queries,
    whatever the number of commitments: the known commitments, and the user's ministry."""
    page = _read(intake.text)
    items = list(page.records) or list(page.decisions)
    numbers = [item.number for item in items]
    known = {
        c.senate_number: c for c in Commitment.objects.filter(senate_number__in=numbers).select_related("ministry")
    }
    may_add = bool(user and user.has_perm("commitments.add_commitment"))
    allowed_ministry_ids(user)  # reads the staff profile once
    proposals = []
    for item in items:
        commitment = known.get(item.number)
        title = getattr(item, "title", "") or (commitment.name() if commitment else item.number)
        proposal = Proposal(item.number, SKIPPED, title, item, commitment)
        reason = _skip_reason(item, known=commitment, user=user, may_add=may_add)
        if reason:
            proposal.notes.append(reason)
        elif commitment is None:
            proposal.action, proposal.changes = NEW, _new_changes(item)
            if item.truncated:
                proposal.notes.append(
                    _("De tekst houdt midden in deze toezegging op: de passages uit de stukken kunnen onvolledig zijn.")
                )
        else:
            proposal.changes, proposal.notes = _changes(item, commitment)
            proposal.action = UPDATE if proposal.changes else UNCHANGED
        proposals.append(proposal)
    return proposals


# -- confirming ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    created: list[Commitment] = field(default_factory=list)
    status_changes: int = 0
    deadline_events: int = 0
    updates: int = 0

    def as_dict(self) -> dict:
        return {
            "created": [c.senate_number for c in self.created],
            "status_changes": self.status_changes,
            "deadline_events": self.deadline_events,
            "updates": self.updates,
        }


def _dossiers(record: RappelRecord) -> list[Dossier]:
    titles = {number: entry.title for entry in record.kamerstukken for number in entry.dossiers}
    rows = []
    for written in record.dossiers:
        number, _space, suffix = written.replace(" ", "", 1).partition(" ")
        dossier, _created = Dossier.objects.get_or_create(
            number=number, suffix=suffix, defaults={"title": titles.get(written, "")[:500]}
        )
        rows.append(dossier)
    return rows


def _create(intake: RappelIntake, record: RappelRecord, *, by, reason: str) -> Commitment:
    return commitment_create(
        text=record.text,
        by=by,
        reason=reason,
        chamber=Chamber.EERSTE_KAMER,
        senate_number=record.number,
        ministry=intake.ministry,
        made_on=record.promised_on,
        status=STATUS_MAP[record.status],
        deadline_phrase=record.deadline_written or "",
        deadline_exact=record.deadline,
        committee=_committee(record),
        activity_type=record.activity or "",
        category=record.category or "",
        subjects=list(record.subjects),
        responsible_ministers=_lines(record.responsible),
        former_responsible_ministers=_lines(record.former_responsible),
        senate_dossiers=_dossiers(record),
        passages=[(p.citation, p.text) for p in record.passages if p.text][:50],
    )


def _apply(proposal: Proposal, *, by, reason: str, outcome: Outcome) -> None:
    commitment, record = proposal.commitment, proposal.record
    fields = {change.field for change in proposal.changes}
    if "status" in fields:
        commitment_transition(commitment=commitment, to=STATUS_MAP[record.status], by=by, reason=reason)
        outcome.status_changes += 1
    if "deadline" in fields:
        deadlines.set_deadline(
            item=commitment, phrase=record.deadline_written or "", exact_date=record.deadline, by=by, reason=reason
        )
        outcome.deadline_events += 1
    data = {}
    if "responsible_ministers" in fields:
        data["responsible_ministers"] = _lines(record.responsible)
    if "former_responsible_ministers" in fields:
        data["former_responsible_ministers"] = _lines(record.former_responsible)
    if data:
        commitment_update(commitment=commitment, data=data, by=by, reason=reason)
        outcome.updates += 1


def rappel_confirm(*, intake: RappelIntake, accepted: dict[str, str], by) -> Outcome:
    """Apply the proposals staff ticked (``accepted``: T-number -> the proposal's ``key`` they saw), in one
    transaction. A proposal that is no longer what was shown refuses the whole confirmation (nothing
    changes); T-numbers without anything to do are ignored."""
    if not may_use(by) or not may_edit(by, intake):
        raise RappelIntakeError(_("U mag dit rappel niet bevestigen."))
    with transaction.atomic():
        intake = RappelIntake.objects.select_for_update().select_related("ministry").get(pk=intake.pk)
        proposals = {p.number: p for p in rappel_proposals(intake=intake, user=by)}
        outcome = Outcome()
        where = intake.rappel_name or _("rappel van de Eerste Kamer")
        reason = _("Volgens %(rappel)s") % {"rappel": where}
        for number, key in accepted.items():
            proposal = proposals.get(number)
            if proposal is None or not proposal.actionable:
                continue
            if proposal.key != key:
                raise RappelIntakeError(
                    _(
                        "Toezegging %(number)s is gewijzigd sinds u de voorstellen opende; "
                        "er is niets vastgelegd. Bekijk de voorstellen opnieuw."
                    )
                    % {"number": number}
                )
            try:
                if proposal.action == NEW:
                    outcome.created.append(_create(intake, proposal.record, by=by, reason=reason))
                else:
                    _apply(proposal, by=by, reason=reason, outcome=outcome)
            except ValidationError as error:
                raise RappelIntakeError(f"{number}: {'; '.join(error.messages)}") from error
            except WorkflowError as error:
                raise RappelIntakeError(f"{number}: {error}") from error
        intake.confirmed_by = by if getattr(by, "is_authenticated", False) else None
        intake.confirmed_at = timezone.now()
        intake.outcome = outcome.as_dict()
        intake.save(update_fields=["confirmed_by", "confirmed_at", "outcome"])
    return outcome
