"""The number reader: every number-like phrase in a text, with its value, bounds and kind.

It reads digits ("1,000", "3,40,000", "1.5 million", "10k", ".5", "1.3e6", "4 thousand 3 hundred
and 21"), number words ("twenty-one", "two point five", "three lakh"), vague quantities ("several
hundred"), fractions ("a third", "one in five", "half a million", "3/4", "two and a half",
"twenty-three fifths", "one over three"), percentages ("90%", "per cent of twenty"), ranges
("between 200 and 300", "2 to 3 million", "20-30 percent", "more than 100 and fewer than 200")
and hedges, before the figure
("nearly", "more than") or after it ("or more", "or so": every hedges.csv phrase that starts with
"or" or "and" follows its figure). It also recognises what is not a metric figure so it is never
counted as one: years ("2021", "1990s", "2013-14"), calendar dates, times, distances, durations,
money, ordinals, and names such as "C-17" or "5G" (kind other). Numbers inside a calendar date or
a web address are not read. All lexicons are data in data/reference/; hedge factors live in
hedges.csv.

How it stays fast: the text is lower-cased once (so no pattern needs IGNORECASE) and ONE compiled
regex (CORE) is searched through it (a twin without word fractions and digit chains re-reads the
rare match that turns out not to be one). Every match begins with the character just before a
number, taken from an explicit set of spaces and punctuation, so the regex engine skips the
letters of ordinary words in C without trying the pattern; a lookahead of trigger words rejects
the remaining word starts after a character or two. Short anchored regexes then extend each match
to a unit, a range and the hedges around it. The date reader runs only when the text may hold a
calendar date (a month name next to a digit, or a date in digits).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from etl.dates import DateMention, find_dates
from etl.reference import alternation, optional_float, read_table, trie_alternation

FRACTION_DIGITS = 4
# Where a calendar date's spans are all that matter, any reference day does.
_ANY_REFERENCE = dt.date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class NumberMention:
    start: int
    end: int
    surface: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    kind: str
    unit: str | None


@dataclass(frozen=True, slots=True)
class _Hedge:
    qualifier: str
    low_factor: float | None
    high_factor: float | None


@dataclass(frozen=True, slots=True)
class _Vague:
    value: float
    low: float
    high: float
    scalable: bool


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: str
    unit: str
    base_unit: str
    factor: float


def _load():
    words = {
        row["word"]: (float(row["value"]), row["role"]) for row in read_table("number_words.csv")
    }
    ordinals = {row["word"]: float(row["value"]) for row in read_table("ordinal_words.csv")}
    fractions = {row["word"]: int(row["denominator"]) for row in read_table("fractions.csv")}
    hedges = {
        row["phrase"]: _Hedge(
            row["qualifier"], optional_float(row["low_factor"]), optional_float(row["high_factor"])
        )
        for row in read_table("hedges.csv")
    }
    vague = {
        row["phrase"]: _Vague(
            float(row["value"]), float(row["low"]), float(row["high"]), row["scalable"] == "yes"
        )
        for row in read_table("vague_quantities.csv")
    }
    vague_needing_of = {
        row["phrase"] for row in read_table("vague_quantities.csv") if row["requires_of"] == "yes"
    }
    units = {
        row["phrase"]: _Unit(row["kind"], row["unit"], row["base_unit"], float(row["factor"]))
        for row in read_table("units.csv")
    }
    return words, ordinals, fractions, hedges, vague, vague_needing_of, units


WORDS, ORDINALS, FRACTIONS, HEDGES, VAGUE, VAGUE_NEEDING_OF, UNITS = _load()

# --- Lexicon views (all lower-case: the reader matches a lower-cased copy of the text) ---------


def _words_with(roles: tuple[str, ...], low: float = 0, high: float = float("inf")) -> list[str]:
    return [w for w, (v, role) in WORDS.items() if role in roles and low <= v <= high]


_NUMERATORS = {w: WORDS[w][0] for w in _words_with(("unit",), 1, 19)}
_SCALES = {w: v for w, (v, role) in WORDS.items() if role in ("scale", "hundred", "multiplier")}
_ABBREVIATIONS = {w: v for w, (v, role) in WORDS.items() if role == "abbreviation"}
# After an amount of money only ("$5m", "US$ 1MM"): "500m" alone is metres.
_MONEY_ABBREVIATIONS = {w: v for w, (v, role) in WORDS.items() if role == "money_abbreviation"}
_ORDINAL_UNITS = [w for w, v in ORDINALS.items() if 1 <= v <= 9]
_SCALE_ORDINALS = {w for w, v in ORDINALS.items() if v >= 100}
_POST_HEDGES = {p for p in HEDGES if p.split()[0] in ("or", "and")}
_PRE_HEDGES = set(HEDGES) - _POST_HEDGES
# A money phrase with a symbol ("$", "US$") or written as an ISO code ("USD") can precede the
# amount; the others ("dollars", "afghanis") follow it.
_MONEY_PREFIXES = {
    p.lower(): spec
    for p, spec in UNITS.items()
    if spec.kind == "money" and (not p.replace(" ", "").isalpha() or p.isupper())
}
_SUFFIX_UNITS = {
    p.lower(): spec for p, spec in UNITS.items() if p.replace(" ", "").replace(".", "").isalpha()
}
_VULGAR = {ch: unicodedata.numeric(ch) for ch in "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"}
_SLASH_DENOMINATORS = {*range(2, 11), 100}


def _words(words) -> str:
    """An alternation of whole words (longest first)."""
    return rf"(?:{alternation(list(words))})(?![a-z])"


# --- The grammar of a number in words ----------------------------------------------------------
# A joiner between the words of one number: "twenty-one", "fifty - two", "one hundred".
_J = r"(?:\s*[-‐‑–—]\s*|\s+)"
_U0 = _words(_words_with(("unit",), 0, 0))
_U1 = _words(_words_with(("unit",), 1, 9))
_TEEN = _words(_words_with(("unit",), 10, 19))
_TENS_RAW = alternation(_words_with(("tens",)))
_TENS = rf"(?:{_TENS_RAW})(?![a-z])"
_HUNDRED = _words(_words_with(("hundred",)))
_A = r"(?:a|an)(?![a-z])"


def _scale_chain() -> str:
    """A scale word, optionally followed by a larger one: "thousand million", "lakh crore"."""
    by_value: dict[float, list[str]] = {}
    for word, value in _SCALES.items():
        if WORDS[word][1] != "hundred":
            by_value.setdefault(value, []).append(word)
    branches = []
    for value, words in sorted(by_value.items()):
        larger = [w for v, ws in by_value.items() if v > value and v >= 1000 for w in ws]
        tail = rf"(?:{_J}{_words(larger)})?" if larger and value >= 1000 else ""
        branches.append(_words(words) + tail)
    return "(?:" + "|".join(branches) + ")"


_SCALE_CHAIN = _scale_chain()
_ANY_SCALE = rf"(?:{_SCALE_CHAIN}|{_HUNDRED})"
_B100 = rf"(?:{_TENS}(?:{_J}{_U1})?|{_TEEN}|{_U1}|{_U0})"
_DENOMINATOR = _words(FRACTIONS)
# "two thirds", "three quarters"; "two hundredth" is an ordinal, not two hundredths.
_PLURAL_DENOMINATOR = _words([w for w in FRACTIONS if w.endswith("s") or w in ("half", "quarter")])
# A number followed by a plural denominator is a fraction's numerator: "six million and two thirds".
_NOT_NUMERATOR = rf"(?![\s-]+{_PLURAL_DENOMINATOR})"
_B1000 = (
    rf"(?:(?:(?:{_A}|{_B100}){_J})?{_HUNDRED}(?:{_J}(?:and{_J})?{_B100}{_NOT_NUMERATOR})?|{_B100})"
)
_GROUP_FIRST = rf"(?:(?:(?:{_A}|{_B1000}){_J})?{_SCALE_CHAIN})"
_GROUP_NEXT = rf"(?:{_B1000}{_J}{_SCALE_CHAIN})"
_NUMBER_WORDS = (
    rf"(?:{_GROUP_FIRST}(?:{_J}(?:and{_J})?{_GROUP_NEXT})*(?:{_J}(?:and{_J})?{_B1000}{_NOT_NUMERATOR})?"
    rf"|{_B1000})"
)
_DECIMAL_WORDS = rf"(?:\d+|{_B100}(?:{_J}(?:{_U0}|{_U1}))*)"
_ORDINAL = _words(ORDINALS)
_NUMERATOR = rf"(?:{_A}|{_words(_NUMERATORS)})"
_ONE = r"(?:a|an|one)(?![a-z])"
_MANY = _words([w for w, v in _NUMERATORS.items() if v > 1])
_AND_FRACTION = rf"\s+and\s+(?:{_NUMERATOR}[\s-]+{_DENOMINATOR}|(?:half|quarter)(?![a-z]))"
_OF_SCALE = rf"\s+(?:of\s+)?(?:(?:a|an|one)\s+)?{_ANY_SCALE}"

# A fraction in words of any size ("twenty-three fifths", "one hundred thirty-fifths", "three
# twenty-firsts", "two and fifty-four hundredths"): number words, then a denominator, which is any
# ordinal or fraction word, singular or plural. The regex finds the extent; _word_fraction splits
# it into numerator and denominator. "seconds" is left out: "thirty seconds" is a duration.
_FRACTION_NUMBER_WORD = _words(_words_with(("unit", "tens", "hundred", "scale")))
_WORD_DENOMINATORS = {
    **{word: (value, False) for word, value in ORDINALS.items()},
    **{word + "s": (value, True) for word, value in ORDINALS.items() if word != "second"},
    **{word: (value, word.endswith("s")) for word, value in FRACTIONS.items()},
}
_AND_A = rf"(?:and{_J}(?:{_A}{_J})?)"
_WORD_FRACTION = (
    rf"(?:{_A}|{_FRACTION_NUMBER_WORD})(?:{_J}{_AND_A}?{_FRACTION_NUMBER_WORD})*"
    rf"{_J}{_AND_A}?(?:{_words(_WORD_DENOMINATORS)})"
)
_NUMBER_WORDS_WHOLE = re.compile(rf"(?:{_NUMBER_WORDS})\Z")
# A singular denominator not followed by a noun: "one twenty-fifth of the vote", but "a
# twenty-first birthday" and "a thirty-second clip" are ordinals.
_NOUN_AFTER = re.compile(r"\s+(?!of(?![a-z]))[a-z]")

# --- Digits ------------------------------------------------------------------------------------
# South Asian grouping ("4,20,000", "1,20,00,000": lakh and crore) before the three-digit kind;
# each grouping must end the digit run, so "2020,21" is 2020 and 21, never 202.
_DIGITS = (
    r"(?>\d{1,2},(?:\d{2},)+\d{3}(?!\d)|\d{1,3}(?:,\d{3})+(?!\d)"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
    r"|\.\d+"
)
# "10bn", "10 bn", "2.33 k"; another one-letter abbreviation only glued to its digits: "10b", but
# "5 b" is not read (a list's item).
_SPACED_ABBREVIATIONS = [a for a in _ABBREVIATIONS if len(a) > 1 or a == "k"]
_ABBREVIATION = (
    rf"(?:\s?(?:{alternation(_SPACED_ABBREVIATIONS)})"
    rf"|(?:{alternation([a for a in _ABBREVIATIONS if a not in _SPACED_ABBREVIATIONS])}))"
    r"(?![a-z0-9])"
)
_MONEY_PREFIX = alternation(list(_MONEY_PREFIXES))
# Groups after a scaled number in digits, each smaller than the scale before it: "4 thousand 3
# hundred and 21", "6 crore and two hundred", "3 hundred and one"; a last group without a scale
# only after "and", and never "and 0" ("4 thousand 3 hundred and 0" is two numbers).
_CHAIN_GROUP = rf"(?:\d{{1,3}}\s*{_ANY_SCALE}|{_GROUP_NEXT}|{_B1000}{_J}{_HUNDRED})"
_CHAIN_LAST = rf"(?:(?!0(?![\d,.]))\d{{1,3}}(?![\d,.])|{_B1000}){_NOT_NUMERATOR}"
_DIGITS_CHAIN = (
    rf"(?:\s+(?:and\s+)?{_CHAIN_GROUP})+(?:\s+and\s+{_CHAIN_LAST})?|\s+and\s+{_CHAIN_LAST}"
)
_CHAIN_ITEM = re.compile(
    rf"\s+(?:and\s+)?(?:(?P<digits>\d{{1,3}})\s*(?P<scale>{_ANY_SCALE})|(?P<alone>\d{{1,3}})"
    rf"|(?P<words>{_NUMBER_WORDS}))"
)
# Scientific notation and powers: "1e10", "-12e-1", "1.3x10^6", "6.23 × 10^-4", "1.1^23",
# "2.5^-1" (each minus in "^--23" turns the sign).
_EXPONENT = (
    r"e(?P<e_ten>[+-]?\d{1,3})(?![a-z0-9])"
    r"|\s*[x×]\s*10\^(?P<x_ten>[+-]?\d{1,3})(?![\d.])"
    r"|\^(?P<power>[+-]*\d{1,3})(?![\d.])"
)
# The whole of a share's "in" or "out of" side: "one in twenty-one", "two out of five hundred",
# "1 in 10,000", "one in a million" (never a bare four-digit year: "five in 2020").
_RATIO_BOTTOM = (
    rf"\d{{1,3}}(?:,\d{{3}})*(?![\d,.])(?:\s*{_ANY_SCALE})?|(?:{_NUMBER_WORDS})(?!{_J}{_ANY_SCALE})"
)
# A share's second number is not a measure: "5 in 20 minutes", "one in ten percent".
_NOT_A_MEASURE = (
    rf"(?!\s*(?:%|per(?![a-z])|(?:{trie_alternation(sorted(_SUFFIX_UNITS))})(?![a-z])))"
)
_VAGUE = "|".join(
    rf"{alternation([phrase])}(?=\s+of(?![a-z]))"
    if phrase in VAGUE_NEEDING_OF
    else _words([phrase])
    for phrase in sorted(VAGUE, key=lambda phrase: -len(phrase))
)


def _alternatives(word_fractions: bool) -> str:
    """The alternatives, tried in this order where a number may start; a lookahead on the first
    character sends digits and words to their own branches. Without `word_fractions`, the
    pattern reads a word fraction's words, and the groups of a chain of scaled digits, as they
    read alone (see read_numbers)."""
    # Both patterns have every group; in the plain one these never match.
    word_fraction = rf"| (?P<wfrac>{_WORD_FRACTION if word_fractions else '(?!)'})"
    chain = rf"|(?P<d_chain>{_DIGITS_CHAIN if word_fractions else '(?!)'})"
    return rf"""
    (?=[0-9.\-−])
    (?:(?P<time>\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m(?:\.|(?![a-z])))?
               |\d{{1,2}}(?:[.:]\d{{2}})?\s*[ap]\.?m(?:\.|(?![a-z])))
     | (?P<fraction_digits>
           (?P<fd_top>\d{{1,3}})\s+(?:in|out\s+of)\s+(?:every\s+)?
               (?P<fd_bottom>{_RATIO_BOTTOM}){_NOT_A_MEASURE}
         | (?<![\d/.,])(?P<f_sign>[-−](?=\d))?(?:(?P<f_whole>\d{{1,3}})\s+)?
               (?P<f_num>\d{{1,3}})/(?P<f_den>\d{{1,3}})(?![\d/]))
     | (?P<ordinal_digits>\d+(?:st|nd|rd|th)(?![a-z]))
     | (?P<digits>(?P<d_number>[-−]?(?:{_DIGITS}))(?P<d_vulgar>[{"".join(_VULGAR)}])?
           (?:(?P<d_exponent>{_EXPONENT})
             |(?P<d_and>{_AND_FRACTION})(?:\s+(?P<d_scale_after_and>{_ANY_SCALE}))?
             |\s*(?P<d_scale>{_ANY_SCALE})(?:(?P<d_and_after_scale>{_AND_FRACTION}){chain})?
             |(?P<d_abbreviation>{_ABBREVIATION}))?))
  | (?P<money>(?P<m_prefix>{_MONEY_PREFIX})\s?(?P<m_number>-?(?:{_DIGITS}))
        (?:\s*(?P<m_scale>{_ANY_SCALE})
          |(?P<m_abbreviation>{_ABBREVIATION}|\s?(?:{alternation(list(_MONEY_ABBREVIATIONS))})(?![a-z0-9])))?)
  | (?=[a-z{"".join(_VULGAR)}])
    (?:(?P<fraction>
           (?P<f_words>{_ONE}[\s-]+{_DENOMINATOR}|{_MANY}[\s-]+{_PLURAL_DENOMINATOR}
                      |half(?![a-z])|quarter(?={_OF_SCALE}))
               (?P<f_scale>{_OF_SCALE})?
         | (?P<f_top>{_NUMERATOR})\s+(?:in|out\s+of)\s+(?:every\s+)?
               (?P<f_bottom>{_RATIO_BOTTOM}){_NOT_A_MEASURE}
         | (?P<f_vulgar>[{"".join(_VULGAR)}]))
     {word_fraction}
     | (?P<vague>(?:{_VAGUE})(?:\s+(?:of\s+)?(?P<v_scale>{_ANY_SCALE}))?)
     | (?P<words>(?P<w_number>{_NUMBER_WORDS})
           (?:{_J}(?:and{_J})?(?P<w_ordinal>{_ORDINAL})
             |\s+point\s+(?P<w_point>{_DECIMAL_WORDS})(?:{_J}(?P<w_scale>{_SCALE_CHAIN}))?
             |(?P<w_and>{_AND_FRACTION})(?:{_J}(?P<w_and_scale>{_SCALE_CHAIN}))?)?)
     | (?P<ordinal_words>(?:(?:{_TENS_RAW})(?:{_J})?)?{_ORDINAL}))
