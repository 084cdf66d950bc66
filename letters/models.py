"""Letters (Kamerbrieven) and what they answer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.fields import (
    COMMITMENT_TEXT_MAX,
    DECISION_MEMO_MAX,
    LETTER_TEXT_MAX,
    KamerstukRefField,
    indexed_ordering,
    non_public,
    optional_char,
    optional_date,
    optional_datetime,
    optional_fk,
)
from core.models import Dossier, Person, StatusEventBase, TrackedItem, first_words, move, status_field
from core.querysets import TrackedItemQuerySet


class LetterStatus(models.TextChoices):
    DRAFT = "concept", _("concept")
    FOR_DECISION = "ter_besluitvorming", _("ter besluitvorming")
    APPROVED = "vastgesteld", _("vastgesteld")
    SENT = "verzonden", _("verzonden")


class LetterQuerySet(TrackedItemQuerySet):
    """Plus ``changed_since()`` (core.querysets)."""

    def public(self):
        """Only sent letters are public; drafts and letters awaiting decision never are."""
        return self.filter(status=LetterStatus.SENT)

    def for_decision(self):
        """Letters waiting for a decision ('ter besluitvorming')."""
        return self.filter(status=LetterStatus.FOR_DECISION)

    def with_open_proposals(self):
        """Letters with a proposal of the letter analysis (a link or a follow-up commitment) that
        waits for confirmation."""
        waiting = {"letter": models.OuterRef("pk"), "state": ProposalState.PROPOSED}
        return self.filter(
            models.Exists(LinkProposal.objects.filter(**waiting))
            | models.Exists(FollowUpProposal.objects.filter(**waiting))
        )

    def with_open_proposal_count(self):
        """Each letter annotated with ``open_proposals``: how many of its proposals wait."""

        def waiting(model):
            return models.Subquery(
                model.objects.filter(letter=models.OuterRef("pk"), state=ProposalState.PROPOSED)
                .order_by()
                .values("letter")
                .annotate(n=models.Count("pk"))
                .values("n"),
                output_field=models.IntegerField(),
            )

        return self.annotate(
            open_proposals=(Coalesce(waiting(LinkProposal), 0) + Coalesce(waiting(FollowUpProposal), 0))
        )


class Letter(TrackedItem):
    S = LetterStatus

    status = status_field(LetterStatus, LetterStatus.DRAFT)

    ref = KamerstukRefField.of_item(_("Zodra gepubliceerd, bijvoorbeeld 29 344, nr. 123."), optional=True)
    date = optional_date(_("datum"))
    subject = models.CharField(_("onderwerp"), max_length=500)
    dossier = optional_fk(Dossier, _("dossier"), on_delete=models.PROTECT, related_name="letters")
    sender = optional_fk(Person, _("afzender"), on_delete=models.PROTECT, related_name="letters_sent")
    sender_function = optional_char(_("functie afzender"), 200)
    document_number = optional_char(_("documentnummer TK"), 30, _("Bijvoorbeeld 2025D12345."))
    internal_reference = non_public(optional_char(_("interne referentie"), 50))
    text = models.TextField(_("tekst"), blank=True, max_length=LETTER_TEXT_MAX)
    pdf = models.FileField(
        _("PDF"),
        upload_to="letters/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    decision_memo = non_public(
        models.TextField(
            _("beslisnota"),
            blank=True,
            help_text=_("Nooit openbaar."),
            max_length=DECISION_MEMO_MAX,
        )
    )
    sent_at = optional_datetime(_("verzonden op"))

    objects = LetterQuerySet.as_manager()

    class Meta:
        # the letter list's order, and the home page's most recently sent letters
        ordering, indexes = indexed_ordering("-date", "-id", name="letter_default_order")
        indexes += [models.Index(fields=["-sent_at", "-date", "-id"], name="letter_recent_sent")]
        verbose_name = _("Kamerbrief")
        verbose_name_plural = _("Kamerbrieven")

    def name(self, *, public: bool = False) -> str:
        """The readable name: 'Kamerbrief 29 344, nr. 123'; without a Kamerstuk number our own
        reference (never on public pages: it is internal), else its subject."""
        if self.ref:
            return f"{_('Kamerbrief')} {self.ref}"
        if not public and self.internal_reference:
            return f"{_('Kamerbrief')} {_('kenmerk')} {self.internal_reference}"
        return f"{_('Kamerbrief')}: {first_words(self.subject, 80)}"

    @property
    def is_public(self) -> bool:
        return self.status == LetterStatus.SENT

    submit_for_decision = move(S.DRAFT, S.FOR_DECISION, _("Ter besluitvorming"))
    back_to_draft = move(S.FOR_DECISION, S.DRAFT, _("Terug naar concept"))
    approve = move(S.FOR_DECISION, S.APPROVED, _("Vastgesteld"))
    send = move(
        S.APPROVED,
        S.SENT,
        _("Verzonden"),
        service_only=True,
        hint=_("Verzend een brief met letters.services.letter_send, zodat wat hij afdoet wordt afgedaan."),
    )


class LinkEffect(models.TextChoices):
    SETTLES = "afdoen", _("doet af")
    PARTLY_SETTLES = "deels", _("doet deels af")
    INFORMS = "informeert", _("informeert")
    POSTPONES = "uitstel", _("uitstel (nieuwe termijn)")


class MotionOrCommitment:
    """A row that names exactly one motion or one commitment (``motion`` / ``commitment``): its two
    foreign keys come from :meth:`foreign_keys`, a letter's row its constraints from :meth:`constraints`."""

    @staticmethod
    def foreign_keys(*, on_delete, related_name="+", motion_label=None):
        """``motion, commitment = MotionOrCommitment.foreign_keys(...)`` in the model's body."""
        return (
            optional_fk("motions.Motion", motion_label or _("motie"), on_delete=on_delete, related_name=related_name),
            optional_fk("commitments.Commitment", _("toezegging"), on_delete=on_delete, related_name=related_name),
        )

    @staticmethod
    def constraints(prefix: str) -> list:
        """Exactly one of the two is set, and a letter names each item once (``<prefix>_…``)."""
        return [
            models.CheckConstraint(
                condition=(
                    models.Q(motion__isnull=False, commitment__isnull=True)
                    | models.Q(motion__isnull=True, commitment__isnull=False)
                ),
                name=f"{prefix}_exactly_one_item",
            ),
            models.UniqueConstraint(fields=["letter", "motion"], name=f"{prefix}_motion_once"),
            models.UniqueConstraint(fields=["letter", "commitment"], name=f"{prefix}_commitment_once"),
        ]

    @property
    def item(self):
        return self.motion if self.motion_id else self.commitment


