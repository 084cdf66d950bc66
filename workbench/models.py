"""The staff workbench keeps one thing of its own: when each user last opened it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkbenchVisit(models.Model):
    """The moment a user last opened the workbench; what changed since then is news to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="workbench_visit"
    )
    seen_at = models.DateTimeField(_("laatst bekeken"))

    class Meta:
        verbose_name = _("bezoek aan de werkbank")
        verbose_name_plural = _("bezoeken aan de werkbank")

    def __str__(self):
        return f"{self.user}: {self.seen_at:%Y-%m-%d %H:%M}"
