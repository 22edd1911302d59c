"""The command line as a user meets it: its exit status, stdout and stderr. Pipes that close early,
help texts, refusals that list the valid choices, what `validate` checked and what `prune` removed.
Pipes, --help and a sample of each kind of refusal run `python -m etl` in a real process."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from app.state import DEFAULT_METRICS
from etl import cli, warehouse
from etl.catalog import load_metrics
from etl.events import load_event_kinds
from etl.paths import REPO_ROOT, REPORTS_DIR
from etl.pipeline import DEFAULT_MAX_QUARANTINE_RATE, run

FOUNDING_REPORT = REPORTS_DIR / "000_ad8d6f1e452e3cac.txt"
CHECKS = ("schema version", "checksums", "row counts", "schemas", "DuckDB copy")


def etl_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
    )


def main_in_process(capsys, *args: str) -> tuple[int, str, str]:
    """`cli.main` in this process (exit status, stdout, stderr): the same code as `python -m
    etl` without the seconds an interpreter takes to import pandas; argparse's refusals exit."""
    try:
        status = cli.main(list(args))
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory) -> Path:
    """A warehouse published from the founding report; copy it before changing it."""
    reports = tmp_path_factory.mktemp("reports")
    shutil.copy(FOUNDING_REPORT, reports)
    folder = tmp_path_factory.mktemp("warehouse")
    run(reports, folder)
    return folder


@pytest.fixture()
def own_warehouse(small_warehouse, tmp_path) -> Path:
    folder = tmp_path / "warehouse"
    shutil.copytree(small_warehouse, folder, symlinks=True)
    return folder


# --- pipes ---------------------------------------------------------------------------------------

# Far more than a pipe holds (64 KiB), so the writer is still writing when `head` has gone.
MANY_COPIES = 400