"""


# Words that can begin a number phrase (a number can also begin with a digit or a sign). "a" and
# "an" begin one only before a scale, a denominator or a vague word ("a third", "a few"): they are
# too frequent to try the whole pattern after each.
_TRIGGERS = {
    *(w for w in WORDS if w not in _MONEY_ABBREVIATIONS),
    *ORDINALS,
    "half",
    "quarter",
    *(p.split()[0] for p in VAGUE if p.split()[0] not in ("a", "an")),
    *(p for p in _MONEY_PREFIXES if p[0].isalpha()),
}
_AFTER_A = {
    *_SCALES,
    *FRACTIONS,
    *(w for w, (v, _) in _WORD_DENOMINATORS.items() if v >= 3),
    *_words_with(("tens",)),
    "quarter",
    *(p.split()[1] for p in VAGUE if p.split()[0] in ("a", "an")),
}
_TRIGGER_PHRASES = {
    *_TRIGGERS,
    *(f"{article} {word}" for article in ("a", "an") for word in _AFTER_A),
    *(tens + ordinal for tens in _words_with(("tens",)) for ordinal in _ORDINAL_UNITS),
}
# The characters a number may follow. An explicit set (not \W or \s) lets the regex engine skip
# every other character in C before it tries the pattern.
_BEFORE_NUMBER = r"[ \t\n\r\f\v\u00a0\u202f\u2009!\"#&'()*+,\-./:;<=>?@\[\]^`{|}~“”‘’«»„‚–—‐‑…·•]"
# Cheap tests first: a digit (not after "1." nor the tail of "21,000" or "5,00" after a comma, but
# the items of a list "22,24,26" and "2020,21"), a sign or currency symbol, or a trigger word. Character sets are spelled out ([0-9], not \d), which the regex engine tests faster.
_GUARD = (
    rf"(?:(?=[0-9.])(?<![0-9]\.)(?!(?<=[0-9],)(?:[0-9]{{3}}(?![0-9])|0))"
    rf"|(?=[$€£¥₹\-−{''.join(_VULGAR)}])"
    rf"|(?=(?:{trie_alternation(sorted(_TRIGGER_PHRASES))})(?![a-z])))"
)
CORE = re.compile(rf"{_BEFORE_NUMBER}{_GUARD}(?:{_alternatives(True)})", re.VERBOSE)
"""Finds number phrases in " " + lower-cased text; each match starts on the character before."""
_CORE_PLAIN = re.compile(rf"{_BEFORE_NUMBER}{_GUARD}(?:{_alternatives(False)})", re.VERBOSE)
"""CORE without word fractions: the reading of a word fraction's words when they are not one."""

