"""The outbox names its item through contenttypes instead of an 'app.model' string, and its pre-send
check by a registered code instead of a Python path. Rows already queued are carried over."""

import django.db.models.deletion
from django.db import migrations, models

PATH_TO_CODE = {"reminders.services.reminder_veto": "reminder"}


def forwards(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for label in OutboxMessage.objects.exclude(item_type="").values_list("item_type", flat=True).distinct():
        app_label, _dot, model = label.partition(".")
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        OutboxMessage.objects.filter(item_type=label).update(item_content_type=content_type)
    for path, code in PATH_TO_CODE.items():
        OutboxMessage.objects.filter(presend_check=path).update(presend_check=code)


def backwards(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    for row in OutboxMessage.objects.filter(item_content_type__isnull=False).select_related("item_content_type"):
        OutboxMessage.objects.filter(pk=row.pk).update(
            item_type=f"{row.item_content_type.app_label}.{row.item_content_type.model}"
        )
    for path, code in PATH_TO_CODE.items():
        OutboxMessage.objects.filter(presend_check=code).update(presend_check=path)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="outboxmessage", name="outbox_item_idx"),
        migrations.AddField(
            model_name="outboxmessage",
            name="item_content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="soort item",
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="presend_check",
            field=models.CharField(
                blank=True,
                help_text="Code van een geregistreerde controle die een reden kan geven om niet te verzenden.",
                max_length=200,
                verbose_name="controle vlak voor verzending",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="outboxmessage", name="item_type"),
        migrations.AlterField(
            model_name="outboxmessage",
            name="presend_check",
            field=models.CharField(
                blank=True,
                help_text="Code van een geregistreerde controle die een reden kan geven om niet te verzenden.",
                max_length=40,
                verbose_name="controle vlak voor verzending",
            ),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["item_content_type", "item_id"], name="outbox_item_idx"),
        ),
    ]
