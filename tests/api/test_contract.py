"""The API keeps to its own schema (issue 14, finding 11; schemathesis checks it broadly in
test_schemathesis.py): what the schema calls invalid is a JSON 400 per parameter, what it calls valid is
answered, and every error is JSON with the documented status code."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.mark.parametrize(
    "query, field",
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=last", "page"),
        ("page_size=abc", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=501", "page_size"),
        ("page_size=null&page_size=null", "page_size"),
        ("period_after=", "period_after"),
        ("period_after=01-02-2020", "period_after"),
        ("item=", "item"),
        ("item=1.5", "item"),
        ("member=-3", "member"),
        ("overdue=", "overdue"),
        ("overdue=1", "overdue"),
        ("dossier=", "dossier"),
        ("q=%21%21%21", "q"),
        ("q=" + "a" * 201, "q"),
        ("status=onzin", "status"),
    ],
)
def test_what_the_schema_refuses_is_a_400_per_parameter(world, anon, query, field):
    response = anon.get(f"/api/v1/motions/?{query}")
    assert response.status_code == 400, (query, response.content)
    assert response["Content-Type"] == "application/json" and field in response.json()


@pytest.mark.parametrize(
    "query",
    [
        "member=999999",
        "ministry=XX",
        "party=XX",
        "item=999999",
        "q=",
        "sort=",
        "status=",
        "ministry=",
        "page_size=500",
        "period_after=2020-02-01",
    ],
)
def test_what_the_schema_accepts_is_answered(world, anon, query):
    response = anon.get(f"/api/v1/motions/?{query}")
    assert response.status_code == 200, (query, response.content)


def test_unknown_references_give_an_empty_list(world, anon):
    assert anon.get("/api/v1/motions/?member=999999").json()["count"] == 0
    assert anon.get(f"/api/v1/motions/?member={world['person'].pk}").json()["count"] == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/motions/%C2%84/",
        "/api/v1/motions/abc/",
        "/api/v1/onbekend/",
        "/api/v1/motions/99999999/",
        "/api/v1/motions/?page=999",
    ],
)
def test_not_found_is_json(world, anon, url):
    response = anon.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_the_schema_documents_the_errors(anon):
    paths = anon.get("/api/schema/?format=json").json()["paths"]
    assert {"200", "400", "404"} <= set(paths["/api/v1/motions/"]["get"]["responses"])
    assert {"200", "404"} <= set(paths["/api/v1/motions/{id}/"]["get"]["responses"])
    assert {"200", "400", "401", "403", "404", "409"} <= set(
        paths["/api/v1/motions/{id}/transition/"]["post"]["responses"]
    )
    page = next(p for p in paths["/api/v1/parties/"]["get"]["parameters"] if p["name"] == "page_size")
    assert page["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}
