"""The demo data: the real story of the voluntary return dossier (facts only: numbers, dates, names,
statuses) plus made-up examples, marked '[Voorbeeld]', so every page and reminder has something to
show. Idempotent: every row is looked up by its natural key first, and a status is only moved when
it is not yet where the story puts it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from commitments.models import Commitment, CommitmentStatus
from commitments.services import commitment_create, commitment_transition
from core.models import Chamber, Debate, Dossier, Ministry, Party, Person, PersonRole, Recess, StaffProfile
from letters.models import Letter, LetterStatus, LinkEffect
from letters.services import letter_advance, letter_create
from motions.models import Motion, MotionStatus
from motions.services import motion_create, motion_record_vote, motion_transition

D = dt.date
DEMO_PASSWORD = "kamertracker-demo"

MINISTRIES = [
    ("Ministerie van Justitie en Veiligheid", "JenV", "parlementaire-zaken@jenv.example"),
    ("Ministerie van Asiel en Migratie", "AenM", "parlementaire-zaken@aenm.example"),
    ("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "BZK", "parlementaire-zaken@bzk.example"),
]
PARTIES = [
    ("CDA", "Christen-Democratisch Appèl"),
    ("CU", "ChristenUnie"),
    ("SGP", "Staatkundig Gereformeerde Partij"),
    ("VVD", "Volkspartij voor Vrijheid en Democratie"),
    ("PVV", "Partij voor de Vrijheid"),
    ("GL-PvdA", "GroenLinks-PvdA"),
    ("D66", "Democraten 66"),
    ("SP", "Socialistische Partij"),
]
# (initials, prefix, surname, party)
PEOPLE = [
    ("Y.J.", "van", "Hijum", "CDA"),
    ("D.G.M.", "", "Ceder", "CU"),
    ("D.", "van", "Dijk", "SGP"),
    ("A.", "", "Azmani", "VVD"),
    ("M.C.G.", "", "Keijzer", "CDA"),
    ("F.", "", "Teeven", None),
    ("K.H.D.M.", "", "Dijkhoff", None),
    ("E.", "van der", "Burg", None),
]
RECESSES = [
    ("zomerreces", 2026, D(2026, 7, 3), D(2026, 8, 31)),
    ("herfstreces", 2026, D(2026, 10, 16), D(2026, 10, 26)),
    ("kerstreces", 2026, D(2026, 12, 18), D(2027, 1, 11)),
    ("krokusreces", 2027, D(2027, 2, 12), D(2027, 2, 22)),
    ("meireces", 2027, D(2027, 4, 23), D(2027, 5, 10)),
    ("zomerreces", 2027, D(2027, 7, 2), D(2027, 8, 30)),
]
VENJ_SECRETARY = "Staatssecretaris van Veiligheid en Justitie"
JENV_SECRETARY = "Staatssecretaris van Justitie en Veiligheid"
AENM_MINISTER = "Minister van Asiel en Migratie"
# (surname, kind, function, ministry, start, end)
ROLES = [
    ("Teeven", "staatssecretaris", VENJ_SECRETARY, "JenV", D(2012, 11, 5), D(2015, 3, 10)),
    ("Dijkhoff", "staatssecretaris", VENJ_SECRETARY, "JenV", D(2015, 3, 20), D(2017, 10, 26)),
    ("Burg", "staatssecretaris", JENV_SECRETARY, "JenV", D(2022, 1, 10), D(2024, 7, 2)),
]
# (username, ministry, first name, last name): staff of a ministry
STAFF = [("jenv", "JenV", "Jet", "de Vries"), ("aenm", "AenM", "Amir", "Bakker")]
# The made-up motions 29 344, nr. 9xx: (nr, status, deadline phrase, ministry)
EXAMPLE_MOTIONS = [
    ("901", MotionStatus.IN_PROGRESS, "voor de zomer van 2026", "AenM"),
    ("902", MotionStatus.ADOPTED, "Q1 2027", "AenM"),
    ("903", MotionStatus.HELD, "", "JenV"),
    ("904", MotionStatus.REJECTED, "", "JenV"),
    ("905", MotionStatus.SUBMITTED, "", "AenM"),
]
# the path each made-up motion walks to its status
EXAMPLE_MOTION_PATHS = {
    MotionStatus.IN_PROGRESS: [MotionStatus.SUBMITTED, MotionStatus.ADOPTED, MotionStatus.IN_PROGRESS],
    MotionStatus.ADOPTED: [MotionStatus.SUBMITTED, MotionStatus.ADOPTED],
    MotionStatus.HELD: [MotionStatus.SUBMITTED, MotionStatus.HELD],
    MotionStatus.REJECTED: [MotionStatus.SUBMITTED, MotionStatus.REJECTED],
    MotionStatus.SUBMITTED: [MotionStatus.SUBMITTED],
}
# The made-up commitments: (number, ministry, made on, deadline phrase (None: a week after the day the demo
# is loaded), whether that ministry's staff member is responsible), each made by its ministry's EXAMPLE_MAKERS
# and with its text in EXAMPLE_TEXTS. The last one lapses; it is made after TZ202604-904's postponement is sent.
EXAMPLE_COMMITMENTS = [
    ("TZ202601-901", "AenM", D(2026, 1, 22), "voor de zomer van 2026", True),
    ("TZ202602-902", "AenM", D(2026, 2, 5), None, False),
    ("TZ202603-903", "JenV", D(2026, 3, 12), "eind 2026", True),
    ("TZ202604-904", "AenM", D(2026, 4, 16), "1 oktober 2026", False),
    ("TZ202409-905", "JenV", D(2024, 9, 18), "eind 2024", False),
]
EXAMPLE_MAKERS = {"AenM": AENM_MINISTER, "JenV": JENV_SECRETARY}
EXAMPLE_TEXTS = {
    "TZ202601-901": "De minister stuurt de Kamer de evaluatie van de landelijke terugkeerpilots.",
    "TZ202602-902": "De minister informeert de Kamer over de voortgang van de terugkeerafspraken met herkomstlanden.",
    "TZ202603-903": "De staatssecretaris stuurt de Kamer een reactie op het rapport over vreemdelingenbewaring.",
    "TZ202604-904": "De minister zendt de Kamer de uitwerking van het terugkeerconvenant met gemeenten.",
    "TZ202409-905": "De staatssecretaris onderzoekt een landelijke meldlijn voor terugkeervragen.",
}


def _person(surname: str) -> Person:
    return Person.objects.get(surname=surname)


def _party(abbr: str) -> Party:
    return Party.objects.get(abbreviation=abbr)


def _ministry(abbr: str) -> Ministry:
    return Ministry.objects.get(abbreviation=abbr)


def _dossier(number: str, suffix: str, title: str) -> Dossier:
    return Dossier.objects.get_or_create(number=number, suffix=suffix, defaults={"title": title})[0]


def _motion(ref, **kwargs) -> Motion:
    existing = Motion.objects.filter(ref=ref).first()
    return existing or motion_create(ref=ref, **kwargs)


def _submitters(*surnames: str) -> list[tuple[Person, Party]]:
    """Each member with the party PEOPLE gives them."""
    party_of = {surname: party for _, _, surname, party in PEOPLE}
    return [(_person(surname), _party(party_of[surname])) for surname in surnames]


def _adopted_motion(ref, by, *, vote_date=None, **kwargs) -> Motion:
    """The motion, with the House's vote adopting it recorded if it has not been yet."""
    motion = _motion(ref, by=by, **kwargs)
    if motion.status == MotionStatus.SUBMITTED:
        motion_record_vote(
            motion=motion, outcome=MotionStatus.ADOPTED, vote_date=vote_date, by=by, reason="Demo: stemming"
        )
    return motion