_RANGE_KINDS = frozenset({"count", "money", "percent", "distance", "duration"})
_RANGE_JOINER = r"(?P<joiner>-|–|—|~|to|through|thru|or|and)(?![a-z])"
_TAIL = re.compile(
    rf"""(?:(?P<gap>\s*-\s*|\s*(?:(?:more|additional|extra|further)\s+)?)
           (?:(?P<unit>{trie_alternation(sorted(_SUFFIX_UNITS))})(?![a-z0-9])|(?P<pct>%)
             |(?P<currency>[€£¥₹$])(?!\s?\d))
         |(?<=\d)(?P<glued>[a-z]+))?
        (?P<sep>\s*(?:-\s*(?=to(?![a-z])))?{_RANGE_JOINER}\s*)?""",
    re.VERBOSE,
)
"""What may follow a number: a unit ("two more days": the unit of "two"), or unknown glued
letters, then a range joiner."""
_RANGE_SEP = re.compile(rf"\s*(?:-\s*(?=to(?![a-z])))?{_RANGE_JOINER}\s*")  # "8- to 16-meter"
_HEDGE_BEFORE = re.compile(
    rf"(?<![a-z])(?P<hedge>{trie_alternation(sorted(_PRE_HEDGES))})\s+(?P<between>between\s+|from\s+)?\Z"
)
# "100 or more", "200 or greater than" (a 'than' that ends the clause); not "two or more than
# three", where "more than" hedges the next figure.
_HEDGE_AFTER = re.compile(
    rf"\s+(?P<hedge>{alternation(sorted(_POST_HEDGES))})(?![a-z])"
    r"(?:\s+than(?=\s*(?:[.,;:!?)]|\Z))|(?!\s+than(?![a-z])))"
)
_BETWEEN_BEFORE = re.compile(r"(?<![a-z])(?P<between>between|from)\s+\Z")
_CHANGE_BEFORE = re.compile(
    r"(?<![a-z])(?:rose|risen|rising|rises|increased?|increasing|grew|grown|growing|jumped|"
    r"climbed|fell|fallen|falling|dropped|declined|decreased?|went|up|down|doubled|surged|"
    r"soared|cut|raised|lowered|revised)\s+from\s+\Z"
)
_TAKE_OVER = re.compile(
    r"(?<![a-z])(?:took|take|takes|taking|taken|handed|turned|hand|turn)\s+over\s+\Z"
)
_SIGN_BEFORE = re.compile(r"(?<![a-z])(?:minus|negative)\s+\Z")
# "percent of 10", "per cent of twenty-two": a percent word with no number of its own, then "of"
# and a number that counts nothing, names that number as the percentage. Not "percentage", which
# names a share, not after a number ("5 percent of 10" is two figures), and not before a noun
# ("what percent of 10 districts": 10 counts districts).
_PERCENT_OF_BEFORE = re.compile(r"(?<![a-z0-9])(?<![0-9] )(?:percents?|per\s+cent)\s+of\s+\Z")
_NO_NOUN_AFTER = re.compile(r"(?>\s*)(?![a-z0-9])")
_OVER = re.compile(r"\s+over\s+")
_MEASURE_KINDS = ("distance", "duration")
_UNIT_AFTER_FRACTION = re.compile(
    rf"(?:\s+of)?(?:\s+an?)?\s+(?P<unit>{alternation([p for p, s in _SUFFIX_UNITS.items() if s.kind in _MEASURE_KINDS])})(?![a-z])"
)
_NO_ONE = re.compile(r"(?<![a-z])(?:no|every|any|each|this|that|which|the|another)\s+\Z")
_DESIGNATION_BEFORE = re.compile(r"(?<![a-z])[a-z]{1,5}[-‐]\Z")
_YEAR_RANGE = re.compile(r"[-–](?P<end>\d{4}|\d{2})(?!\d|[,.]\d)")
_YEAR_TO = re.compile(r"\s+(?:and|to|until|till)\s+(?P<end>\d{4})(?!\d|[,.]\d)")
_TOKENS = re.compile(r"[a-z]+|\d+")
_LEADING_DIGITS = re.compile(r"[\d,]+")
_SPACES = re.compile(r"\s+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NUMBER_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009")
# A hedge or "between" can only end in one of these words, so most numbers skip the hedge regexes.
_HEDGE_LAST_WORDS = frozenset(p.split()[-1] for p in _PRE_HEDGES) | {"between", "from"}
_LOOKBACK = 40


