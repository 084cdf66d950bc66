"""The reminder policy: when the people responsible for an item hear about its deadline."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import LastSaved


def default_days_before() -> list[int]:
    return [30, 7, 1]


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class ReminderPolicy(LastSaved):
    """One row (the admin edits it); :meth:`current` creates it with the defaults when missing.
    Reminders work from the deadline's latest date: 'in de loop van 2027' is due 2027-12-31, so its
    30-day reminder goes out on 2027-12-01."""

    enabled = models.BooleanField(_("herinneringen aan"), default=True)
    days_before = models.JSONField(
        _("dagen vooraf"),
        default=default_days_before,
        help_text=_("Hoeveel dagen voor de uiterste datum een herinnering gaat, bijvoorbeeld [30, 7, 1]."),
    )
    on_the_day = models.BooleanField(_("op de dag zelf"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(
        _("herhalen na de termijn (dagen)"),
        default=7,
        help_text=_("Zolang het item te laat is, elke zoveel dagen een herinnering; 0 = niet."),
    )
    catch_up_days = models.PositiveSmallIntegerField(
        _("inhalen (dagen)"),
        default=90,
        help_text=_("Na uitval: gemiste herinneringen van zo ver terug worden als 'overgeslagen' vastgelegd."),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("dag van het weekoverzicht"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_horizon_days = models.PositiveSmallIntegerField(_("overzicht: dagen vooruit"), default=30)

    class Meta:
        verbose_name = _("herinneringsbeleid")
        verbose_name_plural = _("herinneringsbeleid")

    def __str__(self):
        return str(_("Herinneringsbeleid"))

    def clean(self):
        days = self.days_before
        if not isinstance(days, list) or not all(isinstance(d, int) and 0 < d <= 3650 for d in days):
            raise ValidationError(
                {"days_before": _("Geef een lijst van hele dagen tussen 1 en 3650, bijvoorbeeld [30, 7, 1].")}
            )
        if len(set(days)) != len(days):
            raise ValidationError({"days_before": _("Elke dag mag maar een keer voorkomen.")})

    @classmethod
    def current(cls) -> "ReminderPolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy
