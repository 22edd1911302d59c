"""The number reader (etl/numbers.py): one test per wording family, then properties on any text.

Each case names its family in its id; the expected tuple is (surface, value, low, high, qualifier,
kind, unit) of the mention the case is about. Hedges are tested from hedges.csv itself, so a row
added there is tested in its direction without touching this file.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.numbers import HEDGES, NumberMention, read_numbers

# (text, surface, value, low, high, qualifier, kind, unit)
CASES = {
    # digits: separators, decimals, signs
    "digits-plain": ("421 districts", "421", 421, 421, 421, None, "count", None),
    "digits-thousands-separator": ("1,000 troops", "1,000", 1000, 1000, 1000, None, "count", None),
    "digits-decimal": ("a 1.5 rise", "1.5", 1.5, 1.5, 1.5, None, "count", None),
    "digits-separator-and-decimal": (
        "1,234,567.89 in all",
        "1,234,567.89",
        1234567.89,
        1234567.89,
        1234567.89,
        None,
        "count",
        None,
    ),
    "digits-south-asian-grouping": (
        "3,40,000 people",
        "3,40,000",
        340000,
        340000,
        340000,
        None,
        "count",
        None,
    ),
    "digits-comma-list": ("items 14,16,19", "16", 16, 16, 16, None, "count", None),
    "digits-comma-list-after-a-year": (
        "in 2019,31 died",
        "31",
        31,
        31,
        31,
        None,
        "count",
        None,
    ),
    "digits-leading-point": ("about .5 of it", "about .5", 0.5, 0.45, 0.55, "about", "count", None),
    "digits-narrow-space-grouping": (
        "40\u202f000 people",
        "40\u202f000",
        40000,
        40000,
        40000,
        None,
        "count",
        None,
    ),
    "digits-negative": ("fell to -5 overnight", "-5", -5, -5, -5, None, "count", None),
    "digits-scientific-notation": (
        "1.3e6 cells",
        "1.3e6",
        1.3e6,
        1.3e6,
        1.3e6,
        None,
        "count",
        None,
    ),
    "digits-times-ten-to-the": (
        "4.2 x 10^-3 of it",
        "4.2 x 10^-3",
        0.0042,
        0.0042,
        0.0042,
        None,
        "count",
        None,
    ),
    "digits-power": ("3^4 ways", "3^4", 81, 81, 81, None, "count", None),
    "digits-minus-word": (
        "minus 5 percent",
        "minus 5 percent",
        -5,
        -5,
        -5,
        None,
        "percent",
        "percent",
    ),
    # digits with a scale
    "scaled-million": (
        "1.5 million people",
        "1.5 million",
        1.5e6,
        1.5e6,
        1.5e6,
        None,
        "count",
        None,
    ),
    "scaled-k": ("10k refugees", "10k", 1e4, 1e4, 1e4, None, "count", None),
    "scaled-bn": ("2.5bn in aid", "2.5bn", 2.5e9, 2.5e9, 2.5e9, None, "count", None),
    "scaled-capital-m": ("10M doses", "10M", 1e7, 1e7, 1e7, None, "count", None),
    "scaled-dozens": ("2 dozens eggs", "2 dozens", 24, 24, 24, None, "count", None),
    "scaled-dozen-abbreviated": ("4 doz eggs", "4 doz", 48, 48, 48, None, "count", None),
    "scaled-k-spaced": ("2.5 k views", "2.5 k", 2500, 2500, 2500, None, "count", None),
    "scaled-capital-m-spaced": ("1.2 M doses", "1.2 M", 1.2e6, 1.2e6, 1.2e6, None, "count", None),
    "scaled-capital-m-initial-not-read": ("5 M. Smith", "5", 5, 5, 5, None, "count", None),
    "money-mm": ("a US$ 3MM grant", "US$ 3MM", 3e6, 3e6, 3e6, None, "money", "USD"),
    "scaled-chain": (
        "5 thousand 2 hundred and 40 shells",
        "5 thousand 2 hundred and 40",
        5240,
        5240,
        5240,
        None,
        "count",
        None,
    ),
    "scaled-chain-words-after-and": (
        "2 lakh and fifty",
        "2 lakh and fifty",
        200050,
        200050,
        200050,
        None,
        "count",
        None,
    ),
    "scaled-chain-not-the-and-of-between": (
        "between 7 thousand and 800",
        "7 thousand",
        7000,
        7000,
        7000,
        None,
        "count",
        None,
    ),
    # number words
    "words-unit": ("three border crossings", "three", 3, 3, 3, None, "count", None),
    "words-hyphenated": ("twenty-one districts", "twenty-one", 21, 21, 21, None, "count", None),
    "words-hundred-and": (
        "three hundred and twenty-one",
        "three hundred and twenty-one",
        321,
        321,
        321,
        None,
        "count",
        None,
    ),
    "words-thousand-and": (
        "two thousand and nineteen",
        "two thousand and nineteen",
        2019,
        2019,
        2019,
        None,
        "count",
        None,
    ),
    "words-a-hundred": ("a hundred men", "a hundred", 100, 100, 100, None, "count", None),
    "words-a-dozen": ("a dozen villages", "a dozen", 12, 12, 12, None, "count", None),
    "words-point": (
        "two point five million",
        "two point five million",
        2.5e6,
        2.5e6,
        2.5e6,
        None,
        "count",
        None,
    ),
    "words-lakh": ("three lakh people", "three lakh", 3e5, 3e5, 3e5, None, "count", None),
    "words-and-a-half-scale": (
        "one and a half million",
        "one and a half million",
        1.5e6,
        1.5e6,
        1.5e6,
        None,
        "count",
        None,
    ),
    "words-scale-and-a-half": (
        "a million and a half",
        "a million and a half",
        1.5e6,
        1.5e6,
        1.5e6,
        None,
        "count",
        None,
    ),
    "words-half-a-million": (
        "half a million displaced",
        "half a million",
        5e5,
        5e5,
        5e5,
        None,
        "count",
        None,
    ),
    "words-two-numbers-side-by-side": ("one two", "one", 1, 1, 1, None, "count", None),
    # vague quantities (vague_quantities.csv)
    "vague-several-hundred": (
        "several hundred soldiers",
        "several hundred",
        500,
        300,
        900,
        "vague",
        "count",
        None,
    ),
    "vague-a-few": ("a few", "a few", 3, 2, 5, "vague", "count", None),
    "vague-dozens": ("dozens of homes", "dozens", 24, 24, 99, "vague", "count", None),
    "vague-hundreds-of-thousands": (
        "hundreds of thousands fled",
        "hundreds of thousands",
        300000,
        200000,
        900000,
        "vague",
        "count",
        None,
    ),
    "vague-a-couple-of-thousand": (
        "a couple of thousand",
        "a couple of thousand",
        2000,
        2000,
        3000,
        "vague",
        "count",
        None,
    ),
    # fractions
    "fraction-a-third": (
        "a third of the districts",
        "a third",
        0.3333,
        0.3333,
        0.3333,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-two-thirds": (
        "two-thirds of them",
        "two-thirds",
        0.6667,
        0.6667,
        0.6667,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-half": ("half the troops", "half", 0.5, 0.5, 0.5, None, "fraction", "fraction"),
    "fraction-one-in-five": (
        "one in five homes",
        "one in five",
        0.2,
        0.2,
        0.2,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-out-of": (
        "three out of four",
        "three out of four",
        0.75,
        0.75,
        0.75,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-words-compound-denominator": (
        "nineteen twenty-fifths of the seats",
        "nineteen twenty-fifths",
        0.76,
        0.76,
        0.76,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-words-tens-denominator": (
        "one fortieth of it",
        "one fortieth",
        0.025,
        0.025,
        0.025,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-words-numerator-above-one": (
        "forty-one eighths",
        "forty-one eighths",
        5.125,
        5.125,
        5.125,
        None,
        "count",
        None,
    ),
    "fraction-words-whole-and-fraction": (
        "three and seventy-five hundredths",
        "three and seventy-five hundredths",
        3.75,
        3.75,
        3.75,
        None,
        "count",
        None,
    ),
    "fraction-words-scaled-denominator": (
        "one three hundred fifth",
        "one three hundred fifth",
        0.003279,
        0.003279,
        0.003279,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-words-tiny-keeps-its-digits": (
        "a billionth of a second",
        "a billionth of a second",
        1e-9,
        1e-9,
        1e-9,
        None,
        "duration",
        "second",
    ),
    "fraction-words-ordinal-before-a-noun": (
        "a thirty-first anniversary",
        "thirty-first",
        31,
        31,
        31,
        None,
        "ordinal",
        None,
    ),
    "fraction-in-any-number-words": (
        "one in forty voters",
        "one in forty",
        0.025,
        0.025,
        0.025,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-out-of-a-scaled-number": (
        "three out of a thousand",
        "three out of a thousand",
        0.003,
        0.003,
        0.003,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-in-a-measure-is-not-a-share": (
        "3 in 10 minutes",
        "3",
        3,
        3,
        3,
        None,
        "count",
        None,
    ),
    "fraction-over": (
        "scored 8 over 10.",
        "8 over 10",
        0.8,
        0.8,
        0.8,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-over-a-counted-noun-is-a-hedge": (
        "in District 4 over 300 homes burned",
        "over 300",
        300,
        300,
        None,
        "more_than",
        "count",
        None,
    ),
    "fraction-slash": ("3/4 of the city", "3/4", 0.75, 0.75, 0.75, None, "fraction", "fraction"),
    "fraction-slash-signed": (
        "-2/3 of it",
        "-2/3",
        -0.6667,
        -0.6667,
        -0.6667,
        None,
        "fraction",
        "fraction",
    ),
    "fraction-mixed-number": ("2 1/2 times", "2 1/2", 2.5, 2.5, 2.5, None, "count", None),
    "fraction-glyph": ("½ of it", "½", 0.5, 0.5, 0.5, None, "fraction", "fraction"),
    "fraction-slash-name-not-read": (
        "the 9/11 attacks",
        "9/11",
        None,
        None,
        None,
        None,
        "other",
        None,
    ),
    # percentages
    "percent-word": (
        "90 percent of US troops",
        "90 percent",
        90,
        90,
        90,
        None,
        "percent",
        "percent",
    ),
    "percent-sign": ("90% of them", "90%", 90, 90, 90, None, "percent", "percent"),
    "percent-per-cent": ("40 per cent", "40 per cent", 40, 40, 40, None, "percent", "percent"),
    "percent-words": ("twenty percent", "twenty percent", 20, 20, 20, None, "percent", "percent"),
    "percent-points": (
        "5 percentage points",
        "5 percentage points",
        5,
        5,
        5,
        None,
        "percent",
        "percentage_point",
    ),
    "percent-word-before-of": (
        "the rate is now per cent of fifteen.",
        "per cent of fifteen",
        15,
        15,
        15,
        None,
        "percent",
        "percent",
    ),
    "percent-word-before-of-a-count-not-read": (
        "what percent of 12 districts fell",
        "12",
        12,
        12,
        12,
        None,
        "count",
        None,
    ),
    # ranges, in all three forms, and their limits
    "range-dash": ("200-300 fighters", "200-300", 250, 200, 300, "range", "count", None),
    "range-to": ("200 to 300 fighters", "200 to 300", 250, 200, 300, "range", "count", None),
    "range-between": (
        "between 200 and 300 fighters",
        "between 200 and 300",
        250,
        200,
        300,
        "range",
        "count",
        None,
    ),
    "range-percent": (
        "between 2 and 6 percent",
        "between 2 and 6 percent",
        4,
        2,
        6,
        "range",
        "percent",
        "percent",
    ),
    "range-shared-scale": (
        "2 to 3 million displaced",
        "2 to 3 million",
        2.5e6,
        2e6,
        3e6,
        "range",
        "count",
        None,
    ),
    "range-words-or": (
        "two or three days",
        "two or three days",
        2.5,
        2,
        3,
        "range",
        "duration",
        "day",
    ),
    "range-money": ("$5-10 million", "$5-10 million", 7.5e6, 5e6, 1e7, "range", "money", "USD"),
    "range-not-a-change": ("rose from 20 to 35", "20", 20, 20, 20, None, "count", None),
    "range-two-bounds": (
        "more than 100 and fewer than 200",
        "more than 100 and fewer than 200",
        150,
        100,
        200,
        "range",
        "count",
        None,
    ),
    "range-two-bounds-comma": (
        "at least 40, at most 90 were held",
        "at least 40, at most 90",
        65,
        40,
        90,
        "range",
        "count",
        None,
    ),
    "range-negative-first-end": (
        "readings between minus four and nine",
        "between minus four and nine",
        2.5,
        -4,
        9,
        "range",
        "count",
        None,
    ),
    "hedge-after-closing-than": (
        "the toll is 60 or more than.",
        "60 or more than",
        60,
        60,
        None,
        "at_least",
        "count",
        None,
    ),
    "hedge-after-than-of-next-figure": (
        "two or more than three",
        "two",
        2,
        2,
        2,
        None,
        "count",
        None,
    ),
    "range-hedged-keeps-its-ends": (
        "about 3-5 km",
        "about 3-5 km",
        4,
        3,
        5,
        "range",
        "distance",
        "km",
    ),
    # years
    "year": ("in 2021", "2021", 2021, 2021, 2021, None, "year", None),
    "year-decade": ("in the 1990s", "1990s", 1990, 1990, 1999, None, "year", None),
    "year-span": ("the 2019-20 season", "2019-20", 2019, 2019, 2020, None, "year", None),
    "year-like-but-hedged": (
        "about 2000 soldiers",
        "about 2000",
        2000,
        1800,
        2200,
        "about",
        "count",
        None,
    ),
    "year-like-with-separator": ("2,000 soldiers", "2,000", 2000, 2000, 2000, None, "count", None),
    # dates, times
    "date": ("on 6 July 2021 it fell", "6 July 2021", None, None, None, None, "date", "day"),
    "time-clock": ("at 10:30 pm", "10:30 pm", None, None, None, None, "other", "time"),
    "time-am": ("at 5 a.m.", "5 a.m.", None, None, None, None, "other", "time"),
    # distances
    "distance-kilometers": (
        "around 75 kilometers west",
        "around 75 kilometers",
        75,
        67.5,
        82.5,
        "about",
        "distance",
        "km",
    ),
    "distance-km": ("120 km away", "120 km", 120, 120, 120, None, "distance", "km"),
    "distance-metres-glued": ("500m from the gate", "500m", 500, 500, 500, None, "distance", "m"),
    "distance-miles": ("8 miles north", "8 miles", 8, 8, 8, None, "distance", "mi"),
    "distance-hyphenated": ("a six-mile trip", "six-mile", 6, 6, 6, None, "distance", "mi"),
    # durations
    "duration-days": ("three days later", "three days", 3, 3, 3, None, "duration", "day"),
    "duration-hyphenated": ("a two-year deal", "two-year", 2, 2, 2, None, "duration", "year"),
    "duration-minutes": ("90 minutes", "90 minutes", 90, 90, 90, None, "duration", "minute"),
    "duration-half-a-day": ("half a day", "half a day", 0.5, 0.5, 0.5, None, "duration", "day"),
    "duration-and-a-half": (
        "two and a half years",
        "two and a half years",
        2.5,
        2.5,
        2.5,
        None,
        "duration",
        "year",
    ),
    # money
    "money-dollars-billion": (
        "$2 billion in aid",
        "$2 billion",
        2e9,
        2e9,
        2e9,
        None,
        "money",
        "USD",
    ),
    "money-pounds-m": ("£500m", "£500m", 5e8, 5e8, 5e8, None, "money", "GBP"),
    "money-us-dollar-prefix": (
        "US$ 1.5 million",
        "US$ 1.5 million",
        1.5e6,
        1.5e6,
        1.5e6,
        None,
        "money",
        "USD",
    ),
    "money-afghanis": ("20 afghanis", "20 afghanis", 20, 20, 20, None, "money", "AFN"),
    "money-iso-code": ("USD 200", "USD 200", 200, 200, 200, None, "money", "USD"),
    "money-symbol-after": ("10 € each", "10 €", 10, 10, 10, None, "money", "EUR"),
    # ordinals
    "ordinal-the-third": ("the third", "third", 3, 3, 3, None, "ordinal", None),
    "ordinal-digits": ("the 21st century", "21st", 21, 21, 21, None, "ordinal", None),
    "ordinal-compound": ("twenty-first", "twenty-first", 21, 21, 21, None, "ordinal", None),
    "ordinal-hundred-and": (
        "the one hundred and fifth",
        "one hundred and fifth",
        105,
        105,
        105,
        None,
        "ordinal",
        None,
    ),
    # names and unknown units: not counts
    "name-designation": ("60 C-17 loads", "17", 17, 17, 17, None, "other", "designation"),
    "name-glued-letters": ("a 5G network", "5G", 5, 5, 5, None, "other", "g"),
    "unknown-unit": ("the 180ml bottle", "180ml", 180, 180, 180, None, "other", "ml"),
}


def _mention_at(text: str, surface: str) -> NumberMention:
    found = [m for m in read_numbers(text) if m.surface == surface]
    assert found, f"no mention {surface!r} in {text!r}: {read_numbers(text)}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "value", "low", "high", "qualifier", "kind", "unit"),
    list(CASES.values()),
    ids=list(CASES),
)
def test_wording_family(text, surface, value, low, high, qualifier, kind, unit):
    mention = _mention_at(text, surface)
    assert (mention.kind, mention.unit, mention.qualifier) == (kind, unit, qualifier)
    for got, expected in ((mention.value, value), (mention.low, low), (mention.high, high)):
        assert got == (None if expected is None else pytest.approx(expected, rel=1e-4))


# The readings other modules rely on (the founding report and the metric linker).
INVARIANTS = {
    "nearly a third": ("nearly a third", 0.3333, 0.3, 0.3333, "nearly", "fraction"),
    "several hundred": ("several hundred", 500, 300, 900, "vague", "count"),
    "90 percent": ("90 percent", 90, 90, 90, None, "percent"),
    "between 2 and 6 percent": ("between 2 and 6 percent", 4, 2, 6, "range", "percent"),
    "more than 100": ("more than 100", 100, 100, None, "more_than", "count"),
    "three border crossings": ("three", 3, 3, 3, None, "count"),
}


@pytest.mark.parametrize("text", list(INVARIANTS), ids=list(INVARIANTS))
def test_founding_report_wordings_keep_their_reading(text):
    surface, value, low, high, qualifier, kind = INVARIANTS[text]
    (mention,) = read_numbers(text)
    assert (mention.surface, mention.qualifier, mention.kind) == (surface, qualifier, kind)
    assert (mention.value, mention.low, mention.high) == (value, low, high)


def test_distractor_distances_are_two_distances_not_counts():
    mentions = read_numbers("located around 75 kilometers (120 kilometers) west of Herat")
    assert [(m.value, m.kind, m.unit) for m in mentions] == [
        (75, "distance", "km"),
        (120, "distance", "km"),
    ]


@pytest.mark.parametrize(
    "text",
    ["No one was hurt", "the one who fled", "Which one do you prefer?", "another one"],
    ids=["no-one", "the-one", "which-one", "another-one"],
)
def test_one_as_a_pronoun_is_not_a_number(text):
    assert read_numbers(text) == []


def _expected_bounds(phrase: str, value: float = 100.0):
    hedge = HEDGES[phrase]
    low = None if hedge.low_factor is None else value * hedge.low_factor
    high = None if hedge.high_factor is None else value * hedge.high_factor
    return hedge.qualifier, low, high


def _hedged_text(phrase: str) -> str:
    after = phrase.split()[0] in ("or", "and")
    return f"there were 100 {phrase} soldiers" if after else f"there were {phrase} 100 soldiers"


@pytest.mark.parametrize("phrase", sorted(HEDGES), ids=sorted(HEDGES))
def test_every_hedge_sets_bounds_in_its_direction(phrase):
    """Each hedges.csv row, before the figure or (for 'or ...'/'and ...' phrases) after it."""
    qualifier, low, high = _expected_bounds(phrase)
    (mention,) = read_numbers(_hedged_text(phrase))
    assert phrase in mention.surface.lower()
    assert mention.qualifier == qualifier
    assert mention.value == 100
    assert mention.low == (None if low is None else pytest.approx(low))
    assert mention.high == (None if high is None else pytest.approx(high))
    if low is None:
        assert high is not None and high >= 100, "an upper bound only: 'fewer than 100'"
    if high is None:
        assert low is not None and low <= 100, "a lower bound only: 'more than 100'"


def test_numbers_inside_a_web_address_are_not_read():
    mentions = read_numbers("see https://example.org/2021/07/300-killed for 300 dead")
    assert [(m.surface, m.start) for m in mentions] == [("300", 47)]


def test_taking_over_is_not_the_hedge_over():
    (mention,) = read_numbers("they took over 12 districts")
    assert (mention.surface, mention.qualifier) == ("12", None)


# --- Properties on any text ---------------------------------------------------------------------

NUMBERISH = st.sampled_from(
    [
        *sorted(HEDGES)[::3],
        "nearly",
        "a third",
        "two-thirds",
        "half a million",
        "one in five",
        "3/4",
        "½",
        "100",
        "1,000",
        "1.5",
        ".5",
        "-5",
        "10k",
        "10M",
        "2bn",
        "million",
        "hundred",
        "several",
        "dozens",
        "of",
        "and",
        "or",
        "to",
        "between",
        "from",
        "-",
        "–",
        "percent",
        "%",
        "km",
        "kilometers",
        "m",
        "years",
        "day",
        "$",
        "£",
        "€",
        "US$",
        "USD",
        "2021",
        "1990s",
        "2019-20",
        "July",
        "6",
        "21st",
        "twenty-first",
        "the",
        "third",
        "one",
        "no",
        "twenty",
        "point",
        "minus",
        "C-17",
        "5G",
        "10:30",
        "pm",
        "(",
        ")",
        ",",
        ".",
        " ",
        "\n",
        "\u202f",
        "’",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(NUMBERISH, max_size=30).map(" ".join),
    st.lists(NUMBERISH, max_size=30).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_mentions_slice_their_surface_sorted_and_apart(text):
    mentions = read_numbers(text)
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.surface
        assert mention.start >= previous_end, mentions
        previous_end = mention.end


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_bounds_hold_the_value(text):
    for mention in read_numbers(text):
        if mention.value is None:
            continue
        if mention.low is not None:
            assert mention.low <= mention.value, mention
        if mention.high is not None:
            assert mention.value <= mention.high, mention
        if mention.low is not None and mention.high is not None:
            assert mention.low <= mention.high, mention