@dataclass(slots=True)
class _Core:
    """A number being read: its span so far, value and bounds, kind and unit."""

    start: int
    end: int
    value: float
    low: float | None
    high: float | None
    kind: str = "count"
    unit: str | None = None
    qualifier: str | None = None
    scale: float = 1.0
    year_like: bool = False
    hedged_after: bool = False


def read_numbers(text: str, dates: list[DateMention] | None = None) -> list[NumberMention]:
    """Every number-like phrase in `text`, in order, non-overlapping; offsets index `text`.

    Calendar dates ("6 July 2021") become mentions of kind date and mask the numbers inside them;
    pass the date reader's result when it is at hand, or it is computed here.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters ("İ") lower-case to two
        lowered = text.translate(_ASCII_LOWER)
    if dates is None:
        dates = find_dates(text, _ANY_REFERENCE) if _may_hold_calendar_date(text) else []
    calendar = sorted((d for d in dates if d.calendar), key=lambda d: d.start)
    dated = [
        NumberMention(d.start, d.end, d.surface, None, None, None, None, "date", d.precision)
        for d in calendar
    ]
    # Numbers inside a calendar date or a web address are not read.
    blocked = _Spans([(d.start, d.end) for d in calendar] + _web_addresses(lowered))
    padded = " " + lowered
    mentions: list[NumberMention] = []
    consumed = 0
    for gap_start, gap_end in blocked.gaps(len(text)):
        # A match starts on the character before its number: padded[i] is text[i - 1], so the
        # number itself starts at text[match.start()], and the gap ends at padded[gap_end].
        at, limit = gap_start, gap_end + 1
        while at is not None:
            resume = None  # where to search again after a match read shorter than it matched
            for match in CORE.finditer(padded, at, limit):
                if match.start() < consumed:
                    continue
                group = match.lastgroup
                if group == "digits" and match["d_chain"] and not _chain_fits(lowered, match):
                    match = _CORE_PLAIN.match(padded, match.start(), limit)
                    resume = match.end()
                elif group == "wfrac":
                    # Words the older branches read at least as far keep that reading; so do
                    # words that are not a fraction ("a twenty-first birthday").
                    plain = _CORE_PLAIN.match(padded, match.start(), limit)
                    if (plain and plain.end() >= match.end() and _one_phrase(plain)) or not (
                        _word_fraction_fits(lowered, match)
                    ):
                        if plain is None:
                            resume = match.start() + 1
                            break
                        match, resume = plain, plain.end()
                for mention in _read_match(text, lowered, padded, match, consumed, blocked):
                    if not blocked.overlap(mention.start, mention.end):
                        mentions.append(mention)
                        consumed = mention.end
                if resume is not None:
                    break
            at = resume
    if len(mentions) > 1:
        mentions = _join_bounds(text, mentions)
    if dated:
        mentions = sorted(mentions + dated, key=lambda m: m.start)
    return mentions


def _may_hold_calendar_date(text: str) -> bool:
    """False when the text cannot hold a calendar date, so the date reader need not run.

    Every calendar date names a month (capitalised, as the date reader requires) next to a digit
    ("6 July", "July 6th, 2021", "June 2021") or is written in digits ("2021-07-06"); a month
    alone ("by August") is a period, not a calendar date.
    """
    if _NUMERIC_DATE.search(text):
        return True
    for month in _MONTH_NAME.finditer(text):
        near = text[max(0, month.start() - 14) : month.end() + 8]
        if any(char.isdigit() for char in near):
            return True
    return False


_MONTHS = [r["word"] for r in read_table("date_words.csv") if r["kind"] == "month"]
# Capitalised names only: the pattern then starts with a capital letter, which the regex engine
# looks for in C, so the scan costs a few microseconds.
_MONTH_NAME = re.compile(
    "(?:"
    + "|".join(sorted({f for m in _MONTHS for f in (m.capitalize(), m.upper())}, key=len)[::-1])
    + ")(?![a-z])"
)
# [0-9], not \d: a pattern that starts with a plain character set is scanned for in C.
_NUMERIC_DATE = re.compile(r"[0-9](?:[0-9]{3}-[0-9]{2}-[0-9]{2}|[0-9]?/[0-9]{1,2}/[0-9]{2,4})")


_LOWER_BOUNDS = frozenset(q.qualifier for q in HEDGES.values() if q.high_factor is None)
_UPPER_BOUNDS = frozenset(q.qualifier for q in HEDGES.values() if q.low_factor is None)
_BOUND_JOINER = re.compile(r"\s*(?:,\s*(?:(?:and|but)\s+)?|(?:and|but)\s+)\Z")


def _join_bounds(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """'more than 100 and fewer than 200' (or the other way round) is one range, 100 to 200."""
    joined = [mentions[0]]
    for mention in mentions[1:]:
        previous = joined[-1]
        bounds = {previous.qualifier, mention.qualifier}
        if (
            len(bounds) == 2
            and bounds & _LOWER_BOUNDS
            and bounds & _UPPER_BOUNDS
            and previous.kind == mention.kind
            and _BOUND_JOINER.match(text[previous.end : mention.start])
        ):
            low = previous.low if previous.qualifier in _LOWER_BOUNDS else mention.low
            high = previous.high if previous.qualifier in _UPPER_BOUNDS else mention.high
            if low is not None and high is not None and low < high:
                joined[-1] = NumberMention(
                    previous.start,
                    mention.end,
                    text[previous.start : mention.end],
                    _round((low + high) / 2),
                    low,
                    high,
                    "range",
                    mention.kind,
                    mention.unit or previous.unit,
                )
                continue
        joined.append(mention)
    return joined


_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+")


def _web_addresses(lowered: str) -> list[tuple[int, int]]:
    return (
        [m.span() for m in _WEB_ADDRESS.finditer(lowered)]
        if "/" in lowered or "www." in lowered
        else []
    )


class _Spans:
    """Spans where nothing is read (calendar dates, web addresses), with a fast overlap test."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self.spans = merged
        self.starts = [s for s, _ in merged]

    def gaps(self, length: int) -> list[tuple[int, int]]:
        """The stretches of a text of `length` characters between the spans."""
        edges = [0, *(edge for span in self.spans for edge in span), length]
        return [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]

    def overlap(self, start: int, end: int) -> bool:
        if not self.spans:
            return False
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.spans[i - 1][1] > start


