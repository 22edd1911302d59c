"""Reconciliation on small corpora written here: disagreement, claims, denominators, syndication."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import warehouse
from etl.pipeline import run


def _corpus(folder: Path, reports: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _tables(tmp_path: Path, reports: dict[str, str]):
    summary = run(_corpus(tmp_path / "reports", reports), tmp_path / "wh")
    return {name: warehouse.read_table(summary.version_dir, name) for name in warehouse.TABLES}


def _points(series, metric, basis="stated"):
    return series[
        (series["metric"] == metric) & (series["basis"] == basis) & ~series["carried_forward"]
    ]


def test_two_same_day_reports_that_disagree_keep_the_latest_and_show_the_spread(tmp_path):
    tables = _tables(
        tmp_path,
        {
            "a.txt": "date 2021-06-25 Morning\n\nThe Taliban have seized 90 districts since May, officials said.\n",
            "b.txt": "date 2021-06-26 Next day\n\nThe Taliban have seized 120 districts, a monitoring group said on Friday.\n",
        },
    )
    points = _points(tables["series"], "districts_controlled_count")
    day = points[points["date"].astype(str) == "2021-06-25"]
    assert len(day) == 1
    point = day.iloc[0]
    assert point["method"] == "latest_report"
    assert point["value"] == 120
    assert (point["low"], point["high"]) == (90, 120)
    assert point["n_reports"] == 2
    assert "same_day_disagreement" in set(tables["quality_flags"]["check"])


def test_two_same_day_reports_that_agree_are_corroborated_with_the_consensus_interval(tmp_path):
    tables = _tables(
        tmp_path,
        {
            "a.txt": "date 2021-07-08 One\n\nThe Taliban have taken control of about 140 districts.\n",
            "b.txt": "date 2021-07-08 Two\n\nInsurgents now control more than 130 districts across the country.\n",
        },
    )
    point = _points(tables["series"], "districts_controlled_count").iloc[0]
    assert point["status"] == "corroborated"
    assert point["method"] == "consensus_interval"
    assert point["low"] == 130 and point["high"] == pytest.approx(154)
    assert 130 <= point["value"] <= 154


def test_a_party_claim_is_kept_apart_from_an_independent_figure(tmp_path):
    tables = _tables(
        tmp_path,
        {
            "claim.txt": "date 2021-07-09 Moscow\n\nA Taliban spokesman claimed the group controls 85 percent of Afghan territory.\n",
            "estimate.txt": "date 2021-07-09 Estimate\n\nAnalysts say the Taliban control about a third of Afghan territory.\n",
        },
    )
    points = _points(tables["series"], "territory_controlled_share")
    by_status = {row.status: row for row in points.itertuples()}
    assert set(by_status) == {"claimed", "reported"}
    assert by_status["claimed"].value == pytest.approx(0.85)
    assert by_status["reported"].value == pytest.approx(0.3333)
    assert by_status["claimed"].n_reports == 1 and by_status["reported"].n_reports == 1


def test_counts_against_398_are_converted_to_the_canonical_421(tmp_path):
    tables = _tables(
        tmp_path,
        {
            "old.txt": "date 2021-06-01 Old count\n\nThe Taliban control 100 of the country's 398 districts.\n",
            "new.txt": "date 2021-06-02 New count\n\nThe Taliban control 100 of the 421 districts.\n",
        },
    )
    counts = _points(tables["series"], "districts_controlled_count")
    counts = counts.set_index(counts["date"].astype(str))
    old = counts.loc["2021-06-01"]
    assert old["value"] == pytest.approx(100 * 421 / 398, abs=0.1)
    assert old["method"].endswith("+denominator_converted")
    new = counts.loc["2021-06-02"]
    assert new["value"] == 100 and "converted" not in new["method"]
    shares = tables["observations"][
        tables["observations"]["metric"] == "districts_controlled_share"
    ]
    assert sorted(shares["denominator"]) == [398, 421]
    assert sorted(shares["value"].round(4)) == [round(100 / 421, 4), round(100 / 398, 4)]


def test_a_syndicated_wire_story_counts_once(tmp_path):
    story = "The Taliban have taken control of three border crossings in the last week, officials said.\n"
    tables = _tables(
        tmp_path,
        {
            "wire.txt": "date 2021-07-08 Wire story\nsource: wire\n\n" + story,
            "paper.txt": "date 2021-07-08 Same story, another headline\nsource: a newspaper\n\n"
            + story,
            "copy.txt": "date 2021-07-08 Wire story\nsource: wire\n\n" + story,
        },
    )
    assert len(tables["reports"]) == 2
    assert tables["reports"]["n_duplicates"].sum() == 1
    observations = tables["observations"]
    assert (observations["metric"] == "border_crossings_seized").sum() == 2
    point = _points(tables["series"], "border_crossings_seized").iloc[0]
    assert point["n_observations"] == 1 and point["value"] == 3
