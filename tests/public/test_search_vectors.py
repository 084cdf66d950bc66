"""The stored search vectors (public/migrations/0002): PostgreSQL keeps them in step with the text, the
GIN indexes on them serve the search, and the search still works inside a subquery and on SQLite."""

import pytest
from django.db import connection

from public import search as fulltext
from tests.factories import make_motion


def _motion(title, text, number):
    return make_motion(nr=90000 + number, title=title, text=text)


def _found(value):
    from motions.models import Motion

    return {ref.kst_id for ref in fulltext.search(Motion.objects.all(), value).values_list("ref", flat=True)}


@pytest.mark.django_db
def test_search_follows_every_write_to_the_text():
    from motions.models import Motion

    motion = _motion("Motie over opvang", "verzoekt de regering de opvang te evalueren", 1)
    _motion("Motie over wonen", "verzoekt de regering woningen te bouwen", 2)
    assert _found("opvang") == {"kst-36000-90001"}
    assert _found("terugkeerbeleid") == set()

    motion.text = "verzoekt de regering het terugkeerbeleid te onderzoeken"
    motion.save()
    assert _found("terugkeerbeleid") == {"kst-36000-90001"}
    assert _found("terugkeer") == {"kst-36000-90001"}  # a compound found by its first word
    assert _found("opvang") == {"kst-36000-90001"}  # still in the title

    Motion.objects.filter(pk=motion.pk).update(title="Motie over bewaring")
    assert _found("opvang") == set()
    assert _found("bewaring") == {"kst-36000-90001"}


@pytest.mark.django_db
def test_search_works_inside_a_subquery():
    from django.db.models import Exists, OuterRef

    from motions.models import Motion

    _motion("Motie over opvang", "verzoekt de regering de opvang te evalueren", 1)
    _motion("Motie over wonen", "verzoekt de regering woningen te bouwen", 2)
    inner = fulltext.search(Motion.objects.all(), "opvang")
    by_pk = Motion.objects.filter(pk__in=inner.values("pk"))
    correlated = Motion.objects.filter(Exists(inner.filter(pk=OuterRef("pk"))))
    for queryset in (by_pk, correlated):
        assert [ref.kst_id for ref in queryset.values_list("ref", flat=True)] == ["kst-36000-90001"]


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "label, table",
    [
        ("motions.motion", "motion"),
        ("commitments.commitment", "commitment"),
        ("letters.letter", "letter"),
    ],
)
def test_the_gin_indexes_on_the_stored_vectors_serve_the_search(label, table):
    """The search's conditions are ones the GIN indexes can answer (a condition no index matches would
    leave only a sequential scan), and no vector is computed per row."""
    from django.apps import apps

    model = apps.get_model(label)
    sql, params = fulltext.search(model.objects.order_by(), "terugkeer").query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny, and a broad search may rightly walk the list-order index: take those
        # choices away so the plan shows whether the GIN indexes apply.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for config in ("dutch", "simple"):
        assert f"Bitmap Index Scan on public_{table}_search_{config}" in plan, plan
    assert "Seq Scan" not in plan and "to_tsvector" not in plan, plan


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_expression_indexes_of_0001_are_gone():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'public_%%' AND tablename <> 'public_dataversion'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {f"public_{m}_search_{c}" for m in ("motion", "commitment", "letter") for c in ("dutch", "simple")}