def _read_match(
    text: str, lowered: str, padded: str, match: re.Match, consumed: int, blocked: _Spans
) -> list[NumberMention]:
    """The mentions one regex match stands for (usually one)."""
    group = match.lastgroup
    start, end = match.start(), match.end() - 1  # the match's first character is the one before
    if group == "time":
        return [NumberMention(start, end, text[start:end], None, None, None, None, "other", "time")]
    if group == "ordinal_digits":
        value = float(lowered[start : end - 2])
        return [_plain(text, start, end, value, "ordinal")]
    if group == "ordinal_words":
        return [_plain(text, start, end, _ordinal_words_value(lowered[start:end]), "ordinal")]
    if group == "words":
        cores = _words_cores(text, lowered, match, start, end)
    elif group in ("fraction", "fraction_digits"):
        cores = _fraction_cores(text, lowered, match, start, end)
    elif group == "wfrac":
        value = _word_fraction(match["wfrac"])
        kind, unit = ("fraction", "fraction") if value < 1 else ("count", None)
        cores = [_Core(start, end, value, value, value, kind, unit)]
    elif group == "vague":
        cores = [_vague_core(match, start, end)]
    elif group == "money":
        cores = [_money_core(match, start, end)]
    else:
        cores = [_digits_core(text, lowered, match, start, end)]
    mentions = []
    for index, core in enumerate(cores):
        if isinstance(core, NumberMention):
            mentions.append(core)
            continue
        last = index == len(cores) - 1
        mention = _extend(text, lowered, padded, core, group, consumed, blocked, last)
        mentions.append(mention)
        consumed = mention.end
    return mentions


def _plain(text: str, start: int, end: int, value: float | None, kind: str, unit=None):
    return NumberMention(start, end, text[start:end], value, value, value, None, kind, unit)


def _span(match: re.Match, name: str) -> tuple[int, int]:
    return match.start(name) - 1, match.end(name) - 1


# --- Cores: the number a match stands for ------------------------------------------------------


def _digits_core(text: str, lowered: str, match: re.Match, start: int, end: int):
    number_start, number_end = _span(match, "d_number")
    raw = lowered[number_start:number_end]
    value = _digits_value(raw)
    if match["d_vulgar"]:
        value += _VULGAR[match["d_vulgar"]] * (-1 if value < 0 else 1)
    if match["d_exponent"]:
        value = _raised(value, match)
        if value is None:  # too large for a float
            return _plain(text, start, end, None, "other", None)
        return _Core(start, end, value, value, value)
    scale = 1.0
    fraction = match["d_and"] or match["d_and_after_scale"]
    scale_word = match["d_scale"] or match["d_scale_after_and"]
    if scale_word:
        scale = _scale_value(scale_word)
    elif match["d_abbreviation"]:
        scale = _ABBREVIATIONS[match["d_abbreviation"].strip()]
    if fraction:
        value += _fraction_value(fraction.split(None, 1)[1])
    value *= scale
    if match["d_chain"]:
        value, scale = _chain_value(match, value, scale)
    if end == number_end and (
        (text[end : end + 1] == "M" and not lowered[end + 1 : end + 2].isalpha())
        or (
            text[end : end + 2] == " M"
            and not lowered[end + 2 : end + 3].isalpha()
            and text[end + 2 : end + 3] != "."
        )
    ):
        # "10M" or "10 M" in capitals is ten million ("5 M. Smith" is an initial); "10m" is ten
        # metres (a unit, read later).
        end = text.index("M", end) + 1
        return _Core(start, end, value * 1e6, value * 1e6, value * 1e6, scale=1e6)
    core = _Core(start, end, value, value, value, scale=scale)
    core.year_like = (
        scale == 1.0
        and end == number_end
        and len(raw) == 4
        and raw.isdigit()
        and 1800 <= value <= 2100
    )
    if start and lowered[start - 1] in "-‐" and not core.year_like:
        prefix = _DESIGNATION_BEFORE.search(lowered, max(0, start - 6), start)
        if prefix and not text[prefix.start() : start].islower():
            return _plain(text, start, end, value, "other", "designation")
    return core


def _raised(value: float, match: re.Match) -> float | None:
    """A number with its exponent: '1.3e6' -> 1.3e6, '2.5^-1' -> 0.4, '-1.1^23' -> -(1.1^23)."""
    try:
        if match["power"]:
            power = match["power"]
            exponent = int(power.lstrip("+-")) * (-1 if power.count("-") % 2 else 1)
            raised = abs(value) ** exponent
            return -raised if value < 0 else raised
        return value * 10.0 ** int(match["e_ten"] or match["x_ten"])
    except (OverflowError, ZeroDivisionError):
        return None


def _chain_value(match: re.Match, value: float, scale: float) -> tuple[float, float]:
    """A scaled number and the smaller groups after it (_DIGITS_CHAIN): their sum, last scale."""
    for item in _CHAIN_ITEM.finditer(match["d_chain"]):
        if item["digits"]:
            group_scale = _scale_value(item["scale"])
            group = float(item["digits"]) * group_scale
        elif item["alone"]:
            group, group_scale = float(item["alone"]), 1.0
        else:
            group = words_value(item["words"])
            group_scale = _trailing_scale(item["words"])
        value, scale = value + group, group_scale
    return value, scale


def _chain_fits(lowered: str, match: re.Match) -> bool:
    """Whether each group of a digits chain is smaller than the scale before it, and its "and" is
    not the one of "between" ("between 5 thousand and 900" is not 5,900)."""
    if " and" in match["d_chain"] and _BETWEEN_BEFORE.search(
        lowered, max(0, match.start() - 9), match.start()
    ):
        return False
    scale = _scale_value(match["d_scale"])
    for item in _CHAIN_ITEM.finditer(match["d_chain"]):
        if item["digits"]:
            group_scale = _scale_value(item["scale"])
            group = float(item["digits"]) * group_scale
        elif item["alone"]:
            group, group_scale = float(item["alone"]), 1.0
        else:
            group = words_value(item["words"])
            group_scale = _trailing_scale(item["words"])
        if not group < scale or not group_scale < scale:
            return False
        scale = group_scale
    return True


def _digits_value(raw: str) -> float:
    if raw.isdigit():
        return float(raw)
    return float(raw.translate(_NUMBER_SEPARATORS).replace("−", "-"))


def _money_core(match: re.Match, start: int, end: int) -> _Core:
    value = _digits_value(match["m_number"])
    scale = 1.0
    if match["m_scale"]:
        scale = _scale_value(match["m_scale"])
    elif match["m_abbreviation"]:
        abbreviation = match["m_abbreviation"].strip()
        scale = _ABBREVIATIONS.get(abbreviation) or _MONEY_ABBREVIATIONS[abbreviation]
    value *= scale
    spec = _MONEY_PREFIXES[_SPACES.sub(" ", match["m_prefix"])]
    return _Core(start, end, value, value, value, "money", spec.unit, scale=scale)


def _vague_core(match: re.Match, start: int, end: int) -> _Core:
    phrase = _SPACES.sub(" ", match["vague"])
    scale_word = match["v_scale"]
    if scale_word:
        # "several hundred" scales; "dozens of thousands" keeps "dozens" alone.
        end = match.start("v_scale") - 1
        phrase = phrase[: len(phrase) - len(_SPACES.sub(" ", scale_word))].strip()
        phrase = phrase.removesuffix(" of").strip()
    spec = VAGUE[phrase]
    if scale_word and spec.scalable:
        end = match.end("v_scale") - 1
        scale = _scale_value(scale_word)
    else:
        if scale_word:
            end = start + len(re.match(alternation([phrase]), match["vague"]).group())
        scale = 1.0
    return _Core(
        start,
        end,
        spec.value * scale,
        spec.low * scale,
        spec.high * scale,
        qualifier="vague",
        scale=scale,
    )


_COUNTED_NOUN = re.compile(r"\s+(?:[a-z-]+\s+){0,2}?[a-z]{3,}s\b")


_ARTICLE = re.compile(r"(?:a|an)[\s-]+(?P<word>[a-z]+)$")
_NOUN_AFTER_ORDINAL = re.compile(
    r"\s+(?!(?:of|and|or|to|in|on|at|by|for|from|with|than|since|more|less|percent|per|as|the|a|"
    r"an|is|was|were|are|has|had|that|which|who)\b)[a-z]{3,}"
)


