"""Writes for letters, above all sending one: what it settles is settled in the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, CommitmentStatus
from core import deadlines
from core.events import Occasion, record_event
from core.models import StatusEventBase
from core.permissions import may_edit
from core.services import ItemServices, item_save_new, item_update
from core.workflow import StatusChange, TransitionNotAllowed, allowed_targets, change_status, record_creation
from motions.models import MotionStatus

from .models import Letter, LetterLink, LetterStatus, LinkEffect

# What staff may still change on a sent letter: our own handling of it. Everything else was published;
# correcting it is :func:`letter_correct`, with a reason on the timeline.
OWN_HANDLING_FIELDS = ("internal_reference", "internal_notes", "decision_memo")


class LetterRefused(ValidationError):
    """A link or change the rules do not allow; the message says why (Dutch)."""


@transaction.atomic
def letter_create(*, subject: str, by=None, links=(), imported: bool = False, reason: str = "", **fields) -> Letter:
    """Create a draft letter; ``links`` is ``[(item, effect, new_deadline_phrase), ...]``;
    ``imported``: made by the open-data import (its creation event says so, with ``reason``)."""
    letter = item_save_new(Letter, by=by, subject=subject, **fields)
    for item, effect, phrase in links:
        letter_link(letter=letter, item=item, effect=effect, new_deadline_phrase=phrase, by=by)
    record_creation(item=letter, by=by, imported=imported, reason=reason, occurred_on=letter.date)
    return letter


def letter_update(
    *, letter: Letter, data: dict, by=None, reason: str = "", version=None, extra_changed=()
) -> list[str]:
    """Change a letter's fields. Once sent, only our own handling of it may change
    (:data:`OWN_HANDLING_FIELDS`); see :func:`letter_correct`."""
    if letter.status == LetterStatus.SENT:
        published = [name for name in data if name not in OWN_HANDLING_FIELDS]
        current = Letter.objects.get(pk=letter.pk)
        really = [name for name in published if getattr(current, name) != data[name]]
        if really or extra_changed:
            raise LetterRefused(
                _("Deze brief is verzonden; %(fields)s kunnen alleen met een correctie (met reden) worden gewijzigd.")
                % {"fields": ", ".join(really or extra_changed)}
            )
        data = {name: value for name, value in data.items() if name in OWN_HANDLING_FIELDS}
    return item_update(item=letter, data=data, by=by, reason=reason, version=version, extra_changed=extra_changed)


def letter_correct(*, letter: Letter, data: dict, by=None, reason: str, version=None) -> list[str]:
    """Correct a sent (published) letter: the fields change, and the correction is on its public
    timeline with its reason."""
    if not (reason or "").strip():
        raise LetterRefused({"reason": _("Geef de reden van de correctie; die komt op de openbare tijdlijn.")})
    if letter.status != LetterStatus.SENT:
        raise LetterRefused(_("Alleen een verzonden brief wordt gecorrigeerd; wijzig een concept gewoon."))
    return item_update(item=letter, data=data, by=by, reason=reason.strip(), version=version)


def link_refusal(*, letter: Letter, item, effect: str, by=None) -> str:
    """Why ``letter`` may not be linked to ``item`` with ``effect`` (empty when it may): another
    ministry's item, an item the user may not change, or a move the item's workflow no longer
    allows ('al afgedaan door brief ...'). The intake's proposals and :func:`letter_link` ask it."""
    if by is not None and not (may_edit(by, letter) and may_edit(by, item)):
        return _("%(item)s valt onder een ander ministerie dan het uwe.") % {"item": item}
    changes_item = effect in (LinkEffect.SETTLES, LinkEffect.PARTLY_SETTLES, LinkEffect.POSTPONES)
    if changes_item and letter.ministry_id and item.ministry_id and letter.ministry_id != item.ministry_id:
        return _("%(item)s valt onder %(ministry)s; deze brief komt van %(own)s.") % {
            "item": item,
            "ministry": item.ministry.abbreviation,
            "own": letter.ministry.abbreviation,
        }
    if not changes_item:
        return ""
    if effect == LinkEffect.POSTPONES:
        if not item.is_open():
            return _("%(item)s is al %(status)s; uitstel kan niet meer.") % {
                "item": item,
                "status": item.get_status_display(),
            }
        return ""
    targets = item.settlement_path(partly=effect == LinkEffect.PARTLY_SETTLES)
    if targets is None:
        settled_by = (
            item.letter_links.filter(letter__status=LetterStatus.SENT, effect=LinkEffect.SETTLES)
            .exclude(letter=letter)
            .select_related("letter")
            .order_by("-letter__date", "-id")
            .first()
        )
        if settled_by is not None:
            return _("al afgedaan door %(letter)s") % {"letter": settled_by.letter}
        return _("%(item)s is %(status)s en kan niet meer worden afgedaan.") % {
            "item": item,
            "status": item.get_status_display(),
        }
    return ""


