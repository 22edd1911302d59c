"""first_char_test: the characters a match can begin with, from the pattern's parse."""

import re
import string

import pytest

from etl.dates import PATTERN, YEAR_PATTERN
from etl.regex_first import first_char_test


@pytest.mark.parametrize(
    ("pattern", "admitted", "refused"),
    [
        (r"\b(?:since|on)\s+\d+", "sSoO", "aT1 "),
        (r"(?:the\s+)?(?:last|past)\s+week", "tlp", "TLwxa1"),
        (r"[0-9]{1,2}(?:st|nd)?", "0123456789", "as "),
        (r"(?=x)(?<!y)foo", "f", "xy"),
        (r"\d+|[a-c]", "7a", "d "),
    ],
)
def test_admits_what_a_match_can_begin_with_and_no_more(pattern, admitted, refused):
    flags = re.IGNORECASE if pattern.startswith(r"\b(?:since") else 0
    starts = first_char_test(re.compile(pattern, flags))
    assert all(starts(c) for c in admitted)
    assert not any(starts(c) for c in refused)


@pytest.mark.parametrize("pattern", [r"a*b?", r"(?:x|)y?", r".foo", r"[^a]bc", r"(?P<x>a)?(?P=x)b"])
def test_a_pattern_that_may_begin_anywhere_admits_everything(pattern):
    starts = first_char_test(re.compile(pattern))
    assert all(starts(c) for c in string.printable)


def test_ignorecase_admits_both_cases_and_the_long_s():
    starts = first_char_test(re.compile("since", re.IGNORECASE))
    assert starts("S") and starts("s") and starts("ſ")


def test_the_date_patterns_never_refuse_a_place_they_match():
    text = (
        "Since May 1, on Tuesday, 6 July 2021, last week, in 2020, two days ago, "
        "the first half of the year, at the end of 2020, yesterday and this weekend."
    )
    for pattern in (PATTERN, YEAR_PATTERN):
        starts = first_char_test(pattern)
        for at in range(len(text)):
            if pattern.match(text, at):
                assert starts(text[at]), (pattern.pattern[:40], text[at:])
