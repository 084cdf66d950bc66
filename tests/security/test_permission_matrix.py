"""Who may do what, in ONE table: role × URL/action → expected HTTP status.

Roles: anonymous; a subscriber (alerts have no login: an anonymous visitor holding the tokens of their own
confirmed subscription); staff of ministry A; staff of ministry B; a superuser. Every item in the world
belongs to ministry A, so a row shows "own ministry" under staff_a and "other ministry" under staff_b.
Staff use both an admin session and an API token (the API authenticates by token only).

A second test walks every named URL pattern (django.urls.get_resolver) and fails when one outside the
Django admin's own views is missing from the table, so a new view cannot be forgotten."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from alerts import services as alerts
from alerts import tokens as alerts_tokens
from alerts.models import Recipient
from letters.models import LetterStatus
from motions.models import MotionStatus
from public.kinds import item_url
from tests.factories import MinistryFactory, make_commitment, make_letter, make_motion, make_staff

ROLES = ("anon", "subscriber", "staff_a", "staff_b", "superuser")
BAD_TOKEN = "geen-geldig-token"


def r(name, *args, **kwargs):
    return lambda w, role: reverse(name, args=[a(w) if callable(a) else a for a in args], kwargs=kwargs)


def public(key, suffix=""):
    return lambda w, role: item_url(w[key]) + suffix


def alert(name, purpose):
    """The subscriber's own signed token; everybody else can only guess one."""
    return lambda w, role: reverse(
        name,
        kwargs={"token": alerts_tokens.make_token(w["subscription"], purpose) if role == "subscriber" else BAD_TOKEN},
    )


def pk(key):
    return lambda w: w[key].pk


def admin(model, view, key=None, *extra):
    args = ([pk(key)] if key else []) + list(extra)
    return r(f"admin:{model}_{view}", *args)


def api_transition(kind, key, to):
    return r(f"api:{kind}-transition", pk(key)), {"to": to, "reason": "matrix"}


ALL_200 = dict.fromkeys(ROLES, 200)
LOGIN_ONLY = {"anon": 302, "subscriber": 302}  # the admin sends visitors to its login page


def staff(own, other, anonymous=LOGIN_ONLY):
    return {**anonymous, "staff_a": own, "staff_b": other, "superuser": own}


TOKEN_WRITE = {"anon": 401, "subscriber": 401, "staff_a": 200, "staff_b": 403, "superuser": 200}

