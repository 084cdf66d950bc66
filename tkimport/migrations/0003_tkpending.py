"""What is still to apply moves from TkRecord.dirty (cleared by rewriting every applied row) to
TkPending (emptied in one statement); rows marked dirty carry over, and every staged motion Zaak is
listed once, so the next import looks at every motion again under the rule that a motion's vote
comes only from a Besluit tied to it (and reports the statuses an earlier import set without one)."""

from django.db import migrations, models


def carry_over(apps, schema_editor):
    TkRecord = apps.get_model("tkimport", "TkRecord")
    TkPending = apps.get_model("tkimport", "TkPending")
    rows = TkRecord.objects.filter(models.Q(dirty=True) | models.Q(entity="Zaak")).values_list("entity", "tk_id")
    TkPending.objects.bulk_create((TkPending(entity=e, tk_id=i) for e, i in rows.iterator(2000)), batch_size=2000)


def carry_back(apps, schema_editor):
    TkRecord = apps.get_model("tkimport", "TkRecord")
    TkPending = apps.get_model("tkimport", "TkPending")
    ids = list(TkPending.objects.values_list("tk_id", flat=True).distinct())
    TkRecord.objects.update(dirty=False)
    for start in range(0, len(ids), 2000):
        TkRecord.objects.filter(tk_id__in=ids[start : start + 2000]).update(dirty=True)


class Migration(migrations.Migration):
    dependencies = [
        ("tkimport", "0002_remove_tkrecord_tkrecord_once_and_more"),
    ]

    operations = [
        migrations.CreateModel(
            name="TkPending",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("entity", models.CharField(max_length=40)),
                ("tk_id", models.UUIDField()),
            ],
            options={
                "verbose_name": "nog toe te passen bronrecord",
                "verbose_name_plural": "nog toe te passen bronrecords",
            },
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveIndex(model_name="tkrecord", name="tkrecord_dirty"),
        migrations.RemoveField(model_name="tkrecord", name="dirty"),
    ]
