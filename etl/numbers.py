"""The number reader: every number-like phrase in a text, with its value, bounds and kind.

It reads digits ("1,000", "1.5 million"), number words ("twenty-one"), vague quantities ("several
hundred"), fractions in words ("a third", "one in five"), percentages, ranges ("between 200 and
300") and hedges ("nearly", "more than"), and it recognises what is not a metric figure so it is
never counted as one: years, calendar dates, times, distances, durations, money and ordinals.
All lexicons are data in data/reference/; hedge factors live in hedges.csv.

One compiled regex finds the number cores; short anchored regexes then extend each core to a range,
a hedge before it and a unit after it. There is no per-character Python loop, which keeps the reader
at thousands of reports per second.
"""

from __future__ import annotations

import datetime as dt
import re
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

_NUMERATORS = {
    word: value for word, (value, role) in WORDS.items() if role == "unit" and 1 <= value <= 19
}
_SCALES = {
    word: value
    for word, (value, role) in WORDS.items()
    if role in ("scale", "hundred", "multiplier")
}
_SMALL_DENOMINATORS = {word: value for word, value in _NUMERATORS.items() if 2 <= value <= 12}

_WORD = alternation(list(WORDS))
_SCALE_WORD = alternation(list(_SCALES))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMERATOR = alternation(["a", "an", *_NUMERATORS])
_DENOMINATOR_WORD = alternation(list(FRACTIONS))
_PREFIX_MONEY = r"(?:US\$|\$|€|£)\s?"

_VAGUE_PATTERN = "|".join(
    rf"{alternation([phrase])}(?=\s+of\b)" if phrase in VAGUE_NEEDING_OF else alternation([phrase])
    for phrase in sorted(VAGUE, key=lambda phrase: -len(phrase))
)