# (url name, method, url builder or (builder, POST data), {role: expected status})
MATRIX = [
    # Public pages and feeds: the same for everybody.
    ("public:home", "get", r("public:home"), ALL_200),
    ("public:calendar", "get", r("public:calendar"), ALL_200),
    *[("public:list", "get", r("public:list", kind), ALL_200) for kind in ("moties", "toezeggingen", "brieven")],
    *[("public:list_feed", "get", r("public:list_feed", k), ALL_200) for k in ("moties", "toezeggingen", "brieven")],
    *[("public:list_calendar", "get", r("public:list_calendar", k), ALL_200) for k in ("moties", "toezeggingen")],
    ("public:list_calendar", "get", r("public:list_calendar", "brieven"), dict.fromkeys(ROLES, 404)),  # no deadlines
    *[("public:detail", "get", public(key), ALL_200) for key in ("motion", "commitment", "sent_letter")],
    *[("public:item_feed", "get", public(key, "feed/"), ALL_200) for key in ("motion", "commitment", "sent_letter")],
    (
        "public:detail",
        "get",
        lambda w, role: item_url(w["sent_letter"]).replace(str(w["sent_letter"].pk), str(w["draft_letter"].pk)),
        dict.fromkeys(ROLES, 404),
    ),  # drafts are not public
    ("set_language", "post", (r("set_language"), {"language": "en", "next": "/"}), dict.fromkeys(ROLES, 302)),
    ("healthz", "get", r("healthz"), ALL_200),
    # Alerts: the token in the link is the only credential.
    ("alerts:subscribe", "get", r("alerts:subscribe"), ALL_200),
    ("alerts:confirm", "get", alert("alerts:confirm", "confirm"), {**dict.fromkeys(ROLES, 404), "subscriber": 200}),
    ("alerts:manage", "get", alert("alerts:manage", "manage"), {**dict.fromkeys(ROLES, 404), "subscriber": 200}),
    (
        "alerts:unsubscribe",
        "get",
        alert("alerts:unsubscribe", "unsubscribe"),
        {**dict.fromkeys(ROLES, 404), "subscriber": 200},
    ),
    (
        "alerts:stop",
        "get",
        lambda w, role: reverse(
            "alerts:stop",
            kwargs={
                "token": alerts_tokens.make_token(Recipient.of(w["subscription"]), "stop")
                if role == "subscriber"
                else BAD_TOKEN
            },
        ),
        {**dict.fromkeys(ROLES, 404), "subscriber": 200},
    ),
    # Admin: staff see and change their own ministry's items only.
    *[
        (f"admin:{m}_changelist", "get", admin(m, "changelist"), staff(200, 200))
        for m in ("motions_motion", "commitments_commitment", "letters_letter")
    ],
    ("admin:motions_motion_change", "get", admin("motions_motion", "change", "motion"), staff(200, 302)),
    (
        "admin:commitments_commitment_change",
        "get",
        admin("commitments_commitment", "change", "commitment"),
        staff(200, 302),
    ),
    ("admin:letters_letter_change", "get", admin("letters_letter", "change", "draft_letter"), staff(200, 302)),
    (
        "admin:motions_motion_transition",
        "get",
        admin("motions_motion", "transition", "motion", MotionStatus.IN_PROGRESS),
        staff(200, 404),
    ),
    (
        "admin:commitments_commitment_transition",
        "get",
        admin("commitments_commitment", "transition", "commitment", "voldaan"),
        staff(200, 404),
    ),
    (
        "admin:letters_letter_transition",
        "get",
        admin("letters_letter", "transition", "draft_letter", LetterStatus.FOR_DECISION),
        staff(200, 404),
    ),
    ("admin:letters_letter_intake", "get", admin("letters_letter", "intake", "draft_letter"), staff(200, 404)),
    ("admin:letters_letter_correct", "get", admin("letters_letter", "correct", "sent_letter"), staff(200, 404)),
    ("admin:letters_letter_correct", "post", admin("letters_letter", "correct", "sent_letter"), staff(200, 404)),
    ("admin:exports_overview_download", "get", r("admin:exports_overview_download", "A", "html"), staff(200, 404)),
    ("admin:exports_overview_download", "get", r("admin:exports_overview_download", "A", "csv"), staff(200, 404)),
    ("admin:exports_rappel_download", "get", r("admin:exports_rappel_download", "A", "xlsx"), staff(200, 404)),
    ("admin:exports_rappel_download", "get", r("admin:exports_rappel_download", "A", "html"), staff(200, 404)),
    # The Senate rappel intake: staff read in and confirm their own ministry's rappels only.
    *[
        (f"admin:senate_rappelintake_{view}", "get", admin("senate_rappelintake", view), staff(200, 200))
        for view in ("changelist", "add")
    ],
    (
        "admin:senate_rappelintake_change",
        "get",
        admin("senate_rappelintake", "change", "rappel_intake"),
        staff(200, 404),
    ),
    (
        "admin:senate_rappelintake_change",
        "post",
        admin("senate_rappelintake", "change", "rappel_intake"),
        staff(302, 404),
    ),
    # The workbench: every staff member's own, of their own ministry (the superuser's of every ministry).
    ("admin:workbench", "get", r("admin:workbench"), staff(200, 200)),
    # Everybody on the staff sets up their own second factor; nobody sees another's secret or QR code.
    ("admin:two_factor", "get", r("admin:two_factor"), staff(200, 200)),
    *[
        (
            f"admin:otp_totp_totpdevice_{view}",
            "get",
            r(f"admin:otp_totp_totpdevice_{view}", pk("totp_device")),
            staff(403, 403),
        )
        for view in ("config", "qrcode")
    ],
    # API: reads are public; status changes need a token of the item's ministry.
    ("api:api-root", "get", r("api:api-root"), ALL_200),
    ("api:schema", "get", r("api:schema"), ALL_200),
    ("api:docs", "get", r("api:docs"), ALL_200),
    *[
        (f"api:{kind}-list", "get", r(f"api:{kind}-list"), ALL_200)
        for kind in ("motion", "commitment", "letter", "dossier", "person", "party")
    ],
    *[
        (f"api:{kind}-detail", "get", r(f"api:{kind}-detail", pk(key)), ALL_200)
        for kind, key in [
            ("motion", "motion"),
            ("commitment", "commitment"),
            ("letter", "sent_letter"),
            ("dossier", "dossier"),
            ("person", "person"),
            ("party", "party"),
        ]
    ],
    ("api:letter-detail", "get", r("api:letter-detail", pk("draft_letter")), dict.fromkeys(ROLES, 404)),
    ("api:motion-transition", "post", api_transition("motion", "motion", MotionStatus.IN_PROGRESS), TOKEN_WRITE),
    ("api:commitment-transition", "post", api_transition("commitment", "commitment", "voldaan"), TOKEN_WRITE),
    (
        "api:letter-transition",
        "post",
        api_transition("letter", "draft_letter", LetterStatus.FOR_DECISION),
        {**TOKEN_WRITE, "staff_b": 404},
    ),  # another ministry's draft is not even found
]