def _article_ordinal(phrase: str | None, lowered: str, end: int) -> float | None:
    """'a sixth' before a noun ('a sixth provincial capital') is the ordinal 6."""
    found = _ARTICLE.match(phrase or "")
    if not found or found["word"] not in ORDINALS or found["word"] in ("half", "quarter"):
        return None
    return ORDINALS[found["word"]] if _NOUN_AFTER_ORDINAL.match(lowered, end) else None


def _fraction_cores(text: str, lowered: str, match: re.Match, start: int, end: int) -> list:
    if match["f_num"]:
        whole = float(match["f_whole"]) if match["f_whole"] else 0.0
        top, bottom = int(match["f_num"]), int(match["f_den"])
        if bottom not in _SLASH_DENOMINATORS or top >= bottom:
            # "9/11", "24/7": names and slogans, not fractions.
            return [_plain(text, start, end, None, "other", None)]
        value = (whole + top / bottom) * (-1 if match["f_sign"] else 1)
        return [_Core(start, end, value, value, value, "count" if whole else "fraction")]
    if match["f_vulgar"]:
        value = _VULGAR[match["f_vulgar"]]
        return [_Core(start, end, value, value, value, "fraction", "fraction")]
    top_group, bottom_group = ("fd_top", "fd_bottom") if match["fd_top"] else ("f_top", "f_bottom")
    if match[top_group]:
        top, bottom = _small_number(match[top_group]), _small_number(match[bottom_group])
        counted_whole = (
            top is not None
            and top >= 10
            and bottom > 20
            and match[bottom_group].isdigit()
            and _COUNTED_NOUN.match(lowered, end) is not None
        )
        if top is None or not bottom or top > bottom or counted_whole:
            # "12 out of 10" is not a share, and "240 out of 400 districts" is a count of a
            # stated whole: two counts.
            top_start, top_end = _span(match, top_group)
            bottom_start, bottom_end = _span(match, bottom_group)
            return [
                _Core(top_start, top_end, top, top, top),
                _Core(bottom_start, bottom_end, bottom, bottom, bottom),
            ]
        value = top / bottom
        return [_Core(start, end, value, value, value, "fraction", "fraction")]
    ordinal = _article_ordinal(match["f_words"], lowered, end)
    if ordinal is not None:
        # "a sixth provincial capital", "a third time": an ordinal with an article, not 1/6.
        return [_plain(text, start, end, ordinal, "ordinal")]
    value = _fraction_value(match["f_words"])
    if match["f_scale"]:
        scale = _scale_value(match["f_scale"])
        return [_Core(start, end, value * scale, value * scale, value * scale, scale=scale)]
    return [_Core(start, end, value, value, value, "fraction", "fraction")]


def _words_cores(text: str, lowered: str, match: re.Match, start: int, end: int) -> list:
    phrase = match["w_number"]
    alone = match.end() == match.end("w_number")
    if (
        phrase == "one"
        and alone
        and _NO_ONE.search(lowered, max(0, start - 12), start)
        and not _TAIL.match(lowered, end)["unit"]  # "that one mile" is a distance
    ):
        return []
    value = words_value(phrase)
    if match["w_ordinal"]:
        ordinal = _compound_ordinal(phrase, match["w_ordinal"])
        if ordinal is not None:
            return [_plain(text, start, end, ordinal, "ordinal")]
        number_start, number_end = _span(match, "w_number")
        number = _Core(number_start, number_end, value, value, value)
        if match["w_ordinal"] in _SUFFIX_UNITS:
            return [number]  # "one second": a duration, read as the number and its unit
        ordinal_start, ordinal_end = _span(match, "w_ordinal")
        return [
            number,
            _plain(text, ordinal_start, ordinal_end, ORDINALS[match["w_ordinal"]], "ordinal"),
        ]
    scale = _trailing_scale(phrase)
    if match["w_point"]:
        value = float(f"{int(value)}.{_decimal_digits(match['w_point'])}")
        if match["w_scale"]:
            scale = _scale_value(match["w_scale"])
            value *= scale
    elif match["w_and"]:
        fraction = _fraction_value(match["w_and"].split(None, 1)[1])
        # "a million and a half" is 1.5 million; "one hundred and three quarters" is 100.75.
        of_scale = scale if scale >= 1000 or scale == 12 else 1.0
        if match["w_and_scale"]:
            # "one billion and a half million" adds; "five and a half million" multiplies.
            and_scale = _scale_value(match["w_and_scale"])
            value = value + fraction * and_scale if of_scale > 1 else (value + fraction) * and_scale
            scale = and_scale
        else:
            value += fraction * of_scale
    return [_Core(start, end, value, value, value, scale=scale)]


def words_value(phrase: str) -> float | None:
    """'three hundred and twenty-one' -> 321; 'a dozen' -> 12; None when it is not a number.

    A scale larger than any before it multiplies all that came before ("two thousand million",
    "three lakh crore"); a smaller one adds its group ("one million two thousand").
    """
    total = current = largest = 0.0
    seen = False
    for token in _TOKENS.findall(phrase.lower()):
        if token == "and":
            continue
        if token in ("a", "an"):
            current = 1.0
            continue
        if token not in WORDS:
            return None
        number, role = WORDS[token]
        seen = True
        if role in ("unit", "tens"):
            current += number
        elif role == "hundred":
            current = (current or 1.0) * number
        else:
            if number > largest and total > 0:
                total = (total + current) * number
            else:
                total += (current or 1.0) * number
            largest = max(largest, number)
            current = 0.0
    return total + current if seen else None


def _trailing_scale(phrase: str) -> float:
    """The place value of a number's last word: 'two million' -> 1e6, 'twenty' -> 1."""
    last = _TOKENS.findall(phrase)[-1]
    number, role = WORDS.get(last, (1.0, "unit"))
    return number if role in ("scale", "multiplier", "hundred") else 1.0


def _scale_value(phrase: str) -> float:
    value = 1.0
    for token in _TOKENS.findall(phrase):
        value *= _SCALES.get(token, 1.0)
    return value


def _decimal_digits(phrase: str) -> str:
    """'zero five' -> '05'; 'ninety-nine' -> '99'; '77' -> '77'."""
    if phrase.isdigit():
        return phrase
    digits, pending_tens = "", 0
    for token in _TOKENS.findall(phrase):
        number = int(WORDS[token][0])
        if WORDS[token][1] == "tens":
            if pending_tens:
                digits += str(pending_tens)
            pending_tens = number
        elif pending_tens and number < 10:
            digits += str(pending_tens + number)
            pending_tens = 0
        else:
            digits += (str(pending_tens) if pending_tens else "") + str(number)
            pending_tens = 0
    return digits + (str(pending_tens) if pending_tens else "")


def _compound_ordinal(phrase: str, ordinal_word: str) -> float | None:
    """'twenty' + 'first' -> 21; 'two' + 'hundredth' -> 200; 'one' + 'second' -> None."""
    number = words_value(phrase)
    ordinal = ORDINALS[ordinal_word]
    if number is None:
        return None
    if ordinal_word in _SCALE_ORDINALS:
        return number * ordinal
    last_value, last_role = WORDS[_TOKENS.findall(phrase)[-1]]
    place = 10 if last_role == "tens" else last_value if last_role != "unit" else 0
    return number + ordinal if ordinal < place else None


def _ordinal_words_value(phrase: str) -> float:
    tokens = _TOKENS.findall(phrase)
    last = tokens[-1]
    if len(tokens) == 1:
        for tens in _words_with(("tens",)):
            if last.startswith(tens) and last[len(tens) :] in ORDINALS:
                return WORDS[tens][0] + ORDINALS[last[len(tens) :]]
        return ORDINALS[last]
    return WORDS[tokens[0]][0] + ORDINALS[last]


def _one_phrase(match: re.Match) -> bool:
    """False for words that read as a number and an ordinal side by side ('one fortieth')."""
    return not (
        match.lastgroup == "words"
        and match["w_ordinal"]
        and _compound_ordinal(match["w_number"], match["w_ordinal"]) is None
    )


