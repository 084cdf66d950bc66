"""Motions (moties): what the House asked of the government, how it voted and what became of it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import MOTION_TEXT_MAX, KamerstukRefField, indexed_ordering, optional_char, optional_date, optional_fk
from core.models import Chamber, Debate, Dossier, OwedItem, Party, Person, StatusEventBase, move, status_field


class MotionStatus(models.TextChoices):
    SUBMITTED = "ingediend", _("ingediend")
    ADOPTED = "aangenomen", _("aangenomen")
    REJECTED = "verworpen", _("verworpen")
    HELD = "aangehouden", _("aangehouden")
    WITHDRAWN = "ingetrokken", _("ingetrokken")
    LAPSED = "vervallen", _("vervallen")
    TAKEN_OVER = "overgenomen", _("overgenomen")
    IN_PROGRESS = "in_uitvoering", _("in uitvoering")
    SETTLED = "afgedaan", _("afgedaan")


class CabinetVerdict(models.TextChoices):
    """Known kabinetsappreciatie values. The field is free text: the open data holds values no list
    knows (and new ones may come); those are kept as they are."""

    OORDEEL_KAMER = "Oordeel Kamer", _("Oordeel Kamer")
    ONTRADEN = "Ontraden", _("Ontraden")
    ONTRADEN_TENZIJ = "Ontraden, tenzij gewijzigd", _("Ontraden, tenzij gewijzigd")
    OVERBODIG = "Overbodig", _("Overbodig")
    ONTIJDIG = "Ontijdig", _("Ontijdig")
    OVERGENOMEN = "Overgenomen", _("Overgenomen")
    AANHOUDEN = "Verzocht motie aan te houden", _("Verzocht motie aan te houden")
    GEEN = "Geen (expliciete) appreciatie", _("Geen (expliciete) appreciatie")
    NIET_BESCHIKBAAR = (
        "Niet beschikbaar bij gewijzigde moties en/of amendementen",
        _("Niet beschikbaar bij gewijzigde moties en/of amendementen"),
    )
    NOG_TE_ONTVANGEN = "Nog te ontvangen", _("Nog te ontvangen")
    NOG_NIET_BEKEND = "Nog niet bekend", _("Nog niet bekend")


class Motion(OwedItem):
    S = MotionStatus

    status = status_field(MotionStatus, MotionStatus.SUBMITTED)

    ref = KamerstukRefField.of_item(
        _("Tweede Kamer: '33 750 VI, nr. 63'; Eerste Kamer met letter(s): '34 775, F' of '22 112 / 31 544, CK'.")
    )
    title = models.CharField(_("titel"), max_length=500)
    text = models.TextField(_("tekst"), blank=True, max_length=MOTION_TEXT_MAX)
    dossier = optional_fk(Dossier, _("dossier"), on_delete=models.PROTECT, related_name="motions")
    submitted_on = optional_date(_("ingediend op"))
    debate = optional_fk(Debate, _("debat"), on_delete=models.SET_NULL, related_name="motions")
    cabinet_verdict = optional_char(
        _("kabinetsappreciatie"),
        120,
        _("Bekende waarden: Oordeel Kamer, Ontraden, Overbodig, Ontijdig, ... Andere waarden blijven bewaard."),
    )
    vote_date = optional_date(_("datum stemming"))
    vote_result = optional_char(_("uitslag stemming"), 120, _("Zoals vastgelegd, bijvoorbeeld 'Aangenomen.'"))
    replaces = optional_fk("self", _("vervangt (t.v.v.)"), on_delete=models.SET_NULL, related_name="replaced_by")

    class Meta:
        ordering, indexes = indexed_ordering("-submitted_on", "-id", name="motion_default_order")
        verbose_name = _("motie")
        verbose_name_plural = _("moties")

    def name(self, *, public: bool = False) -> str:
        """The readable name of the motion everywhere: 'Motie 33 750 VI, nr. 63', a Senate one as the
        Senate writes it: 'Motie 34 775, J'."""
        ref = self._meta.get_field("ref").to_python(self.ref)
        return f"{_('Motie')} {ref.display if ref is not None else ''}".strip()

    is_public = True  # every motion is a public parliamentary document

    def clean(self):
        """A lettered Kamerstuk ('34 775, F') is the Senate's, a numbered one the Tweede Kamer's: the
        chamber must be the one the reference names."""
        super().clean()
        ref = self._meta.get_field("ref").to_python(self.ref)
        if ref is not None and self.chamber != ref.house:
            raise ValidationError(
                {
                    "chamber": _("%(ref)s is een Kamerstuk van de %(house)s.")
                    % {"ref": ref, "house": Chamber(self.ref.house).label}
                }
            )

    # The workflow. Each method is one allowed move; django-fsm-2 refuses the rest.
    adopt = move(S.SUBMITTED, S.ADOPTED, _("Aangenomen"))
    reject = move(S.SUBMITTED, S.REJECTED, _("Verworpen"))
    hold = move(S.SUBMITTED, S.HELD, _("Aangehouden"))
    withdraw = move([S.SUBMITTED, S.HELD], S.WITHDRAWN, _("Ingetrokken"))
    lapse = move([S.SUBMITTED, S.HELD], S.LAPSED, _("Vervallen"))
    take_over = move(S.SUBMITTED, S.TAKEN_OVER, _("Overgenomen"))
    resubmit = move(S.HELD, S.SUBMITTED, _("Weer in stemming"))
    start = move([S.ADOPTED, S.TAKEN_OVER], S.IN_PROGRESS, _("In uitvoering"))
    settle = move(S.IN_PROGRESS, S.SETTLED, _("Afgedaan"))

    @classmethod
    def open_statuses(cls) -> list[str]:
        """Statuses in which the government still owes the House something."""
        return [MotionStatus.ADOPTED, MotionStatus.TAKEN_OVER, MotionStatus.IN_PROGRESS]

    def settlement_path(self, *, partly: bool = False) -> list[str] | None:
        """An adopted motion passes 'in uitvoering' on its way to 'afgedaan', so the timeline shows both
        steps."""
        S = MotionStatus
        if partly:
            if self.status == S.IN_PROGRESS:
                return []
            return [S.IN_PROGRESS] if self.status in (S.ADOPTED, S.TAKEN_OVER) else None
        if self.status in (S.ADOPTED, S.TAKEN_OVER):
            return [S.IN_PROGRESS, S.SETTLED]
        return [S.SETTLED] if self.status == S.IN_PROGRESS else None


class MotionSubmitter(models.Model):
    """Submitters in order: the first is the indiener, the rest are medeindieners."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="submitters")
    person = models.ForeignKey(
        Person, verbose_name=_("Kamerlid"), on_delete=models.PROTECT, related_name="motions_submitted"
    )
    party = optional_fk(Party, _("fractie (toen)"), on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["motion", "person"], name="motion_submitter_once")]
        verbose_name = _("indiener")
        verbose_name_plural = _("indieners")

    def __str__(self):
        party = f" ({self.party})" if self.party_id else ""
        return f"{self.person.citation_name}{party}"

    @property
    def is_first(self) -> bool:
        return self.position == 0


class VoteChoice(models.TextChoices):
    FOR = "voor", _("voor")
    AGAINST = "tegen", _("tegen")
    NOT_PARTICIPATED = "niet_deelgenomen", _("niet deelgenomen")


class MotionVote(models.Model):
    """How one party voted on the motion."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    party = models.ForeignKey(Party, verbose_name=_("fractie"), on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("stem"), max_length=20, choices=VoteChoice.choices)
    seats = models.PositiveSmallIntegerField(_("zetels"), null=True, blank=True)
    mistaken = models.BooleanField(_("vergissing"), default=False)

    class Meta:
        ordering = ["party__abbreviation"]
        constraints = [models.UniqueConstraint(fields=["motion", "party"], name="motion_vote_once_per_party")]
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")

    def __str__(self):
        return f"{self.party}: {self.get_choice_display()}"

    @property
    def mistake_note(self) -> str:
        """'stemde per vergissing voor' when the party said it voted this way by mistake (the open
        data's Stemming.Vergissing); the vote stands as cast."""
        if not self.mistaken:
            return ""
        return gettext("stemde per vergissing %(choice)s") % {"choice": self.get_choice_display()}


class MotionEvent(StatusEventBase):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="events")
    item_field = "motion"
