"""The founding report, read end to end through the command line: exactly these figures, no others."""

from __future__ import annotations

import json

import pytest

from etl.cli import main
from etl.ingest import parse_report


def _extract(capsys, path, *flags):
    assert main(["extract", str(path), "--format", "jsonl", *flags]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_founding_report_gives_exactly_the_expected_observations(capsys, founding_report):
    rows = {row["metric"]: row for row in _extract(capsys, founding_report)}
    assert sorted(rows) == [
        "border_crossings_seized",
        "districts_controlled_count",
        "districts_controlled_share",
        "districts_total",
        "soldiers_fled_abroad",
        "withdrawal_percent",
    ]
    total = rows["districts_total"]
    assert (total["value"], total["as_of"]) == (421, "2021-07-08")

    share = rows["districts_controlled_share"]
    assert (share["value"], share["qualifier"], share["high"]) == (0.3333, "nearly", 0.3333)
    assert share["low"] < 0.3333 and share["as_of"] == "2021-07-08"

    count = rows["districts_controlled_count"]
    assert count["derived_from"] and "districts_total" in count["derived_from"]
    assert count["value"] == pytest.approx(140, abs=1)
    assert count["low"] == pytest.approx(share["low"] * 421, abs=0.1)
    assert count["high"] == pytest.approx(0.3333 * 421, abs=0.1)

    withdrawal = rows["withdrawal_percent"]
    assert (withdrawal["value"], withdrawal["as_of"], withdrawal["attribution"]) == (
        90,
        "2021-07-06",
        "US Central Command",
    )

    crossings = rows["border_crossings_seized"]
    assert (crossings["value"], crossings["period_start"], crossings["as_of"]) == (
        3,
        "2021-07-01",
        "2021-07-08",
    )

    fled = rows["soldiers_fled_abroad"]
    assert fled["surface"] == "several hundred"
    assert (fled["low"], fled["high"], fled["as_of"]) == (300, 900, "2021-07-04")
    assert fled["low"] <= fled["value"] <= fled["high"]


def test_every_observation_points_at_its_sentence(capsys, founding_report):
    text = parse_report(founding_report.read_bytes(), founding_report.name).text
    for row in _extract(capsys, founding_report):
        assert text[row["start"] : row["end"]] == row["surface"]
        assert row["surface"] in row["sentence"] and row["sentence"] in text


def test_the_distance_that_disagrees_with_itself_is_a_flag_not_an_observation(
    capsys, founding_report
):
    flags = _extract(capsys, founding_report, "--flags")
    assert [flag["check"] for flag in flags] == ["conversion_disagrees"]
    assert "75 kilometers (120 kilometers)" in flags[0]["message"]
    mentions = _extract(capsys, founding_report, "--mentions")
    distances = [m for m in mentions if m["kind"] == "distance"]
    assert sorted(m["value"] for m in distances) == [75, 120]
    observed = {row["surface"] for row in _extract(capsys, founding_report)}
    assert not any("kilometers" in surface for surface in observed)


def test_mentions_slice_the_normalised_text_exactly(capsys, founding_report):
    text = parse_report(founding_report.read_bytes(), founding_report.name).text
    mentions = _extract(capsys, founding_report, "--mentions")
    assert mentions
    for mention in mentions:
        assert text[mention["start"] : mention["end"]] == mention["surface"]


def test_extract_writes_nothing(tmp_path, capsys, founding_report, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _extract(capsys, founding_report)
    assert list(tmp_path.iterdir()) == []
