"""GIN indexes for the Dutch full-text search of public/search.py, on PostgreSQL only. Each index is on
exactly the expression Django's ``SearchVector(*fields, config='dutch')`` produces, so the planner uses
it. The tables belong to motions/commitments/letters; the indexes are this app's (dropped on reverse)."""

from django.db import migrations

INDEXES = {
    # index name: (table, text fields) — the same fields as public.search.SEARCH_FIELDS
    "public_motion_fts": ("motions_motion", ("title", "text")),
    "public_commitment_fts": ("commitments_commitment", ("text",)),
    "public_letter_fts": ("letters_letter", ("subject", "text")),
}

# The Dutch stemmed search, and the 'simple' one for word prefixes (Dutch compounds): public/search.py.
CONFIGS = [("dutch", ""), ("simple", "_prefix")]


def _expression(fields) -> str:
    return " || ' ' || ".join(f"COALESCE({field}, '')" for field in fields)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, fields) in INDEXES.items():
        for config, suffix in CONFIGS:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name}{suffix} ON {table} "
                f"USING gin (to_tsvector('{config}'::regconfig, {_expression(fields)}))"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        for _config, suffix in CONFIGS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}{suffix}")


class Migration(migrations.Migration):
    dependencies = [
        ("motions", "0001_initial"),
        ("commitments", "0002_initial"),
        ("letters", "0003_intake_proposals"),
    ]
    operations = [migrations.RunPython(create, drop, elidable=False)]
