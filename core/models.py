"""Reference data shared by every app, and the building blocks of tracked items:
the vague deadline, the append-only status event and the ministry a staff user belongs to."""

import threading

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from parsing.kamerstuk import EERSTE_KAMER, TWEEDE_KAMER

from .fields import NOTES_MAX, REASON_MAX, non_public, optional_char, optional_date, optional_fk, tk_id_field
from .querysets import DeadlineItemQuerySet, TrackedItemQuerySet


class Chamber(models.TextChoices):
    """The House an item belongs to. The values are :attr:`parsing.kamerstuk.KamerstukRef.house`'s,
    so a motion's chamber can be read off its Kamerstuk."""

    TWEEDE_KAMER = TWEEDE_KAMER, _("Tweede Kamer")
    EERSTE_KAMER = EERSTE_KAMER, _("Eerste Kamer")


class Ministry(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    abbreviation = models.CharField(_("afkorting"), max_length=20, unique=True)
    parliamentary_affairs_email = models.EmailField(
        _("e-mail parlementaire zaken"),
        blank=True,
        help_text=_("Krijgt herinneringen voor items zonder verantwoordelijke medewerker."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("ministerie")
        verbose_name_plural = _("ministeries")

    def __str__(self):
        return self.name


class Party(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    abbreviation = models.CharField(_("afkorting"), max_length=40, unique=True)
    tk_id = tk_id_field()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("fractie")
        verbose_name_plural = _("fracties")

    def __str__(self):
        return self.abbreviation


class Person(models.Model):
    """A member of parliament or a member of government (minister, state secretary)."""

    initials = models.CharField(_("voorletters"), max_length=40, blank=True)
    first_name = models.CharField(_("roepnaam"), max_length=80, blank=True)
    prefix = models.CharField(_("tussenvoegsel"), max_length=40, blank=True)
    surname = models.CharField(_("achternaam"), max_length=120)
    party = optional_fk(Party, _("huidige fractie"), on_delete=models.SET_NULL, related_name="members")
    tk_id = tk_id_field()

    class Meta:
        ordering = ["surname", "initials"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """'F. Teeven', 'D. van Dijk'."""
        parts = [self.initials, self.prefix, self.surname]
        return " ".join(p for p in parts if p)

    @property
    def citation_name(self) -> str:
        """The name as the House cites it: 'Van Hijum', 'Van Dijk'."""
        if self.prefix:
            return f"{self.prefix[:1].upper()}{self.prefix[1:]} {self.surname}"
        return self.surname


class PersonRole(models.Model):
    """A function a person held for a period: member of parliament for a party, or a minister."""

    class Kind(models.TextChoices):
        MP = "kamerlid", _("Kamerlid")
        MINISTER = "minister", _("Minister")
        STATE_SECRETARY = "staatssecretaris", _("Staatssecretaris")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    function = optional_char(_("functie"), 200, _("Bijvoorbeeld 'Staatssecretaris van Veiligheid en Justitie'."))
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL)
    ministry = models.ForeignKey(Ministry, null=True, blank=True, on_delete=models.SET_NULL)
    start = optional_date(_("van"))
    end = optional_date(_("tot"))

    class Meta:
        ordering = ["person", "-start"]
        verbose_name = _("functie")
        verbose_name_plural = _("functies")

    def __str__(self):
        return f"{self.person}: {self.function or self.get_kind_display()}"


class Dossier(models.Model):
    """A Kamerstukdossier: '29 344 Terugkeerbeleid'."""

    number = models.CharField(_("dossiernummer"), max_length=10, help_text=_("Alleen cijfers: 29344"))
    suffix = optional_char(_("toevoeging"), 20)
    title = optional_char(_("titel"), 500)
    tk_id = tk_id_field()

    class Meta:
        ordering = ["number", "suffix"]
        constraints = [models.UniqueConstraint(fields=["number", "suffix"], name="dossier_unique_number")]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self):
        return f"{self.display_number} {self.title}".strip()

    @property
    def display_number(self) -> str:
        number = f"{self.number[:2]} {self.number[2:]}" if len(self.number) == 5 else self.number
        if not self.suffix:
            return number
        # A numeric toevoeging is joined with a hyphen (21 501-08), a roman one with a space (33 750 VI).
        return f"{number}-{self.suffix}" if self.suffix.isdigit() else f"{number} {self.suffix}"


class Debate(models.Model):
    """The occasion where a motion was submitted or a commitment made."""

    title = models.CharField(_("titel"), max_length=500)
    date = models.DateField(_("datum"))
    kind = optional_char(_("soort"), 100, _("Bijvoorbeeld 'Commissiedebat', 'Algemeen overleg', 'Plenair debat'."))
    activity_number = optional_char(_("activiteitnummer"), 20)
    report_ref = optional_char(
        _("verslag (Kamerstuk)"), 40, _("Het Kamerstuk met het verslag, bijvoorbeeld kst-19637-1901.")
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("debat")
        verbose_name_plural = _("debatten")

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"


class Recess(models.Model):
    """Recess dates of the House; 'voor het zomerreces 2026' resolves against these."""

    class Kind(models.TextChoices):
        KROKUS = "krokusreces", _("Krokusreces")
        VOORJAAR = "voorjaarsreces", _("Voorjaarsreces")
        MEI = "meireces", _("Meireces")
        ZOMER = "zomerreces", _("Zomerreces")
        HERFST = "herfstreces", _("Herfstreces")
        KERST = "kerstreces", _("Kerstreces")

    kind = models.CharField(_("reces"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("jaar"))
    start = models.DateField(_("eerste dag"))
    end = models.DateField(_("laatste dag"))

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="recess_unique_kind_year"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="recess_end_after_start"),
        ]
        verbose_name = _("reces")
        verbose_name_plural = _("recessen")

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"

    @classmethod
    def as_mapping(cls) -> dict:
        return {(r.kind, r.year): r.start for r in cls.objects.all()}


class LastSaved(models.Model):
    """``updated_at``: when the row was last saved, set by every save (a record kept for staff and the
    admin, such as a checkpoint or a policy row). :class:`TrackedItem` declares its own, after its other
    fields, so that the tracked kinds keep their field order."""

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class StaffProfile(models.Model):
    """Ties a staff user to the ministry whose items they may edit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="staff")
    language = models.CharField(_("taal van e-mails"), max_length=5, choices=settings.LANGUAGES, default="nl")

    class Meta:
        verbose_name = _("medewerkerprofiel")
        verbose_name_plural = _("medewerkerprofielen")

    def __str__(self):
        return f"{self.user} ({self.ministry.abbreviation})"


def first_words(text: str, limit: int = 60) -> str:
    """The start of a text, cut at a word, with '…' when cut: 'De Kamer wordt geïnformeerd over…'."""
    words, out = (text or "").split(), ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            return out.rstrip(",.;:") + "…"
        out = f"{out} {word}" if out else word
    return out


class DeadlinePrecision(models.TextChoices):
    DAY = "day", _("dag")
    MONTH = "month", _("maand")
    QUARTER = "quarter", _("kwartaal")
    HALF_YEAR = "half_year", _("halfjaar")
    YEAR = "year", _("jaar")
    SEASON = "season", _("seizoen")
    RECESS = "recess", _("reces")


class DeadlineMixin(models.Model):
    """A deadline as real ones are written: the phrase, its precision and the latest date it allows.
    The latest date drives overdue status and reminders. Set it through
    :func:`core.deadlines.set_deadline`, which parses the phrase."""

    deadline_phrase = optional_char(_("termijn (zoals geschreven)"), 200)
    deadline_precision = models.CharField(
        _("precisie termijn"), max_length=10, choices=DeadlinePrecision.choices, blank=True
    )
    deadline_date = optional_date(_("uiterste datum"), db_index=True)

    class Meta:
        abstract = True

    def days_left(self, today=None) -> int | None:
        """Days from ``today`` to the latest date the deadline allows (0: today, negative: past it);
        None without a deadline."""
        if not self.deadline_date:
            return None
        return (self.deadline_date - (today or timezone.localdate())).days

    def days_overdue(self, today=None) -> int:
        """How many days an overdue item is late ('12 dagen te laat'); 0 when it is not overdue."""
        today = today or timezone.localdate()
        return -self.days_left(today) if self.is_overdue(today) else 0

    @property
    def deadline_display(self) -> str:
        if not self.deadline_date:
            return ""
        if self.deadline_phrase and self.deadline_precision != DeadlinePrecision.DAY:
            return f"{self.deadline_phrase} ({self.deadline_date:%d-%m-%Y})"
        return f"{self.deadline_date:%d-%m-%Y}"


class move:
    """One allowed move of an item's workflow, declared in one line in the model's body:
    ``adopt = move(S.SUBMITTED, S.ADOPTED, _("Aangenomen"))``. It becomes the django-fsm-2 transition
    method of that name on the ``status`` field (``custom`` carries the label and any flags such as
    ``service_only``); :func:`core.workflow.change_status` is what calls it."""

    def __init__(self, source, target, label, **custom):
        self.source, self.target, self.custom = source, target, {"label": label, **custom}

    def __set_name__(self, owner, name):
        def step(instance):
            """Moves ``status``; django-fsm-2 refuses it from any other source."""

        step.__name__ = step.__qualname__ = name
        setattr(
            owner, name, transition(field="status", source=self.source, target=self.target, custom=self.custom)(step)
        )


_fsm_refresh_lock = threading.RLock()


def status_field(statuses: type[models.TextChoices], default) -> FSMField:
    """A tracked item's ``status``: protected (only :func:`core.workflow.change_status` moves it, along
    the model's :class:`move` declarations), indexed, one of ``statuses``."""
    return FSMField(
        _("status"), max_length=30, choices=statuses.choices, default=default, protected=True, db_index=True
    )


class TrackedItem(FSMModelMixin, models.Model):
    """What every tracked kind (motion, commitment, letter) carries: the ministry that owes it, our
    internal notes, its id in the open data, timestamps and the version that stops two staff members
    overwriting each other. Each kind adds its ``status`` (an FSMField with its own workflow), its
    ``name()`` and ``open_statuses()``; its timeline is the ``events`` of its StatusEventBase."""

    ministry = optional_fk(Ministry, _("ministerie"), on_delete=models.PROTECT, related_name="%(class)ss")
    internal_notes = non_public(models.TextField(_("interne notities"), blank=True, max_length=NOTES_MAX))
    tk_id = tk_id_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = IntegerVersionField()

    objects = TrackedItemQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name()

    def name(self, *, public: bool = False) -> str:
        raise NotImplementedError

    def refresh_from_db(self, *args, **kwargs):
        """django-fsm's refresh, one thread of the process at a time: it lifts the status field's
        protection on the field itself (shared by every thread) and puts it back when done, so a
        refresh in another thread meanwhile failed ("Direct status modification is not allowed")."""
        with _fsm_refresh_lock:
            super().refresh_from_db(*args, **kwargs)


class OwedItem(DeadlineMixin, TrackedItem):
    """A tracked item the government owes parliament (a motion, a commitment): it has a deadline, a
    civil servant responsible for it, the House it is owed to, is overdue when open past its latest
    date, and a letter can settle it along its :meth:`settlement_path`."""

    # The Tweede Kamer unless said otherwise, so every item recorded before the Senate was known stays
    # what it was.
    chamber = models.CharField(
        _("Kamer"), max_length=2, choices=Chamber.choices, default=Chamber.TWEEDE_KAMER, db_index=True
    )
    responsible = non_public(
        optional_fk(
            settings.AUTH_USER_MODEL,
            _("verantwoordelijke medewerker"),
            on_delete=models.SET_NULL,
            related_name="%(class)ss",
        )
    )

    objects = DeadlineItemQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def open_statuses(cls) -> list[str]:
        """Statuses in which the government still owes parliament something."""
        raise NotImplementedError

    @classmethod
    def open_q(cls) -> models.Q:
        """The condition 'open' as a query: what ``objects.open()``, the public filters, the counts on
        the home page, reminders and alerts all use."""
        return models.Q(status__in=cls.open_statuses())

    @classmethod
    def overdue_q(cls, today) -> models.Q:
        """The condition 'overdue' on ``today`` as a query (see :meth:`is_overdue`)."""
        return cls.open_q() & models.Q(deadline_date__lt=today)

    def is_open(self) -> bool:
        return self.status in self.open_statuses()

    @property
    def is_senate(self) -> bool:
        return self.chamber == Chamber.EERSTE_KAMER

    def is_overdue(self, today=None) -> bool:
        """Derived, never stored: still owed and past the latest date its deadline allows."""
        today = today or timezone.localdate()
        return bool(self.is_open() and self.deadline_date and self.deadline_date < today)

    def settlement_path(self, *, partly: bool = False) -> list[str] | None:
        """The statuses a letter that settles (or partly settles) the item walks it through, in order;
        empty: nothing to change; None: its workflow does not allow it from here."""
        raise NotImplementedError


class StatusEventBase(models.Model):
    """One append-only row per change of an item: its status, or its deadline. The list of events
    is the item's timeline; the item's status always equals the latest event's ``to_status``."""

    class Kind(models.TextChoices):
        CREATED = "created", _("aangemaakt")
        IMPORTED = "imported", _("geïmporteerd")  # created by the import
        UPDATED = "updated", _("bijgewerkt")  # fields changed (named in changed_fields), by staff or the import
        PUBLISHED = "published", _("openbaar geworden")  # a promise made in a letter, public once it is sent
        STATUS = "status", _("statuswijziging")
        DEADLINE = "deadline", _("termijn gewijzigd")

    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.STATUS)
    from_status = models.CharField(_("van"), max_length=30, blank=True)
    to_status = models.CharField(_("naar"), max_length=30)
    at = models.DateTimeField(_("moment"), default=timezone.now, db_index=True)
    by = non_public(optional_fk(settings.AUTH_USER_MODEL, _("door"), on_delete=models.SET_NULL))
    reason = models.TextField(_("reden"), blank=True, max_length=REASON_MAX)
    is_public = models.BooleanField(_("openbaar"), default=True)
    letter = optional_fk("letters.Letter", _("brief"), on_delete=models.PROTECT)
    old_deadline_phrase = optional_char(_("oude termijn"), 200)
    old_deadline_date = optional_date(_("oude uiterste datum"))
    new_deadline_phrase = optional_char(_("nieuwe termijn"), 200)
    new_deadline_date = optional_date(_("nieuwe uiterste datum"))
    changed_fields = models.JSONField(
        _("gewijzigde velden"),
        default=list,
        blank=True,
        help_text=_("Bij 'bijgewerkt': de namen van de velden die veranderden."),
    )
    occurred_on = optional_date(
        _("datum"),
        help_text=_(
            "Wanneer het in werkelijkheid gebeurde (de stemming, de datum van de brief); leeg: het moment "
            "van vastleggen."
        ),
    )

    item_field = ""  # the concrete event's foreign key to its item: "motion", "commitment", "letter_item"

    class Meta:
        abstract = True
        ordering = ["at", "id"]
        get_latest_by = ["at", "id"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("tijdlijn")

    def __str__(self):
        return f"{self.happened_on:%d-%m-%Y}: {self.summary()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Status events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Status events are append-only and cannot be deleted.")

    @property
    def happened_on(self):
        """The day it happened in the world where known, else the day it was recorded."""
        return self.occurred_on or timezone.localtime(self.at).date()

    def changed_field_labels(self) -> list[str]:
        """The verbose names of the changed fields, in the active language."""
        model = self.item_model()
        labels = []
        for name in self.changed_fields or []:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a field since removed keeps its name
                labels.append(name)
                continue
            if field.auto_created and field.is_relation:  # related rows: 'indieners', 'stemmen'
                labels.append(str(field.related_model._meta.verbose_name_plural))
            else:
                labels.append(str(field.verbose_name))
        return labels

    @classmethod
    def item_model(cls):
        return cls._meta.get_field(cls.item_field).related_model

    def summary(self) -> str:
        """What happened, readable in the active language: 'status: ingediend → aangenomen'."""
        from .workflow import status_label

        model = self.item_model()
        if self.kind == self.Kind.DEADLINE:
            return _("termijn: %(old)s → %(new)s") % {
                "old": self.old_deadline_phrase or "–",
                "new": self.new_deadline_phrase or "–",
            }
        if self.kind == self.Kind.UPDATED:
            return _("bijgewerkt: %(fields)s") % {"fields": ", ".join(self.changed_field_labels()) or "–"}
        if self.kind in (self.Kind.CREATED, self.Kind.IMPORTED, self.Kind.PUBLISHED):
            return f"{self.get_kind_display()}: {status_label(model, self.to_status)}"
        return f"{_('status')}: {status_label(model, self.from_status) or '–'} → {status_label(model, self.to_status)}"
