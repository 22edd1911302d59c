"""Data-quality flag messages read as plain words: counts that agree in number, figures as a
reader writes them (no '.0', thousands separated, shares as percents), open bounds in words."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from etl import warehouse
from etl.paths import REPORTS_DIR
from etl.pipeline import run
from etl.quality import dataset_flags

NO_BOUND = math.nan
DAY = dt.date(2021, 7, 8)


def _disagreement(metric: str, unit: str, n_reports: int, low: float, high: float) -> dict:
    """A reconciled point whose same-day figures do not overlap (reconcile keeps the latest)."""
    return {
        "metric": metric,
        "date": DAY,
        "period_start": None,
        "value": high if not math.isnan(high) else low,
        "low": low,
        "high": high,
        "n_observations": 2,
        "n_reports": n_reports,
        "method": "latest_report",
        "status": "reported",
        "basis": "stated",
        "carried_forward": False,
        "unit": unit,
    }


def _messages(*points: dict, check: str = "same_day_disagreement") -> list[str]:
    flags = dataset_flags([], pd.DataFrame(), pd.DataFrame(points), pd.DataFrame())
    return flags[flags["check"] == check]["message"].tolist()


CASES = [
    pytest.param(
        ("soldiers_fled_abroad", "count", 2, 300.0, 500.0),
        "Afghan soldiers fled abroad: 2 reports on 2021-07-08 disagree (300 to 500); "
        "the most recent report is shown",
        id="two-reports-both-bounds",
    ),
    pytest.param(
        ("foreign_troops_remaining", "count", 1, 2250.0, 7700.0),
        "Foreign troops remaining: 1 report on 2021-07-08 disagrees with itself (2,250 to 7,700); "
        "its last figure is shown",
        id="one-report-is-singular",
    ),
    pytest.param(
        ("soldiers_fled_abroad", "count", 2, 300.0, NO_BOUND),
        "Afghan soldiers fled abroad: 2 reports on 2021-07-08 disagree (at least 300); "
        "the most recent report is shown",
        id="open-high-bound",
    ),
    pytest.param(
        ("soldiers_fled_abroad", "count", 3, NO_BOUND, 500.0),
        "Afghan soldiers fled abroad: 3 reports on 2021-07-08 disagree (at most 500); "
        "the most recent report is shown",
        id="open-low-bound",
    ),
    pytest.param(
        ("provincial_capitals_controlled", "count", 2, 2.0, 11.3322),
        "Provincial capitals taken by the Taliban: 2 reports on 2021-07-08 disagree (2 to 11.33); "
        "the most recent report is shown",
        id="decimals-rounded-and-no-point-zero",
    ),
    pytest.param(
        ("people_displaced", "count", 2, 243000.0, 3500000.0),
        "People displaced: 2 reports on 2021-07-08 disagree (243,000 to 3,500,000); "
        "the most recent report is shown",
        id="large-counts-not-in-exponent-form",
    ),
    pytest.param(
        ("withdrawal_percent", "percent", 2, 90.0, NO_BOUND),
        "US withdrawal complete: 2 reports on 2021-07-08 disagree (at least 90%); "
        "the most recent report is shown",
        id="percent",
    ),
    pytest.param(
        ("districts_controlled_share", "fraction", 2, 0.3, 0.5),
        "Share of districts under Taliban control: 2 reports on 2021-07-08 disagree (30% to 50%); "
        "the most recent report is shown",
        id="share-as-percent",
    ),
]


@pytest.mark.parametrize(("point", "message"), CASES)
def test_same_day_disagreement_reads_as_plain_words(point, message):
    assert _messages(_disagreement(*point)) == [message]


@pytest.mark.parametrize(("counted", "verb"), [(1.0, "is"), (2.0, "are")], ids=["one", "two"])
def test_a_stated_total_against_events_names_the_metric_and_agrees_in_number(counted, verb):
    stated = {**_disagreement("border_crossings_seized", "count", 1, 3.0, 3.0), "value": 3.0}
    events = {**stated, "basis": "events", "method": "events_cumulative", "value": counted}
    assert _messages({**stated, "method": "single_report"}, events, check="stated_vs_events") == [
        f"Border crossings seized stated as 3 on 2021-07-08, but {counted:.0f} {verb} counted from events"
    ]


def test_no_flag_message_of_the_bundled_corpus_shows_a_point_zero_or_a_dash_bound(tmp_path):
    summary = run(REPORTS_DIR, tmp_path / "wh")
    messages = warehouse.read_table(summary.version_dir, "quality_flags")["message"]
    disagreements = [m for m in messages if "disagree" in m and "conversion" not in m]
    assert disagreements
    for message in messages:
        assert ".0 " not in message and ".0)" not in message and ".0;" not in message
        assert "to -" not in message and "from -" not in message and "1 reports" not in message