@pytest.mark.parametrize("flag", ["", "--mentions", "--events", "--flags"])
def test_extract_piped_to_head_ends_quietly(flag):
    files = " ".join([str(FOUNDING_REPORT)] * MANY_COPIES)
    result = subprocess.run(
        [
            "bash",
            "-o",
            "pipefail",
            "-c",
            f"'{sys.executable}' -m etl extract {files} {flag} | head -1",
        ],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert result.stderr == ""
    assert result.returncode == 0
    assert json.loads(result.stdout)["report"] == FOUNDING_REPORT.name


# --- help ----------------------------------------------------------------------------------------


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


def _help_entries(help_text: str) -> dict[str, str]:
    """Option or positional -> its help entry with white space collapsed, from rendered --help."""
    entries: dict[str, str] = {}
    current = None
    for line in help_text.splitlines():
        if re.match(r"^  \S", line):
            current = line.split()[0].rstrip(",")
            entries[current] = line
        elif current and line.startswith("    "):
            entries[current] += " " + line
        else:
            current = None
    return {key: " ".join(value.split()) for key, value in entries.items()}


def _help_key(action: argparse.Action) -> str:
    return action.option_strings[0] if action.option_strings else action.metavar or action.dest


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_option_has_help_that_states_its_default(name):
    subcommand = _subcommands()[name]
    entries = _help_entries(subcommand.format_help())
    actions = [a for a in subcommand._actions if not isinstance(a, argparse._HelpAction)]
    assert actions
    for action in actions:
        entry = entries[_help_key(action)]
        assert action.help, f"{name} {_help_key(action)} has no help"
        if action.required:
            continue
        assert "(default: " in entry, f"{name} {_help_key(action)}: {entry}"
        if isinstance(action.default, str | int | float | Path) and not isinstance(
            action.default, bool
        ):
            assert f"(default: {action.default})" in entry, entry


def test_help_defaults_are_the_ones_the_code_uses():
    assert cli.DEFAULT_MAX_QUARANTINE_RATE == DEFAULT_MAX_QUARANTINE_RATE
    assert (cli.DEFAULT_TREND_METRIC,) == DEFAULT_METRICS


def test_every_command_is_in_the_readme_table():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    for name in _subcommands():
        assert f"| `offensive-metrics {name}" in table, name


def test_help_exits_zero_and_lists_every_command():
    result = etl_command("--help")
    assert result.returncode == 0 and result.stderr == ""
    for name in _subcommands():
        assert f"    {name} " in result.stdout


# --- refusals ------------------------------------------------------------------------------------


def _usage_cases(warehouse_dir: Path, tmp: Path):
    out = str(tmp / "chart.csv")
    version = warehouse.current_version(warehouse_dir)
    w = ("--warehouse", str(warehouse_dir))
    return {
        "unknown-chart": (
            ["export", "nope", "--format", "csv", "--out", out, *w],
            ["'nope'", "trend", "events"],
        ),
        "unknown-metric": (
            ["export", "trend", "--format", "csv", "--out", out, *w, "--metric", "nope"],
            ["'nope'", *load_metrics()],
        ),
        "unknown-event-kind": (
            ["export", "events", "--format", "csv", "--out", out, *w, "--kind", "nope"],
            ["'nope'", *load_event_kinds()],
        ),
        "bad-date": (
            ["export", "trend", "--format", "csv", "--out", out, *w, "--from", "notadate"],
            ["'notadate'", "YYYY-MM-DD"],
        ),
        "export-unknown-version": (
            ["export", "trend", "--format", "csv", "--out", out, *w, "--version", "0" * 12],
            ["'000000000000'", f"{version} (current)"],
        ),
        "validate-unknown-version": (
            ["validate", *w, "--version", "0" * 12],
            ["'000000000000'", f"{version} (current)"],
        ),
        "validate-malformed-version": (
            ["validate", *w, "--version", "nope"],
            ["'nope'", "12 hex digits", f"{version} (current)"],
        ),
        "unknown-format": (
            ["extract", str(FOUNDING_REPORT), "--format", "csv"],
            ["'csv'", "jsonl"],
        ),
        "two-outputs": (
            ["extract", str(FOUNDING_REPORT), "--mentions", "--events"],
            ["--events", "--mentions"],
        ),
        "dask-without-scheduler": (["etl", "--executor", "dask", *w], ["--scheduler"]),
        "unknown-executor": (["etl", "--executor", "spark", *w], ["'spark'", "local", "dask"]),
        "quarantine-rate": (["etl", "--max-quarantine-rate", "2", *w], ["2", "between 0 and 1"]),
        "keep-none": (["prune", *w, "--keep", "0"], ["--keep", "0", "1 or more"]),
    }


USAGE_CASES = list(_usage_cases(Path("w"), Path("t")))
# One refusal of argparse's, one of a command's own, one of the warehouse's, in a real process.
PROCESS_CASES = ["unknown-chart", "unknown-metric", "validate-unknown-version"]


@pytest.mark.parametrize("case", USAGE_CASES)
def test_usage_errors_name_the_bad_value_and_the_valid_ones(
    case, small_warehouse, tmp_path, capsys
):
    argv, expected = _usage_cases(small_warehouse, tmp_path)[case]
    before = sorted(p.name for p in small_warehouse.iterdir())
    status, out, err = main_in_process(capsys, *argv)
    assert status == 2, err
    assert out == "" and "error: " in err
    for text in expected:
        assert text in err, (text, err)
    assert not (tmp_path / "chart.csv").exists()
    assert sorted(p.name for p in small_warehouse.iterdir()) == before


@pytest.mark.parametrize("case", PROCESS_CASES)
def test_usage_errors_exit_2_without_a_traceback(case, small_warehouse, tmp_path):
    argv, expected = _usage_cases(small_warehouse, tmp_path)[case]
    result = etl_command(*argv)
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert all(text in result.stderr for text in expected)


# --- validate ------------------------------------------------------------------------------------


def test_validate_says_what_it_checked(small_warehouse):
    result = etl_command("validate", "--warehouse", str(small_warehouse))
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == len(CHECKS) + 1
    assert all(line.startswith("ok ") for line in lines[:-1])
    manifest = warehouse.read_manifest(warehouse.resolve(small_warehouse))
    n = len(manifest["tables"])
    assert f"checksums of {n} Parquet files" in lines[1]
    for name, entry in manifest["tables"].items():
        assert f"{name} {entry['rows']}" in lines[2]
    assert f"schemas of {n} tables" in lines[3]
    assert f"DuckDB copy: row counts of {n} tables" in lines[4]
    version = warehouse.current_version(small_warehouse)
    assert lines[-1] == f"v-{version} is valid: {len(CHECKS)} checks passed"


def _rewrite_manifest(version_dir: Path, change) -> None:
    path = version_dir / "manifest.json"
    os.chmod(path, 0o644)
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def _tamper_bytes(version_dir: Path) -> None:
    target = version_dir / "series.parquet"
    os.chmod(target, 0o644)
    target.write_bytes(target.read_bytes()[:-8] + b"tampered")


def _miscount_rows(version_dir: Path) -> None:
    def change(manifest):
        manifest["tables"]["series"]["rows"] += 1

    _rewrite_manifest(version_dir, change)


def _break_schema(version_dir: Path) -> None:
    """A quality flag of a severity the schema does not know, with the manifest brought in step,
    so only the schema check can see it."""
    target = version_dir / "quality_flags.parquet"
    table = pq.read_table(target)
    severity = table.schema.get_field_index("severity")
    bogus = pa.array(["bogus"] * table.num_rows, type=table.schema.field(severity).type)
    table = table.set_column(severity, "severity", bogus)
    os.chmod(target, 0o644)
    pq.write_table(table, target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()

    def change(manifest):
        manifest["tables"]["quality_flags"]["sha256"] = digest

    _rewrite_manifest(version_dir, change)


def _drop_duckdb(version_dir: Path) -> None:
    (version_dir / "warehouse.duckdb").unlink()


@pytest.mark.parametrize(
    ("damage", "failing", "named"),
    [
        (_tamper_bytes, {"checksums", "row counts"}, "series.parquet"),
        (_miscount_rows, {"row counts", "DuckDB copy"}, "series"),
        (_break_schema, {"schemas"}, "bogus"),
        (_drop_duckdb, {"DuckDB copy"}, "warehouse.duckdb"),
    ],
    ids=["tampered-file", "row-count", "schema", "no-duckdb"],
)
def test_validate_names_the_failing_check(own_warehouse, damage, failing, named, capsys):
    damage(warehouse.resolve(own_warehouse))
    status, out, _err = main_in_process(capsys, "validate", "--warehouse", str(own_warehouse))
    assert status == 1
    lines = out.splitlines()
    check_lines = [line for line in lines if not line.startswith(" ")][:-1]
    status = {check: line.split()[0] for line, check in zip(check_lines, CHECKS, strict=True)}
    assert {check for check, word in status.items() if word == "FAIL"} == failing
    assert {check for check, word in status.items() if word == "ok"} == set(CHECKS) - failing
    assert named in out
    summary = lines[-1]
    assert "is NOT valid" in summary and f"{len(failing)} of {len(CHECKS)} checks failed" in summary
    assert all(check in summary for check in failing)


# --- prune ---------------------------------------------------------------------------------------

FAKE_VERSIONS = ["aaaaaaaaaaa1", "aaaaaaaaaaa2", "aaaaaaaaaaa3", "aaaaaaaaaaa4"]


@pytest.fixture()
def five_versions(own_warehouse) -> tuple[Path, list[str]]:
    """The real version published oldest and still current (as when an etl run brings back an
    old corpus), then four newer copies; returns the folder and the versions oldest first."""
    real = warehouse.current_version(own_warehouse)
    source = own_warehouse / f"v-{real}"
    for number, version in enumerate(FAKE_VERSIONS, start=1):
        shutil.copytree(source, own_warehouse / f"v-{version}")
        manifest = own_warehouse / f"v-{version}" / "manifest.json"
        os.utime(manifest, (source.stat().st_mtime + 60 * number,) * 2)
    os.utime(source / "manifest.json", (source.stat().st_mtime - 60,) * 2)
    versions = [real, *FAKE_VERSIONS]
    assert warehouse.list_versions(own_warehouse) == versions
    return own_warehouse, versions


def test_prune_keeps_the_newest_and_the_current(five_versions):
    folder, (current, *fakes) = five_versions
    result = etl_command("prune", "--warehouse", str(folder), "--keep", "2")
    assert result.returncode == 0 and result.stderr == ""
    assert warehouse.list_versions(folder) == [current, *fakes[-2:]]
    assert warehouse.current_version(folder) == current
    assert result.stdout.splitlines() == [
        f"removed v-{fakes[0]}",
        f"removed v-{fakes[1]}",
        f"kept v-{current} (current)",
        f"kept v-{fakes[2]}",
        f"kept v-{fakes[3]}",
        "removed 2 and kept 3 version(s)",
    ]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
    assert all(check.passed for check in warehouse.validate(folder))


def test_prune_keeps_three_by_default(five_versions, capsys):
    folder, (current, *fakes) = five_versions
    assert main_in_process(capsys, "prune", "--warehouse", str(folder))[0] == 0
    assert warehouse.list_versions(folder) == [current, *fakes[-3:]]


def test_prune_dry_run_removes_nothing(five_versions, capsys):
    folder, versions = five_versions
    status, stdout, _err = main_in_process(
        capsys, "prune", "--warehouse", str(folder), "--keep", "1", "--dry-run"
    )
    assert status == 0
    assert warehouse.list_versions(folder) == versions
    out = stdout.splitlines()
    assert out[:3] == [f"would remove v-{v}" for v in versions[1:4]]
    assert out[-1] == "would remove 3 and keep 2 version(s); nothing removed (--dry-run)"


def test_prune_never_removes_the_current_version_even_at_keep_1(own_warehouse, capsys):
    current = warehouse.current_version(own_warehouse)
    status, out, _err = main_in_process(
        capsys, "prune", "--warehouse", str(own_warehouse), "--keep", "1"
    )
    assert status == 0
    assert warehouse.list_versions(own_warehouse) == [current]
    assert out.splitlines()[-1] == "removed 0 and kept 1 version(s)"


def test_prune_without_a_warehouse_is_a_usage_error(tmp_path, capsys):
    status, out, err = main_in_process(capsys, "prune", "--warehouse", str(tmp_path / "none"))
    assert status == 2 and out == "" and "no published warehouse" in err
