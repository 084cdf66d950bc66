"""Motions (moties): what the House asked of the government, how it voted and what became of it."""
from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from core.fields import MOTION_TEXT_MAX, NOTES_MAX, KamerstukRefField, non_public
from core.models import Chamber, DeadlineMixin, Debate, Dossier, Ministry, Party, Person, StatusEventBase, chamber_field
from core.querysets import DeadlineItemQuerySet


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

    @classmethod
    def open_for_government(cls):
        """Statuses in which the government still owes the House something."""
        return [cls.ADOPTED, cls.TAKEN_OVER, cls.IN_PROGRESS]


class MotionQuerySet(DeadlineItemQuerySet):
    """``open()``, ``overdue()``, ``due_within()``, ``for_responsible()``, ``changed_since()``: see
    core.querysets."""


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


class VoteChoice(models.TextChoices):
    FOR = "voor", _("voor")
    AGAINST = "tegen", _("tegen")
    NOT_PARTICIPATED = "niet_deelgenomen", _("niet deelgenomen")


class Motion(FSMModelMixin, DeadlineMixin, models.Model):
    S = MotionStatus

    ref = KamerstukRefField(
        _("Kamerstuk"), unique=True,
        help_text=_("Tweede Kamer: '33 750 VI, nr. 63'; Eerste Kamer met letter(s): '34 775, F' of "
                    "'22 112 / 31 544, CK'."),
    )
    chamber = chamber_field()
    title = models.CharField(_("titel"), max_length=500)
    text = models.TextField(_("tekst"), blank=True, max_length=MOTION_TEXT_MAX)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    submitted_on = models.DateField(_("ingediend op"), null=True, blank=True)
    debate = models.ForeignKey(
        Debate, verbose_name=_("debat"), null=True, blank=True, on_delete=models.SET_NULL, related_name="motions"
    )
    cabinet_verdict = models.CharField(
        _("kabinetsappreciatie"), max_length=120, blank=True,
        help_text=_("Bekende waarden: Oordeel Kamer, Ontraden, Overbodig, Ontijdig, ... Andere waarden blijven bewaard."),
    )
    vote_date = models.DateField(_("datum stemming"), null=True, blank=True)
    vote_result = models.CharField(
        _("uitslag stemming"), max_length=120, blank=True, help_text=_("Zoals vastgelegd, bijvoorbeeld 'Aangenomen.'")
    )
    replaces = models.ForeignKey(
        "self", verbose_name=_("vervangt (t.v.v.)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="replaced_by",
    )
    ministry = models.ForeignKey(
        Ministry, verbose_name=_("verantwoordelijk ministerie"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="motions",
    )
    responsible = non_public(models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verantwoordelijke medewerker"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="motions",
    ))
    internal_notes = non_public(models.TextField(_("interne notities"), blank=True, max_length=NOTES_MAX))
    status = FSMField(_("status"), max_length=30, choices=MotionStatus.choices, default=MotionStatus.SUBMITTED,
                      protected=True, db_index=True)
    tk_id = models.UUIDField(_("id in open data TK"), null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = IntegerVersionField()

    objects = MotionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["-submitted_on", "-id"], name="motion_default_order")]
        verbose_name = _("motie")
        verbose_name_plural = _("moties")

    def __str__(self):
        return self.name()

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
            raise ValidationError({"chamber": _("%(ref)s is een Kamerstuk van de %(house)s.") % {
                "ref": ref, "house": Chamber(self.ref.house).label}})

    # The workflow. Each method is one allowed move; django-fsm-2 refuses the rest.
    @transition(field=status, source=S.SUBMITTED, target=S.ADOPTED, custom={"label": _("Aangenomen")})
    def adopt(self):
        pass

    @transition(field=status, source=S.SUBMITTED, target=S.REJECTED, custom={"label": _("Verworpen")})
    def reject(self):
        pass

    @transition(field=status, source=S.SUBMITTED, target=S.HELD, custom={"label": _("Aangehouden")})
    def hold(self):
        pass

    @transition(field=status, source=[S.SUBMITTED, S.HELD], target=S.WITHDRAWN, custom={"label": _("Ingetrokken")})
    def withdraw(self):
        pass

    @transition(field=status, source=[S.SUBMITTED, S.HELD], target=S.LAPSED, custom={"label": _("Vervallen")})
    def lapse(self):
        pass

    @transition(field=status, source=S.SUBMITTED, target=S.TAKEN_OVER, custom={"label": _("Overgenomen")})
    def take_over(self):
        pass

    @transition(field=status, source=S.HELD, target=S.SUBMITTED, custom={"label": _("Weer in stemming")})
    def resubmit(self):
        pass

    @transition(field=status, source=[S.ADOPTED, S.TAKEN_OVER], target=S.IN_PROGRESS,
                custom={"label": _("In uitvoering")})
    def start(self):
        pass

    @transition(field=status, source=S.IN_PROGRESS, target=S.SETTLED, custom={"label": _("Afgedaan")})
    def settle(self):
        pass

    @classmethod
    def open_statuses(cls) -> list[str]:
        """Statuses in which the government still owes the House something."""
        return MotionStatus.open_for_government()

    def is_open(self) -> bool:
        return self.status in self.open_statuses()

    def is_overdue(self, today=None) -> bool:
        """Derived, never stored: still owed and past the latest date its deadline allows."""
        today = today or timezone.localdate()
        return bool(self.is_open() and self.deadline_date and self.deadline_date < today)

    def settlement_path(self, *, partly: bool = False) -> list[str] | None:
        """The statuses a letter that settles (or partly settles) this motion walks it through:
        an adopted motion passes 'in uitvoering' on its way to 'afgedaan', so the timeline shows both
        steps. Empty: nothing to change; None: its workflow does not allow it from here."""
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
    person = models.ForeignKey(Person, verbose_name=_("Kamerlid"), on_delete=models.PROTECT, related_name="motions_submitted")
    party = models.ForeignKey(
        Party, verbose_name=_("fractie (toen)"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
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

    class Meta(StatusEventBase.Meta):
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("tijdlijn")