def _word_fraction_fits(lowered: str, match: re.Match) -> bool:
    """Whether a word-fraction match is one: it splits, and a singular one ends its phrase."""
    split = _word_fraction_split(match["wfrac"])
    if split is None:
        return False
    return split[3] or not _NOUN_AFTER.match(lowered, match.end() - 1)


def _word_fraction(phrase: str) -> float:
    whole, top, bottom, _ = _word_fraction_split(phrase)
    return whole + top / bottom


def _word_fraction_split(phrase: str) -> tuple[float, float, float, bool] | None:
    """(whole, numerator, denominator, plural) of a word fraction, or None when it is not one.

    The denominator is the last word ("fifths"), with the tens word before it when a numerator
    is left ("one hundred | thirty-fifths", "twenty | twenty-fifths", but "twenty fifths" is
    20/5); with the number words before it when only that leaves a numerator ("one | one hundred
    fifth"). "and" before a numerator smaller than the denominator starts a fraction after a whole
    number ("two hundred and fifty-four hundredths" is 200.54; "one hundred and thirty fifths" is
    130/5). A singular denominator takes a numerator of one ("a twenty-first"), a plural one more.
    """
    tokens = _TOKENS.findall(phrase)
    last = tokens[-1]
    value, plural = _WORD_DENOMINATORS[last]
    singular = last[:-1] if plural and last not in FRACTIONS else last
    splits = []
    before = tokens[-2] if len(tokens) > 1 else ""
    if 1 <= value <= 9 and before in WORDS and WORDS[before][1] == "tens":
        splits.append((len(tokens) - 2, value + WORDS[before][0]))
    if value >= 3 or last in FRACTIONS:
        splits.append((len(tokens) - 1, value))
    if singular in ORDINALS:
        for i in range(len(tokens) - 3, 0, -1):
            head = " ".join(tokens[i:-2] if tokens[-2] == "and" else tokens[i:-1])
            if _NUMBER_WORDS_WHOLE.match(head):
                compound = _compound_ordinal(head, singular)
                if compound is not None:
                    splits.append((i, compound))
    for i, bottom in splits:
        numerator = _fraction_numerator(tokens[:i], bottom)
        if numerator is not None and (numerator[1] == 1) != plural:
            return (*numerator, bottom, plural)
    return None


def _fraction_numerator(tokens: list[str], bottom: float) -> tuple[float, float] | None:
    """(whole, numerator) of the words before a denominator: 'two and fifty-four' -> (2, 54)."""
    if not tokens:
        return None
    if "and" in tokens:
        k = len(tokens) - 1 - tokens[::-1].index("and")
        whole, top = _whole_number(tokens[:k]), _whole_number(tokens[k + 1 :])
        if whole is not None and top is not None and top < bottom:
            return whole, top
    top = _whole_number(tokens)
    return None if top is None else (0.0, top)


def _whole_number(tokens: list[str]) -> float | None:
    if tokens in (["a"], ["an"]):
        return 1.0
    phrase = " ".join(tokens)
    return words_value(phrase) if tokens and _NUMBER_WORDS_WHOLE.match(phrase) else None


def _fraction_value(phrase: str) -> float:
    """'a third' -> 0.3333; 'two thirds' -> 0.6667; 'half' -> 0.5."""
    tokens = _TOKENS.findall(phrase)
    if tokens == ["half"]:
        return 0.5
    top = 1.0 if tokens[0] in ("a", "an") else _NUMERATORS.get(tokens[0], 1.0)
    return top / FRACTIONS[tokens[-1]]


def _small_number(token: str) -> float | None:
    """A share's side: '3' -> 3, 'a' -> 1, 'five hundred' -> 500, '10,000' -> 10000."""
    token = token.strip()
    if token.isdigit():
        return float(token)
    if token[0].isdigit():
        digits = _LEADING_DIGITS.match(token)
        scale = token[digits.end() :].strip()
        return _digits_value(digits.group()) * (_scale_value(scale) if scale else 1.0)
    return 1.0 if token in ("a", "an") else words_value(token)


# --- Extensions: range, unit, hedges -----------------------------------------------------------


def _extend(
    text: str,
    lowered: str,
    padded: str,
    core: _Core,
    group: str,
    consumed: int,
    blocked: _Spans,
    may_extend: bool,
) -> NumberMention:
    """The core grown into its full phrase: unit, range, hedges; a year when it is one. Only the
    last of a match's numbers (`may_extend`) takes what follows it."""
    before = lowered[max(0, core.start - _LOOKBACK) : core.start]
    last_word = _last_word(before)
    if may_extend:
        tail = _TAIL.match(lowered, core.end)
        if core.kind == "count":
            _attach_unit(core, tail)
            if core.kind == "count" and last_word == "of" and not core.year_like:
                _attach_percent_before(lowered, core, before, consumed)
        elif core.kind == "fraction":
            _attach_measure(lowered, core)
        if core.year_like and core.kind == "count":
            year = _year(text, lowered, core, before, last_word, blocked)
            if year is not None:
                return year
    if (
        last_word in ("minus", "negative")
        and core.value > 0
        and _attach_sign(core, before, consumed)
    ):
        # The sign first: "between negative ten and fifteen", "more than minus 5".
        before = lowered[max(0, core.start - _LOOKBACK) : core.start]
        last_word = _last_word(before)
    if may_extend:
        if core.kind == "count" and core.unit is None and lowered.startswith(" over", core.end):
            _attach_divisor(text, lowered, padded, core)
        if tail["sep"] and core.kind in _RANGE_KINDS:
            _attach_range(text, lowered, padded, core, group, before, last_word, blocked)
        if core.qualifier != "range" and lowered.startswith(
            ("or", "and"), _skip_spaces(lowered, core.end)
        ):
            _attach_post_hedge(lowered, core)
    if last_word in _HEDGE_LAST_WORDS and not core.hedged_after:
        # "about 500 or more": the hedge after the figure sets its bounds.
        _attach_hedge_before(core, before, consumed, blocked)
    return _mention(text, core)


def _last_word(before: str) -> str:
    words = before[-24:].split()
    return words[-1] if words else ""


def _skip_spaces(lowered: str, at: int) -> int:
    while at < len(lowered) and lowered[at] == " ":
        at += 1
    return at


def _attach_unit(core: _Core, tail: re.Match) -> None:
    """A unit right after a count: '90 percent', '75 kilometers', '3-day', '£5 million'."""
    if tail["pct"]:
        core.kind, core.unit, core.end = "percent", UNITS["%"].unit, tail.end("pct")
    elif tail["currency"]:  # "10 €", "-15€"
        spec = _MONEY_PREFIXES[tail["currency"]]
        core.kind, core.unit, core.end = "money", spec.unit, tail.end("currency")
    elif tail["unit"]:
        phrase = _SPACES.sub(" ", tail["unit"])
        if not (phrase == "m" and tail["gap"]):  # "500m" is metres; "500 m" is not read
            spec = _SUFFIX_UNITS[phrase]
            core.kind, core.unit, core.end = spec.kind, spec.unit, tail.end("unit")
    elif tail["glued"] and core.scale == 1.0 and not (core.year_like and tail["glued"] == "s"):
        # "180ml", "5G": a unit the reader does not know, or a name; not a count.
        core.kind, core.unit, core.end = "other", tail["glued"], tail.end("glued")


def _attach_percent_before(lowered: str, core: _Core, before: str, consumed: int) -> None:
    """'percent of 10': the percent word before the number is its unit."""
    percent = _PERCENT_OF_BEFORE.search(before)
    if (
        percent
        and core.start - len(percent.group()) >= consumed
        and _NO_NOUN_AFTER.match(lowered, core.end)
    ):
        core.start -= len(percent.group())
        core.kind, core.unit = "percent", UNITS["%"].unit