class LetterLink(MotionOrCommitment, models.Model):
    """A motion or commitment the letter answers, and what the letter does to it."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="links")
    motion, commitment = MotionOrCommitment.foreign_keys(on_delete=models.PROTECT, related_name="letter_links")
    effect = models.CharField(_("effect"), max_length=20, choices=LinkEffect.choices, default=LinkEffect.SETTLES)
    new_deadline_phrase = optional_char(
        _("nieuwe termijn"), 200, _("Alleen bij uitstel, bijvoorbeeld 'voor de zomer van 2027'.")
    )
    confirmed = models.BooleanField(_("bevestigd"), default=True)

    class Meta:
        constraints = MotionOrCommitment.constraints("letterlink")
        verbose_name = _("beantwoordt")
        verbose_name_plural = _("beantwoordt")

    def __str__(self):
        return f"{self.item} ({self.get_effect_display()})"

    def clean(self):
        if bool(self.motion_id) == bool(self.commitment_id):
            raise ValidationError(_("Kies precies één motie of één toezegging."))
        if self.effect == LinkEffect.POSTPONES and not self.new_deadline_phrase:
            raise ValidationError({"new_deadline_phrase": _("Een uitstelbrief noemt de nieuwe termijn.")})
        if self.effect != LinkEffect.POSTPONES and self.new_deadline_phrase:
            raise ValidationError({"new_deadline_phrase": _("Alleen een uitstelbrief heeft een nieuwe termijn.")})
        if self.new_deadline_phrase:
            from core.deadlines import parse

            parse(self.new_deadline_phrase)


class LetterEvent(StatusEventBase):
    letter_item = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    item_field = "letter_item"


# -- letter intake: what the analyser found, and what staff made of it ---------------------------


class AnalysisSource(models.TextChoices):
    TEXT = "text", _("brieftekst")
    DECISION_MEMO = "decision_memo", _("beslisnota")


class ProposalState(models.TextChoices):
    PROPOSED = "voorgesteld", _("voorgesteld")
    CONFIRMED = "bevestigd", _("bevestigd")
    REJECTED = "afgewezen", _("afgewezen")


class LetterAnalysisResult(models.Model):
    """The analyser's output (``parsing.letters.LetterAnalysis.to_dict()``) for one text of a letter.
    The analysis of the decision memo is as non-public as the memo itself."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="analyses")
    source = models.CharField(_("bron"), max_length=20, choices=AnalysisSource.choices)
    data = models.JSONField(_("analyse"))
    analysed_at = models.DateTimeField(_("geanalyseerd op"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["letter", "source"], name="letteranalysis_once_per_source")]
        ordering = ["letter", "source"]
        verbose_name = _("analyse")
        verbose_name_plural = _("analyses")

    def __str__(self):
        return f"{self.get_source_display()} ({self.letter})"


