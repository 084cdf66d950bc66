"""Stored search vectors (PostgreSQL only). 0001 indexed the expression ``to_tsvector(config, text)``;
the index finds candidate rows, but PostgreSQL must recompute the expression for every candidate to
recheck it, which made a broad search over 50,000 motions take seconds under load. Each searched table
now gets two generated columns that PostgreSQL keeps in step with the text on every write:

    search_dutch   to_tsvector('dutch', <text fields>)   the stemmed Dutch search
    search_simple  to_tsvector('simple', <text fields>)  word prefixes, for Dutch compounds

with a GIN index on each; 0001's expression indexes are dropped. Django's models do not declare these
columns (SQLite has no tsvector), so no query loads them; public/search.py matches against them.

Maintenance note: PostgreSQL refuses to change the type of a column a generated column reads (for
example a new ``max_length`` on ``Motion.title``). Such a migration must first drop the two columns
(``drop`` below) and add them again afterwards (``create``)."""

from django.db import migrations

# table: (index prefix, text fields) — the same fields as public.search.SEARCH_FIELDS
TABLES = {
    "motions_motion": ("public_motion", ("title", "text")),
    "commitments_commitment": ("public_commitment", ("text",)),
    "letters_letter": ("public_letter", ("subject", "text")),
}
COLUMNS = {"search_dutch": "dutch", "search_simple": "simple"}
OLD_INDEX_SUFFIXES = {"dutch": "", "simple": "_prefix"}


def _text(fields) -> str:
    return " || ' ' || ".join(f"COALESCE({field}, '')" for field in fields)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (prefix, fields) in TABLES.items():
        for config, suffix in OLD_INDEX_SUFFIXES.items():
            schema_editor.execute(f"DROP INDEX IF EXISTS {prefix}_fts{suffix}")
        schema_editor.execute(
            f"ALTER TABLE {table} "
            + ", ".join(
                f"ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
                f"(to_tsvector('{config}'::regconfig, {_text(fields)})) STORED"
                for column, config in COLUMNS.items()
            )
        )
        for column in COLUMNS:
            schema_editor.execute(f"CREATE INDEX {prefix}_{column} ON {table} USING gin ({column})")
        # Statistics on the new columns now, not whenever autovacuum comes by: without them the planner
        # guesses that a broad search matches a handful of rows and sorts tens of thousands.
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (prefix, fields) in TABLES.items():
        schema_editor.execute(f"ALTER TABLE {table} " + ", ".join(f"DROP COLUMN {c}" for c in COLUMNS))
        for config, suffix in OLD_INDEX_SUFFIXES.items():
            schema_editor.execute(
                f"CREATE INDEX {prefix}_fts{suffix} ON {table} "
                f"USING gin (to_tsvector('{config}'::regconfig, {_text(fields)}))"
            )


class Migration(migrations.Migration):
    dependencies = [("public", "0001_search_indexes")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
