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


def _figure_rows(metric: str, figures: list[tuple[float, float, float, str]]) -> pd.DataFrame:
    """Reported figures (value, low, high, qualifier) of one metric, all on 2021-07-08."""
    return pd.DataFrame(
        [
            {
                "layer": "observation",
                "metric": metric,
                "date": pd.Timestamp("2021-07-08").date(),
                "value": value,
                "low": low,
                "high": high,
                "qualifier": qualifier,
                "status": "reported",
                "observation_id": f"{index:016x}",
                "surface": qualifier,
            }
            for index, (value, low, high, qualifier) in enumerate(figures)
        ]
    ).reindex(columns=ROW_COLUMNS)


def _open_stubs(figure: dict) -> list[dict]:
    return [t for t in figure["data"] if "open bound" in t.get("name", "")]


def test_a_figure_with_only_a_low_bound_points_up_and_says_at_least():
    rows = _figure_rows(
        "districts_controlled_count",
        [(200.0, 200.0, float("nan"), "more_than"), (150.0, 140.0, 160.0, "about")],
    )
    figure = trend_figure(rows, load_metrics(), ("districts_controlled_count",))
    (stub,) = _open_stubs(figure)
    # one stub: from the figure upwards, ending in an upward arrowhead
    assert stub["x"][:2] == ["2021-07-08", "2021-07-08"] and stub["x"][2] is None
    assert stub["y"][0] == 200.0 and stub["y"][1] > 200.0
    assert stub["marker"]["symbol"][1] == "triangle-up" and stub["marker"]["size"][1] > 0
    (figures,) = [t for t in figure["data"] if t["name"].endswith("reported figures")]
    bounds = [point[6] for point in figures["customdata"]]
    assert bounds == ["at least 200", "140 to 160"]
    assert "%{customdata[6]}" in figures["hovertemplate"]
    assert figures["error_y"]["array"] == [0, 10.0]  # no closed bar drawn where none is known


def test_a_figure_with_only_a_high_bound_points_down_and_says_up_to():
    rows = _figure_rows("withdrawal_percent", [(47.0, float("nan"), 47.0, "up_to")])
    figure = trend_figure(rows, load_metrics(), ("withdrawal_percent",))
    (stub,) = _open_stubs(figure)
    assert stub["marker"]["symbol"][1] == "triangle-down"
    assert 0 <= stub["y"][1] < 47.0
    (figures,) = [t for t in figure["data"] if t["name"].endswith("reported figures")]
    assert figures["customdata"][0][6] == "up to 47%"


def test_figures_with_both_bounds_draw_no_open_stub():
    rows = _figure_rows("districts_controlled_count", [(150.0, 140.0, 160.0, "about")])
    assert _open_stubs(trend_figure(rows, load_metrics(), ("districts_controlled_count",))) == []