def _move_motion(motion: Motion, path: list[str], by, reason: str):
    """Walk the motion along ``path`` from wherever it is now."""
    motion.refresh_from_db()
    if motion.status in path:
        path = path[path.index(motion.status) + 1 :]
    for status in path:
        motion_transition(motion=motion, to=status, by=by, reason=reason)


def _letter(subject: str, **kwargs) -> tuple[Letter, bool]:
    existing = Letter.objects.filter(subject=subject).first()
    if existing:
        return existing, False
    links = kwargs.pop("links", ())
    return letter_create(subject=subject, links=links, **kwargs), True


def _send(letter: Letter, by):
    letter_advance(letter=letter, to=LetterStatus.SENT, by=by, reason="Demo")


def _sent_letter(subject: str, by, **kwargs) -> Letter:
    letter, _ = _letter(subject, **kwargs)
    _send(letter, by)
    return letter


def _commitment(*, text: str, **kwargs) -> Commitment:
    key = {"number": kwargs["number"]} if kwargs.get("number") else {"text": text}
    existing = Commitment.objects.filter(**key).first()
    return existing or commitment_create(text=text, **kwargs)


def _senate_commitment(by) -> Commitment:
    """The Senate's commitment T01237 (a written consultation of 2009 on the equal treatment directive),
    as its registry records it, told in our own words."""
    existing = Commitment.objects.filter(senate_number="T01237").first()
    if existing:
        return existing
    return commitment_create(
        chamber=Chamber.EERSTE_KAMER,
        senate_number="T01237",
        text="Komt het voorstel voor de richtlijn gelijke behandeling in de fase van besluitvorming, dan stuurt het "
        "kabinet de Eerste Kamer vóór de Raad die erover beslist de definitieve (concept)tekst van de richtlijn.",
        made_by_function="Staatssecretaris voor Europese Zaken",
        ministry=_ministry("BZK"),
        made_on=D(2009, 4, 7),
        deadline_phrase="1 januari 2024",
        committee="commissie voor Binnenlandse Zaken (BIZA)",
        activity_type="Schriftelijk overleg",
        category="overig",
        subjects=["discriminatie", "gelijke behandeling", "richtlijnen"],
        former_responsible_ministers="Staatssecretaris van Buitenlandse Zaken",
        responsible_ministers="Minister van Binnenlandse Zaken en Koninkrijksrelaties",
        senate_dossiers=[
            _dossier("22112", "", "Nieuwe Commissievoorstellen en initiatieven van de lidstaten van de Europese Unie"),
            _dossier("31544", "", "Europees voorstel voor richtlijn gelijke behandeling"),
        ],
        passages=[
            (
                "Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 2",
                "De commissie vraagt de definitieve richtlijntekst ruim vóór de Raad te ontvangen, zodat er nog tijd "
                "is voor (nader) overleg.",
            ),
            (
                "Kamerstukken I 2008/09, 22 112 / 31 544, CK, p. 3",
                "Het kabinet antwoordt dat het de definitieve (concept)versie vóór de Raad stuurt zodra de stukken "
                "er zijn en het voorstel in de besluitvormende fase is.",
            ),
        ],
        by=by,
    )


