"""Vague Dutch deadline phrases ("in de loop van 2027", "voor de zomer", "Q1 2027").

:func:`parse_deadline` turns one phrase into a :class:`ParsedDeadline`: the latest
date by which the commitment is due, the earliest date of the window the phrase
names (None when the phrase only gives an upper bound, as with "voor" and
"uiterlijk") and the precision of the period named. :func:`find_deadline_phrases`
finds candidate phrases in running text.

A phrase is ``[operator] [begin|medio|eind] period``.

Periods
    day ("18 december 2014", "2026-06-01", "1-6-2026"), month ("maart 2026",
    "mrt. 2026"), quarter ("Q1 2027", "eerste kwartaal van 2027"), half year
    ("H1 2026", "tweede helft 2026"), year ("2027", "dit jaar", "volgend jaar"),
    season ("voorjaar", "zomer", "najaar", ...) and recess ("het zomerreces 2026").

Operators
    none, "in", "in de loop van", "gedurende", "tijdens": the whole period
    (earliest = its first day, latest = its last day).
    "op", "per": the same, for a day only.
    "uiterlijk", "ten laatste", "niet later dan": latest = last day, no earliest.
    "voor"/"vóór" (also "uiterlijk/nog/ruim voor"): latest = the day before the period
    starts ("voor 1 juni 2026" -> 31 May, "voor medio 2026" -> 31 May), no earliest; but "voor eind X" / "voor het
    einde van X" means "no later than the end of X" -> latest = last day of X.
    "na": only "na de zomer" (see below); other "na ..." phrases have no end and raise.

Documented choices
    * begin / medio / eind of a year: January-March, June-July, October-December
      (precision QUARTER): "begin 2025" -> latest 2025-03-31, "medio 2026" -> latest
      2026-07-31, "eind 2027" -> latest 2027-12-31 (earliest 2027-10-01).
      Of a half year or quarter: the first, middle or last month (MONTH).
      Of a month: days 1-10, 11-20, 21-end ("eind maart 2026" -> 2026-03-31).
      Of a season: its first, middle or last third. Not for days or recesses.
      "half" / "midden" / "halverwege" mean medio; "ultimo" / "einde" mean eind.
    * Seasons use fixed astronomical dates: voorjaar/lente 21 March-20 June, zomer
      21 June-22 September, najaar/herfst 23 September-20 December, winter from
      21 December. So "voor de zomer 2026" -> 2026-06-20 and "najaar 2026" ->
      2026-12-20. A winter straddles two years, so only "voor de winter" is accepted.
    * "na de zomer Y" is read as political usage ("after the summer recess"):
      September of Y (earliest 1 September, latest 30 September).
    * Recesses: ``recesses`` maps ``(kind, year) -> first day of the recess``, with
      year the calendar year in which the recess starts (kerstreces 2026 starts in
      December 2026). Only "voor het <kind>" is accepted (the end of a recess is not
      known): latest = the day before it starts. "krokusreces" and "voorjaarsreces"
      are looked up under their own names.
    * Phrases without a year need ``today``: "dit/deze ..." and "het jaar" mean
      today's year, "volgend(e) ..." next year, and otherwise ("voor de zomer",
      "komend najaar", "1 juni a.s.") the first occurrence whose latest date is not
      before today.
    * Numeric dates are day-month-year ("1-6-2026" is 1 June 2026) or ISO.
    * A day may carry its weekday ("vrijdag 13 september 2024"; a weekday that does
      not fit the date is refused), an ordinal ending ("18de juli", "1e juni") and a
      first day ("13 t/m 15 juli", "13 tot en met 15 juli", "13-15 juli": earliest
      13 July, latest 15 July).
    * Counted from ``today`` (a letter's own date): "dit kwartaal", "volgend kwartaal",
      "deze week", "volgende week" / "komende week" (Monday to Sunday of the next
      calendar week), "binnen twee weken", "binnen tien werkdagen", "binnen een maand",
      "binnen een half jaar" (latest = today plus that long; no earliest). "nog" before a
      period means "in" ("nog dit jaar").
    * A parliamentary meeting ("vóór het commissiedebat", "voorafgaand aan het
      notaoverleg") is a deadline only with its date ("vóór het commissiedebat van 16
      april 2024": latest the day before); without one the phrase is found but
      refused, as the date depends on which meeting is meant (the letter analyser
      looks it up among the debates the caller knows).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "DeadlineParseError",
    "ParsedDeadline",
    "Precision",
    "RECESS_KINDS",
    "MEETINGS",
    "find_deadline_phrases",
    "parse_deadline",
    "standalone_phrase",
]

RECESS_KINDS = ("zomerreces", "kerstreces", "herfstreces", "voorjaarsreces", "meireces", "krokusreces")

_EXAMPLES = (
    "verwacht bijvoorbeeld 'in de loop van 2027', 'eind 2027', 'Q1 2027', 'eerste helft 2026', "
    "'maart 2026', '1 juni 2026', 'voor de zomer van 2026', 'najaar 2026' of 'voor het zomerreces 2026'"
)


class DeadlineParseError(ValueError):
    """Raised for a phrase that is not (or not unambiguously) a deadline."""

    def __init__(self, phrase: object, reason: str | None = None) -> None:
        self.phrase = phrase
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(f"Kan de termijn {phrase!r} niet lezen{detail}; {_EXAMPLES}")


class Precision(str, Enum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    SEASON = "season"
    RECESS = "recess"


@dataclass(frozen=True)
class ParsedDeadline:
    phrase: str
    precision: Precision
    latest: dt.date
    earliest: dt.date | None = None


# -- regular expressions ------------------------------------------------------------
# Every quantifier is applied to a single token or a fixed word, never to a group that
# itself contains a quantifier, so matching stays linear in the length of the text.
# Whitespace runs are possessive (\s++, Python 3.11+): what follows a run never starts
# with whitespace, so giving characters back could not help and would only cost time.

#: The months as written in full, January first.
MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
# Every written form of a month, the abbreviations too.
_MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "febr": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_ABBREVIATIONS = [name for name in _MONTHS if name not in MONTH_NAMES]
_MONTH = (
    "(?:"
    + "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
    + "|(?:"
    + "|".join(sorted(_MONTH_ABBREVIATIONS, key=len, reverse=True))
    + r")\.?)(?![a-z])"
)
_YEAR = r"(?:19|20|21)[0-9][0-9](?![0-9])"
_THIS_YEAR = r"dit\s++jaar|het\s++lopende\s++jaar|het\s++jaar"
_NEXT_YEAR = r"volgende?\s++jaar|komend\s++jaar|het\s++volgende\s++jaar"
_UPCOMING = r"a\.s\.?|aanstaande"
_QUARTER_ORDINALS = {
    "eerste": 1,
    "1e": 1,
    "1ste": 1,
    "tweede": 2,
    "2e": 2,
    "2de": 2,
    "derde": 3,
    "3e": 3,
    "3de": 3,
    "vierde": 4,
    "4e": 4,
    "4de": 4,
    "laatste": 4,
}
_HALF_ORDINALS = {"eerste": 1, "1e": 1, "1ste": 1, "tweede": 2, "2e": 2, "2de": 2, "laatste": 2}
_SEASONS = {
    "voorjaar": "voorjaar",
    "lente": "voorjaar",
    "zomer": "zomer",
    "najaar": "najaar",
    "herfst": "najaar",
    "winter": "winter",
}
_SEASON_DAYS = {
    "voorjaar": ((3, 21), (6, 20)),
    "zomer": ((6, 21), (9, 22)),
    "najaar": ((9, 23), (12, 20)),
    "winter": ((12, 21), None),
}
_THIS = r"dit|deze"
_NEXT = r"volgend|volgende"
_LATER = r"komend|komende"


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _year_spec(name: str) -> str:
    """A year after a period: '2026', 'van 2026', 'van dit jaar', 'volgend jaar', 'a.s.'."""
    return (
        rf"(?:\s++(?:van\s++)?(?:(?P<{name}_year>{_YEAR})|(?P<{name}_this>{_THIS_YEAR})"
        rf"|(?P<{name}_next>{_NEXT_YEAR}))|\s++(?P<{name}_later>{_UPCOMING}))?"
    )


def _determiner(name: str) -> str:
    """'de', 'het', 'dit', 'deze', 'komend(e)', 'volgend(e)', 'het komende', 'de volgende'."""
    return (
        rf"(?:(?:de|het)\s++)?(?:(?:(?P<{name}_dthis>{_THIS})|(?P<{name}_dnext>{_NEXT})"
        rf"|(?P<{name}_dlater>{_LATER}))\s++)?"
    )


_VOOR = "v[oóÓ][oóÓ]r"
_OPERATOR = (
    r"(?P<op>in\s++de\s++loop\s++van|gedurende|tijdens|in|op|per|nog(?:\s++in)?|voorafgaand\s++aan"
    r"|uiterlijk\s++in|uiterlijk\s++op|uiterlijk\s++per|ten\s++laatste\s++in|ten\s++laatste|niet\s++later\s++dan"
    rf"|(?:uiterlijk|ruim|ruimschoots|nog|tijdig)\s++{_VOOR}|{_VOOR}|uiterlijk"
    r"|(?:kort|direct|vlak)\s++na|na)"
)
_MODIFIER = r"(?:aan\s++)?(?:het\s++)?(?P<mod>begin|medio|midden|halverwege|half|einde|eind|ultimo)(?:\s++van)?"
_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_ORDINAL = r"(?:ste|de|e)?"
_RANGE = r"\s++(?:t/m|tot\s++en\s++met)\s++|\s*+[-–]\s*+"
_DAY = (
    rf"(?:(?P<wd>{_alternatives(_WEEKDAYS)})\s++)?"
    rf"(?:(?P<range_d>[0-9]{{1,2}}){_ORDINAL}(?:{_RANGE}))?"
    rf"(?P<day_d>[0-9]{{1,2}}){_ORDINAL}\s++(?P<day_m>{_MONTH})"
    rf"(?:\s++(?P<day_y>{_YEAR})|\s++(?P<day_later>{_UPCOMING}))?"
    rf"|(?P<num_d>[0-9]{{1,2}})[-/.](?P<num_m>[0-9]{{1,2}})[-/.](?P<num_y>{_YEAR})"
    rf"|(?P<iso_y>{_YEAR})-(?P<iso_m>[0-9]{{1,2}})-(?P<iso_d>[0-9]{{1,2}})(?![0-9])"
)
_COUNTS = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
}
_UNITS = {
    "dag": "day",
    "dagen": "day",
    "werkdag": "workday",
    "werkdagen": "workday",
    "week": "week",
    "weken": "week",
    "maand": "month",
    "maanden": "month",
    "jaar": "year",
    "jaren": "year",
}
_WITHIN = (
    rf"binnen\s++(?P<within_n>[0-9]{{1,3}}|{_alternatives(_COUNTS)}|een\s++half|een\s++halve)"
    rf"\s++(?P<within_unit>{_alternatives(_UNITS)})"
)
_REL_QUARTER = (
    r"(?P<q_rel>dit|deze|het\s++lopende|volgend|volgende|komend|komende|het\s++volgende|het\s++komende)\s++kwartaal"
)
_REL_WEEK = r"(?P<w_rel>deze|volgende|komende|de\s++volgende|de\s++komende)\s++week"
# Parliamentary meetings whose date makes a deadline ('vóór het commissiedebat van 16 april').
MEETINGS = (
    "commissiedebat",
    "plenaire debat",
    "plenair debat",
    "debat",
    "notaoverleg",
    "wetgevingsoverleg",
    "algemeen overleg",
    "begrotingsbehandeling",
    "tweeminutendebat",
    "dertigledendebat",
    "rondetafelgesprek",
    "hoorzitting",
    "technische briefing",
)
_MEETING = rf"(?:het|de)\s++(?P<ev>{_alternatives(MEETINGS)})"
_EVENT = (
    rf"{_MEETING}(?:\s++(?:van|op)\s++(?P<ev_d>[0-9]{{1,2}}){_ORDINAL}\s++(?P<ev_m>{_MONTH})"
    rf"(?:\s++(?P<ev_y>{_YEAR})|\s++(?P<ev_later>{_UPCOMING}))?)?"
)
_QUARTER = (
    rf"(?:het\s++)?(?P<q_ord>{_alternatives(_QUARTER_ORDINALS)})\s++kwartaal{_year_spec('q')}"
    rf"|q(?P<qn>[1-4])(?:(?:\s++(?:van\s++)?|-)(?P<qn_year>{_YEAR}))?(?!\w)"
)
_HALF = (
    rf"(?:de\s++|het\s++)?(?P<h_ord>{_alternatives(_HALF_ORDINALS)})\s++(?:helft|halfjaar|jaarhelft)"
    rf"{_year_spec('h')}"
    rf"|h(?P<hn>[12])(?:(?:\s++(?:van\s++)?|-)(?P<hn_year>{_YEAR}))?(?!\w)"
)
_MONTH_PERIOD = (
    rf"(?:de\s++maand\s++)?(?P<m_name>{_MONTH}){_year_spec('m')}"
    r"|(?P<m_rel>deze|volgende|komende)\s++maand"
)
_SEASON = rf"{_determiner('s')}(?P<s_name>{_alternatives(_SEASONS)}){_year_spec('s')}"
_RECESS = rf"{_determiner('r')}(?P<r_kind>{_alternatives(RECESS_KINDS)}){_year_spec('r')}"
_YEAR_PERIOD = rf"(?:het\s++jaar\s++)?(?P<y_year>{_YEAR})|(?P<y_this>{_THIS_YEAR})|(?P<y_next>{_NEXT_YEAR})"
# Longest forms first: find_deadline_phrases takes the first alternative that matches.
_PERIOD = "|".join(
    f"(?:{part})"
    for part in (
        _DAY,
        _WITHIN,
        _REL_QUARTER,
        _REL_WEEK,
        _EVENT,
        _QUARTER,
        _HALF,
        _RECESS,
        _SEASON,
        _MONTH_PERIOD,
        _YEAR_PERIOD,
    )
)
# ASCII: case-insensitive matching must not let 'ſ' or 'K' (Kelvin) stand for 's' or 'k'.
_FLAGS = re.IGNORECASE | re.ASCII
_PHRASE_RE = re.compile(rf"(?:{_OPERATOR}\s++)?(?:{_MODIFIER}\s++)?(?:{_PERIOD})", _FLAGS)


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


# In running text a day, month or bare year only counts after an operator or modifier
# ("uiterlijk 1 juni 2026", "in 2027", "eind maart"); quarters, halves and seasons or
# recesses with a year or determiner ("dit najaar", "het zomerreces 2026") stand alone.
_STANDALONE = "|".join(
    (
        _QUARTER,
        _HALF,
        rf"(?:{_THIS}|{_NEXT}|{_LATER})\s++(?:{_alternatives(_SEASONS)}|{_alternatives(RECESS_KINDS)})",
        rf"(?:(?:de|het)\s++)?(?:{_alternatives(_SEASONS)}|{_alternatives(RECESS_KINDS)})\s++(?:van\s++)?{_YEAR}",
        rf"dit\s++jaar|{_NEXT_YEAR}",
        _WITHIN,
        _REL_QUARTER,
        _REL_WEEK,
        rf"[0-9]{{1,2}}{_ORDINAL}(?:{_RANGE})[0-9]{{1,2}}{_ORDINAL}\s++{_MONTH}(?:\s++{_YEAR})?",
    )
)
_FIND_RE = re.compile(
    _unnamed(rf"(?<!\w)(?:(?:{_OPERATOR}\s++(?:{_MODIFIER}\s++)?|{_MODIFIER}\s++)(?:{_PERIOD})|{_STANDALONE})(?!\w)"),
    _FLAGS,
)
# Non-ASCII whitespace (no-break spaces are common in official texts) becomes a plain
# space before searching; one character for one, so offsets stay the same.
_SPACES = {code: " " for code in range(0x80, 0x3001) if chr(code).isspace()}


# -- periods --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Period:
    start: dt.date
    end: dt.date | None  # None: the end is not known (recess, winter)
    precision: Precision
    no_end_reason: str = ""


# How the year of a period is found: given, today's, next year's, or the first
# occurrence that is not over yet.
_EXPLICIT, _THIS_Y, _NEXT_Y, _UPCOMING_Y = "explicit", "this", "next", "upcoming"


@dataclass(frozen=True)
class _Spec:
    build: Callable[[int], _Period]
    mode: str
    year: int | None = None


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _months(year: int, first: int, count: int, precision: Precision) -> _Period:
    start = dt.date(year, first, 1)
    end_index = _month_index(start) + count - 1
    return _Period(start, _last_day(end_index // 12, end_index % 12 + 1), precision)


def _date(phrase: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DeadlineParseError(phrase, f"{day:02d}-{month:02d}-{year} (dag-maand-jaar) bestaat niet") from None


def _season(name: str, year: int) -> _Period:
    (start_month, start_day), end = _SEASON_DAYS[name]
    start = dt.date(year, start_month, start_day)
    if end is None:
        return _Period(
            start, None, Precision.SEASON, "een winter valt in twee jaren; alleen 'voor de winter <jaar>' is eenduidig"
        )
    return _Period(start, dt.date(year, *end), Precision.SEASON)


def _recess(phrase: str, kind: str, year: int, recesses: Mapping | None) -> _Period:
    start = (recesses or {}).get((kind, year))
    if start is None:
        known = ", ".join(str(y) for k, y in sorted(recesses or {}) if k == kind) or "geen"
        raise DeadlineParseError(
            phrase,
            f"de begindatum van het {kind} {year} ontbreekt in de recestabel (bekende jaren voor het {kind}: {known})",
        )
    if isinstance(start, dt.datetime):
        start = start.date()
    return _Period(
        start, None, Precision.RECESS, "van een reces is alleen de begindatum bekend; gebruik 'voor het <reces>'"
    )


def _year_mode(groups: dict, name: str, default: str = _UPCOMING_Y) -> tuple[str, int | None]:
    if groups.get(f"{name}_year"):
        return _EXPLICIT, int(groups[f"{name}_year"])
    if groups.get(f"{name}_this") or groups.get(f"{name}_dthis"):
        return _THIS_Y, None
    if groups.get(f"{name}_next") or groups.get(f"{name}_dnext"):
        return _NEXT_Y, None
    return default, None


def _spec(phrase: str, g: dict, today: dt.date | None, recesses: Mapping | None) -> _Spec:
    """Which period the matched phrase names, as a function of its year."""
    if g["day_d"]:
        month, day = _MONTHS[g["day_m"].rstrip(".").lower()], int(g["day_d"])
        first, weekday = (int(g["range_d"]) if g["range_d"] else None), g["wd"]
        mode, year = (_EXPLICIT, int(g["day_y"])) if g["day_y"] else (_UPCOMING_Y, None)
        return _Spec(lambda y: _days(phrase, y, month, first, day, weekday), mode, year)
    if g["within_n"]:
        return _Spec(lambda y: _within(phrase, g, _needs_today(phrase, today)), _EXPLICIT, 0)
    if g["q_rel"]:
        start = _needs_today(phrase, today)
        index = (
            _month_index(start) // 3 + (0 if g["q_rel"].split()[-1].lower() in ("dit", "deze", "lopende") else 1)
        ) * 3
        first = _month_start(index)
        return _Spec(lambda y: _months(first.year, first.month, 3, Precision.QUARTER), _EXPLICIT, first.year)
    if g["w_rel"]:
        start = _needs_today(phrase, today)
        monday = (
            start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=0 if g["w_rel"].lower() == "deze" else 1)
        )
        return _Spec(lambda y: _Period(monday, monday + dt.timedelta(days=6), Precision.DAY), _EXPLICIT, monday.year)
    if g["ev"]:
        if not g["ev_d"]:
            raise DeadlineParseError(
                phrase,
                f"de datum van het {g['ev'].lower()} staat er niet bij; noem die, "
                f"bijvoorbeeld 'vóór het {g['ev'].lower()} van 16 april 2026'",
            )
        month, day = _MONTHS[g["ev_m"].rstrip(".").lower()], int(g["ev_d"])
        mode, year = (_EXPLICIT, int(g["ev_y"])) if g["ev_y"] else (_UPCOMING_Y, None)
        return _Spec(lambda y: _single_day(_date(phrase, y, month, day)), mode, year)
    for prefix in ("num", "iso"):
        if g[f"{prefix}_d"]:
            day = _date(phrase, int(g[f"{prefix}_y"]), int(g[f"{prefix}_m"]), int(g[f"{prefix}_d"]))
            return _Spec(lambda y: _single_day(day), _EXPLICIT, day.year)  # noqa: B023 - returned at once
    if g["q_ord"] or g["qn"]:
        quarter = _QUARTER_ORDINALS[g["q_ord"].lower()] if g["q_ord"] else int(g["qn"])
        mode, year = (_EXPLICIT, int(g["qn_year"])) if g["qn_year"] else _year_mode(g, "q")
        return _Spec(lambda y: _months(y, 3 * quarter - 2, 3, Precision.QUARTER), mode, year)
    if g["h_ord"] or g["hn"]:
        half = _HALF_ORDINALS[g["h_ord"].lower()] if g["h_ord"] else int(g["hn"])
        mode, year = (_EXPLICIT, int(g["hn_year"])) if g["hn_year"] else _year_mode(g, "h")
        return _Spec(lambda y: _months(y, 6 * half - 5, 6, Precision.HALF_YEAR), mode, year)
    if g["r_kind"]:
        kind = g["r_kind"].lower()
        return _Spec(lambda y: _recess(phrase, kind, y, recesses), *_year_mode(g, "r"))
    if g["s_name"]:
        name = _SEASONS[g["s_name"].lower()]
        return _Spec(lambda y: _season(name, y), *_year_mode(g, "s"))
    if g["m_name"]:
        month = _MONTHS[g["m_name"].rstrip(".").lower()]
        return _Spec(lambda y: _months(y, month, 1, Precision.MONTH), *_year_mode(g, "m"))
    if g["m_rel"]:
        if today is None:
            raise DeadlineParseError(phrase, "een relatieve maand vraagt om de datum van vandaag (today)")
        index = _month_index(today) + (0 if g["m_rel"].lower() == "deze" else 1)
        first = _month_start(index)
        return _Spec(lambda y: _months(first.year, first.month, 1, Precision.MONTH), _EXPLICIT, first.year)
    if g["y_year"]:
        return _Spec(lambda y: _months(y, 1, 12, Precision.YEAR), _EXPLICIT, int(g["y_year"]))
    return _Spec(lambda y: _months(y, 1, 12, Precision.YEAR), _THIS_Y if g["y_this"] else _NEXT_Y)


def _single_day(day: dt.date) -> _Period:
    return _Period(day, day, Precision.DAY)


def _days(phrase: str, year: int, month: int, first: int | None, day: int, weekday: str | None) -> _Period:
    """One day ('13 september 2024', checked against 'vrijdag'), or days of one month ('13 t/m 15 juli')."""
    last = _date(phrase, year, month, day)
    if weekday and _WEEKDAYS[last.weekday()] != weekday.lower():
        raise DeadlineParseError(phrase, f"{last:%d-%m-%Y} is een {_WEEKDAYS[last.weekday()]}, geen {weekday.lower()}")
    if first is None:
        return _single_day(last)
    if first >= day:
        raise DeadlineParseError(phrase, "de eerste dag van een reeks ligt voor de laatste ('13 t/m 15 juli')")
    return _Period(_date(phrase, year, month, first), last, Precision.DAY)


def _needs_today(phrase: str, today: dt.date | None) -> dt.date:
    if today is None:
        raise DeadlineParseError(phrase, "wordt gerekend vanaf de datum van vandaag (today), die ontbreekt")
    return today


def _within(phrase: str, g: dict, today: dt.date) -> _Period:
    """'binnen twee weken': from today until today plus that long."""
    count_text = " ".join(g["within_n"].lower().split())
    unit = _UNITS[g["within_unit"].lower()]
    if count_text in ("een half", "een halve"):
        count, unit = (6, "month") if unit == "year" else (None, unit)
        if count is None:
            raise DeadlineParseError(phrase, "alleen 'binnen een half jaar' wordt gelezen")
    else:
        count = int(count_text) if count_text.isdigit() else _COUNTS[count_text]
    if not 0 < count <= 400:
        raise DeadlineParseError(phrase, "verwacht een termijn van 1 tot 400")
    if unit == "day":
        end = today + dt.timedelta(days=count)
    elif unit == "week":
        end = today + dt.timedelta(weeks=count)
    elif unit == "workday":
        end, left = today, count
        while left:
            end += dt.timedelta(days=1)
            left -= end.weekday() < 5
    else:
        months = count * (12 if unit == "year" else 1)
        index = _month_index(today) + months
        target = _month_start(index)
        end = target.replace(day=min(today.day, calendar.monthrange(target.year, target.month)[1]))
    return _Period(today, end, Precision.DAY)


# -- begin / medio / eind -------------------------------------------------------------

_MODIFIERS = {
    "begin": "begin",
    "medio": "medio",
    "midden": "medio",
    "halverwege": "medio",
    "half": "medio",
    "eind": "eind",
    "einde": "eind",
    "ultimo": "eind",
}


def _part(period: _Period, mod: str, phrase: str) -> _Period:
    """The begin, middle or end part of a period (see the module docstring)."""
    if period.end is None or period.precision in (Precision.DAY, Precision.RECESS):
        raise DeadlineParseError(
            phrase, f"'{mod}' gaat alleen samen met een jaar, halfjaar, kwartaal, maand of seizoen"
        )
    if period.precision in (Precision.YEAR, Precision.HALF_YEAR, Precision.QUARTER):
        count = _month_index(period.end) - _month_index(period.start) + 1
        size = {"begin": max(1, count // 4), "eind": max(1, count // 4), "medio": 2 - count % 2}[mod]
        first = {"begin": 0, "eind": count - size, "medio": (count - size) // 2}[mod]
        start = _month_start(_month_index(period.start) + first)
        precision = Precision.QUARTER if period.precision is Precision.YEAR else Precision.MONTH
        return _months(start.year, start.month, size, precision)
    if period.precision is Precision.MONTH:
        first_day, last_day = {"begin": (1, 10), "medio": (11, 20), "eind": (21, period.end.day)}[mod]
        return _Period(period.start.replace(day=first_day), period.start.replace(day=last_day), Precision.MONTH)
    third = ((period.end - period.start).days + 1) // 3
    start = {
        "begin": period.start,
        "medio": period.start + dt.timedelta(days=third),
        "eind": period.end - dt.timedelta(days=third - 1),
    }[mod]
    end = {
        "begin": start + dt.timedelta(days=third - 1),
        "medio": start + dt.timedelta(days=third - 1),
        "eind": period.end,
    }[mod]
    return _Period(start, end, period.precision)


# -- operators ------------------------------------------------------------------------


def _operator(op: str | None) -> str:
    if not op:
        return "in"
    op = " ".join(op.lower().replace("ó", "o").split())
    if op.endswith("voor") or op == "voorafgaand aan":
        return "voor"
    if op == "na" or op.endswith(" na"):
        return "na"
    if op.startswith(("uiterlijk", "ten laatste", "niet later dan")):
        return "uiterlijk"
    if op in ("op", "per"):
        return "op"
    return "in"


def _apply(phrase: str, operator: str, mod: str | None, period: _Period, summer: bool) -> ParsedDeadline:
    if operator == "op" and period.precision is not Precision.DAY:
        raise DeadlineParseError(phrase, "'op' en 'per' verwachten een datum, zoals 'op 1 juni 2026'")
    if operator == "na":
        if not summer or mod:
            raise DeadlineParseError(phrase, "'na ...' heeft geen einddatum; alleen 'na de zomer' wordt gelezen")
        return ParsedDeadline(
            phrase, Precision.SEASON, dt.date(period.start.year, 9, 30), dt.date(period.start.year, 9, 1)
        )
    part = _part(period, mod, phrase) if mod else period
    if operator == "voor" and mod != "eind":
        return ParsedDeadline(phrase, part.precision, part.start - dt.timedelta(days=1))
    if part.end is None:
        raise DeadlineParseError(phrase, period.no_end_reason)
    if operator in ("voor", "uiterlijk"):
        return ParsedDeadline(phrase, part.precision, part.end)
    return ParsedDeadline(phrase, part.precision, part.end, part.start)


# -- public API -----------------------------------------------------------------------


def _as_date(value: dt.date | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def parse_deadline(
    phrase: str,
    *,
    recesses: Mapping[tuple[str, int], dt.date] | None = None,
    today: dt.date | None = None,
) -> ParsedDeadline:
    """Parse one Dutch deadline phrase; raise :class:`DeadlineParseError` when it cannot.

    ``recesses`` maps ``(kind, year)`` (kind one of :data:`RECESS_KINDS`) to the first
    day of that recess; ``today`` resolves phrases without a year ("voor de zomer",
    "dit najaar", "voor het einde van het jaar").
    """
    if not isinstance(phrase, str):
        raise DeadlineParseError(phrase, "verwacht tekst")
    written = phrase.strip()
    text = " ".join(written.split()).rstrip(".").strip()
    if not text:
        raise DeadlineParseError(written, "lege tekst")
    match = _PHRASE_RE.fullmatch(text)
    if match is None:
        raise DeadlineParseError(written)
    groups = match.groupdict()
    today = _as_date(today)
    spec = _spec(written, groups, today, recesses)
    operator = _operator(groups["op"])
    mod = _MODIFIERS[groups["mod"].lower()] if groups["mod"] else None
    summer = bool(groups["s_name"]) and _SEASONS[groups["s_name"].lower()] == "zomer"

    def at(year: int) -> ParsedDeadline:
        return _apply(written, operator, mod, spec.build(year), summer)

    if spec.mode == _EXPLICIT:
        return at(spec.year)
    if today is None:
        raise DeadlineParseError(written, "zonder jaartal is de datum van vandaag (today) nodig om het jaar te bepalen")
    if spec.mode == _THIS_Y:
        return at(today.year)
    if spec.mode == _NEXT_Y:
        return at(today.year + 1)
    result = at(today.year)
    return result if result.latest >= today else at(today.year + 1)


def find_deadline_phrases(text: str) -> list[tuple[str, int, int]]:
    """Candidate deadline phrases in running text, as ``(phrase, start, end)``.

    A phrase is found when it has an operator or begin/medio/eind ("in de loop van
    2027", "voor de zomer", "uiterlijk 1 juni 2026") or names a quarter, half year, or a
    season or recess with a year or determiner ("Q1 2027", "dit najaar"). Phrases
    without a year are returned too; resolving them (with ``today``) is up to the caller.
    """
    return [(text[m.start() : m.end()], m.start(), m.end()) for m in _FIND_RE.finditer(text.translate(_SPACES))]


def _written_day(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def standalone_phrase(parsed: ParsedDeadline) -> str:
    """A phrase that :func:`parse_deadline` reads without ``today`` to the same latest date (and,
    where it can be said, the same earliest): 'binnen twee weken' in a letter of 5 March 2024 ->
    'uiterlijk 19 maart 2024', 'dit kwartaal' -> 'Q1 2024'. For storing a relative deadline."""
    latest, earliest = parsed.latest, parsed.earliest
    if earliest is not None and earliest == latest:
        return f"op {_written_day(latest)}"
    if earliest is not None and earliest.day == 1 and latest == _last_day(latest.year, latest.month):
        months = _month_index(latest) - _month_index(earliest) + 1
        if months == 1:
            return f"{MONTH_NAMES[latest.month - 1]} {latest.year}"
        if months == 3 and earliest.month % 3 == 1:
            return f"Q{latest.month // 3} {latest.year}"
        if months == 12 and earliest.month == 1:
            return str(latest.year)
    return f"uiterlijk {_written_day(latest)}"
