"""The outbox: every mail the system sends is first a row here, under a unique key. The key makes
sending idempotent (enqueue twice, one mail); the row's state says what became of it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("wacht op verzending")
    SENDING = "sending", _("wordt verzonden")
    SENT = "sent", _("verzonden")
    FAILED = "failed", _("mislukt")
    SKIPPED = "skipped", _("overgeslagen")
    CANCELLED = "cancelled", _("geannuleerd")


class OutboxMessage(models.Model):
    S = OutboxState

    dedup_key = models.CharField(_("sleutel"), max_length=255, unique=True)
    to = models.CharField(_("ontvanger"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=300)
    text = models.TextField(_("tekst"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("extra kopregels"), default=dict, blank=True)
    language = models.CharField(_("taal"), max_length=5, default="nl")
    state = models.CharField(
        _("status"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True, default=timezone.now)
    claimed_at = models.DateTimeField(_("opgepakt om"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden om"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)
    # What the mail is about (optional): the item (a generic relation through contenttypes), the kind
    # of mail and the date it refers to (a reminder's deadline), and the registered code of a check that
    # may veto sending at the last moment (notifications.checks; a code, not a Python path, so renaming
    # a function never breaks mail already queued).
    item_content_type = models.ForeignKey(
        ContentType, verbose_name=_("soort item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item_id = models.BigIntegerField(_("item-id"), null=True, blank=True)
    item = GenericForeignKey("item_content_type", "item_id")
    kind = models.CharField(_("soort bericht"), max_length=40, blank=True)
    refers_to = models.DateField(_("betreft datum"), null=True, blank=True)
    presend_check = models.CharField(
        _("controle vlak voor verzending"),
        max_length=40,
        blank=True,
        help_text=_("Code van een geregistreerde controle die een reden kan geven om niet te verzenden."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["item_content_type", "item_id"], name="outbox_item_idx"),
        ]
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")

    def __str__(self):
        return f"{self.subject} → {self.to}"
