"""The number and date readers (etl/numbers.py, etl/dates.py) against public suites written by others.

The suites live in tests/data/public_suites/ (each folder's SOURCE.md gives origin and format). Every
suite is scored as a whole: its pass rate is printed at the end of the pytest run (see conftest.py),
written to tests/artifacts/number_suite_rates.json, and must not fall below the suite's FLOOR (the
measured rate rounded down to a whole percent; floors only ever rise).

How a case is compared is stated in each test's docstring. Values are compared after rounding
(`_canonical`: three decimals below 1,000, one above, twelve significant digits beyond 1e15), because the reader rounds fractions to four
decimals ("two thirds" -> 0.6667).

Cases are set aside in exactly two ways, both counted and printed, never skipped silently:
- out of scope: a case family outside the reader's job, by a named rule below (OUT_OF_SCOPE_RULES);
- exceptions: single cases the reader deliberately reads differently, listed with the reason in
  tests/etl/number_suite_exceptions.csv (suite,input,reason). An exception that starts passing
  fails the test, so the list cannot go stale.
The rate is passed / (cases - out of scope - exceptions); the rate over all cases, comparable with the
peer scores in tests/data/public_suites/README.md, is printed beside it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl.dates import find_dates
from etl.numbers import HEDGES, NumberMention, in_base_unit, read_numbers

SUITES = Path(__file__).resolve().parents[1] / "data" / "public_suites"
EXCEPTIONS_FILE = Path(__file__).with_name("number_suite_exceptions.csv")
ARTIFACT = Path(__file__).resolve().parents[1] / "artifacts" / "number_suite_rates.json"

FLOORS = {
    "recognizers NumberModel": 1.00,
    "recognizers NumberRangeModel": 1.00,
    "recognizers PercentModel": 1.00,
    "recognizers OrdinalModel": 0.95,
    "recognizers DimensionModel (lengths)": 0.85,
    "recognizers CurrencyModel": 0.77,
    "quantulum3 quantities": 0.84,
    "number-parser words": 0.99,
    "number-parser sentences": 1.00,
    "text2num": 0.87,
    "duckling Numeral": 0.83,
    "duckling Ordinal": 1.00,
    "duckling Distance": 1.00,
    "duckling Duration": 0.68,
    "dateparser relative dates": 0.33,
    "duckling Time (day grain)": 0.13,
}

# Kinds that carry a plain number. Distances are left out for Recognizers-Text's NumberModel,
# which drops a number glued to a unit of measure (" 29km Road " -> nothing) but keeps money.
VALUE_KINDS = frozenset({"count", "fraction", "year", "percent", "money", "duration", "distance"})
NUMBER_MODEL_KINDS = VALUE_KINDS - {"distance"}


# --- Out-of-scope rules: case families outside the reader's job --------------------------------

_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,\d{1,2}(?![\d,])|\d\.\d{3},\d")
_IDENTIFIER = re.compile(r"\d+\.\d+\.\d+|\+\d-|\d+/\d+/\d+|\d-\d{3,}-\d")
_SYMBOLIC_COMPARISON = re.compile(r"[<>=~]")
_DURATION_UNIT = re.compile(
    r"\b(?:sec|secs|seconds?|mins?|minutes?|hours?|hrs?|h|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_DISTANCE_UNIT = re.compile(
    r"(?<=[\d\s'\"])(?:km|kms|kilomet(?:er|re)s?|miles?|mi|m|meters?|metres?|cm|centimet(?:er|re)s?"
    r"|mm|millimet(?:er|re)s?|in|inch(?:es)?|ft|feet|foot|yards?|yds?|''|'|\")(?![a-z])",
    re.IGNORECASE,
)
_NUMBER_TOKEN = re.compile(
    r"\d|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|thirty|half)\b",
    re.IGNORECASE,
)


def continental_decimal_comma(text: str) -> bool:
    """Continental decimal commas ('1,3', '5,00', '1.111,11'): the reader's sources are
    English-language news, which write 1,234.5; a comma before one or two digits is a list
    separator there ('in 2020,21 districts', '22,24,26'). South Asian grouping ('12,34,567', news
    from India and Pakistan) is read, so scored."""
    return bool(_DECIMAL_COMMA.search(text))


def identifiers_taken_apart(text: str) -> bool:
    """IP addresses, phone numbers and slashed dates, which Recognizers-Text takes apart into
    numbers ('192.168.1.2' -> 192, 168, 1, 2); they are not quantities, and the date reader reads
    '5/17/2018' as a date."""
    return bool(_IDENTIFIER.search(text))


def symbolic_comparison(text: str) -> bool:
    """Comparisons written with symbols ('x>10', '< = 100', '20~100'): notation, not prose."""
    return bool(_SYMBOLIC_COMPARISON.search(text))


def ordinal_range(text: str) -> bool:
    """Ranges of ranks ('between the tenth and the fifteenth'): ranks are not quantities."""
    return bool(re.search(r"\b(?:tenth|fifteenth)\b", text))


def chat_ui_relative_ordinal(results: list[dict]) -> bool:
    """Relative ordinals of a chat interface ('the one before the last', 'next one', 'previous
    page'): positions in a list on screen, not numbers in a report."""
    return any(r.get("TypeName") == "ordinal.relative" for r in results)


def compound_measure(text: str, unit: re.Pattern) -> bool:
    """Two measures summed into one ('7 feet and 10 inches', '2 years and 3 months', 'an hour and
    a half', '1 hour thirty'): the reader keeps each stated figure as it is written."""
    first_unit = unit.search(text)
    return bool(first_unit and _NUMBER_TOKEN.search(text, first_unit.end()))


def spelled_letters_or_lost_options(case: dict, conflicting: set[str]) -> bool:
    """text2num vectors that spell letters ('o s c a r'), or whose input appears with different
    expected outputs: the options that chose between them were not kept when the vectors were
    derived, so no single reading can match them all."""
    return case["input"] in conflicting or " o s c a r" in case["input"]


QUANTULUM_FAMILIES = {
    "dimensionless": VALUE_KINDS - {"distance", "duration", "money", "percent"},
    "percentage": {"percent"},
    **dict.fromkeys(
        ["metre", "kilometre", "mile", "inch", "foot", "centimetre", "millimetre", "yard"],
        {"distance"},
    ),
    **dict.fromkeys(["second", "minute", "hour", "day", "week", "month", "year"], {"duration"}),
    **dict.fromkeys(
        ["dollar", "euro", "pound sterling", "penny", "cent", "dime", "pence"], {"money"}
    ),
}
"""quantulum3's unit names -> the reader's kinds that may carry them."""


def unit_family_we_do_not_read(unit: str) -> bool:
    """Units outside the reader's kinds (areas, weights, volumes, speeds, energies, temperatures,
    data sizes...) in quantulum3 and DimensionModel: the reader only reads counts, percentages,
    distances, durations and money."""
    return unit not in QUANTULUM_FAMILIES


def finer_than_a_day_or_not_relative(case: dict) -> bool:
    """dateparser cases with times of day, hours, minutes or seconds, and bare durations ('1 decade
    2 years') that dateparser reads as 'ago': to a news reader they are durations, not dates."""
    return bool(
        case.get("period") not in ("day", "week", "month", "year")
        or re.search(r"\d:\d|hour|minute|second|\bat\b", case["input"])
        or not _RELATIVE_WORD.search(case["input"])
    )


_RELATIVE_WORD = re.compile(
    r"\b(?:ago|yesterday|today|tomorrow|last|next|this|before|earlier|previous|in)\b", re.IGNORECASE
)


def not_a_day_grain_date(case: dict) -> bool:
    """duckling Time cases that are times of day, intervals, holidays or grains other than a day."""
    return (
        case.get("kind") != "datetime"
        or str(case.get("grain", "")).lower() != "day"
        or not case.get("value")
    )


OUT_OF_SCOPE_RULES: dict[str, Callable] = {
    rule.__name__: rule
    for rule in (
        continental_decimal_comma,
        identifiers_taken_apart,
        symbolic_comparison,
        ordinal_range,
        chat_ui_relative_ordinal,
        compound_measure,
        spelled_letters_or_lost_options,
        unit_family_we_do_not_read,
        finer_than_a_day_or_not_relative,
        not_a_day_grain_date,
    )
}


# --- Scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """One case of a suite: its input, whether it passed, and the rule that set it aside, if any."""

    input: str
    passed: bool
    out_of_scope: str | None = None


def _read_exceptions() -> dict[str, dict[str, str]]:
    exceptions: dict[str, dict[str, str]] = {}
    with EXCEPTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            exceptions.setdefault(row["suite"], {})[row["input"]] = row["reason"]
    return exceptions


EXCEPTIONS = _read_exceptions()


def _score(name: str, outcomes: Iterable[Outcome], suite_rates: dict[str, str]) -> None:
    """Print and record the suite's rate; fail below the floor or on a stale exception."""
    outcomes = list(outcomes)
    rules = {o.out_of_scope for o in outcomes} - {None}
    assert rules <= set(OUT_OF_SCOPE_RULES), f"unnamed out-of-scope rules: {rules}"
    listed = EXCEPTIONS.get(name, {})
    inputs = {o.input for o in outcomes}
    unknown = sorted(set(listed) - inputs)
    assert not unknown, f"{EXCEPTIONS_FILE.name} lists inputs that {name} does not have: {unknown}"
    out_of_scope = Counter(o.out_of_scope for o in outcomes if o.out_of_scope)
    excepted = [o for o in outcomes if not o.out_of_scope and o.input in listed]
    stale = sorted({o.input for o in excepted if o.passed})
    assert not stale, (
        f"{name}: these cases now pass; remove them from {EXCEPTIONS_FILE.name}: {stale}"
    )
    scored = [o for o in outcomes if not o.out_of_scope and o.input not in listed]
    passed = sum(o.passed for o in scored)
    rate = passed / len(scored) if scored else 0.0
    every_passed = sum(o.passed for o in outcomes)
    set_aside = ", ".join(f"{rule} {n}" for rule, n in sorted(out_of_scope.items())) or "none"
    suite_rates[name] = (
        f"{name}: {passed}/{len(scored)} = {rate:.1%} (floor {FLOORS[name]:.0%}; "
        f"all {len(outcomes)} cases: {every_passed}/{len(outcomes)} = "
        f"{every_passed / len(outcomes):.1%}; exceptions {len(excepted)}; "
        f"out of scope: {set_aside})"
    )
    _write_artifact(
        name,
        {
            "passed": passed,
            "scored": len(scored),
            "rate": round(rate, 4),
            "floor": FLOORS[name],
            "cases": len(outcomes),
            "passed_of_all_cases": every_passed,
            "rate_of_all_cases": round(every_passed / len(outcomes), 4),
            "exceptions": len(excepted),
            "out_of_scope": dict(sorted(out_of_scope.items())),
        },
    )
    assert rate >= FLOORS[name], f"{name} fell to {rate:.1%}, below its floor {FLOORS[name]:.0%}"


def _write_artifact(name: str, record: dict) -> None:
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    rates = json.loads(ARTIFACT.read_text(encoding="utf-8")) if ARTIFACT.exists() else {}
    rates[name] = record
    ARTIFACT.write_text(json.dumps(rates, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# --- Comparison helpers -------------------------------------------------------------------------


def _canonical(value: float | None) -> float | None:
    """Three decimals below 1,000, one above, twelve significant digits beyond 1e15 (where a
    float holds about sixteen, so sums of scale words differ in the last ones)."""
    if value is None:
        return None
    if abs(value) >= 1e15:
        return float(f"{value:.12g}")
    return round(value, 3) if abs(value) < 1000 else round(value, 1)


def _number(text: str | float | int | None) -> float | None:
    try:
        return _canonical(float(str(text).replace(",", "").rstrip("%")))
    except ValueError:
        return None


def _values(mentions: Iterable[NumberMention], kinds: Iterable[str]) -> list[float]:
    return [_canonical(m.value) for m in mentions if m.value is not None and m.kind in kinds]


def _json(relative: str):
    return json.loads((SUITES / relative).read_text(encoding="utf-8-sig"))


_LEADING_HEDGE = re.compile(
    r"^(?:(?:{})\s+)?(?:between|from)?\s*".format(
        "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))
    ),
    re.IGNORECASE,
)


def _bare_surface(surface: str) -> str:
    """A surface without a leading hedge or 'between'/'from', lower-cased, spaces collapsed: the
    reader's surface takes in 'about' and 'between', quantulum3's does not."""
    return " ".join(_LEADING_HEDGE.sub("", surface.lower()).split()).rstrip("'")


# --- Recognizers-Text ---------------------------------------------------------------------------


def _recognizers(file: str) -> list[dict]:
    return _json(f"recognizers-text-number/{file}")


def _number_model_scope(case: dict) -> str | None:
    for rule in (continental_decimal_comma, identifiers_taken_apart):
        if rule(case["Input"]):
            return rule.__name__
    return None


def test_recognizers_number_model(suite_rates):
    """The set of values read (counts, fractions, years, percentages, money, durations) equals the
    set of values expected."""

    def outcomes() -> Iterator[Outcome]:
        for case in _recognizers("NumberModel.json"):
            expected = {_number(r["Resolution"]["value"]) for r in case["Results"]}
            got = set(_values(read_numbers(case["Input"]), NUMBER_MODEL_KINDS))
            yield Outcome(case["Input"], got == expected, _number_model_scope(case))

    _score("recognizers NumberModel", outcomes(), suite_rates)


def _interval(value: str) -> tuple[float | None, float | None]:
    low, high = value.strip("[]()").split(",")
    return _number(low) if low else None, _number(high) if high else None


def _bounded(m: NumberMention) -> bool:
    """A mention whose wording sets bounds: a hedge ('more than 30') or a range ('20-30')."""
    return m.value is not None and m.qualifier not in (None, "vague")


def test_recognizers_number_range_model(suite_rates):
    """The set of (low, high) bounds of hedged and ranged mentions equals the set of intervals
    expected; open and closed ends are not told apart ('(20,30]' is (20, 30))."""

    def outcomes() -> Iterator[Outcome]:
        for case in _recognizers("NumberRangeModel.json"):
            text = case["Input"]
            expected = {_interval(r["Resolution"]["value"]) for r in case["Results"]}
            got = {
                (_canonical(m.low), _canonical(m.high)) for m in read_numbers(text) if _bounded(m)
            }
            rules = (symbolic_comparison, ordinal_range, identifiers_taken_apart)
            scope = next((r.__name__ for r in rules if r(text)), None)
            yield Outcome(text, got == expected, scope)

    _score("recognizers NumberRangeModel", outcomes(), suite_rates)


def test_recognizers_percent_model(suite_rates):
    """The set of values of percent mentions equals the set expected (a result without a value,
    like 'a small percent', expects nothing)."""

    def outcomes() -> Iterator[Outcome]:
        for case in _recognizers("PercentModel.json"):
            expected = {_number(r["Resolution"]["value"]) for r in case["Results"]} - {None}
            got = set(_values(read_numbers(case["Input"]), {"percent"}))
            yield Outcome(case["Input"], got == expected)

    _score("recognizers PercentModel", outcomes(), suite_rates)


def test_recognizers_ordinal_model(suite_rates):
    """The set of values of ordinal mentions equals the set expected."""

    def outcomes() -> Iterator[Outcome]:
        for case in _recognizers("OrdinalModel.json"):
            expected = {_number(r["Resolution"]["value"]) for r in case["Results"]}
            got = set(_values(read_numbers(case["Input"]), {"ordinal"}))
            scope = (
                "chat_ui_relative_ordinal" if chat_ui_relative_ordinal(case["Results"]) else None
            )
            yield Outcome(case["Input"], got == expected, scope)

    _score("recognizers OrdinalModel", outcomes(), suite_rates)


def test_recognizers_dimension_model_lengths(suite_rates):
    """Lengths only: the set of values of distance mentions equals the set of lengths expected, so a
    length must be read as a distance (not a count) and nothing else may be. Cases expecting other
    dimensions (weights, areas, volumes, speeds, data sizes, angles) are out of scope."""

    def outcomes() -> Iterator[Outcome]:
        for case in _json("recognizers-text-numberwithunit/DimensionModel.json"):
            subtypes = {r["Resolution"]["subtype"] for r in case["Results"]}
            expected = {
                _number(r["Resolution"]["value"])
                for r in case["Results"]
                if r["Resolution"]["value"] is not None
            }
            got = set(_values(read_numbers(case["Input"]), {"distance"}))
            scope = None if subtypes <= {"Length"} else "unit_family_we_do_not_read"
            yield Outcome(case["Input"], got == expected, scope)

    _score("recognizers DimensionModel (lengths)", outcomes(), suite_rates)


def test_recognizers_currency_model(suite_rates):
    """The set of values of money mentions equals the set of amounts expected (a bare currency
    name without an amount, like 'dollar', expects nothing)."""

    def outcomes() -> Iterator[Outcome]:
        for case in _json("recognizers-text-numberwithunit/CurrencyModel.json"):
            expected = {_number(r["Resolution"]["value"]) for r in case["Results"]} - {None}
            got = set(_values(read_numbers(case["Input"]), {"money"}))
            yield Outcome(case["Input"], got == expected)

    _score("recognizers CurrencyModel", outcomes(), suite_rates)


# --- quantulum3 ---------------------------------------------------------------------------------


def test_quantulum3_quantities(suite_rates):
    """The multiset of (value, surface) pairs read equals the one expected, surfaces compared without
    a leading hedge, case or repeated spaces. A case is in scope when every quantity it expects is a
    count, percentage, distance, duration or amount of money; a count may be read as a year."""

    def outcomes() -> Iterator[Outcome]:
        for case in _json("quantulum3/quantities.json"):
            units = {r["unit"] for r in case["res"]}
            kinds = set().union(*(QUANTULUM_FAMILIES.get(u, set()) for u in units)) or VALUE_KINDS
            expected = Counter(
                (_canonical(float(r["value"])), _bare_surface(r["surface"])) for r in case["res"]
            )
            got = Counter(
                (_canonical(m.value), _bare_surface(m.surface))
                for m in read_numbers(case["req"])
                if m.value is not None and m.kind in VALUE_KINDS
            )
            scope = (
                "unit_family_we_do_not_read"
                if any(unit_family_we_do_not_read(u) for u in units)
                else None
            )
            passed = got == expected and all(
                m.kind in kinds for m in read_numbers(case["req"]) if m.kind in VALUE_KINDS
            )
            yield Outcome(case["req"], passed, scope)

    _score("quantulum3 quantities", outcomes(), suite_rates)


# --- number-parser and text2num -----------------------------------------------------------------

_DIGITS_IN_OUTPUT = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _numbers_in(output: str) -> list[float]:
    return [_canonical(float(n)) for n in _DIGITS_IN_OUTPUT.findall(output)]


def test_number_parser_words(suite_rates):
    """Each CSV row ('one hundred and five' -> 105, 'twenty-first' -> 21) reads as exactly one
    mention of that value: an ordinal in the ordinal files, a count elsewhere."""

    def outcomes() -> Iterator[Outcome]:
        for path in sorted((SUITES / "number-parser" / "data").rglob("en_*.csv")):
            kind = "ordinal" if "ordinal" in path.parent.name else "count"
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    mentions = read_numbers(row["text"])
                    got = [(m.kind, _canonical(m.value)) for m in mentions]
                    yield Outcome(row["text"], got == [(kind, _number(row["number"]))])

    _score("number-parser words", outcomes(), suite_rates)


def test_number_parser_sentences(suite_rates):
    """parse_number: the input reads as exactly one mention of the expected value (or, where None is
    expected, not as exactly one). parse: the values read, in order, are the numbers of the
    expected output."""

    def outcomes() -> Iterator[Outcome]:
        for case in _json("number-parser/test_language_en.vectors.json"):
            got = _values(read_numbers(case["input"]), VALUE_KINDS)
            if case["function"] == "parse_number":
                expected = case["expected"]
                passed = len(got) != 1 if expected is None else got == [_number(expected)]
            else:
                passed = got == _numbers_in(case["expected"])
            yield Outcome(case["input"], passed)

    _score("number-parser sentences", outcomes(), suite_rates)


def test_text2num(suite_rates):
    """text2num: the phrase reads as exactly one number of the expected value; a phrase that must
    raise passes when it does not read as exactly one. alpha2digit: the values read, in order
    (ordinals included), are the numbers of the expected output ('22nd' -> 22)."""
    cases = _json("text2num/test_text_to_num_en.vectors.json")
    answers: dict[str, set[str]] = {}
    for case in cases:
        answers.setdefault(case["input"], set()).add(json.dumps(case["expected"]))
    conflicting = {text for text, expected in answers.items() if len(expected) > 1}

    def outcomes() -> Iterator[Outcome]:
        for case in cases:
            mentions = read_numbers(case["input"])
            got = _values(mentions, VALUE_KINDS | {"ordinal"})
            expected = case["expected"]
            if case["function"] == "text2num":
                passed = got == [_number(expected)] if isinstance(expected, int) else len(got) != 1
            else:
                passed = got == _numbers_in(expected)
            scope = (
                "spelled_letters_or_lost_options"
                if spelled_letters_or_lost_options(case, conflicting)
                else None
            )
            yield Outcome(case["input"], passed, scope)

    _score("text2num", outcomes(), suite_rates)


# --- duckling -----------------------------------------------------------------------------------


def _duckling(name: str) -> list[dict]:
    return _json(f"duckling/{name}-EN-Corpus.vectors.json")


@pytest.mark.parametrize(
    ("corpus", "name", "kinds"),
    [
        ("Numeral", "duckling Numeral", VALUE_KINDS),
        ("Ordinal", "duckling Ordinal", {"ordinal"}),
    ],
)
def test_duckling_numbers(corpus, name, kinds, suite_rates):
    """The set of values read (of the suite's kinds) is exactly the expected value."""

    def outcomes() -> Iterator[Outcome]:
        for case in _duckling(corpus):
            got = set(_values(read_numbers(case["text"]), kinds))
            yield Outcome(case["text"], got == {_number(case["value"])})

    _score(name, outcomes(), suite_rates)


DUCKLING_LENGTH_UNITS = {
    "Kilometre": "km",
    "Mile": "mi",
    "Metre": "m",
    "M": "m",
    "Centimetre": "cm",
    "Millimetre": "mm",
    "Inch": "in",
    "Foot": "ft",
    "Yard": "yd",
}
_DUCKLING_BOUNDS = re.compile(
    r"\((?P<how>between|under|above) (?P<unit>\w+) \(?(?P<a>[\d.]+)(?:, (?P<b>[\d.]+))?\)?\)"
)


def _distance_expected(case: dict) -> tuple[float | None, float | None, str]:
    """(low, high, unit) that duckling's value or bound expression implies."""
    if "value" in case:
        value = _number(case["value"])
        return value, value, DUCKLING_LENGTH_UNITS[case["unit"]]
    bound = _DUCKLING_BOUNDS.fullmatch(case["expr"])
    unit = DUCKLING_LENGTH_UNITS[bound["unit"]]
    a, b = _number(bound["a"]), _number(bound["b"])
    if bound["how"] == "between":
        return a, b, unit
    return (None, a, unit) if bound["how"] == "under" else (a, None, unit)


def test_duckling_distance(suite_rates):
    """The distances read are exactly one, with the expected (low, high, unit): a plain length has
    low = high = its value, 'between 3 and 5 km' (3, 5), 'under 3.5 miles' (None, 3.5)."""

    def outcomes() -> Iterator[Outcome]:
        for case in _duckling("Distance"):
            got = [
                (_canonical(m.low), _canonical(m.high), m.unit)
                for m in read_numbers(case["text"])
                if m.kind == "distance"
            ]
            scope = (
                "compound_measure"
                if "value" in case and compound_measure(case["text"], _DISTANCE_UNIT)
                else None
            )
            yield Outcome(case["text"], got == [_distance_expected(case)], scope)

    _score("duckling Distance", outcomes(), suite_rates)


DUCKLING_GRAIN_DAYS = {
    "Second": 1 / 86400,
    "Minute": 1 / 1440,
    "Hour": 1 / 24,
    "Day": 1,
    "Week": 7,
    "Month": 30.44,
    "Quarter": 91.31,
    "Year": 365.25,
}


def test_duckling_duration(suite_rates):
    """Exactly one duration is read and it lasts the expected time (compared in days, to 0.1%:
    '1.5 hours' is 90 minutes); a negative case ('secretary', 'for months') reads no duration."""

    def outcomes() -> Iterator[Outcome]:
        for case in _duckling("Duration"):
            durations = [m for m in read_numbers(case["text"]) if m.kind == "duration"]
            if case.get("negative"):
                yield Outcome(case["text"], not durations)
                continue
            expected = case["value"] * DUCKLING_GRAIN_DAYS[case["grain"]]
            passed = len(durations) == 1 and durations[0].value is not None
            if passed:
                days, _ = in_base_unit(durations[0].value, durations[0].unit)
                passed = abs(days - expected) <= 1e-3 * expected
            scope = "compound_measure" if compound_measure(case["text"], _DURATION_UNIT) else None
            yield Outcome(case["text"], passed, scope)

    _score("duckling Duration", outcomes(), suite_rates)


# --- Dates --------------------------------------------------------------------------------------


def _shift(now: dt.date, delta: dict, sign: int) -> dt.date | None:
    days = delta.get("days", 0) + 7 * delta.get("weeks", 0)
    months = delta.get("months", 0) + 12 * delta.get("years", 0)
    if set(delta) - {"days", "weeks", "months", "years"}:
        return None
    year, month = divmod(now.year * 12 + now.month - 1 + sign * months, 12)
    try:
        shifted = now.replace(year=year, month=month + 1)
    except ValueError:
        return None
    return shifted + dt.timedelta(days=sign * days)


def test_dateparser_relative_dates(suite_rates):
    """'yesterday', '2 weeks ago', 'last month' against now = 2014-09-01: the first date read is the
    expected day (the expected month, for month and year periods read at month precision)."""
    now = dt.date(2014, 9, 1)

    def outcomes() -> Iterator[Outcome]:
        for case in _json("dateparser/test_freshness_date_parser.en.vectors.json"):
            delta = case.get("ago") or case.get("in_future") or {}
            expected = _shift(now, delta, -1 if case.get("ago") is not None else 1)
            if expected is None or finer_than_a_day_or_not_relative(case):
                yield Outcome(case["input"], False, "finer_than_a_day_or_not_relative")
                continue
            found = find_dates(case["input"], now)
            if not found:
                yield Outcome(case["input"], False)
            elif case["period"] in ("month", "year") and found[0].precision == "month":
                same_month = (found[0].date.year, found[0].date.month)
                yield Outcome(case["input"], same_month == (expected.year, expected.month))
            else:
                yield Outcome(case["input"], found[0].date == expected)

    _score("dateparser relative dates", outcomes(), suite_rates)


def test_duckling_time_day_grain(suite_rates):
    """Duckling's time corpus, date-level cases: the first date read is the expected day, reference
    Tuesday 2013-02-12. A bare weekday resolves to the most recent one (a news report speaks of the
    past); duckling resolves it forward, so those cases fail by design."""
    now = dt.date(2013, 2, 12)

    def outcomes() -> Iterator[Outcome]:
        for case in _duckling("Time"):
            if not_a_day_grain_date(case):
                yield Outcome(case["text"], False, "not_a_day_grain_date")
                continue
            expected = dt.date.fromisoformat(str(case["value"])[:10])
            found = find_dates(case["text"], now)
            yield Outcome(case["text"], bool(found) and found[0].date == expected)

    _score("duckling Time (day grain)", outcomes(), suite_rates)