def letter_link(
    *,
    letter: Letter,
    item,
    effect: str = LinkEffect.SETTLES,
    new_deadline_phrase: str = "",
    by=None,
    confirmed: bool = True,
) -> LetterLink:
    """Link ``item`` to ``letter`` with ``effect``; refused (:class:`LetterRefused`) when
    :func:`link_refusal` says why not, or, but for 'informs', once the letter is sent."""
    if letter.status == LetterStatus.SENT and effect != LinkEffect.INFORMS:
        # what a sent letter did is fixed; the import may still note that it informs on an item, and a
        # proposal staff confirm is applied at once (letter_link_confirm)
        raise LetterRefused(_("Deze brief is verzonden; wat hij beantwoordt ligt vast."))
    why = link_refusal(letter=letter, item=item, effect=effect, by=by)
    if why:
        raise LetterRefused(why)
    return _make_link(
        letter=letter, item=item, effect=effect, new_deadline_phrase=new_deadline_phrase, confirmed=confirmed
    )


def _make_link(*, letter: Letter, item, effect: str, new_deadline_phrase: str = "", confirmed: bool = True):
    field = "commitment" if isinstance(item, Commitment) else "motion"
    link = LetterLink(
        letter=letter, effect=effect, new_deadline_phrase=new_deadline_phrase, confirmed=confirmed, **{field: item}
    )
    link.full_clean()
    link.save()
    return link


def letter_change_link(
    *, link: LetterLink, effect: str, new_deadline_phrase: str = "", confirmed: bool = True, by=None
) -> LetterLink:
    """Change what a link does, under the same rules as :func:`letter_link`."""
    letter = link.letter
    if letter.status == LetterStatus.SENT:
        raise LetterRefused(_("Deze brief is verzonden; wat hij beantwoordt ligt vast."))
    why = link_refusal(letter=letter, item=link.item, effect=effect, by=by)
    if why:
        raise LetterRefused(why)
    link.effect, link.new_deadline_phrase, link.confirmed = effect, new_deadline_phrase, confirmed
    link.full_clean()
    link.save()
    return link


def letter_unlink(*, link: LetterLink, by=None) -> None:
    if link.letter.status == LetterStatus.SENT:
        raise LetterRefused(_("Deze brief is verzonden; wat hij beantwoordt ligt vast."))
    if by is not None and not may_edit(by, link.letter):
        raise LetterRefused(_("%(item)s valt onder een ander ministerie dan het uwe.") % {"item": link.letter})
    link.delete()


@transaction.atomic
def letter_link_confirm(*, letter: Letter, item, effect: str, by=None) -> tuple[LetterLink, list[StatusChange]]:
    """Staff confirm that the letter answers ``item`` with ``effect`` (the letter intake's review). A
    link the import proposed (unconfirmed) takes the effect and becomes confirmed; a link staff
    confirmed before stays as it is. For a letter already sent -- one the open-data import brought --
    the effect applies now, as :func:`letter_send` would have applied it."""
    field = "commitment" if isinstance(item, Commitment) else "motion"
    link = LetterLink.objects.select_for_update().filter(letter=letter, **{field: item}).first()
    if link is not None and link.confirmed:
        return link, []
    why = link_refusal(letter=letter, item=item, effect=effect, by=by)
    if why:
        raise LetterRefused(why)
    if link is None:
        link = _make_link(letter=letter, item=item, effect=effect)
    else:
        link.effect, link.confirmed = effect, True
        link.full_clean()
        link.save(update_fields=["effect", "confirmed"])
    if letter.status != LetterStatus.SENT:
        return link, []
    why = _("Afgehandeld met %(letter)s") % {"letter": letter.name(public=True)}
    return link, _apply_link(link, letter=letter, by=by, why=why)


