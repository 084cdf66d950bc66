"""parsing.letters never crashes and stays linear in the size of its input."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsing.letters import analyse_letter

FRAGMENTS = [
    "Kamerstuk ",
    "Kamerstukken II 2013/14, ",
    "Tweede Kamer, vergaderjaar 2025–2026, ",
    "33 750 VI, nr. 63",
    "19 637",
    ", nr. ",
    "nr. ",
    "nrs. 1, 2 en 3",
    "-",
    "33835-242",
    "21501-32-1740",
    "kst-34775-X-87",
    "Handelingen II 2015/16, nr. 2653",
    "Aanhangsel Handelingen",
    "motie ",
    "de motie van het lid Van Hijum (CDA)",
    "door de leden Ceder (CU) en Dierderik van Dijk (SGP) ingediende motie",
    "c.s.",
    " en ",
    "Van ",
    "(",
    ")",
    "waarmee de motie wordt afgedaan",
    "heb ik toegezegd",
    "zoals toegezegd",
    "in de loop van 2027",
    "voor de zomer",
    "begin 2025",
    "Den Haag, 18 december 2014",
    "Datum\n7 april 2026",
    "Nr. 123",
    "De Staatssecretaris van Veiligheid en Justitie,\nF. Teeven",
    "€ 33.750",
    "21-11-2013",
    "070 370 79 11",
    "2511 DP",
    "7476377",
    "<sup>1</sup>",
    "¹",
    "1 ",
    "\n",
    "\n\n",
    " ",
    "  ",
    "-\n",
    "•",
    ". ",
    "**",
    "#",
    "[a](b)",
    "<b>",
    "0",
    "9",
    "12345",
    "Ⅻ",
    "\u00ad",
    "\x00",
    "\ufb01",
    "ß",
    "İ",
]

text_strategy = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=120).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=80).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_never_crashes_and_always_serialises(text):
    result = analyse_letter(text).to_dict()
    assert isinstance(result["kamerstuk_refs"], list)
    for ref in result["kamerstuk_refs"]:
        assert ref["dossier"].isdigit() and len(ref["dossier"]) == 5
        assert ref["text"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FRAGMENTS), st.integers(min_value=1, max_value=3000))
def test_long_repeats_of_one_fragment(fragment, count):
    analyse_letter(fragment * count).to_dict()


def adversarial(size: int) -> str:
    """Text that is all near-misses: digit runs, spaces, 'nr.' and 'Kamerstuk' repeats, half
    references, motion openings without an end, lines that look like footnotes."""
    blocks = [
        "1" * 5000,
        " " * 5000,
        "nr. " * 800,
        "Kamerstuk " * 500,
        "Kamerstukken II 2013/14, " * 200,
        "33 750 " * 600,
        "12 345-" * 600,
        "33.750, nr. " * 300,
        "Handelingen II 2015/16, nrs. " + "1, " * 1000,
        "de motie van de leden " + "Van Dijk en " * 400,
        "door het lid " + "Ceder (CU), " * 400 + "ingediende ",
        "motie-" * 800,
        "1 voetnoot\n2 voetnoot\n" * 200,
        "hoofdstuk\n\n" * 400,
        "woord,\n\n" * 400,
        "afge-\n\nbroken " * 300,
        "toegezegd in de loop van " * 200,
        # member lists that almost end in 'motie': each name must have a single parse
        ("de leden " + "Van Dijk (SGP) en " * 12 + "Ceder zijn er over de motie. ") * 20,
        ("het lid " + "De Jong en " * 13 + "a b c d motie ") * 20,
        ("door de leden " + "Dierderik van der Dijk, " * 13 + "Ceder wel niet zo een motie ") * 10,
        "A. " * 1500,
        "Nr. 1\n" * 300,
        "- " * 2000,
        "(" * 2000 + ")" * 2000,
        "<sup>" * 500 + "[" * 500,
    ]
    chunk = "".join(blocks)
    return (chunk * (size // len(chunk) + 1))[:size]


def _timed(text: str) -> float:
    start = time.perf_counter()
    analyse_letter(text)
    return time.perf_counter() - start


def test_adversarial_input_is_linear():
    one = adversarial(1_000_000)
    two = adversarial(2_000_000)
    _timed(one[:50_000])  # warm up
    first = min(_timed(one) for _ in range(2))
    second = min(_timed(two) for _ in range(2))
    assert first < 10, f"1 MB took {first:.1f} s"
    # Linear: twice the input, about twice the time (3x allows for noise and GC).
    assert second <= 3 * first + 0.5, f"1 MB {first:.2f} s, 2 MB {second:.2f} s"


def test_realistic_long_letter_is_fast():
    paragraph = (
        "Tijdens het algemeen overleg op 2 juli 2014 (Kamerstuk 19 637, nr. 1901) heb ik toegezegd uw Kamer "
        "een overzicht te sturen. De motie van het lid Van Hijum (CDA) wordt hiermee afgedaan. De resultaten "
        "worden in de loop van 2027 verwacht (Handelingen II 2015/16, nr. 2653).\n\n"
    )
    text = paragraph * (1_000_000 // len(paragraph))
    assert _timed(text) < 10
