"""Reading Tweede Kamer open data: saved files (``--from-dir``) or the OData service.

Both readers yield :class:`Page` objects: a list of raw entities with the entity type when known.
:func:`flatten` turns an entity, with any ``$expand``ed relations, into flat records and the links
between them, which the import stages (``tkimport.models.TkRecord`` / ``TkLink``) so that records
from different files or pages are joined whatever order they come in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential, wait_random

from . import mapping

BASE_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"

# Entities the import keeps; nested navigation name -> entity type.
NAVIGATION = {
    "Zaak": "Zaak",
    "Document": "Document",
    "Besluit": "Besluit",
    "Agendapunt": "Agendapunt",
    "Stemming": "Stemming",
    "Fractie": "Fractie",
    "Persoon": "Persoon",
    "ZaakActor": "ZaakActor",
    "Kamerstukdossier": "Kamerstukdossier",
    "HuidigeDocumentVersie": "DocumentVersie",
    "DocumentVersie": "DocumentVersie",
    "Activiteit": "Activiteit",
    "Toezegging": "Toezegging",
    "ToegezegdAanFractie": "Fractie",
    "ToegezegdAanPersoon": "Persoon",
    "IsHerhalingVan": "Toezegging",
    "IsWijzigingVan": "Toezegging",
    "IsAanvullingOp": "Toezegging",
    "IsHerhaaldDoor": "Toezegging",
    "IsGewijzigdDoor": "Toezegging",
    "IsAangevuldVanuit": "Toezegging",
    "VervangenDoor": "Zaak",
    "VervangenVanuit": "Zaak",
}
KEPT = set(NAVIGATION.values())
# Foreign-key properties that are relations too.
FOREIGN_KEYS = {
    "Besluit_Id": ("Besluit", "Besluit"),
    "Agendapunt_Id": ("Agendapunt", "Agendapunt"),
    "Zaak_Id": ("Zaak", "Zaak"),
    "Document_Id": ("Document", "Document"),
    "Activiteit_Id": ("Activiteit", "Activiteit"),
}
FOREIGN_KEY_REL = dict(FOREIGN_KEYS.values())
# How to tell an entity's type when the file does not say (no @odata.context / @odata.type).
SIGNATURES = [
    ("Stemming", {"Besluit_Id", "ActorNaam"}),
    ("Besluit", {"BesluitSoort"}),
    ("ZaakActor", {"Zaak_Id", "Relatie"}),
    ("DocumentActor", {"Document_Id", "Relatie"}),
    ("DocumentVersie", {"ExterneIdentifier", "Versienummer"}),
    ("Toezegging", {"DatumNakoming"}),
    ("Zaak", {"Kabinetsappreciatie"}),
    ("Zaak", {"Afgedaan", "GestartOp"}),
    ("Document", {"DocumentNummer"}),
    ("Agendapunt", {"Activiteit_Id", "Volgorde"}),
    ("Kamerstukdossier", {"HoogsteVolgnummer"}),
    ("Fractie", {"AantalZetels"}),
    ("Persoon", {"Achternaam", "Initialen"}),
    ("Activiteit", {"Voortouwnaam"}),
]
_CONTEXT_RE = re.compile(r"#(?:[\w.]+\.)?([A-Z]\w*)")


class BadRecord(ValueError):
    pass


class ImportInterrupted(Exception):
    """The source stopped answering; what was read so far has landed and the next run resumes."""


@dataclass
class Page:
    source: str
    items: list = field(default_factory=list)  # [(entity or None, dict)]
    error: str = ""
    commit: Callable[[], None] | None = None  # called in the transaction that stages the page


@dataclass
class Flat:
    records: dict = field(default_factory=dict)  # (entity, id) -> scalars
    links: set = field(default_factory=set)  # (a_entity, a_id, b_entity, b_id, rel)
    problems: list = field(default_factory=list)  # expanded rows that could not be keyed


def entity_of(item: dict, hint: str | None = None) -> str | None:
    for key in ("@odata.type", "@odata.context"):
        match = _CONTEXT_RE.search(str(item.get(key) or ""))
        if match and match.group(1) != "metadata":
            return match.group(1)
    if hint:
        return hint
    keys = set(item)
    for name, needed in SIGNATURES:
        if needed <= keys:
            return name
    return None


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(value) -> str:
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value  # the form the service writes, and str(uuid.UUID(value)) would give back
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise BadRecord(f"geen geldig Id: {value!r}") from None


_STAMPS = ("ApiGewijzigdOp", "GewijzigdOp")


def _moment(value) -> dt.datetime | None:
    moment = mapping.parse_datetime(value)
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def is_newer(new: dict, old: dict) -> bool | None:
    """Whether ``new`` is a later version of the record than ``old``: by ``ApiGewijzigdOp`` when
    both carry it and it differs, else by ``GewijzigdOp``; ``None`` when neither tells."""
    for key in _STAMPS:
        a, b = _moment(new.get(key)), _moment(old.get(key))
        if a is not None and b is not None and a != b:
            return a > b
    return None


def merge_record(old: dict | None, new: dict) -> dict:
    """One record seen twice (two pages, two files, or expanded inside two others). A later
    version wins every field it carries; an older copy, a copy of the same version or one that
    says nothing of its version (a partial ``$select``) only adds fields the staged copy lacks.
    So copies of different versions give the same result in any order, and reading the same input
    again changes nothing (of two differing copies of one version, the first one seen stays).
    Returns ``old`` itself when nothing changes."""
    if old is None:
        return new
    if all(k in old and old[k] == v for k, v in new.items()):
        return old
    if is_newer(new, old):
        return {**old, **new}
    gaps = {k: v for k, v in new.items() if k not in old}
    return {**old, **gaps} if gaps else old


def flatten(entity: str, item: dict, flat: Flat) -> str:
    """Add ``item`` and everything expanded in it to ``flat``; return its Id."""
    if not isinstance(item, dict):
        raise BadRecord(f"{entity}: geen object maar {type(item).__name__}")
    tk_id = _uuid(item.get("Id"))
    scalars, expanded = {}, []
    for prop, value in item.items():
        if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(e, dict) for e in value)):
            if prop in NAVIGATION:
                expanded.append((prop, NAVIGATION[prop], value))
        elif not prop.startswith("@"):
            scalars[prop] = value
    version = item.get("HuidigeDocumentVersie")
    if entity == "Document" and isinstance(version, dict) and version.get("ExterneIdentifier"):
        scalars["ExterneIdentifier"] = version["ExterneIdentifier"]
    key = (entity, tk_id)
    flat.records[key] = merge_record(flat.records.get(key), scalars)
    for prop, (other, rel) in FOREIGN_KEYS.items():
        if scalars.get(prop) and other != entity:
            try:
                flat.links.add((entity, tk_id, other, _uuid(scalars[prop]), rel))
            except BadRecord:
                pass
    for prop, other, value in expanded:
        for child in value if isinstance(value, list) else [value]:
            if not isinstance(child, dict) or not child:
                continue
            if child.get("Id") in (None, ""):
                flat.problems.append(
                    f"{other} in {entity} {tk_id} ({prop}) zonder Id: niet op te slaan "
                    f"(velden: {', '.join(sorted(child)[:6])}); vraag Id mee op ($select)"
                )
                continue
            try:
                child_id = flatten(other, child, flat)
            except BadRecord as exc:
                flat.problems.append(f"{other} in {entity} {tk_id} ({prop}) overgeslagen: {exc}")
                continue
            if other in ("Fractie", "Persoon") and scalars.get(f"{prop}_Id"):
                continue  # the foreign key (Fractie_Id, Persoon_Id) already says it
            if (other, child_id, entity, tk_id, FOREIGN_KEY_REL.get(entity)) in flat.links:
                continue  # the child's foreign key to this record (ZaakActor.Zaak_Id) already says it
            flat.links.add((entity, tk_id, other, child_id, prop))
    return tk_id


def subject_refs_of(entity: str, data: dict) -> list[str]:
    if entity not in ("Document", "Zaak"):
        return []
    return [ref.kst_id for ref in mapping.subject_refs(data.get("Onderwerp"))]


def items_of(payload, hint: str | None = None) -> list:
    """The entities in one saved response: an OData page ``{"value": [...]}``, a JSON array, one
    entity, a saved wrapper ``{"record": {...}}``, or an object of arrays of those."""
    if isinstance(payload, list):
        found = []
        for element in payload:
            found.extend(items_of(element, hint) if isinstance(element, (dict, list)) else [])
        return found
    if not isinstance(payload, dict):
        return []
    if isinstance(payload.get("value"), list):
        context_hint = entity_of({"@odata.context": payload.get("@odata.context")}) or hint
        return [(entity_of(v, context_hint) if isinstance(v, dict) else None, v) for v in payload["value"]]
    if "Id" in payload:
        return [(entity_of(payload, hint), payload)]
    if isinstance(payload.get("record"), dict):
        return items_of(payload["record"], hint)
    if payload and all(isinstance(v, list) for v in payload.values()):
        return items_of(list(payload.values()), hint)
    return []


def read_dir(directory: Path) -> Iterator[Page]:
    """Every ``*.json`` under ``directory`` (sorted, so runs are repeatable)."""
    files = sorted(p for p in Path(directory).rglob("*.json") if p.is_file())
    for path in files:
        label = str(path.relative_to(directory))
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Page(source=label, error=f"geen leesbare JSON: {exc}")
            continue
        items = items_of(payload)
        if not items:
            yield Page(source=label, error="bevat geen OData-entiteiten (overgeslagen)")
            continue
        yield Page(source=label, items=items)


# -- the network reader --------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityQuery:
    name: str  # checkpoint key
    entity: str
    filter: str = ""
    expand: str = ""


QUERIES = [
    EntityQuery(
        "Zaak",
        "Zaak",
        "Soort eq 'Motie'",
        "Document($expand=HuidigeDocumentVersie),ZaakActor,Kamerstukdossier,VervangenVanuit($select=Id)",
    ),
    EntityQuery(
        "Besluit",
        "Besluit",
        "startswith(BesluitSoort,'Stemmen') or BesluitSoort eq 'Overgenomen' or BesluitSoort eq 'Ingediend'",
        "Zaak($select=Id)",
    ),
    EntityQuery("Stemming", "Stemming", "", "Fractie"),
    EntityQuery(
        "Document", "Document", "Soort eq 'Brief regering'", "Zaak($select=Id),Kamerstukdossier,HuidigeDocumentVersie"
    ),
    EntityQuery(
        "Toezegging",
        "Toezegging",
        "",
        "ToegezegdAanFractie,ToegezegdAanPersoon,IsHerhalingVan($select=Id),"
        "IsWijzigingVan($select=Id),IsAanvullingOp($select=Id)",
    ),
]


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code == 429 or exc.response.status_code >= 500
    return isinstance(exc, (httpx.TransportError, json.JSONDecodeError))


class ODataClient:
    """Pages through one entity set following ``@odata.nextLink``; each page is retried with
    exponential backoff and jitter on network errors, 429 and 5xx."""

    def __init__(
        self,
        base_url: str = BASE_URL,
        *,
        attempts: int = 5,
        backoff: float = 1.0,
        backoff_max: float = 60.0,
        timeout: float = 60.0,
        client: httpx.Client | None = None,
    ):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.attempts, self.backoff, self.backoff_max = attempts, backoff, backoff_max
        self.http = client or httpx.Client(
            timeout=timeout, headers={"Accept": "application/json"}, follow_redirects=True
        )

    def close(self):
        self.http.close()

    def first_url(self, query: EntityQuery, since=None) -> str:
        filters = [f"({query.filter})"] if query.filter else []
        if since is not None:
            filters.append(f"GewijzigdOp ge {since.isoformat().replace('+00:00', 'Z')}")
        params = {}
        if filters:
            params["$filter"] = " and ".join(filters)
        if query.expand:
            params["$expand"] = query.expand
        return self.base_url + query.entity + ("?" + urlencode(params) if params else "")

    def get_page(self, url: str) -> dict:
        for attempt in Retrying(
            stop=stop_after_attempt(self.attempts),
            reraise=True,
            wait=wait_exponential(multiplier=self.backoff, max=self.backoff_max) + wait_random(0, self.backoff),
            retry=retry_if_exception(_transient),
        ):
            with attempt:
                response = self.http.get(url)
                response.raise_for_status()
                payload = response.json()
                if not isinstance(payload, dict) or not isinstance(payload.get("value"), list):
                    raise json.JSONDecodeError('geen OData-pagina (verwacht {"value": [...]})', "", 0)
                return payload
        raise AssertionError("unreachable")

    def pages(
        self, query: EntityQuery, start_url: str, page_no: int, on_page: Callable[[str | None, int], None]
    ) -> Iterator[Page]:
        """Pages from ``start_url`` on. ``on_page(next_url, page_no)`` is the checkpoint, run when the
        page has been staged. A page that keeps failing interrupts the import."""
        url: str | None = start_url
        while url:
            page_no += 1
            try:
                payload = self.get_page(url)
            except (httpx.HTTPError, json.JSONDecodeError) as exc:
                raise ImportInterrupted(
                    f"{query.name}, pagina {page_no}: na {self.attempts} pogingen geen antwoord ({exc}). "
                    f"Wat binnen is, is opgeslagen; de volgende run gaat verder bij deze pagina."
                ) from exc
            next_url = payload.get("@odata.nextLink")
            items = [(query.entity, v) for v in payload["value"]]
            yield Page(
                source=f"{query.name} pagina {page_no}", items=items, commit=lambda n=next_url, p=page_no: on_page(n, p)
            )
            url = next_url
