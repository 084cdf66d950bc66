"""Commitments (toezeggingen): promises a minister made in a debate or in a letter."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import COMMITMENT_TEXT_MAX, indexed_ordering, optional_char, optional_date, optional_fk
from core.models import Debate, Dossier, OwedItem, Party, Person, StatusEventBase, first_words, move, status_field
from core.querysets import DeadlineItemQuerySet


class CommitmentStatus(models.TextChoices):
    OPEN = "openstaand", _("openstaand")
    PARTLY_FULFILLED = "deels_voldaan", _("deels voldaan")
    FULFILLED = "voldaan", _("voldaan")
    LAPSED = "vervallen", _("vervallen")


SENT_LETTER = "verzonden"  # letters.models.LetterStatus.SENT (letters depends on this app, not the reverse)


class CommitmentQuerySet(DeadlineItemQuerySet):
    """Plus ``open()``, ``overdue()``, ``due_within()``, ``for_responsible()``, ``changed_since()``
    (core.querysets)."""

    def public(self):
        return self.filter(is_public=True)

    def in_dossiers(self, dossiers):
        """Commitments that belong to any of ``dossiers`` (a Dossier queryset), by the rule of
        :meth:`Commitment.dossiers`: the letter they were made in, the motion they follow up, a
        sent letter that answered them, or the Senate's registration."""
        link = self.model._meta.get_field("letter_links").related_model
        answered = link.objects.filter(
            commitment=models.OuterRef("pk"), letter__dossier__in=dossiers, letter__status=SENT_LETTER
        )
        registered = self.model.senate_dossiers.through.objects.filter(
            commitment=models.OuterRef("pk"), dossier__in=dossiers
        )
        return self.filter(
            models.Q(motion__dossier__in=dossiers)
            | models.Q(source_letter__dossier__in=dossiers)
            | models.Exists(answered)
            | models.Exists(registered)
        )


SENATE_NUMBER_PATTERN = r"^T\d{5}$"


def registry_number(verbose_name, max_length: int, help_text, validator: RegexValidator) -> models.CharField:
    """The number a House's registry gives a commitment: unique where known, NULL (not "") where not, so
    any number of commitments can lack one."""
    return models.CharField(
        verbose_name,
        max_length=max_length,
        null=True,
        blank=True,
        unique=True,
        help_text=help_text,
        validators=[validator],
    )


