"""What the public pages' cache keys are made of: one row per kind of public data."""

from django.db import models


class DataVersion(models.Model):
    """A token per kind of public data (``public.versions.KINDS``), replaced by a new random one after
    every committed write to that kind's tables (``public/versions.py``). Random rather than a
    counter, so a token never comes back (a restored backup or an emptied table cannot make an old
    cache entry look current)."""

    kind = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.kind} {self.token} {self.changed_at:%Y-%m-%d %H:%M:%S}"
