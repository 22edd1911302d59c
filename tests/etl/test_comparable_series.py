"""A series joins only comparable figures: one metric, one scope, one period basis.

The corpus is written here: a half-year national toll, a one-city toll of one day and a
since-January national toll must never be one line; a plan ("650 will stay") never enters a series
of troops present; two parts of one total ("2,500 US and 7,000 allied") are summed, the parts kept
apart; the trend statistic and the figure's line use the main set only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from app.figures import trend_figure
from etl import warehouse
from etl.catalog import load_metrics
from etl.pipeline import run

REPORTS = {
    "a.txt": (
        "date 2021-07-26 UN counts the year's dead\n\n"
        "The UN mission said on Monday that 1,659 civilians were killed in the first half of 2021.\n"
    ),
    "b.txt": (
        "date 2021-08-03 A day of shelling in Lashkar Gah\n\n"
        "At least 40 civilians were killed in Lashkar Gah on Monday, hospital officials said.\n"
    ),
    "c.txt": (
        "date 2021-08-10 The toll since January\n\n"
        "The UN mission said on Tuesday that 2,100 civilians have been killed since January.\n"
    ),
    "d.txt": (
        "date 2021-08-12 The toll climbs\n\n"
        "The UN mission said on Thursday that 2,300 civilians have been killed since January.\n"
    ),
    "f.txt": (
        "date 2021-04-14 Allies to follow the US out\n\n"
        "About 2,500 US troops and roughly 7,000 allied soldiers remain in Afghanistan, NATO "
        "officials said on Wednesday.\n"
    ),
    "e.txt": (
        "date 2021-08-14 Embassy guard\n\n"
        "Some 650 US troops will stay in Kabul to guard the embassy, the Pentagon said on Friday.\n"
    ),
}


def _tables(tmp_path: Path) -> dict[str, pd.DataFrame]:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    summary = run(folder, tmp_path / "wh")
    return {name: warehouse.read_table(summary.version_dir, name) for name in warehouse.TABLES}


def test_figures_of_another_scope_or_period_are_their_own_sets(tmp_path):
    series = _tables(tmp_path)["series"]
    killed = series[(series["metric"] == "civilians_killed") & (series["basis"] == "stated")]
    sets = dict(zip(killed["comparable"], killed["value"], strict=False))
    assert set(sets) == {
        "national, since 2021-01-01",
        "Lashkar Gah, one incident",
    }
    by_set = killed.groupby("comparable")["value"].apply(sorted).to_dict()
    # The half-year count and the since-January counts share their start, so they are one set;
    # the city's toll of one day is apart, and it is not the main set.
    assert by_set["national, since 2021-01-01"] == [1659.0, 2100.0, 2300.0]
    assert by_set["Lashkar Gah, one incident"] == [40.0]
    main = killed[killed["main"]]
    assert set(main["comparable"]) == {"national, since 2021-01-01"}


def test_a_plan_never_enters_a_series_of_what_is(tmp_path):
    tables = _tables(tmp_path)
    planned = tables["observations"][tables["observations"]["metric"] == "foreign_troops_planned"]
    assert planned["status"].tolist() == ["planned"]
    assert planned["value"].tolist() == [650.0]
    series = tables["series"]
    assert series[series["metric"] == "foreign_troops_planned"].empty
    troops = series[series["metric"] == "foreign_troops_remaining"]
    assert 650.0 not in troops["value"].tolist()


def test_parts_of_one_total_are_summed_and_kept_apart(tmp_path):
    tables = _tables(tmp_path)
    observations = tables["observations"]
    troops = observations[observations["metric"] == "foreign_troops_remaining"]
    by_scope = dict(zip(troops["scope"], troops["value"], strict=True))
    assert by_scope == {"US forces": 2500.0, "allied forces": 7000.0, "national": 9500.0}
    total = troops[troops["scope"] == "national"].iloc[0]
    assert total["derived_from"].startswith("sum of")
    assert (total["low"], total["high"]) == (2250.0 + 6300.0, 2750.0 + 7700.0)
    series = tables["series"]
    main = series[(series["metric"] == "foreign_troops_remaining") & series["main"]]
    assert main["value"].tolist() == [9500.0]


def test_the_line_joins_only_the_main_set(tmp_path):
    series = _tables(tmp_path)["series"]
    rows = series[series["metric"] == "civilians_killed"].assign(layer="series")
    figure = trend_figure(rows, load_metrics(), ("civilians_killed",))
    lines = [t for t in figure["data"] if t.get("mode") == "lines+markers"]
    assert len(lines) == 1
    assert sorted(lines[0]["y"]) == [1659.0, 2100.0, 2300.0]
    apart = [t for t in figure["data"] if t.get("mode") == "markers" and "not joined" in t["name"]]
    assert [t["y"] for t in apart] == [[40.0]]
    assert "Lashkar Gah, one incident" in apart[0]["name"]
