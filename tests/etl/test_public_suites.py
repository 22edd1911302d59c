"""The number and date readers against public suites written by others (tests/data/public_suites/).

Each suite is scored as a whole and its pass rate printed; the test fails when a rate falls below
its floor, and floors only ever rise. How a case is compared, and which case families are outside
our job, is stated per suite below; nothing is skipped silently. Rates are also written to
tests/artifacts/public_suite_rates.json.

Deliberate differences, counted as failures rather than hidden:
- vague quantities ("several hundred", "dozens") get a value and bounds; the suites expect nothing.
- a bare weekday or month-day resolves to the most recent one (a news report speaks of the past);
  duckling resolves it to the next one.
- ranges keep the stated ends as low/high whether the interval is open or closed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from etl.dates import find_dates
from etl.numbers import read_numbers

SUITES = Path(__file__).resolve().parents[1] / "data" / "public_suites"
ARTIFACT = Path(__file__).resolve().parents[1] / "artifacts" / "public_suite_rates.json"
FLOORS = {
    "recognizers NumberModel": 0.34,
    "recognizers PercentModel": 0.50,
    "recognizers NumberRangeModel": 0.35,
    "recognizers OrdinalModel": 0.77,
    "quantulum3 quantities": 0.58,
    "number-parser words": 0.75,
    "text2num text2num": 0.72,
    "duckling Numeral": 0.55,
    "duckling Ordinal": 0.50,
    "dateparser relative dates": 0.33,
    "duckling Time (day grain)": 0.13,
}
_RATES: dict[str, dict] = {}


def _json(relative: str):
    return json.loads((SUITES / relative).read_text(encoding="utf-8-sig"))


def _values(text: str, kinds=None) -> set[float]:
    return {
        round(m.value, 3)
        for m in read_numbers(text)
        if m.value is not None and (kinds is None or m.kind in kinds)
    }


def _number(value: str) -> float | None:
    try:
        return round(float(str(value).replace(",", "").rstrip("%")), 3)
    except ValueError:
        return None


def _record(name: str, passed: int, total: int, excluded: int, capsys) -> None:
    rate = passed / total if total else 0.0
    _RATES[name] = {
        "passed": passed,
        "total": total,
        "excluded_out_of_scope": excluded,
        "rate": round(rate, 4),
    }
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(_RATES, indent=2, sort_keys=True) + "\n")
    with capsys.disabled():
        print(
            f"\n{name}: {passed}/{total} = {rate:.1%} (out of scope: {excluded}; floor {FLOORS[name]:.0%})"
        )
    assert rate >= FLOORS[name], f"{name} fell to {rate:.1%}, below its floor {FLOORS[name]:.0%}"


@pytest.mark.parametrize(
    ("file", "name", "kinds"),
    [
        ("NumberModel.json", "recognizers NumberModel", None),
        ("PercentModel.json", "recognizers PercentModel", {"percent"}),
        ("OrdinalModel.json", "recognizers OrdinalModel", {"ordinal"}),
    ],
)
def test_recognizers_number_models(file, name, kinds, capsys):
    """A case passes when the set of values read equals the set of values expected."""
    passed = total = 0
    for case in _json(f"recognizers-text-number/{file}"):
        expected = {
            _number(r["Resolution"]["value"]) for r in case["Results"] if r.get("Resolution")
        }
        expected.discard(None)
        number_kinds = kinds or {
            "count",
            "fraction",
            "year",
            "percent",
            "distance",
            "duration",
            "money",
        }
        got = _values(case["Input"], number_kinds)
        total += 1
        passed += got == expected
    _record(name, passed, total, 0, capsys)


def test_recognizers_number_range_model(capsys):
    """A case passes when the ranges read have the expected (low, high) ends, open or closed."""
    passed = total = 0
    for case in _json("recognizers-text-number/NumberRangeModel.json"):
        expected = set()
        for result in case["Results"]:
            low, high = result["Resolution"]["value"].strip("[]()").split(",")
            expected.add((_number(low) if low else None, _number(high) if high else None))
        got = {
            (
                None if m.low is None else round(m.low, 3),
                None if m.high is None else round(m.high, 3),
            )
            for m in read_numbers(case["Input"])
            if m.value is not None and (m.low != m.high or m.low is None or m.high is None)
        }
        total += 1
        passed += got == expected
    _record("recognizers NumberRangeModel", passed, total, 0, capsys)


def test_quantulum3_quantities(capsys):
    """The set of values read equals the set expected; units are not compared (ours are coarser)."""
    passed = total = 0
    for case in _json("quantulum3/quantities.json"):
        expected = {round(float(r["value"]), 3) for r in case["res"]}
        got = _values(case["req"])
        total += 1
        passed += got == expected
    _record("quantulum3 quantities", passed, total, 0, capsys)


def test_number_parser_words(capsys):
    """Numbers and ordinals in words ('one hundred and five', 'twenty-first'): one mention, that value."""
    passed = total = 0
    for path in sorted((SUITES / "number-parser" / "data").rglob("en_*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                got = [m.value for m in read_numbers(row["text"].lower()) if m.value is not None]
                total += 1
                passed += got == [float(row["number"])]
    _record("number-parser words", passed, total, 0, capsys)


def test_text2num(capsys):
    """text2num cases: the phrase reads as one number of the expected value. Cases that must raise
    (not numbers) pass when nothing is read. alpha2digit cases (text rewriting) are out of scope."""
    passed = total = excluded = 0
    for case in _json("text2num/test_text_to_num_en.vectors.json"):
        if case["function"] != "text2num":
            excluded += 1
            continue
        got = [m.value for m in read_numbers(case["input"]) if m.value is not None]
        expected = case["expected"]
        total += 1
        passed += (
            (got == [float(expected)]) if isinstance(expected, int | float) else (len(got) != 1)
        )
    _record("text2num text2num", passed, total, excluded, capsys)


@pytest.mark.parametrize(
    ("file", "name", "kinds"),
    [
        ("Numeral-EN-Corpus.vectors.json", "duckling Numeral", None),
        ("Ordinal-EN-Corpus.vectors.json", "duckling Ordinal", {"ordinal"}),
    ],
)
def test_duckling_numbers(file, name, kinds, capsys):
    passed = total = 0
    for case in _json(f"duckling/{file}"):
        got = [
            round(m.value, 3)
            for m in read_numbers(case["text"])
            if m.value is not None and (kinds is None or m.kind in kinds)
        ]
        total += 1
        passed += got == [round(float(case["value"]), 3)]
    _record(name, passed, total, 0, capsys)


def _shift(now: dt.date, delta: dict, sign: int) -> dt.date | None:
    days = delta.get("days", 0) + 7 * delta.get("weeks", 0)
    months = delta.get("months", 0) + 12 * delta.get("years", 0)
    if set(delta) - {"days", "weeks", "months", "years"}:
        return None
    month_index = now.year * 12 + now.month - 1 + sign * months
    year, month = divmod(month_index, 12)
    try:
        shifted = now.replace(year=year, month=month + 1)
    except ValueError:
        return None
    return shifted + dt.timedelta(days=sign * days)


_RELATIVE_WORD = re.compile(
    r"\b(?:ago|yesterday|today|tomorrow|last|next|this|before|earlier|previous|in)\b", re.IGNORECASE
)


def test_dateparser_relative_dates(capsys):
    """'yesterday', '2 weeks ago', 'last month' against now = 2014-09-01: the date read equals the
    expected day. Out of scope: times of day, hours and minutes, periods finer than a day, and bare
    durations ('1 decade 2 years') that dateparser reads as 'ago': to a news reader they are
    durations, not dates."""
    now = dt.date(2014, 9, 1)
    passed = total = excluded = 0
    for case in _json("dateparser/test_freshness_date_parser.en.vectors.json"):
        delta = case.get("ago") or case.get("in_future") or {}
        expected = _shift(now, delta, -1 if case.get("ago") is not None else 1)
        out_of_scope = (
            case.get("period") not in ("day", "week", "month", "year")
            or expected is None
            or re.search(r"\d:\d|hour|minute|second|\bat\b", case["input"])
            or not _RELATIVE_WORD.search(case["input"])
        )
        if out_of_scope:
            excluded += 1
            continue
        found = find_dates(case["input"], now)
        total += 1
        if not found:
            continue
        date = found[0].date
        if case["period"] in ("month", "year") and found[0].precision == "month":
            passed += (date.year, date.month) == (expected.year, expected.month)
        else:
            passed += date == expected
    _record("dateparser relative dates", passed, total, excluded, capsys)


def test_duckling_time_day_grain(capsys):
    """Duckling's time corpus, date-level cases (grain day): the first date read equals the expected
    day, reference Tuesday 2013-02-12. Out of scope: times, intervals, holidays, other grains."""
    now = dt.date(2013, 2, 12)
    passed = total = excluded = 0
    for case in _json("duckling/Time-EN-Corpus.vectors.json"):
        if (
            case.get("kind") != "datetime"
            or str(case.get("grain", "")).lower() != "day"
            or not case.get("value")
        ):
            excluded += 1
            continue
        expected = dt.date.fromisoformat(str(case["value"])[:10])
        found = find_dates(case["text"], now)
        total += 1
        passed += bool(found) and found[0].date == expected
    _record("duckling Time (day grain)", passed, total, excluded, capsys)