class Commitment(OwedItem):
    S = CommitmentStatus

    status = status_field(CommitmentStatus, CommitmentStatus.OPEN)

    number = registry_number(
        _("nummer"),
        30,
        _("Het TZ-nummer van de Tweede Kamer waar bekend, bijvoorbeeld TZ202412-116."),
        RegexValidator(
            r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
            _("Een nummer bestaat uit letters, cijfers, punten, streepjes en liggende streepjes, zoals TZ202412-116."),
        ),
    )
    senate_number = registry_number(
        _("T-nummer"),
        6,
        _("Het nummer in de toezeggingenregistratie van de Eerste Kamer, bijvoorbeeld T01237."),
        RegexValidator(SENATE_NUMBER_PATTERN, _("Een T-nummer is een T met vijf cijfers, zoals T01237.")),
    )
    text = models.TextField(_("tekst"), max_length=COMMITMENT_TEXT_MAX)
    made_by = optional_fk(Person, _("gedaan door"), on_delete=models.PROTECT, related_name="commitments")
    made_by_function = optional_char(_("functie"), 200)
    made_on = optional_date(_("gedaan op"))
    debate = optional_fk(Debate, _("debat"), on_delete=models.SET_NULL, related_name="commitments")
    source_letter = optional_fk(
        "letters.Letter",
        _("gedaan in brief"),
        on_delete=models.SET_NULL,
        related_name="promises",
        help_text=_("Een toezegging die in een brief is gedaan, zoals 'de uitkomsten volgen in de loop van 2027'."),
    )
    motion = optional_fk(
        "motions.Motion", _("vervolg op motie"), on_delete=models.SET_NULL, related_name="follow_up_commitments"
    )
    to_member = optional_fk(Person, _("toegezegd aan (lid)"), on_delete=models.SET_NULL)
    to_party = optional_fk(Party, _("toegezegd aan (fractie)"), on_delete=models.SET_NULL)
    is_public = models.BooleanField(
        _("openbaar"),
        default=True,
        help_text=_("Een toezegging uit een brief die nog niet is verzonden, is nog niet openbaar."),
    )
    # What the Senate's registry records of a commitment ("Kerngegevens").
    committee = optional_char(_("commissie"), 200, _("Bijvoorbeeld 'commissie voor Binnenlandse Zaken (BIZA)'."))
    activity_type = optional_char(
        _("soort activiteit"), 100, _("Bijvoorbeeld 'Plenaire vergadering' of 'Schriftelijk overleg'.")
    )
    category = optional_char(_("categorie"), 100, _("Bijvoorbeeld 'evaluatie' of 'overig'."))
    subjects = models.JSONField(
        _("onderwerpen"),
        default=list,
        blank=True,
        help_text=_('De onderwerpen zoals de Eerste Kamer ze noemt, bijvoorbeeld ["discriminatie", "richtlijnen"].'),
    )
    senate_dossiers = models.ManyToManyField(
        Dossier,
        verbose_name=_("Kamerstukken"),
        blank=True,
        related_name="senate_commitments",
        help_text=_("De dossiers waar de Eerste Kamer de toezegging onder registreert, bijvoorbeeld 22 112 en 31 544."),
    )
    responsible_ministers = models.TextField(
        _("huidige verantwoordelijke(n)"),
        blank=True,
        max_length=2000,
        help_text=_("Eén per regel, bijvoorbeeld 'Minister van Binnenlandse Zaken en Koninkrijksrelaties'."),
    )
    former_responsible_ministers = models.TextField(
        _("voormalige verantwoordelijke(n)"),
        blank=True,
        max_length=2000,
        help_text=_("Eén per regel."),
    )

    objects = CommitmentQuerySet.as_manager()

    # The fields that say where a commitment came from, and those of the Senate's registry, in the order
    # the admin's fieldsets and the API show them.
    ORIGIN_FIELDS = (
        "made_by",
        "made_by_function",
        "made_on",
        "debate",
        "source_letter",
        "motion",
        "to_member",
        "to_party",
    )
    SENATE_REGISTRY_FIELDS = (
        "committee",
        "activity_type",
        "category",
        "subjects",
        "senate_dossiers",
        "responsible_ministers",
        "former_responsible_ministers",
    )

    class Meta:
        ordering, indexes = indexed_ordering("deadline_date", "-id", name="commitment_default_order")
        verbose_name = _("toezegging")
        verbose_name_plural = _("toezeggingen")

    def name(self, *, public: bool = False) -> str:
        """The readable name everywhere: 'Toezegging TZ202412-116', else its first words
        ('Toezegging: De Kamer wordt geïnformeerd over de uitkomsten…')."""
        if self.senate_number:
            return f"{_('Toezegging')} {self.senate_number}"
        if self.number:
            return f"{_('Toezegging')} {self.number}"
        return f"{_('Toezegging')}: {first_words(self.text)}"

    def clean(self):
        super().clean()
        if self.senate_number and not self.is_senate:
            raise ValidationError({"senate_number": _("Alleen een toezegging aan de Eerste Kamer heeft een T-nummer.")})
        if not isinstance(self.subjects, list) or not all(
            isinstance(subject, str) and 0 < len(subject) <= 200 for subject in self.subjects
        ):
            raise ValidationError(
                {
                    "subjects": _(
                        "Onderwerpen zijn een lijst van teksten van hoogstens 200 tekens, "
                        'bijvoorbeeld ["discriminatie", "richtlijnen"].'
                    )
                }
            )

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def responsible_minister_list(self) -> list[str]:
        return self._lines(self.responsible_ministers)

    def former_responsible_minister_list(self) -> list[str]:
        return self._lines(self.former_responsible_ministers)

    fulfil_partly = move(S.OPEN, S.PARTLY_FULFILLED, _("Deels voldaan"))
    fulfil = move([S.OPEN, S.PARTLY_FULFILLED], S.FULFILLED, _("Voldaan"))
    lapse = move(S.OPEN, S.LAPSED, _("Vervallen"))

    @classmethod
    def open_statuses(cls) -> list[str]:
        return [CommitmentStatus.OPEN, CommitmentStatus.PARTLY_FULFILLED]

    def dossiers(self) -> list:
        """The dossiers the commitment belongs to, the one it is listed under first: the letter it was
        made in, the motion it follows up, then the sent letters that answered it (oldest first), then
        the dossiers the Senate registers it under (``senate_dossiers``, prefetch it for a list). The
        public lists filter with :meth:`CommitmentQuerySet.in_dossiers`, the overview export groups
        under the first, so a commitment sits under the same dossier everywhere. Reads the prefetched
        ``sent_letter_links`` (``commitments.selectors.sent_letter_links``) when there."""
        links = getattr(self, "sent_letter_links", None)
        if links is None:
            links = (
                self.letter_links.filter(letter__status=SENT_LETTER)
                .select_related("letter__dossier")
                .order_by("letter__date", "id")
            )
        found = []
        for dossier in (
            self.source_letter.dossier if self.source_letter_id else None,
            self.motion.dossier if self.motion_id else None,
            *(link.letter.dossier for link in links),
            *self.senate_dossiers.all(),
        ):
            if dossier is not None and dossier not in found:
                found.append(dossier)
        return found

    def settlement_path(self, *, partly: bool = False) -> list[str] | None:
        S = CommitmentStatus
        if partly:
            if self.status == S.PARTLY_FULFILLED:
                return []
            return [S.PARTLY_FULFILLED] if self.status == S.OPEN else None
        return [S.FULFILLED] if self.status in (S.OPEN, S.PARTLY_FULFILLED) else None


class CommitmentEvent(StatusEventBase):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    item_field = "commitment"


class CommitmentPassage(models.Model):
    """A passage the Senate's registry quotes as the source of a commitment ("Uit de stukken"): where it
    is written and what it says."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="passages")
    citation = models.CharField(
        _("vindplaats"),
        max_length=300,
        help_text=_("Bijvoorbeeld 'Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3'."),
    )
    text = models.TextField(_("passage"), max_length=COMMITMENT_TEXT_MAX)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("passage uit de stukken")
        verbose_name_plural = _("uit de stukken")

    def __str__(self):
        return self.citation