@transaction.atomic
def load_demo(*, today: dt.date | None = None, log=print) -> dict:
    today = today or timezone.localdate()
    User = get_user_model()
    for name, abbr, email in MINISTRIES:
        Ministry.objects.get_or_create(abbreviation=abbr, defaults={"name": name, "parliamentary_affairs_email": email})
    for abbr, name in PARTIES:
        Party.objects.get_or_create(abbreviation=abbr, defaults={"name": name})
    for initials, prefix, surname, party in PEOPLE:
        Person.objects.get_or_create(
            surname=surname,
            prefix=prefix,
            defaults={"initials": initials, "party": _party(party) if party else None},
        )
    for kind, year, start, end in RECESSES:
        Recess.objects.get_or_create(kind=kind, year=year, defaults={"start": start, "end": end})
    for surname, kind, function, ministry, start, end in ROLES:
        PersonRole.objects.get_or_create(
            person=_person(surname),
            function=function,
            defaults={"kind": kind, "ministry": _ministry(ministry), "start": start, "end": end},
        )

    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser("admin", "admin@kamertracker.example", DEMO_PASSWORD)
    staff = {}
    for username, abbr, first, last in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username,
                f"{username}@kamertracker.example",
                DEMO_PASSWORD,
                is_staff=True,
                first_name=first,
                last_name=last,
            )
            from django.contrib.auth.models import Permission

            user.user_permissions.set(
                Permission.objects.filter(content_type__app_label__in=["motions", "commitments", "letters"])
            )
        StaffProfile.objects.get_or_create(user=user, defaults={"ministry": _ministry(abbr)})
        staff[abbr] = user

    d29344 = _dossier("29344", "", "Terugkeerbeleid")
    d33750 = _dossier(
        "33750",
        "VI",
        "Vaststelling van de begrotingsstaten van het Ministerie van Veiligheid en Justitie (VI) voor het jaar 2014",
    )
    _dossier("19637", "", "Vreemdelingenbeleid")
    d36871 = _dossier("36871", "", "Wet tweestatusstelsel")
    jenv, aenm = _ministry("JenV"), _ministry("AenM")

    def jenv_letter(subject: str, sender: str, **kwargs) -> Letter:
        """A sent letter of the 29 344 story from a state secretary of Security and Justice."""
        fields = {"dossier": d29344, "ministry": jenv, "sender_function": VENJ_SECRETARY} | kwargs
        return _sent_letter(subject, admin, sender=_person(sender), **fields)

    # 1. Motion Van Hijum, 33 750 VI, nr. 63 (21 November 2013), answered by the 2014 WODC letter.
    van_hijum = _adopted_motion(
        "33 750 VI, nr. 63",
        admin,
        title="Motie van het lid Van Hijum over vergroten van de effectiviteit van het terugkeerbeleid",
        dossier=d33750,
        submitted_on=D(2013, 11, 21),
        ministry=jenv,
        submitters=_submitters("Hijum"),
    )
    jenv_letter(
        "Reactie op WODC-onderzoek naar variatie in zelfstandige terugkeer en op de motie Van Hijum",
        "Teeven",
        ref="29 344, nr. 120",
        links=[(van_hijum, LinkEffect.SETTLES, "")],
    )

    # 2. Commitment from the committee debate of 2 July 2014 (19 637, nr. 1901), fulfilled by 29 344, nr. 123.
    ao = Debate.objects.get_or_create(
        title="Algemeen overleg opvang en terugkeer van asielzoekers",
        date=D(2014, 7, 2),
        defaults={"kind": "Algemeen overleg", "report_ref": "kst-19637-1901"},
    )[0]
    c2014 = _commitment(
        text="De staatssecretaris stuurt de Kamer een overzicht van de wijze waarop vrijwillige terugkeer kan worden gestimuleerd en verbeterd.",
        made_by=_person("Teeven"),
        made_by_function=VENJ_SECRETARY,
        ministry=jenv,
        made_on=D(2014, 7, 2),
        debate=ao,
        deadline_phrase="eind 2014",
        by=admin,
    )
    jenv_letter(
        "Toezegging algemeen overleg 2 juli 2014 over vrijwillige terugkeer",
        "Teeven",
        ref="29 344, nr. 123",
        date=D(2014, 12, 18),
        links=[(c2014, LinkEffect.SETTLES, "")],
    )

    # 3. The House's request for a reaction to newspaper articles, answered by 29 344, nr. 131.
    jenv_letter(
        "Reactie op berichtgeving over mislukte uitzettingen", "Dijkhoff", ref="29 344, nr. 131", date=D(2016, 8, 12)
    )

    # 4. Motion Ceder / Van Dijk, 36 871, nr. 67, adopted 31 March 2026, settled by the letter the
    #    decision memo of 7 April 2026 accompanies; the EMN study's results follow "in de loop van 2027".
    ceder = _adopted_motion(
        "36 871, nr. 67",
        admin,
        vote_date=D(2026, 3, 31),
        title="Motie van de leden Ceder en Diederik van Dijk over onderzoek naar vrijwillige terugkeer",
        dossier=d36871,
        submitted_on=D(2026, 3, 24),
        ministry=aenm,
        submitters=_submitters("Ceder", "Dijk"),
    )
    ceder_letter, _ = _letter(
        "Uitvoering motie Ceder en Van Dijk over onderzoek naar vrijwillige terugkeer",
        date=D(2026, 4, 7),
        dossier=d36871,
        ministry=aenm,
        sender_function=AENM_MINISTER,
        internal_reference="7476377",
        links=[(ceder, LinkEffect.SETTLES, "")],
    )
    _commitment(
        text="De Kamer wordt geïnformeerd over de uitkomsten van het vergelijkend EMN-onderzoek naar terugkeerondersteuning in andere EU-lidstaten.",
        made_by_function=AENM_MINISTER,
        ministry=aenm,
        made_on=D(2026, 4, 7),
        source_letter=ceder_letter,
        motion=ceder,
        deadline_phrase="in de loop van 2027",
        by=admin,
        responsible=staff["AenM"],
        is_public=ceder_letter.status == LetterStatus.SENT,
    )
    _send(ceder_letter, admin)

    # Made-up examples so that every page and reminder has something to show.
    examples = _dossier("29344", "", "Terugkeerbeleid")
    for i, (nr, status, phrase, ministry) in enumerate(EXAMPLE_MOTIONS):
        m = _motion(
            f"29 344, nr. {nr}",
            title=f"[Voorbeeld] Motie over terugkeerondersteuning, onderdeel {i + 1}",
            text="Voorbeeldtekst: verzoekt de regering de Kamer te informeren.",
            dossier=examples,
            submitted_on=D(2026, 2, 10),
            ministry=_ministry(ministry),
            deadline_phrase=phrase,
            submitters=_submitters("Azmani", "Keijzer"),
            by=admin,
            responsible=staff.get(ministry),
        )
        _move_motion(m, EXAMPLE_MOTION_PATHS[status], admin, "Demo")

    def example_commitment(number, ministry, made_on, phrase, responsible) -> Commitment:
        return _commitment(
            text=f"[Voorbeeld] {EXAMPLE_TEXTS[number]}",
            number=number,
            made_by_function=EXAMPLE_MAKERS[ministry],
            ministry=_ministry(ministry),
            made_on=made_on,
            deadline_phrase=phrase or (today + dt.timedelta(days=7)).isoformat(),
            by=admin,
            **({"responsible": staff[ministry]} if responsible else {}),
        )

    *made_up, to_lapse = EXAMPLE_COMMITMENTS
    overdue, _, _, postponed = (example_commitment(*row) for row in made_up)
    _sent_letter(
        "[Voorbeeld] Uitstelbrief uitwerking terugkeerconvenant",
        admin,
        date=D(2026, 9, 24),
        dossier=d29344,
        ministry=aenm,
        sender_function=AENM_MINISTER,
        links=[(postponed, LinkEffect.POSTPONES, "Q1 2027")],
    )
    lapsed = example_commitment(*to_lapse)
    if lapsed.status == CommitmentStatus.OPEN:
        commitment_transition(
            commitment=lapsed,
            to=CommitmentStatus.LAPSED,
            by=admin,
            reason="Demo: vervallen met het aantreden van een nieuw kabinet",
        )
    _senate_commitment(admin)
    _letter(
        "[Voorbeeld] Conceptbrief evaluatie terugkeerpilots",
        ministry=aenm,
        dossier=d29344,
        internal_notes="Concept, nog niet afgestemd.",
        links=[(overdue, LinkEffect.SETTLES, "")],
    )
    return {
        "motions": Motion.objects.count(),
        "commitments": Commitment.objects.count(),
        "letters": Letter.objects.count(),
        "password": DEMO_PASSWORD,
    }