def letter_transition(*, letter: Letter, to: str, by=None, reason: str = "") -> list[StatusChange]:
    """Move a letter through its workflow; sending goes through :func:`letter_send`."""
    if to == LetterStatus.SENT:
        return letter_send(letter=letter, by=by, reason=reason)
    return [change_status(item=letter, to=to, by=by, reason=reason, is_public=False)]


WORKFLOW_ORDER = [LetterStatus.DRAFT, LetterStatus.FOR_DECISION, LetterStatus.APPROVED, LetterStatus.SENT]


def letter_advance(*, letter: Letter, to: str, by=None, reason: str = "", sent_at=None) -> list[StatusChange]:
    """Walk a letter forward through every step up to ``to`` (each step recorded), for letters that
    arrive further along than a draft: an import of a sent letter, the demo data. All or nothing."""
    letter.refresh_from_db()
    changes: list[StatusChange] = []
    with transaction.atomic():
        for step in WORKFLOW_ORDER[WORKFLOW_ORDER.index(letter.status) + 1 : WORKFLOW_ORDER.index(to) + 1]:
            if step == LetterStatus.SENT:
                changes.extend(letter_send(letter=letter, by=by, reason=reason, sent_at=sent_at))
            else:
                changes.append(change_status(item=letter, to=step, by=by, reason=reason, is_public=False))
            letter.refresh_from_db()
    return changes


def letter_send(*, letter: Letter, by=None, reason: str = "", sent_at=None) -> list[StatusChange]:
    """Send an approved letter. In one transaction: the letter becomes 'verzonden'; every motion it
    settles becomes 'afgedaan', every commitment 'voldaan' (or 'deels voldaan'); a postponement
    moves the deadline and records the old one; promises made in the letter become public. Each
    change names the letter as its reason and happened on the letter's date. If any of it is not
    allowed, nothing changes."""
    changes: list[StatusChange] = []
    with transaction.atomic():
        letter.refresh_from_db()
        on = letter.date
        changes.append(
            change_status(item=letter, to=LetterStatus.SENT, by=by, reason=reason, service_call=True, occurred_on=on)
        )
        letter.refresh_from_db()
        Letter.objects.filter(pk=letter.pk).update(sent_at=sent_at or timezone.now())
        why = _("Afgehandeld met %(letter)s") % {"letter": letter.name(public=True)}
        links = letter.links.select_related("motion", "commitment", "motion__ministry", "commitment__ministry")
        for link in links.order_by("id"):
            changes.extend(_apply_link(link, letter=letter, by=by, why=why))
        promised = _("Toegezegd in %(letter)s") % {"letter": letter.name(public=True)}
        for promise in letter.promises.filter(is_public=False).order_by("id"):
            Commitment.objects.filter(pk=promise.pk).update(is_public=True)
            promise.is_public = True
            occasion = Occasion(by=by, reason=promised, letter=letter, occurred_on=on, is_public=True)
            record_event(promise, StatusEventBase.Kind.PUBLISHED, occasion)
        letter.refresh_from_db()
    return changes


def _apply_link(link: LetterLink, *, letter, by, why) -> list[StatusChange]:
    if link.effect == LinkEffect.INFORMS:
        return []
    item, on = link.item, letter.date
    if link.effect == LinkEffect.POSTPONES:
        deadlines.set_deadline(
            item=item, phrase=link.new_deadline_phrase, by=by, reason=why, letter=letter, occurred_on=on
        )
        return []
    targets = item.settlement_path(partly=link.effect == LinkEffect.PARTLY_SETTLES)
    if targets is None:
        raise TransitionNotAllowed(
            item,
            item.status,
            MotionStatus.SETTLED if link.motion_id else CommitmentStatus.FULFILLED,
            allowed_targets(item),
            hint=link_refusal(letter=letter, item=item, effect=link.effect),
        )
    return [change_status(item=item, to=target, by=by, reason=why, letter=letter, occurred_on=on) for target in targets]


SERVICES = ItemServices("letter", create=letter_create, update=letter_update, transition=letter_transition)
