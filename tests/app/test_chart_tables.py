"""The Table tab: chart rows in, the rows a reader sees out (counts whole, shares as percents,
basis and status in words, open bounds said to be open)."""

from __future__ import annotations

import math

import pandas as pd

from app.chart_tables import events_table_rows, trend_table_rows
from app.views import ROW_COLUMNS
from etl.catalog import load_metrics


def _series(metric, day, value, low, high, **extra) -> dict:
    return {
        "layer": "series",
        "metric": metric,
        "date": pd.Timestamp(day).date(),
        "value": value,
        "low": low,
        "high": high,
        "basis": "stated",
        "status": "reported",
        "n_reports": 1,
        "carried_forward": False,
        "comparable": "national",
        "main": True,
        **extra,
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).reindex(columns=ROW_COLUMNS)


def test_reconciled_points_read_as_a_reader_says_them():
    rows = _frame(
        [
            _series("districts_controlled_count", "2021-07-08", 140.3, 126.3, 140.3, n_reports=3),
            _series("districts_controlled_share", "2021-07-08", 0.3333, 0.3, 0.3333),
            _series(
                "provincial_capitals_controlled",
                "2021-08-15",
                33.0,
                33.0,
                33.0,
                basis="events",
                main=False,
                comparable="national, counted from events",
            ),
            _series("withdrawal_percent", "2021-07-06", 90.0, 90.0, math.nan, status="claimed"),
            _series(
                "civilians_killed",
                "2021-08-03",
                40.0,
                40.0,
                40.0,
                main=False,
                comparable="Kabul, one incident",
            ),
            _series(
                "withdrawal_percent",
                "2021-09-06",
                100.0,
                100.0,
                100.0,
                carried_forward=True,
                n_reports=0,
            ),
        ]
        + [
            {
                **_series("districts_controlled_count", "2021-07-08", 150.0, 150.0, 150.0),
                "layer": "observation",
            },
            {"layer": "event", "kind": "capital_fallen", "date": pd.Timestamp("2021-08-06").date()},
        ]
    )
    table = trend_table_rows(rows, load_metrics())
    assert [r["date"] for r in table] == sorted(r["date"] for r in table)
    assert len(table) == 6  # the reconciled points only, not the figures or events behind them
    by_metric = {r["metric"]: r for r in table}

    count = by_metric["Districts under Taliban control"]
    assert (count["value_shown"], count["low_shown"], count["high_shown"]) == ("140", "126", "140")
    assert count["value"] == 140.3 and count["n_reports"] == 3 and count["main"] == "yes"
    assert (count["basis"], count["status"]) == ("stated", "reported")

    share = by_metric["Share of districts under Taliban control"]
    assert (share["value_shown"], share["low_shown"], share["high_shown"]) == ("33%", "30%", "33%")

    capitals = by_metric["Provincial capitals taken by the Taliban"]
    assert capitals["basis"] == "counted from events"
    assert capitals["main"] == "no: national, counted from events"

    claimed, carried = [r for r in table if r["metric"] == "US withdrawal complete"]
    assert claimed["status"] == "claimed by a party"
    assert (claimed["value_shown"], claimed["high_shown"], claimed["high"]) == ("90%", "open", None)
    assert carried["status"] == "reported, carried forward" and carried["n_reports"] == 0

    killed = by_metric["Civilians killed"]
    assert killed["main"] == "no: Kabul, one incident"
    texts = [v for r in table for v in r.values() if isinstance(v, str)]
    assert not [t for t in texts if t.strip() in {"nan", "None", "NaN", "<NA>", "NaT", ""}]


def test_an_empty_view_gives_no_rows():
    assert trend_table_rows(_frame([]).astype({"layer": "object"}), load_metrics()) == []


def test_events_read_as_the_timeline_labels_them():
    rows = _frame(
        [
            {
                "layer": "event",
                "kind": "capital_fallen",
                "place": "Zaranj",
                "status": "reported",
                "date": pd.Timestamp("2021-08-06").date(),
                "report": "Zaranj falls",
                "source": None,
            },
            {
                "layer": "event",
                "kind": "crossing_seized",
                "place": "Islam Qala",
                "status": "claimed",
                "date": pd.Timestamp("2021-07-08").date(),
                "report": "<b>Islam Qala</b> taken",
                "source": "a wire",
            },
            _series("districts_controlled_count", "2021-07-08", 140.0, 140.0, 140.0),
        ]
    )
    table = events_table_rows(rows)
    assert [(r["date"], r["kind"], r["place"]) for r in table] == [
        ("2021-07-08", "Crossing seized", "Islam Qala"),
        ("2021-08-06", "Capital fallen", "Zaranj"),
    ]
    assert table[0]["status"] == "claimed by a party" and table[1]["status"] == "reported"
    assert table[0]["report"] == "<b>Islam Qala</b> taken"  # text, for a grid that renders text
    assert table[1]["source"] == "source not stated"
