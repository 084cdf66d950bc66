from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``load_demo``): the real voluntary-return story plus made-up examples. It uses
    every app's services; no app depends on it."""

    name = "demo"
    default_auto_field = "django.db.models.BigAutoField"
