"""Tests for parsing.deadlines (plain Python, no Django needed)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsing.deadlines import (
    MONTH_NAMES,
    RECESS_KINDS,
    DeadlineParseError,
    ParsedDeadline,
    Precision,
    find_deadline_phrases,
    parse_deadline,
    standalone_phrase,
)

D = dt.date
TODAY = D(2026, 3, 15)
RECESSES = {
    ("voorjaarsreces", 2026): D(2026, 2, 14),
    ("krokusreces", 2026): D(2026, 2, 14),
    ("meireces", 2026): D(2026, 4, 24),
    ("zomerreces", 2026): D(2026, 7, 3),
    ("herfstreces", 2026): D(2026, 10, 16),
    ("kerstreces", 2026): D(2026, 12, 18),
    ("voorjaarsreces", 2027): D(2027, 2, 13),
    ("krokusreces", 2027): D(2027, 2, 13),
    ("zomerreces", 2027): D(2027, 7, 2),
}
EXAMPLES_MESSAGE = "verwacht bijvoorbeeld 'in de loop van 2027'"

Y, H, Q, M, DAY, S, R = (
    Precision.YEAR,
    Precision.HALF_YEAR,
    Precision.QUARTER,
    Precision.MONTH,
    Precision.DAY,
    Precision.SEASON,
    Precision.RECESS,
)


def _by_phrase(table):
    """phrase -> expected result, from rows of (expected result, the phrases that give it)."""
    cases = {phrase: expected for expected, phrases in table for phrase in phrases}
    assert len(cases) == sum(len(phrases) for _, phrases in table), "a phrase is listed twice"
    return cases


# Parsed with today=TODAY and recesses=RECESSES; these also parse without today.
WITH_A_YEAR = _by_phrase(
    [
        # years
        (
            (Y, D(2027, 1, 1), D(2027, 12, 31)),
            ["in de loop van 2027", "2027", "in 2027", "gedurende 2027", "in het jaar 2027"],
        ),
        ((Y, None, D(2027, 12, 31)), ["uiterlijk 2027"]),
        ((Y, None, D(2026, 12, 31)), ["voor 2027"]),
        # begin / medio / eind of a year (documented: first quarter, June-July, last quarter)
        ((Q, D(2027, 10, 1), D(2027, 12, 31)), ["eind 2027", "einde 2027", "eind van 2027"]),
        ((Q, None, D(2027, 12, 31)), ["uiterlijk eind 2027", "voor eind 2027", "voor het einde van 2027"]),
        ((Q, D(2025, 1, 1), D(2025, 3, 31)), ["begin 2025", "aan het begin van 2025"]),
        ((Q, None, D(2024, 12, 31)), ["voor begin 2025"]),
        ((Q, D(2026, 6, 1), D(2026, 7, 31)), ["medio 2026", "half 2026", "halverwege 2026"]),
        ((Q, None, D(2026, 5, 31)), ["voor medio 2026"]),
        # quarters
        ((Q, D(2027, 1, 1), D(2027, 3, 31)), ["Q1 2027", "q1-2027", "eerste kwartaal 2027", "1e kwartaal van 2027"]),
        ((Q, D(2027, 10, 1), D(2027, 12, 31)), ["Q4 van 2027"]),
        ((Q, D(2027, 4, 1), D(2027, 6, 30)), ["in het 2e kwartaal van 2027"]),
        ((Q, D(2027, 7, 1), D(2027, 9, 30)), ["derde kwartaal 2027"]),
        ((Q, None, D(2027, 12, 31)), ["uiterlijk in het laatste kwartaal van 2027"]),
        ((Q, None, D(2027, 3, 31)), ["voor Q2 2027"]),
        ((M, D(2027, 3, 1), D(2027, 3, 31)), ["eind Q1 2027"]),
        # half years
        ((H, D(2026, 1, 1), D(2026, 6, 30)), ["eerste helft 2026", "H1 2026"]),
        ((H, D(2026, 7, 1), D(2026, 12, 31)), ["tweede helft 2026", "H2 2026", "in de tweede helft van 2026"]),
        ((H, D(2027, 1, 1), D(2027, 6, 30)), ["het eerste halfjaar van 2027"]),
        ((M, D(2026, 7, 1), D(2026, 7, 31)), ["begin tweede helft 2026"]),
        # months
        ((M, D(2026, 3, 1), D(2026, 3, 31)), ["maart 2026", "in maart 2026", "mrt. 2026"]),
        ((M, D(2026, 3, 21), D(2026, 3, 31)), ["eind maart 2026"]),
        ((M, None, D(2026, 3, 31)), ["uiterlijk eind maart 2026"]),
        ((M, D(2026, 3, 1), D(2026, 3, 10)), ["begin maart 2026"]),
        ((M, D(2026, 3, 11), D(2026, 3, 20)), ["medio maart 2026"]),
        ((M, D(2026, 2, 11), D(2026, 2, 20)), ["half februari 2026"]),
        ((M, D(2028, 2, 21), D(2028, 2, 29)), ["eind februari 2028"]),
        ((M, D(2026, 4, 21), D(2026, 4, 30)), ["ultimo april 2026"]),
        ((M, None, D(2026, 2, 28)), ["voor maart 2026"]),
        ((M, D(2026, 5, 1), D(2026, 5, 31)), ["in de loop van mei 2026"]),
        # days
        ((DAY, D(2014, 12, 18), D(2014, 12, 18)), ["18 december 2014"]),
        ((DAY, None, D(2026, 6, 1)), ["uiterlijk 1 juni 2026"]),
        ((DAY, None, D(2026, 5, 31)), ["voor 1 juni 2026", "vóór 1 juni 2026", "voor 2026-06-01"]),
        ((DAY, D(2026, 6, 1), D(2026, 6, 1)), ["op 1 juni 2026", "2026-06-01", "1-6-2026", "01-06-2026", "1/6/2026"]),
        ((DAY, D(2027, 1, 1), D(2027, 1, 1)), ["per 1 januari 2027"]),
        ((DAY, D(2026, 1, 1), D(2026, 1, 1)), ["1 jan. 2026"]),
        ((DAY, D(2028, 2, 29), D(2028, 2, 29)), ["29 februari 2028"]),
        # seasons (astronomical: summer from 21 June, autumn until 20 December)
        ((S, None, D(2026, 6, 20)), ["voor de zomer 2026", "voor de zomer van 2026", "vóór de zomer van 2026"]),
        ((S, D(2026, 9, 1), D(2026, 9, 30)), ["na de zomer 2026"]),
        ((S, D(2026, 6, 21), D(2026, 9, 22)), ["in de zomer van 2026"]),
        ((S, D(2026, 9, 23), D(2026, 12, 20)), ["najaar 2026", "in het najaar van 2026", "herfst 2026"]),
        ((S, D(2027, 3, 21), D(2027, 6, 20)), ["voorjaar 2027", "lente 2027"]),
        ((S, None, D(2026, 12, 20)), ["voor de winter 2026"]),
        ((S, D(2026, 11, 22), D(2026, 12, 20)), ["eind van het najaar 2026"]),
        # recesses (the day before the recess starts)
        (
            (R, None, D(2026, 7, 2)),
            ["voor het zomerreces 2026", "voor het zomerreces van 2026", "uiterlijk voor het zomerreces 2026"],
        ),
        ((R, None, D(2026, 12, 17)), ["voor het kerstreces 2026"]),
        ((R, None, D(2026, 10, 15)), ["voor het herfstreces 2026"]),
        ((R, None, D(2027, 2, 12)), ["voor het voorjaarsreces 2027", "voor het krokusreces 2027"]),
    ]
)

# Parsed with today=TODAY and recesses=RECESSES; these need today.
WITHOUT_A_YEAR = _by_phrase(
    [
        ((Y, D(2026, 1, 1), D(2026, 12, 31)), ["dit jaar", "in de loop van het jaar"]),
        ((Y, D(2027, 1, 1), D(2027, 12, 31)), ["volgend jaar", "in de loop van volgend jaar"]),
        ((Q, None, D(2026, 12, 31)), ["voor het einde van het jaar", "voor het eind van dit jaar"]),
        ((Q, D(2026, 10, 1), D(2026, 12, 31)), ["eind dit jaar"]),
        ((Q, D(2027, 1, 1), D(2027, 3, 31)), ["begin volgend jaar"]),
        ((Q, D(2026, 4, 1), D(2026, 6, 30)), ["het tweede kwartaal van dit jaar"]),
        ((M, D(2026, 3, 21), D(2026, 3, 31)), ["eind maart", "eind deze maand"]),
        ((M, D(2027, 2, 1), D(2027, 2, 28)), ["in februari"]),  # February 2026 is over on TODAY
        ((M, D(2026, 4, 1), D(2026, 4, 30)), ["volgende maand"]),
        ((DAY, None, D(2026, 6, 1)), ["uiterlijk 1 juni"]),
        ((DAY, None, D(2026, 5, 31)), ["voor 1 juni a.s."]),
        ((DAY, D(2027, 3, 1), D(2027, 3, 1)), ["1 maart"]),  # 1 March 2026 is over on TODAY
        ((S, None, D(2026, 6, 20)), ["nog voor de zomer", "voor de zomer"]),
        ((S, D(2026, 9, 1), D(2026, 9, 30)), ["na de zomer"]),
        ((S, D(2026, 9, 23), D(2026, 12, 20)), ["dit najaar", "komend najaar"]),
        ((S, D(2027, 3, 21), D(2027, 6, 20)), ["volgend voorjaar"]),
        ((R, None, D(2026, 7, 2)), ["voor het zomerreces", "voor het komende zomerreces"]),
        ((R, None, D(2027, 2, 12)), ["voor het voorjaarsreces"]),  # the 2026 one has started on TODAY
        ((R, None, D(2026, 4, 23)), ["voor het meireces"]),
        ((R, None, D(2027, 7, 1)), ["voor het zomerreces van volgend jaar"]),
    ]
)

assert not WITH_A_YEAR.keys() & WITHOUT_A_YEAR.keys()
CASES = WITH_A_YEAR | WITHOUT_A_YEAR


@pytest.mark.parametrize("phrase", list(CASES))
def test_parse_deadline(phrase):
    precision, earliest, latest = CASES[phrase]
    parsed = parse_deadline(phrase, recesses=RECESSES, today=TODAY)
    assert parsed == ParsedDeadline(phrase=phrase, precision=precision, latest=latest, earliest=earliest)


@pytest.mark.parametrize("phrase", list(WITH_A_YEAR))
def test_phrases_with_a_year_do_not_need_today(phrase):
    precision, earliest, latest = WITH_A_YEAR[phrase]
    parsed = parse_deadline(phrase, recesses=RECESSES)
    assert (parsed.precision, parsed.earliest, parsed.latest) == (precision, earliest, latest)


@pytest.mark.parametrize(
    "phrase",
    [
        "  In de loop van   2027. ",
        "IN DE LOOP VAN 2027",
        "in\tde\nloop van 2027",
        "In de loop van 2027.",
    ],
)
def test_case_whitespace_and_trailing_period(phrase):
    parsed = parse_deadline(phrase)
    assert parsed.phrase == phrase.strip()
    assert (parsed.precision, parsed.earliest, parsed.latest) == (Y, D(2027, 1, 1), D(2027, 12, 31))


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("januari", 1),
        ("jan", 1),
        ("jan.", 1),
        ("februari", 2),
        ("feb", 2),
        ("febr.", 2),
        ("maart", 3),
        ("mrt", 3),
        ("april", 4),
        ("apr.", 4),
        ("mei", 5),
        ("juni", 6),
        ("jun", 6),
        ("juli", 7),
        ("jul.", 7),
        ("augustus", 8),
        ("aug", 8),
        ("september", 9),
        ("sep", 9),
        ("sept.", 9),
        ("oktober", 10),
        ("okt", 10),
        ("november", 11),
        ("nov.", 11),
        ("december", 12),
        ("dec", 12),
        ("DECEMBER", 12),
        ("Mrt.", 3),
    ],
)
def test_month_names_and_abbreviations(name, month):
    assert parse_deadline(f"15 {name} 2026").latest == D(2026, month, 15)
    assert parse_deadline(f"{name} 2026").earliest == D(2026, month, 1)


# -- phrases without a year ---------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "voor het einde van het jaar",
        "dit najaar",
        "voor de zomer",
        "na de zomer",
        "eind maart",
        "voor het zomerreces",
        "dit jaar",
        "volgend jaar",
        "volgende maand",
        "1 juni a.s.",
        "eerste kwartaal",
    ],
)
def test_phrase_without_year_needs_today(phrase):
    with pytest.raises(DeadlineParseError, match="zonder jaartal|vandaag"):
        parse_deadline(phrase, recesses=RECESSES)


@pytest.mark.parametrize(
    ("phrase", "today", "latest"),
    [
        ("voor de zomer", D(2026, 6, 20), D(2026, 6, 20)),
        ("voor de zomer", D(2026, 6, 21), D(2027, 6, 20)),
        ("voor het einde van het jaar", D(2026, 12, 31), D(2026, 12, 31)),
        ("dit najaar", D(2026, 12, 30), D(2026, 12, 20)),  # 'dit' stays in today's year
        ("komend najaar", D(2026, 12, 30), D(2027, 12, 20)),
        ("voor het zomerreces", D(2026, 7, 2), D(2026, 7, 2)),
        ("voor het zomerreces", D(2026, 7, 3), D(2027, 7, 1)),
        ("volgende maand", D(2026, 12, 5), D(2027, 1, 31)),
        ("na de zomer", D(2026, 10, 1), D(2027, 9, 30)),
    ],
)
def test_phrase_without_year_takes_the_next_occurrence(phrase, today, latest):
    assert parse_deadline(phrase, recesses=RECESSES, today=today).latest == latest


def test_today_may_be_a_datetime_and_recess_dates_may_be_datetimes():
    recesses = {("zomerreces", 2026): dt.datetime(2026, 7, 3, 0, 0)}
    parsed = parse_deadline("voor het zomerreces", recesses=recesses, today=dt.datetime(2026, 3, 1, 12, 0))
    assert parsed.latest == D(2026, 7, 2)
    assert type(parsed.latest) is dt.date


# -- recesses -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", RECESS_KINDS)
def test_every_recess_kind_is_looked_up(kind):
    recesses = {(kind, 2030): D(2030, 5, 10)}
    assert parse_deadline(f"voor het {kind} 2030", recesses=recesses) == ParsedDeadline(
        f"voor het {kind} 2030", Precision.RECESS, D(2030, 5, 9)
    )


@pytest.mark.parametrize(
    ("phrase", "recesses", "missing"),
    [
        ("voor het zomerreces 2030", RECESSES, "zomerreces 2030"),
        ("voor het kerstreces 2027", RECESSES, "kerstreces 2027"),
        ("voor het zomerreces 2026", None, "zomerreces 2026"),
        ("voor het zomerreces 2026", {}, "zomerreces 2026"),
        ("voor het meireces", RECESSES | {("meireces", 2026): D(2026, 3, 1)}, "meireces 2027"),
    ],
)
def test_missing_recess_date_is_named(phrase, recesses, missing):
    with pytest.raises(DeadlineParseError) as info:
        parse_deadline(phrase, recesses=recesses, today=TODAY)
    message = str(info.value)
    assert f"de begindatum van het {missing} ontbreekt in de recestabel" in message
    assert repr(phrase) in message


def test_missing_recess_message_lists_known_years():
    with pytest.raises(DeadlineParseError, match=r"bekende jaren voor het zomerreces: 2026, 2027"):
        parse_deadline("voor het zomerreces 2030", recesses=RECESSES)


# -- refused phrases ----------------------------------------------------------------------

BAD = {
    "binnenkort": None,
    "zo snel mogelijk": None,
    "z.s.m.": None,
    "zsm": None,
    "spoedig": None,
    "ergens in de toekomst": None,
    "2027-13-01": "bestaat niet",
    "31 februari 2026": "31-02-2026 (dag-maand-jaar) bestaat niet",
    "29 februari 2027": "bestaat niet",
    "30-02-2026": "bestaat niet",
    "32 maart 2026": "bestaat niet",
    "": "lege tekst",
    "   ": "lege tekst",
    ".": "lege tekst",
    "Q5 2027": None,
    "H3 2026": None,
    "vijfde kwartaal 2027": None,
    "maart 20266": None,
    "in de loop van": None,
    "voor": None,
    "12345": None,
    "1850": None,
    "in 2027 of 2028": None,
    "voor de zomer van 2026 of eerder": None,
    "na 1 juni 2026": "'na ...' heeft geen einddatum",
    "na 2027": "'na ...' heeft geen einddatum",
    "na het zomerreces 2026": "'na ...' heeft geen einddatum",
    "winter 2026": "een winter valt in twee jaren",
    "in de winter van 2026": "een winter valt in twee jaren",
    "tijdens het zomerreces 2026": "alleen de begindatum bekend",
    "het zomerreces 2026": "alleen de begindatum bekend",
    "uiterlijk het zomerreces 2026": "alleen de begindatum bekend",
    "eind 18 december 2014": "'eind' gaat alleen samen met",
    "begin het zomerreces 2026": "'begin' gaat alleen samen met",
    "op 2027": "'op' en 'per' verwachten een datum",
    "per maart 2026": "'op' en 'per' verwachten een datum",
    "rond de zomer": None,
    "tot 1 juni 2026": None,
}


@pytest.mark.parametrize("phrase", list(BAD))
def test_bad_phrases_are_refused_with_a_clear_message(phrase):
    with pytest.raises(DeadlineParseError) as info:
        parse_deadline(phrase, recesses=RECESSES, today=TODAY)
    message = str(info.value)
    assert repr(phrase.strip()) in message
    assert EXAMPLES_MESSAGE in message
    if BAD[phrase]:
        assert BAD[phrase] in message


@pytest.mark.parametrize("value", [None, 2027, D(2027, 1, 1)])
def test_non_text_is_refused(value):
    with pytest.raises(DeadlineParseError, match="verwacht tekst"):
        parse_deadline(value)


def test_types():
    assert issubclass(DeadlineParseError, ValueError)
    assert Precision.QUARTER == "quarter"
    assert {p.name for p in Precision} == {"DAY", "MONTH", "QUARTER", "HALF_YEAR", "YEAR", "SEASON", "RECESS"}
    parsed = parse_deadline("Q1 2027")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.latest = D(2027, 1, 1)
    error = DeadlineParseError("binnenkort", "reden")
    assert (error.phrase, error.reason) == ("binnenkort", "reden")


# -- properties ---------------------------------------------------------------------------

dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2199, 12, 31))


@given(dates)
def test_every_written_date_parses_to_itself(day):
    for phrase in (
        f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
        day.isoformat(),
        f"{day.day}-{day.month}-{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
    ):
        assert parse_deadline(phrase) == ParsedDeadline(phrase, Precision.DAY, day, day)
    assert parse_deadline(f"voor {day.isoformat()}").latest == day - dt.timedelta(days=1)
    assert parse_deadline(f"uiterlijk {day.isoformat()}").latest == day


@given(st.integers(1900, 2199), st.integers(1, 4))
def test_quarter_forms_agree(year, quarter):
    ordinal = ["eerste", "tweede", "derde", "vierde"][quarter - 1]
    forms = [
        f"Q{quarter} {year}",
        f"{ordinal} kwartaal {year}",
        f"{quarter}e kwartaal van {year}",
        f"in het {ordinal} kwartaal van {year}",
    ]
    results = {(p.precision, p.earliest, p.latest) for p in map(parse_deadline, forms)}
    assert len(results) == 1
    precision, earliest, latest = results.pop()
    assert precision is Precision.QUARTER
    assert earliest == D(year, 3 * quarter - 2, 1)
    assert latest == (D(year, 3 * quarter + 1, 1) - dt.timedelta(days=1) if quarter < 4 else D(year, 12, 31))


@given(st.integers(1900, 2199), st.integers(1, 12), st.sampled_from(["begin", "medio", "eind"]))
def test_parts_of_a_month_lie_inside_the_month(year, month, modifier):
    whole = parse_deadline(f"{MONTH_NAMES[month - 1]} {year}")
    part = parse_deadline(f"{modifier} {MONTH_NAMES[month - 1]} {year}")
    assert whole.earliest <= part.earliest <= part.latest <= whole.latest
    assert (part.latest == whole.latest) == (modifier == "eind")


@given(st.text(max_size=60), st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 1, 1)))
def test_parse_only_raises_deadline_parse_error(text, today):
    try:
        parsed = parse_deadline(text, recesses=RECESSES, today=today)
    except DeadlineParseError:
        return
    assert parsed.earliest is None or parsed.earliest <= parsed.latest


# -- finding phrases in running text ------------------------------------------------------


def test_find_in_de_loop_van():
    text = "De uitkomsten worden in de loop van 2027 verwacht."
    assert find_deadline_phrases(text) == [("in de loop van 2027", 21, 40)]


FIND_CASES = [
    ("Ik stuur u voor de zomer een brief.", ["voor de zomer"]),
    ("Ik stuur u vóór de zomer van 2026 een brief.", ["vóór de zomer van 2026"]),
    (
        "Dat gebeurt uiterlijk 1 juni 2026, en anders uiterlijk eind 2027.",
        ["uiterlijk 1 juni 2026", "uiterlijk eind 2027"],
    ),
    (
        "De evaluatie volgt in Q1 2027; de wet in het eerste kwartaal van 2028.",
        ["in Q1 2027", "in het eerste kwartaal van 2028"],
    ),
    (
        "Dit najaar ontvangt u de monitor, voor het zomerreces 2026 de brief.",
        ["Dit najaar", "voor het zomerreces 2026"],
    ),
    ("De minister informeert de Kamer eind maart.", ["eind maart"]),
    ("Het kabinet komt voor het einde van het jaar met een reactie.", ["voor het einde van het jaar"]),
    ("Medio 2026 volgt een besluit, na de zomer de uitwerking.", ["Medio 2026", "na de zomer"]),
    ("In de tweede helft van 2026 en H1 2027.", ["In de tweede helft van 2026", "H1 2027"]),
    ("Voor 1 juni a.s. ontvangt u bericht.", ["Voor 1 juni a.s."]),
    ("De brief (zie 2026-06-01) van 12 maart 2026 gaat over de wet uit 2015.", []),
    ("Een H2O-molecuul en Q10-tabletten; de zomer was warm; het voorjaarsoverleg.", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "phrases"), FIND_CASES)
def test_find_deadline_phrases(text, phrases):
    found = find_deadline_phrases(text)
    assert [phrase for phrase, _, _ in found] == phrases
    for phrase, start, end in found:
        assert text[start:end] == phrase
        parse_deadline(phrase, recesses=RECESSES, today=TODAY)  # every phrase found here parses


@given(st.text(max_size=200))
def test_find_spans_are_consistent(text):
    previous_end = 0
    for phrase, start, end in find_deadline_phrases(text):
        assert text[start:end] == phrase
        assert start >= previous_end
        previous_end = end


# Phrases of CASES that are only found in running text after an operator.
NEEDS_TRIGGER = {
    "2027",
    "maart 2026",
    "mrt. 2026",
    "18 december 2014",
    "2026-06-01",
    "1-6-2026",
    "01-06-2026",
    "1/6/2026",
    "1 jan. 2026",
    "29 februari 2028",
    "1 maart",
    "volgende maand",
}


@given(
    st.sampled_from(list(CASES)),
    st.sampled_from(["", "Zoals toegezegd ", "De minister stuurt "]),
    st.sampled_from(["", ".", " een brief.", ", zoals gevraagd."]),
)
def test_find_recovers_every_parsed_phrase(phrase, before, after):
    expected = f"uiterlijk {phrase}" if phrase in NEEDS_TRIGGER else phrase
    found = [p for p, _, _ in find_deadline_phrases(f"{before}{expected}{after}")]
    assert expected in found
    if phrase in NEEDS_TRIGGER:
        assert phrase not in [p for p, _, _ in find_deadline_phrases(f"{before}{phrase}{after}")]


def test_find_handles_no_break_spaces():
    text = "Uiterlijk\u00a01\u00a0juni\u00a02026 en vóór\u202fde zomer."
    assert find_deadline_phrases(text) == [
        ("Uiterlijk\u00a01\u00a0juni\u00a02026", 0, 21),
        ("vóór\u202fde zomer", 25, 38),
    ]


MEGABYTE = 1_000_000
PATHOLOGICAL = [
    "voor " * (MEGABYTE // 5),
    "in de loop van " * (MEGABYTE // 15),
    "voor de zomer van " * (MEGABYTE // 18),
    "voor" + " " * MEGABYTE + "x",
    "1" * MEGABYTE,
    "1 " * (MEGABYTE // 2),
    "2026-" * (MEGABYTE // 5),
    "1-1-" * (MEGABYTE // 4),
    "q1 " * (MEGABYTE // 3),
    "eind begin medio " * (MEGABYTE // 17),
    "het eerste " * (MEGABYTE // 11),
    "a" * MEGABYTE,
    "in 2027 " * (MEGABYTE // 8),
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: repr(t[:20]))
def test_find_is_fast_on_a_megabyte(text):
    started = time.perf_counter()
    find_deadline_phrases(text)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("text", PATHOLOGICAL[:6], ids=lambda t: repr(t[:20]))
def test_parse_is_fast_on_a_megabyte(text):
    started = time.perf_counter()
    with pytest.raises(DeadlineParseError):
        parse_deadline(text, today=TODAY)
    assert time.perf_counter() - started < 5


# -- forms letters use: weekdays, ordinals, ranges, relative periods, meetings ----------------------

LETTER_DAY = D(2024, 3, 5)  # a Tuesday


# (latest, earliest) and every phrase that parses to it with today=LETTER_DAY
FORMS_LETTERS_USE = _by_phrase(
    [
        ((D(2024, 9, 13), D(2024, 9, 13)), ["op vrijdag 13 september 2024"]),
        ((D(2024, 7, 18), None), ["uiterlijk 18de juli"]),
        ((D(2024, 6, 1), D(2024, 6, 1)), ["op 1e juni"]),
        ((D(2024, 7, 15), D(2024, 7, 13)), ["13 t/m 15 juli"]),
        ((D(2025, 7, 15), D(2025, 7, 13)), ["13 tot en met 15 juli 2025"]),
        ((D(2024, 7, 15), None), ["uiterlijk 13-15 juli"]),
        ((D(2024, 3, 31), D(2024, 1, 1)), ["dit kwartaal"]),
        ((D(2024, 6, 30), D(2024, 4, 1)), ["volgend kwartaal", "het komende kwartaal"]),
        ((D(2024, 3, 10), D(2024, 3, 4)), ["deze week"]),
        ((D(2024, 3, 17), D(2024, 3, 11)), ["volgende week", "komende week"]),
        ((D(2024, 3, 19), D(2024, 3, 5)), ["binnen twee weken", "binnen tien werkdagen"]),
        ((D(2024, 3, 15), D(2024, 3, 5)), ["binnen 10 dagen"]),
        ((D(2024, 4, 5), D(2024, 3, 5)), ["binnen een maand"]),
        ((D(2024, 9, 5), D(2024, 3, 5)), ["binnen een half jaar"]),
        ((D(2024, 12, 31), D(2024, 1, 1)), ["nog dit jaar"]),
        ((D(2024, 3, 31), D(2024, 3, 1)), ["nog deze maand"]),
        ((D(2024, 4, 15), None), ["vóór het commissiedebat van 16 april"]),
        ((D(2024, 6, 2), None), ["voorafgaand aan het notaoverleg op 3 juni 2024"]),
    ]
)


@pytest.mark.parametrize(
    ("phrase", "latest", "earliest"),
    [(phrase, latest, earliest) for phrase, (latest, earliest) in FORMS_LETTERS_USE.items()],
)
def test_forms_letters_use(phrase, latest, earliest):
    parsed = parse_deadline(phrase, today=LETTER_DAY)
    assert (parsed.latest, parsed.earliest) == (latest, earliest)
    again = parse_deadline(standalone_phrase(parsed))  # storable without the letter's date
    assert again.latest == parsed.latest
    assert again.earliest in (parsed.earliest, None)


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("op maandag 13 september 2024", "13-09-2024 is een vrijdag, geen maandag"),
        ("15 t/m 13 juli 2024", "de eerste dag van een reeks"),
        ("vóór het commissiedebat", "de datum van het commissiedebat staat er niet bij"),
        ("binnen twee weken", "datum van vandaag (today)"),
        ("binnen 0 dagen", "verwacht een termijn van 1 tot 400"),
    ],
)
def test_forms_letters_use_refused_with_a_reason(phrase, message):
    with pytest.raises(DeadlineParseError, match=re.escape(message)):
        parse_deadline(phrase, today=None if "twee weken" in phrase else LETTER_DAY)


def test_forms_letters_use_are_found_in_running_text():
    text = (
        "Ik stuur u vóór het commissiedebat Vreemdelingenbeleid de brief, binnen twee weken de cijfers, nog dit "
        "jaar de evaluatie, 13 t/m 15 juli de rapporten en op vrijdag 13 september 2024 het besluit."
    )
    assert [p for p, _, _ in find_deadline_phrases(text)] == [
        "vóór het commissiedebat",
        "binnen twee weken",
        "nog dit jaar",
        "13 t/m 15 juli",
        "op vrijdag 13 september 2024",
    ]
    assert find_deadline_phrases("Het debat over de week van de zee en het kwartaal van de zon.") == []
