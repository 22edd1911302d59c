"""What a person reads: figures as a reader writes them, codes in words, an en dash for nothing."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from app import display
from app.data import get_data
from etl import quality
from etl.reference import read_table

NOTHING = [None, math.nan, pd.NA, pd.NaT, "", "  "]
UNREADABLE = {"nan", "None", "NaN", "<NA>", "NaT", ""}


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (0.3333, "fraction", "33%"),
        (0.1351, "fraction", "14%"),
        (0.5, "fraction", "50%"),
        (0.005, "fraction", "0.5%"),
        (16.5, "percent", "16.5%"),
        (90.0, "percent", "90%"),
        (2250.0, "count", "2,250"),
        (243000.0, "count", "243,000"),
        (3500000.0, "count", "3,500,000"),
        (140.3, "count", "140.3"),
        (11.3322, "count", "11.3"),
        (math.nan, "count", "–"),
        (None, "fraction", "–"),
    ],
    ids=lambda v: str(v),
)
def test_amounts_read_as_written(value, unit, shown):
    assert display.amount(value, unit) == shown


@pytest.mark.parametrize(
    ("low", "high", "unit", "shown"),
    [
        (0.3, 0.3667, "fraction", "30% to 37%"),
        (300.0, math.nan, "count", "at least 300"),
        (None, 500.0, "count", "at most 500"),
        (8.0, 8.0, "count", "exactly 8"),
        (13.0, 20.0, "percent", "13% to 20%"),
        (math.nan, None, "count", "–"),
    ],
    ids=["share", "open-high", "open-low", "exact", "percent", "none"],
)
def test_bounds_read_as_words(low, high, unit, shown):
    assert display.bounds(low, high, unit) == shown


@pytest.mark.parametrize(
    ("low", "high", "unit", "shown"),
    [
        (200.0, math.nan, "count", "at least 200"),
        (None, 0.47, "fraction", "up to 47%"),
        (math.nan, 47.0, "percent", "up to 47%"),
        (140.0, 160.0, "count", None),
        (None, None, "count", None),
    ],
    ids=["only-low", "only-high-share", "only-high-percent", "both", "neither"],
)
def test_an_open_bound_reads_as_at_least_or_up_to(low, high, unit, shown):
    assert display.open_bound(low, high, unit) == shown


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("more_than", "more than"),
        ("about", "about"),
        ("at_least", "at least"),
        ("range", "a range"),
        (None, "exact"),
        (math.nan, "exact"),
    ],
)
def test_qualifiers_read_as_words(code, words):
    assert display.qualifier_words(code) == words


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("single_report", "single report"),
        ("consensus_interval", "consensus of reports"),
        ("latest_report", "most recent of disagreeing reports"),
        (
            "single_report+denominator_converted",
            "single report, converted to a common denominator",
        ),
        (None, "–"),
    ],
)
def test_methods_read_as_words(code, words):
    assert display.method_words(code) == words


@pytest.mark.parametrize("nothing", NOTHING, ids=repr)
def test_a_missing_value_is_an_en_dash_or_its_columns_words(nothing):
    assert display.text(nothing) == "–"
    assert display.text(nothing, "derived_from") == "stated directly"
    assert display.text(nothing, "source") == "source not stated"


def test_present_values_are_their_text():
    assert display.text(dt.date(2021, 7, 8)) == "2021-07-08"
    assert display.text("UNAMA") == "UNAMA"
    assert display.text(0) == "0"


def test_every_qualifier_and_method_in_the_data_has_words(warehouse_dir):
    data = get_data(warehouse_dir)
    hedges = {row["qualifier"] for row in read_table("hedges.csv")}
    qualifiers = hedges | set(data.table("observations")["qualifier"].dropna()) | {"range", "vague"}
    assert qualifiers <= set(display.QUALIFIER_WORDS)
    parts = {p for m in data.table("series")["method"] for p in m.split("+")}
    assert parts <= set(display.METHOD_WORDS)


def test_grid_rows_have_no_unreadable_cell_and_show_shares_as_percents(warehouse_dir):
    data = get_data(warehouse_dir)
    observations = data.table("observations_enriched")
    columns = [c for c in observations.columns if c not in ("denominator", "start", "end")]
    rows = display.grid_rows(observations, columns)
    assert len(rows) == len(observations) > 0
    for row, unit in zip(rows, observations["unit"], strict=True):
        for column, cell in row.items():
            if column in display.AMOUNT_COLUMNS:
                assert cell is None or isinstance(cell, float)
                continue
            assert isinstance(cell, str) and cell.strip() not in UNREADABLE, (column, cell)
        for column in display.AMOUNT_COLUMNS:
            shown = row[f"{column}_shown"]
            assert shown == "–" or not shown.endswith(".0")
            if unit == "fraction" and shown != "–":
                assert shown.endswith("%") and not shown.startswith("0.")
    flags = data.table("quality_flags")
    for row in display.grid_rows(flags, ["check", "severity", "metric", "date", "message"]):
        assert all(cell.strip() not in UNREADABLE for cell in row.values())


@pytest.mark.parametrize(
    ("value", "low", "high", "qualifier", "unit", "said"),
    [
        (0.5, 0.45, 0.55, "about", "fraction", "50% (45–55%), about"),
        (90.0, 90.0, None, "more_than", "percent", "90% (at least 90%), more than"),
        (500.0, None, 500.0, "up_to", "count", "500 (at most 500), up to"),
        (2500.0, 2500.0, 2500.0, None, "count", "2,500"),
        (250.0, 200.0, 300.0, "range", "count", "250 (200–300), a range"),
        (math.nan, None, None, None, "count", "–"),
    ],
    ids=["share-about", "open-high", "open-low", "exact", "range", "missing"],
)
def test_a_figure_reads_as_a_reader_says_it(value, low, high, qualifier, unit, said):
    assert display.figure_words(value, low, high, qualifier, unit) == said


def test_every_check_has_words(warehouse_dir):
    checks = set(get_data(warehouse_dir).table("quality_flags")["check"])
    documented = {
        line.split("`")[1] for line in quality.__doc__.splitlines() if line.startswith("- `")
    }
    assert checks <= documented <= set(display.CHECK_WORDS)
