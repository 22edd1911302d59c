"""Figure builders as pure functions: the axis spans the chosen range; an empty view says so."""

from __future__ import annotations

import pandas as pd

from app.figures import trend_figure
from app.views import ROW_COLUMNS
from etl.catalog import load_metrics


def _rows(points: list[tuple[str, float]]) -> pd.DataFrame:
    rows = [
        {
            "layer": "series",
            "metric": "districts_controlled_count",
            "date": pd.Timestamp(day).date(),
            "value": value,
            "low": value,
            "high": value,
            "basis": "stated",
            "status": "reported",
            "method": "single_report",
            "n_reports": 1,
            "carried_forward": False,
            "comparable": "national",
            "main": True,
        }
        for day, value in points
    ]
    return pd.DataFrame(rows).reindex(columns=ROW_COLUMNS)


def test_the_x_axis_spans_the_chosen_range():
    rows = _rows([("2021-06-20", 100.0), ("2021-07-10", 200.0)])
    figure = trend_figure(
        rows, load_metrics(), ("districts_controlled_count",), ("2021-05-01", "2021-09-30")
    )
    axes = [v for k, v in figure["layout"].items() if k.startswith("xaxis")]
    assert axes and all(axis["range"] == ["2021-05-01", "2021-09-30"] for axis in axes)
    texts = [a.get("text") for a in figure["layout"].get("annotations", [])]
    assert "No figures in this range" not in texts


def test_an_empty_range_says_there_are_no_figures():
    rows = _rows([]).astype({"layer": "object"})
    figure = trend_figure(
        rows, load_metrics(), ("districts_controlled_count",), ("2021-05-01", "2021-05-02")
    )
    texts = [a.get("text") for a in figure["layout"]["annotations"]]
    assert "No figures in this range" in texts


def test_claims_are_drawn_filled_in_a_colour_of_their_own():
    rows = _rows([("2021-06-20", 100.0)])
    claim = rows.iloc[0].copy()
    claim.update({"layer": "observation", "status": "claimed", "value": 250.0})
    rows = pd.concat([rows, claim.to_frame().T], ignore_index=True)
    figure = trend_figure(rows, load_metrics(), ("districts_controlled_count",))
    claims = [t for t in figure["data"] if t.get("name", "").endswith("claims")]
    assert len(claims) == 1
    marker = claims[0]["marker"]
    assert marker["color"] not in ("white", "#ffffff") and not marker["symbol"].endswith("-open")
