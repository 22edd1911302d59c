"""The whole ladder on real files: counts add up, output is byte-identical, publishing is atomic."""

from __future__ import annotations

import codecs
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from etl import warehouse
from etl.cli import main
from etl.paths import REPORTS_DIR
from etl.pipeline import QuarantineRateExceeded, run

BODY = "\n\nThe Taliban have taken control of three border crossings in the last week.\n"


def _bad_and_good_corpus(folder: Path) -> Path:
    """The founding report plus one file of every kind of bad input, and a duplicate."""
    folder.mkdir()
    shutil.copy(REPORTS_DIR / "000_ad8d6f1e452e3cac.txt", folder / "000_founding.txt")
    shutil.copy(REPORTS_DIR / "000_ad8d6f1e452e3cac.txt", folder / "001_syndicated_copy.txt")
    (folder / "002_cp1252.txt").write_bytes(
        ("date 2021-07-09 Torghundi’s fall" + BODY).encode("cp1252")
    )
    (folder / "003_utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + ("date 2021-07-10 Abu Nasr" + BODY).encode("utf-16-le")
    )
    (folder / "004_empty.txt").write_bytes(b"")
    (folder / "005_binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x03\x04")
    (folder / "006_no_date.txt").write_text("Kunduz fell." + BODY)
    (folder / "007_bad_date.txt").write_text("date 2021-13-01 Impossible month" + BODY)
    return folder


@pytest.fixture()
def messy(tmp_path):
    return _bad_and_good_corpus(tmp_path / "reports")


def test_counts_add_up_and_every_bad_file_is_quarantined_by_name(messy, tmp_path):
    summary = run(messy, tmp_path / "wh", max_quarantine_rate=0.9)
    c = summary.counts
    assert c["reports_in"] == 8
    assert (c["reports_loaded"], c["reports_duplicate"], c["reports_quarantined"]) == (3, 1, 4)
    assert (
        c["reports_in"] == c["reports_loaded"] + c["reports_duplicate"] + c["reports_quarantined"]
    )
    assert c["mentions"] == c["mentions_classified"] + c["mentions_unclassified"]
    quarantine = warehouse.read_table(summary.version_dir, "quarantine")
    assert sorted(quarantine["source"]) == [
        "004_empty.txt",
        "005_binary.txt",
        "006_no_date.txt",
        "007_bad_date.txt",
    ]
    assert set(quarantine["check"]) == {"not_empty", "not_binary", "date_line", "date_valid"}
    for row in quarantine.itertuples():
        assert row.reason.startswith(row.source)
    reports = warehouse.read_table(summary.version_dir, "reports")
    assert set(reports["encoding"]) == {"utf-8", "cp1252", "utf-16-le-bom"}
    assert reports.loc[reports["path"] == "000_founding.txt", "n_duplicates"].item() == 1
    manifest = warehouse.read_manifest(summary.version_dir)
    assert manifest["duplicates"] == {
        reports.loc[reports["path"] == "000_founding.txt", "report_id"].item(): [
            "001_syndicated_copy.txt"
        ]
    }


def test_too_many_bad_files_fail_the_run_and_publish_nothing(messy, tmp_path):
    with pytest.raises(QuarantineRateExceeded, match="4 of 8 reports"):
        run(messy, tmp_path / "wh", max_quarantine_rate=0.25)
    assert not (tmp_path / "wh" / "current").exists()


def test_same_reports_give_byte_identical_tables(tmp_path):
    first = run(REPORTS_DIR, tmp_path / "a")
    second = run(REPORTS_DIR, tmp_path / "b")
    assert first.data_version == second.data_version
    for name in warehouse.TABLES:
        assert (first.version_dir / f"{name}.parquet").read_bytes() == (
            second.version_dir / f"{name}.parquet"
        ).read_bytes(), name
    assert (first.version_dir / "manifest.json").read_bytes() == (
        second.version_dir / "manifest.json"
    ).read_bytes()


def test_publish_swaps_current_and_keeps_the_old_version(messy, tmp_path):
    wh = tmp_path / "wh"
    first = run(REPORTS_DIR, wh)
    second = run(messy, wh, max_quarantine_rate=0.9)
    assert first.data_version != second.data_version
    assert warehouse.resolve(wh) == second.version_dir
    assert warehouse.resolve(wh, first.data_version) == first.version_dir
    assert set(warehouse.list_versions(wh)) == {first.data_version, second.data_version}
    assert not [p for p in wh.iterdir() if p.name.startswith(".")]


def test_a_run_killed_before_the_swap_leaves_the_previous_warehouse_whole(tmp_path, monkeypatch):
    wh = tmp_path / "wh"
    first = run(REPORTS_DIR, wh)
    corpus = _bad_and_good_corpus(tmp_path / "other")

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(warehouse.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, wh, max_quarantine_rate=0.9)
    monkeypatch.undo()
    assert warehouse.resolve(wh) == first.version_dir
    assert all(check.passed for check in warehouse.validate(wh))


@pytest.mark.parametrize("bad", ["../../etc", "v-../x", "abc", "0123456789abcdef00"])
def test_resolve_refuses_anything_but_a_version_string(tmp_path, bad):
    run(REPORTS_DIR, tmp_path)
    with pytest.raises(ValueError):
        warehouse.resolve(tmp_path, bad)


def test_duckdb_copy_matches_parquet_and_opens_read_only(tmp_path):
    summary = run(REPORTS_DIR, tmp_path)
    with duckdb.connect(str(summary.version_dir / "warehouse.duckdb"), read_only=True) as con:
        for name, entry in json.loads((summary.version_dir / "manifest.json").read_text())[
            "tables"
        ].items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == entry["rows"]


def test_validate_finds_a_tampered_file(tmp_path, capsys):
    summary = run(REPORTS_DIR, tmp_path)
    assert main(["validate", "--warehouse", str(tmp_path)]) == 0
    target = summary.version_dir / "series.parquet"
    os.chmod(target, 0o644)
    target.write_bytes(target.read_bytes()[:-8] + b"tampered")
    assert main(["validate", "--warehouse", str(tmp_path)]) == 1
    assert "series.parquet" in capsys.readouterr().out


def test_cli_etl_prints_a_summary_whose_counts_add_up(tmp_path, capsys):
    assert main(["etl", "--warehouse", str(tmp_path / "wh"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "reports   in" in out and "= loaded" in out and "classified" in out