class ProposalBase(models.Model):
    confidence = models.DecimalField(
        _("zekerheid"), max_digits=3, decimal_places=2, help_text=_("0,00 tot 1,00: hoe zeker de koppeling is.")
    )
    basis = optional_char(_("grond"), 300, _("Waarop het voorstel berust, bijvoorbeeld het Kamerstuknummer."))
    state = models.CharField(
        _("stand"), max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED, db_index=True
    )
    decided_by = optional_fk(settings.AUTH_USER_MODEL, _("beoordeeld door"), on_delete=models.SET_NULL)
    decided_at = optional_datetime(_("beoordeeld op"))
    evidence = models.TextField(
        _("zin in de brief"),
        blank=True,
        max_length=COMMITMENT_TEXT_MAX,
        help_text=_("De zin waaruit het voorstel komt."),
    )
    evidence_words = optional_char(
        _("woorden die het zeggen"), 300, _("Bij 'doet af': de woorden die zeggen dat de brief het afdoet.")
    )

    class Meta:
        abstract = True


class LinkProposal(MotionOrCommitment, ProposalBase):
    """A motion or commitment the analyser thinks the letter answers."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="link_proposals")
    motion, commitment = MotionOrCommitment.foreign_keys(on_delete=models.CASCADE)
    effect = models.CharField(_("effect"), max_length=20, choices=LinkEffect.choices, default=LinkEffect.INFORMS)
    link = optional_fk(LetterLink, _("koppeling"), on_delete=models.SET_NULL)
    note = optional_char(
        _("opmerking"),
        300,
        _("Waarom het voorstel niet (meer) 'doet af' kan zijn, bijvoorbeeld 'al afgedaan door brief ...'."),
    )

    class Meta:
        constraints = MotionOrCommitment.constraints("linkproposal")
        ordering = ["-confidence", "id"]
        verbose_name = _("voorgestelde koppeling")
        verbose_name_plural = _("voorgestelde koppelingen")

    def __str__(self):
        return f"{self.item} ({self.get_effect_display()}, {self.confidence})"


class FollowUpProposal(ProposalBase):
    """A new promise the letter makes ('de uitkomsten worden in de loop van 2027 verwacht'), to
    become a follow-up commitment of the motion the letter answers."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="follow_up_proposals")
    text = models.TextField(_("tekst"), max_length=COMMITMENT_TEXT_MAX)
    deadline_phrase = models.CharField(_("termijn"), max_length=200)
    deadline_latest = optional_date(_("uiterlijk"))
    motion, commitment = MotionOrCommitment.foreign_keys(on_delete=models.SET_NULL, motion_label=_("vervolg op motie"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "deadline_phrase", "text"], name="followupproposal_once")
        ]
        ordering = ["deadline_latest", "id"]
        verbose_name = _("voorgestelde vervolgtoezegging")
        verbose_name_plural = _("voorgestelde vervolgtoezeggingen")

    def __str__(self):
        return f"{self.deadline_phrase}: {self.text[:60]}"


class IntakeJobState(models.TextChoices):
    QUEUED = "wacht", _("wacht")
    RUNNING = "loopt", _("analyse loopt")
    DONE = "klaar", _("klaar")
    FAILED = "mislukt", _("mislukt")


class LetterIntakeJob(models.Model):
    """One reading and analysis of a letter, done by a worker outside the web request: an upload
    (the letter's PDF, a decision memo) or the text of a letter the open-data import brought
    (``tk_document_id``, fetched from ``source_url``). One job per open-data document."""

    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.CASCADE, related_name="intake_jobs")
    state = models.CharField(
        _("stand"), max_length=10, choices=IntakeJobState.choices, default=IntakeJobState.QUEUED, db_index=True
    )
    read_pdf = models.BooleanField(_("PDF van de brief lezen"), default=False)
    memo_document = models.BinaryField(_("beslisnota (bestand)"), null=True, blank=True)
    memo_name = optional_char(_("naam beslisnota"), 255)
    tk_document_id = models.UUIDField(_("document in open data TK"), null=True, blank=True, unique=True)
    source_url = models.URLField(_("bron"), max_length=500, blank=True)
    message = models.TextField(_("uitkomst"), blank=True)
    created_by = optional_fk(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = optional_datetime()
    finished_at = optional_datetime()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("analyseopdracht")
        verbose_name_plural = _("analyseopdrachten")

    def __str__(self):
        """'Kamerbrief 29 344, nr. 123: klaar'; a job for an open-data document with no letter yet names
        the document."""
        return f"{self.letter or self.tk_document_id}: {self.get_state_display()}"

    @property
    def is_pending(self) -> bool:
        return self.state in (IntakeJobState.QUEUED, IntakeJobState.RUNNING)