def _attach_divisor(text: str, lowered: str, padded: str, core: _Core) -> None:
    """'one over three', '1 over twenty-one': a quotient, when both numbers are bare counts and the
    second ends its phrase. Otherwise 'over' is the hedge of the next figure: 'in District 9 over
    200 homes', '12 over the weekend', '500 over 3 years', 'in 2021 over 300'."""
    over = _OVER.match(lowered, core.end)
    if over is None or core.year_like or core.qualifier is not None:
        return
    other = _second_core(text, lowered, padded, over.end(), core)
    if (
        other is None
        or other.kind != "count"
        or other.unit is not None
        or other.year_like
        or not other.value
        or not _NO_NOUN_AFTER.match(lowered, other.end)
    ):
        return
    core.value = core.low = core.high = core.value / other.value
    core.end = other.end
    if abs(core.value) < 1:
        core.kind, core.unit = "fraction", "fraction"


def _attach_measure(lowered: str, core: _Core) -> None:
    """A fraction of a distance or a duration: 'half a day', 'a third of a mile'."""
    unit = _UNIT_AFTER_FRACTION.match(lowered, core.end)
    if unit:
        spec = _SUFFIX_UNITS[_SPACES.sub(" ", unit["unit"])]
        core.kind, core.unit, core.end = spec.kind, spec.unit, unit.end()


def _attach_hedge_before(core: _Core, before: str, consumed: int, blocked: _Spans) -> None:
    """'nearly a third', 'more than 100': bounds from the hedge's factors in hedges.csv."""
    hedge = _HEDGE_BEFORE.search(before)
    if not hedge or (hedge["hedge"] == "over" and _TAKE_OVER.search(before)):
        return
    hedge_start = core.start - len(hedge.group()) + len(hedge["between"] or "")
    if hedge_start >= consumed and not blocked.overlap(hedge_start, core.start):
        _apply_hedge(core, HEDGES[_SPACES.sub(" ", hedge["hedge"])])
        core.start = hedge_start


def _attach_sign(core: _Core, before: str, consumed: int) -> bool:
    sign = _SIGN_BEFORE.search(before)
    if not sign or core.start - len(sign.group()) < consumed:
        return False
    core.start -= len(sign.group())
    core.value, core.low, core.high = (
        -core.value,
        None if core.high is None else -core.high,
        None if core.low is None else -core.low,
    )
    return True


def _year(
    text: str, lowered: str, core: _Core, before: str, last_word: str, blocked: _Spans
) -> NumberMention | None:
    """A four-digit number from 1800 to 2100 with no hedge is a year; so are the spans "2013-14",
    "1960s" and "between 2006 and 2014" (value the first year, low and high the span's ends)."""
    if last_word in _HEDGE_LAST_WORDS and _HEDGE_BEFORE.search(before):
        return None
    start, end = core.start, core.end
    low = high = core.value
    if lowered.startswith("s", end) and not lowered[end + 1 : end + 2].isalpha():
        high, end = low + 9, end + 1
    elif span := _YEAR_RANGE.match(lowered, end) or (
        _YEAR_TO.match(lowered, end) if last_word in ("between", "from") else None
    ):
        tail = span["end"]
        second = float(tail) if len(tail) == 4 else float(int(low) // 100 * 100 + int(tail))
        if low < second <= 2100 and not blocked.overlap(end, span.end()):
            high, end = second, span.end()
            if span.re is _YEAR_TO:
                start -= len(_BETWEEN_BEFORE.search(before).group())
    return NumberMention(start, end, text[start:end], low, low, high, None, "year", None)


def _attach_range(
    text: str,
    lowered: str,
    padded: str,
    core: _Core,
    group: str,
    before: str,
    last_word: str,
    blocked: _Spans,
) -> None:
    """'200-300', '2 to 3 million', 'between 2 and 6 percent', 'two or three'."""
    sep = _RANGE_SEP.match(lowered, core.end)
    if not sep:
        return
    joiner = sep["joiner"]
    between = _BETWEEN_BEFORE.search(before) if last_word in ("between", "from") else None
    if joiner == "and" and not (between and between["between"] == "between"):
        return
    if joiner == "or" and group != "words":
        return
    if between and between["between"] == "from" and _CHANGE_BEFORE.search(before):
        return
    other = _second_core(text, lowered, padded, sep.end(), core)
    if other is None or (core.unit and other.unit != core.unit):
        return
    if blocked.overlap(core.end, other.end):  # '000-1 Jul': the '1' belongs to a date
        return
    # "2 to 3 million": the second number's scale applies to the first.
    shared = other.scale if other.scale > 1 and core.scale == 1 else 1.0
    if core.value * shared > other.value:  # "500 to 3 million" keeps 500
        shared = 1.0
    if (
        shared == 1.0
        and 1 <= core.value < 1000
        and core.value * 1000 < other.value < core.value * 2000
    ):
        # "12-13,000 soldiers": the thousands written once are the first number's too.
        shared = 1000.0
    low = core.value * shared
    if not other.value > low or core.low is None:
        return
    core.value = (low + other.value) / 2
    core.low = core.low * shared
    core.high = other.high
    core.end = other.end
    core.kind, core.unit = other.kind, other.unit
    core.qualifier = "range"
    core.year_like = False
    if between:
        core.start -= len(between.group())


def _second_core(text: str, lowered: str, padded: str, at: int, first: _Core) -> _Core | None:
    """The second number of a range starting at `at`, with its unit (or the first's currency)."""
    match = _CORE_PLAIN.match(padded, at)
    if match is None or match.lastgroup not in ("digits", "words", "money"):
        return None
    start, end = match.start(), match.end() - 1
    if match.lastgroup == "words":
        cores = _words_cores(text, lowered, match, start, end)
        other = cores[0] if len(cores) == 1 and isinstance(cores[0], _Core) else None
    elif match.lastgroup == "money":
        other = _money_core(match, start, end)
    else:
        other = _digits_core(text, lowered, match, start, end)
        other = other if isinstance(other, _Core) else None
    if other is None:
        return None
    if other.kind == "count":
        _attach_unit(other, _TAIL.match(lowered, other.end))
    if other.kind == "count" and first.kind == "money":
        other.kind, other.unit = "money", first.unit
    return other if other.kind == first.kind or first.kind == "count" else None


def _attach_post_hedge(lowered: str, core: _Core) -> None:
    hedge = _HEDGE_AFTER.match(lowered, core.end)
    if hedge:
        _apply_hedge(core, HEDGES[_SPACES.sub(" ", hedge["hedge"])])
        core.end = hedge.end()
        core.hedged_after = True


def _apply_hedge(core: _Core, hedge: _Hedge) -> None:
    """Bounds from the hedge's factors; a range keeps its stated ends under a two-sided hedge."""
    if core.qualifier == "range" and hedge.low_factor and hedge.high_factor:
        return
    low = None if hedge.low_factor is None or core.low is None else core.low * hedge.low_factor
    high = None if hedge.high_factor is None or core.high is None else core.high * hedge.high_factor
    if low is not None and high is not None and low > high:  # negative values
        low, high = high, low
    core.low, core.high, core.qualifier = low, high, hedge.qualifier
    if core.kind == "fraction" and low is not None and high is not None:
        core.value = min(max(core.value, low), high)


def _mention(text: str, core: _Core) -> NumberMention:
    if core.kind == "fraction" and core.unit is None:
        core.unit = "fraction"
    value = _round(core.value)
    low = value if core.low == core.value else _round(core.low)
    high = value if core.high == core.value else _round(core.high)
    return NumberMention(
        core.start,
        core.end,
        text[core.start : core.end],
        value,
        low,
        high,
        core.qualifier,
        core.kind,
        core.unit,
    )


def in_base_unit(value: float, unit: str) -> tuple[float, str]:
    """A measured value in its kind's base unit (km for distance, days for duration), for comparison."""
    spec = next((spec for spec in UNITS.values() if spec.unit == unit), None)
    return (value * spec.factor, spec.base_unit) if spec else (value, unit)


def _round(value: float | None) -> float | None:
    if value is None or value.is_integer():
        return value
    if abs(value) < 0.1:  # "one in 105", "a trillionth": significant digits, not zero
        return float(f"{value:.{FRACTION_DIGITS}g}")
    return round(value, FRACTION_DIGITS) if abs(value) < 1000 else round(value, 2)