CORE = re.compile(
    rf"""
    (?P<time>\b\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\b\.?)?|\b\d{{1,2}}\s*[ap]\.m\.|\b\d{{1,2}}\s*[ap]m\b)
  | (?P<fraction>
        \b(?:{_NUMERATOR})[\s-]+(?:{_DENOMINATOR_WORD})\b
      | \b(?:one|a)[\s-]+half\b | \bhalf\b
      | \b(?:{_NUMERATOR}|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?:{alternation(list(_SMALL_DENOMINATORS))}|\d+)\b(?!\s*(?:{_SCALE_WORD}|%|per))
    )
  | (?P<vague>\b(?:{_VAGUE_PATTERN})(?:\s+(?:{_SCALE_WORD}))?\b)
  | (?P<ordinal_digits>\b\d+(?:st|nd|rd|th)\b)
  | (?P<money>{_PREFIX_MONEY}(?:{_DIGITS})(?:\s*(?:{_SCALE_WORD})\b|(?:bn|mn|m|k)\b)?)
  | (?P<digits>(?<![\w.,])(?:{_DIGITS})(?:\s+(?:{_SCALE_WORD})\b|(?:bn|mn|k)\b)?)
  | (?P<words>\b(?:(?:a|an)\s+(?:{_SCALE_WORD})|(?:{_WORD}))(?:(?:[\s-]+|(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+)(?:{_WORD}))*\b)
  | (?P<ordinal_words>\b(?:{alternation(list(ORDINALS))})\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Words that can begin a number phrase; a number can also begin with a digit or a currency sign.
TRIGGER_WORDS = frozenset(
    w.lower()
    for w in [
        *WORDS,
        *ORDINALS,
        *_NUMERATORS,
        "a",
        "an",
        "half",
        "us",
        *(p.split()[0] for p in VAGUE),
    ]
)
_LETTERS = re.compile(r"[a-z]+")
_DIGIT_RUN = re.compile(r"[\d$€£][\d,.]*")
_WORD_AT = {word: re.compile(re.escape(word) + r"(?![a-z])") for word in TRIGGER_WORDS}
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|or|and)\s*", re.IGNORECASE)
_HEDGE_BEFORE = re.compile(
    rf"\b(?P<hedge>{trie_alternation(list(HEDGES))})\s+(?P<between>between\s+|from\s+)?\Z",
    re.IGNORECASE,
)
_BETWEEN_BEFORE = re.compile(r"\b(?P<between>between|from)\s+\Z", re.IGNORECASE)
_TAKE_OVER = re.compile(
    r"\b(?:took|take|takes|taking|taken|handed|turned|hand|turn)\s+over\s+\Z", re.IGNORECASE
)
_UNIT_AFTER = re.compile(
    rf"(?P<gap>\s*-?\s*|\s*)(?P<unit>{alternation([u for u in UNITS if not u.startswith(('$', 'US$', '€', '£', '%'))])})\b|(?P<pct>\s*%)",
    re.IGNORECASE,
)
_NO_ONE = re.compile(r"\b(?:no|every|any|each|this|that|which|the)\s+\Z", re.IGNORECASE)
_SCALE_SUFFIX = {"bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3}
_LOOKBACK = 40
_SPACES = re.compile(r"\s+")
_NON_DIGITS = re.compile(r"\D")
_MONEY_PREFIX = re.compile(_PREFIX_MONEY)
_DIGITS_AND_SUFFIX = re.compile(rf"({_DIGITS})\s*([a-z]*)")
_WORD_SPLIT = re.compile(r"[\s-]+")
# A hedge can only end in one of these words, so most numbers skip the hedge regex entirely.
_HEDGE_LAST_WORDS = frozenset(phrase.split()[-1] for phrase in HEDGES) | {"between", "from"}


def _last_word(before: str) -> str:
    words = before[-24:].split()
    return words[-1].lower() if words else ""


def read_numbers(text: str, dates: list[DateMention] | None = None) -> list[NumberMention]:
    """Every number-like phrase in `text`, in order, non-overlapping; offsets index `text`.

    Calendar dates ("6 July 2021") become mentions of kind date and mask the numbers inside them;
    pass the date reader's result when it is at hand, or it is computed here.
    """
    mentions: list[NumberMention] = []
    if dates is None:
        dates = find_dates(text, _ANY_REFERENCE)
    calendar = [d for d in dates if d.calendar]
    for date in calendar:
        mentions.append(
            NumberMention(
                date.start, date.end, date.surface, None, None, None, None, "date", date.precision
            )
        )
    blocked = [(d.start, d.end) for d in calendar]
    consumed = 0
    # Cheap triggers find the few places a number can start; the full regex runs only there.
    for position in _trigger_positions(text):
        if position < consumed:
            continue
        match = CORE.match(text, position)
        if match is None or _overlaps(blocked, match.start(), match.end()):
            continue
        mention = _read_core(text, match)
        if mention is None:
            continue
        mentions.append(mention)
        consumed = mention.end
    mentions.sort(key=lambda m: m.start)
    return mentions


def _trigger_positions(text: str) -> list[int]:
    """Where a number may start: digit runs and currency signs, and whole trigger words.

    Each scan is a C-speed regex with a literal or character-set prefix; the set intersection
    tells which trigger words occur at all, so only those are searched for.
    """
    positions = [
        m.start()
        for m in _DIGIT_RUN.finditer(text)
        if m.start() == 0 or not _is_word_char(text[m.start() - 1])
    ]
    lowered = text.lower()
    for word in TRIGGER_WORDS.intersection(_LETTERS.findall(lowered)):
        for m in _WORD_AT[word].finditer(lowered):
            if m.start() == 0 or not lowered[m.start() - 1].isalpha():
                positions.append(m.start())
    positions.sort()
    return positions


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_.,"


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _read_core(text: str, match: re.Match) -> NumberMention | None:
    group = match.lastgroup
    start, end = match.start(), match.end()
    surface = match.group()
    if group == "time":
        return NumberMention(start, end, surface, None, None, None, None, "other", "time")
    if group in ("ordinal_digits", "ordinal_words"):
        value = (
            float(_NON_DIGITS.sub("", surface))
            if group == "ordinal_digits"
            else ORDINALS[surface.lower()]
        )
        return NumberMention(start, end, surface, value, value, value, None, "ordinal", None)
    if (
        group == "words"
        and surface.lower() == "one"
        and _NO_ONE.search(text, max(0, start - 12), start)
    ):
        return None
    value, low, high, kind, qualifier = _core_value(group, surface)
    if value is None:
        return None
    unit: str | None = "fraction" if kind == "fraction" else None

    # A range: "200-300", "200 to 300", "between 200 and 300", "two or three".
    before = text[max(0, start - _LOOKBACK) : start]
    between = _BETWEEN_BEFORE.search(before) if _last_word(before) in ("between", "from") else None
    sep = _RANGE_SEP.match(text, end)
    if sep and kind == "count":
        joiner = sep.group().strip().lower()
        if joiner in ("and",) and not between or joiner == "or" and group != "words":
            sep = None
    else:
        sep = None
    if sep:
        second = CORE.match(text, sep.end())
        if second and second.lastgroup in ("digits", "words", "vague", "money"):
            value2, low2, high2, kind2, _ = _core_value(second.lastgroup, second.group())
            if value2 is not None and kind2 == "count" and value2 > value:
                value, low, high = (value + value2) / 2, low, high2
                end = second.end()
                qualifier = "range"
                if between:
                    start -= len(between.group())
                    before = text[max(0, start - _LOOKBACK) : start]

    # A hedge before the number: "nearly a third", "more than 100".
    hedge_match = _HEDGE_BEFORE.search(before) if _last_word(before) in _HEDGE_LAST_WORDS else None
    if hedge_match and not (hedge_match["hedge"].lower() == "over" and _TAKE_OVER.search(before)):
        hedge = HEDGES[_SPACES.sub(" ", hedge_match["hedge"].lower())]
        low = None if hedge.low_factor is None or low is None else low * hedge.low_factor
        high = None if hedge.high_factor is None or high is None else high * hedge.high_factor
        qualifier = hedge.qualifier
        start -= len(hedge_match.group())
        if hedge_match["between"]:
            start += len(hedge_match["between"])

    # A unit after the number: percent, distance, duration, money.
    if kind == "count":
        unit_match = _UNIT_AFTER.match(text, end)
        if unit_match:
            phrase = "%" if unit_match["pct"] else _SPACES.sub(" ", unit_match["unit"].lower())
            spec = UNITS.get(phrase)
            if spec and not (phrase == "m" and unit_match["gap"]):
                kind, unit = spec.kind, spec.unit
                end = unit_match.end()
        elif group == "money":
            kind, unit = "money", _money_unit(surface)
        if kind == "count" and group == "money":
            kind, unit = "money", _money_unit(surface)
        if kind == "count" and group == "digits" and _is_year(surface):
            return NumberMention(
                match.start(), match.end(), surface, value, value, value, None, "year", None
            )
    if kind == "fraction" and low is not None and high is not None:
        value = min(max(value, low), high)
    return NumberMention(
        start,
        end,
        text[start:end],
        _round(value),
        _round(low),
        _round(high),
        qualifier,
        kind,
        unit,
    )


def _core_value(
    group: str, surface: str
) -> tuple[float | None, float | None, float | None, str, str | None]:
    """(value, low, high, kind, qualifier) of one number core."""
    lowered = _SPACES.sub(" ", surface.lower())
    if group == "fraction":
        value = _fraction_value(lowered)
        return value, value, value, "fraction", None
    if group == "vague":
        return (*_vague_value(lowered), "count", "vague")
    if group in ("digits", "money"):
        value = _digits_value(_MONEY_PREFIX.sub("", lowered, count=1))
        return value, value, value, "count", None
    if group == "words":
        value = words_value(lowered)
        return value, value, value, "count", None
    return None, None, None, "other", None


def _digits_value(lowered: str) -> float | None:
    match = _DIGITS_AND_SUFFIX.match(lowered)
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    suffix = match.group(2)
    if suffix in _SCALE_SUFFIX:
        number *= _SCALE_SUFFIX[suffix]
    elif suffix in _SCALES:
        number *= _SCALES[suffix]
    return number


def words_value(lowered: str) -> float | None:
    """'three hundred and twenty-one' -> 321; 'a dozen' -> 12; None when it is not a number."""
    tokens = [token for token in _WORD_SPLIT.split(lowered) if token and token != "and"]
    total, current = 0.0, 0.0
    seen = False
    for token in tokens:
        if token in ("a", "an"):
            current = 1.0
            continue
        if token not in WORDS:
            return None
        number, role = WORDS[token]
        seen = True
        if role in ("unit", "tens"):
            current += number
        elif role in ("hundred", "multiplier"):
            current = (current or 1.0) * number
        else:
            total += (current or 1.0) * number
            current = 0.0
    return total + current if seen else None


def _fraction_value(lowered: str) -> float | None:
    parts = _WORD_SPLIT.split(lowered)
    if parts[-1] == "half" and len(parts) <= 2:
        return 0.5
    if "in" in parts or "out" in parts:
        numerator, denominator = parts[0], parts[-1]
        top = _small_number(numerator)
        bottom = _small_number(denominator)
        if top is None or not bottom:
            return None
        return top / bottom
    top = 1.0 if parts[0] in ("a", "an") else _small_number(parts[0])
    bottom = FRACTIONS.get(parts[-1])
    if top is None or not bottom:
        return None
    return top / bottom


def _small_number(token: str) -> float | None:
    if token.isdigit():
        return float(token)
    return 1.0 if token in ("a", "an") else _NUMERATORS.get(token, WORDS.get(token, (None,))[0])


def _vague_value(lowered: str) -> tuple[float, float, float]:
    for phrase, spec in VAGUE.items():
        if lowered.startswith(phrase):
            rest = lowered[len(phrase) :].strip()
            scale = _SCALES.get(rest, 1.0) if spec.scalable else 1.0
            return spec.value * scale, spec.low * scale, spec.high * scale
    raise KeyError(lowered)


def in_base_unit(value: float, unit: str) -> tuple[float, str]:
    """A measured value in its kind's base unit (km for distance, days for duration), for comparison."""
    spec = next((spec for spec in UNITS.values() if spec.unit == unit), None)
    return (value * spec.factor, spec.base_unit) if spec else (value, unit)


def _money_unit(surface: str) -> str:
    if surface.startswith("€"):
        return "EUR"
    if surface.startswith("£"):
        return "GBP"
    return "USD"


def _is_year(surface: str) -> bool:
    return surface.isdigit() and len(surface) == 4 and 1800 <= int(surface) <= 2100


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    return round(value, FRACTION_DIGITS) if abs(value) < 1000 else round(value, 2)
