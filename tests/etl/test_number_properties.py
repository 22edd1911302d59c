"""Properties of the number and date readers that must hold on any text (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.dates import find_dates
from etl.numbers import read_numbers

NUMBERISH = st.sampled_from(
    [
        "nearly",
        "a third",
        "more than",
        "100",
        "1,000",
        "1.5",
        "million",
        "several",
        "hundred",
        "between",
        "and",
        "to",
        "-",
        "percent",
        "%",
        "kilometers",
        "(",
        ")",
        "years",
        "$",
        "2021",
        "July",
        "6",
        "on",
        "Tuesday",
        "last",
        "week",
        "two-thirds",
        "one in five",
        "dozens",
        "of",
        "the",
        "districts",
        "at least",
        "up to",
        "twenty-one",
        "10:30",
        "pm",
        "third",
        "May",
        "since",
        " ",
        ",",
        ".",
        "\n",
        "’",
        "\u200b",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(NUMBERISH, max_size=40).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_number_mentions_slice_their_surface_in_order_without_overlap(text):
    mentions = read_numbers(text)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface
        assert mention.start >= previous_end
        previous_end = mention.end


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_bounds_hold_the_value_wherever_both_exist(text):
    for mention in read_numbers(text):
        if mention.value is None:
            continue
        if mention.low is not None:
            assert mention.low <= mention.value + 1e-9, mention
        if mention.high is not None:
            assert mention.value <= mention.high + 1e-9, mention


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_date_mentions_slice_their_surface_and_periods_are_ordered(text, reference):
    for found in find_dates(text, reference):
        assert text[found.start : found.end] == found.surface
        if found.period_start is not None:
            assert found.period_start <= found.date