@pytest.fixture
def world(db, django_user_model):
    cache.clear()  # API throttling counts per test
    a, b = MinistryFactory(abbreviation="A"), MinistryFactory(abbreviation="B")
    motion = make_motion(ministry=a, status=MotionStatus.ADOPTED, submitters=[])
    from core.models import Dossier, Party, Person

    party = Party.objects.create(abbreviation="MX", name="Matrixpartij")
    person = Person.objects.create(initials="M.", surname="Trix", party=party)
    dossier = Dossier.objects.create(number="36999", title="Matrixdossier")
    commitment = make_commitment(ministry=a)
    sent_letter = make_letter(ministry=a, status=LetterStatus.SENT)
    draft_letter = make_letter(ministry=a)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    holder = django_user_model.objects.create_user("holder", "holder@example.org", "x" * 16)
    totp_device = TOTPDevice.objects.create(user=holder, name="app", confirmed=True)
    subscription = alerts.subscribe(email="volger@example.org", kind="moties", query="").subscription
    alerts.confirm(subscription=subscription)
    users = {
        "staff_a": make_staff("staff_a", a),
        "staff_b": make_staff("staff_b", b),
        "superuser": django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16),
    }
    from senate.models import RappelIntake

    rappel_intake = RappelIntake.objects.create(ministry=a, text="Toezegging Iets (T09999)\nDe minister zegt toe.\n")
    return {
        "rappel_intake": rappel_intake,
        "motion": motion,
        "commitment": commitment,
        "sent_letter": sent_letter,
        "draft_letter": draft_letter,
        "party": party,
        "person": person,
        "dossier": dossier,
        "subscription": subscription,
        "users": users,
        "totp_device": totp_device,
    }


def client_for(world, role) -> Client:
    user = world["users"].get(role)
    if user is None:
        return Client()
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.force_login(user)
    return client


CASES = [pytest.param(row, role, id=f"{row[0]}-{i}-{role}") for i, row in enumerate(MATRIX) for role in ROLES]


@pytest.mark.parametrize("row, role", CASES)
def test_permission_matrix(world, row, role):
    name, method, target, expected = row
    builder, data = target if isinstance(target, tuple) else (target, None)
    url = builder(world, role)
    client = client_for(world, role)
    if method == "post":
        response = (
            client.post(url, data, content_type="application/json")
            if url.startswith("/api/")
            else client.post(url, data)
        )
    else:
        response = client.get(url)
    assert response.status_code == expected[role], (name, url, role, response.status_code)


# Django's own admin views (login, index, ...) and the standard per-model views of models that are not
# motions, commitments or letters; everything else must be in MATRIX.
ADMIN_BUILT_IN = re.compile(
    r"^admin:(index|login|logout|password_change(_done)?|autocomplete|jsi18n|view_on_site"
    r"|app_list|(?!(motions_motion|commitments_commitment|letters_letter)_)\w+_"
    r"(changelist|add|history|delete|change))$"
)


def named_patterns(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from named_patterns(
                pattern.url_patterns, f"{namespace}:{ns}" if namespace and ns else ns or namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_url_is_in_the_matrix():
    covered = {row[0] for row in MATRIX}
    # The motions/commitments/letters admins' own add/delete/history views are the admin's built-in ones.
    built_in = re.compile(r"^admin:(motions_motion|commitments_commitment|letters_letter)_(add|history|delete)$")
    missing = sorted(
        {
            name
            for name in named_patterns(get_resolver().url_patterns)
            if name not in covered
            and not ADMIN_BUILT_IN.match(name)
            and not built_in.match(name)
            and not name.startswith(("static", "djdt"))
        }
    )
    assert missing == [], f"named URL patterns missing from the permission matrix: {missing}"
