"""E-mail alerts: a subscription follows one public list's query string (an item, a dossier, a member,
a party, a ministry or any filtered list) and is matched with that list's FilterSet, so an alert sends
exactly what the page shows. Deliveries record what was already sent: no item event is mailed twice."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("direct")
    DAILY = "daily", _("dagelijks overzicht")
    WEEKLY = "weekly", _("wekelijks overzicht")


class SubscriptionState(models.TextChoices):
    PENDING = "pending", _("wacht op bevestiging")
    ACTIVE = "active", _("actief")
    PAUSED = "paused", _("gepauzeerd")
    UNSUBSCRIBED = "unsubscribed", _("afgemeld")


class Subscription(models.Model):
    email = models.EmailField(_("e-mailadres"))
    kind = models.CharField(_("lijst"), max_length=20)  # public.kinds.KINDS key: moties, toezeggingen, brieven
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    label = models.CharField(_("omschrijving"), max_length=300, blank=True)
    frequency = models.CharField(_("frequentie"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    state = models.CharField(
        _("stand"), max_length=15, choices=SubscriptionState.choices, default=SubscriptionState.PENDING, db_index=True
    )
    language = models.CharField(_("taal"), max_length=5, default="nl")
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd"), null=True, blank=True)
    checked_until = models.DateTimeField(
        _("gecontroleerd tot"), null=True, blank=True, help_text=_("Wijzigingen tot dit moment zijn verwerkt.")
    )
    confirmation_sent_at = models.DateTimeField(_("bevestigingsmail verstuurd"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attendering")
        verbose_name_plural = _("attenderingen")
        constraints = [
            # One request waiting for confirmation per address and list: a repeat is the same request.
            models.UniqueConstraint(
                fields=["email", "kind", "query"], condition=Q(state="pending"), name="alert_one_pending_per_list"
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.label or self.kind}"


class Delivery(models.Model):
    """One change (an event, or an item newly past its deadline) already mailed to one subscription."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    key = models.CharField(_("wijziging"), max_length=120)
    outbox_key = models.CharField(_("berichtsleutel"), max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "key"], name="alert_delivery_once")]
        verbose_name = _("verzonden wijziging")
        verbose_name_plural = _("verzonden wijzigingen")

    def __str__(self):
        return f"{self.subscription_id}: {self.key}"


class Recipient(models.Model):
    """An address alerts mail to: when it last got a confirmation mail (at most one per interval, so
    the sign-up form cannot flood a mailbox) and whether its owner stopped all mail to it."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    last_confirmation_at = models.DateTimeField(_("laatste bevestigingsmail"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("alle e-mail gestopt"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")

    def __str__(self):
        return self.email

    @classmethod
    def of(cls, subscription) -> "Recipient":
        """The recipient row of a subscription's address (made when missing)."""
        return cls.objects.get_or_create(email=subscription.email)[0]
