"""Publishing and reading the warehouse: Parquet per table, a DuckDB file and a manifest.

A version is built whole in a temporary folder, synced to disk, renamed to `v-<data_version>`, and
only then does the `current` symlink swap to it (os.replace is atomic), so a run killed at any
moment leaves the previous warehouse whole. Old versions stay for pinned embeds until `prune`
removes them. Readers open published versions only, and DuckDB read-only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.parquet as pq

from etl.schemas import SCHEMA_VERSION, TABLES

CURRENT = "current"
MANIFEST = "manifest.json"
DUCKDB_FILE = "warehouse.duckdb"
_VERSION = re.compile(r"^[0-9a-f]{12}$")


def publish(
    tables: dict[str, pd.DataFrame], warehouse_dir: Path, data_version: str, manifest: dict
) -> Path:
    """Write every table and switch `current` to the new version; returns the version folder."""
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    final = warehouse_dir / f"v-{data_version}"
    if not final.exists():
        staging = warehouse_dir / f".tmp-{data_version}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        entries = {}
        for name in TABLES:
            file = staging / f"{name}.parquet"
            _write_parquet(tables[name], file)
            entries[name] = {"file": file.name, "rows": len(tables[name]), "sha256": _sha256(file)}
        _write_duckdb(staging, list(TABLES))
        document = {
            **manifest,
            "data_version": data_version,
            "schema_version": SCHEMA_VERSION,
            "tables": entries,
        }
        (staging / MANIFEST).write_text(
            json.dumps(document, indent=2, sort_keys=True, default=str) + "\n"
        )
        _fsync_tree(staging)
        os.replace(staging, final)
        _fsync_dir(warehouse_dir)
    pointer = warehouse_dir / f".{CURRENT}-{os.getpid()}"
    if pointer.is_symlink() or pointer.exists():
        pointer.unlink()
    pointer.symlink_to(final.name, target_is_directory=True)
    os.replace(pointer, warehouse_dir / CURRENT)
    _fsync_dir(warehouse_dir)
    return final


def resolve(warehouse_dir: Path, version: str | None = None) -> Path:
    """The folder of a published version (None: the current one). Never a path built from input."""
    if version is None:
        current = current_version(warehouse_dir)
        if current is None:
            raise FileNotFoundError(
                f"{warehouse_dir}: no published warehouse; run 'offensive-metrics etl'"
            )
        target = warehouse_dir / f"v-{current}"
    else:
        if not _VERSION.match(version):
            raise ValueError(
                f"'{version}' is not a data version (12 hex digits); {_published(warehouse_dir)}"
            )
        target = warehouse_dir / f"v-{version}"
        if not (target / MANIFEST).is_file():
            raise FileNotFoundError(
                f"{warehouse_dir}: no data version '{version}'; {_published(warehouse_dir)}"
            )
    if not (target / MANIFEST).is_file():
        raise FileNotFoundError(f"{target}: not a published warehouse version")
    return target


def current_version(warehouse_dir: Path) -> str | None:
    """The version the `current` symlink names, or None before the first publish."""
    link = warehouse_dir / CURRENT
    if not link.is_symlink():
        return None
    return os.readlink(link).removeprefix("v-")


def _published(warehouse_dir: Path) -> str:
    """The versions a user may name instead, for an error message."""
    versions = list_versions(warehouse_dir) if warehouse_dir.is_dir() else []
    if not versions:
        return "none is published"
    current = current_version(warehouse_dir)
    names = [f"{v} (current)" if v == current else v for v in versions]
    return f"published versions: {', '.join(names)}"


def list_versions(warehouse_dir: Path) -> list[str]:
    """Published versions, oldest first by publication time."""
    folders = [p for p in warehouse_dir.glob("v-*") if (p / MANIFEST).is_file()]
    return [
        p.name[2:] for p in sorted(folders, key=lambda p: ((p / MANIFEST).stat().st_mtime, p.name))
    ]


def prune(warehouse_dir: Path, keep: int, dry_run: bool = False) -> tuple[list[str], list[str]]:
    """Remove all but the newest `keep` published versions, never the current one; returns the
    removed and the kept versions, oldest first.

    Each version is renamed to a hidden folder before it is deleted, so a prune killed midway never
    leaves half a version that still looks published. Pinned embeds of a removed version stop
    working; an `etl` publishing into the same folder at the same time may lose its version.
    """
    if keep < 1:
        raise ValueError("keep must be 1 or more")
    current = current_version(warehouse_dir)
    if current is None:
        raise FileNotFoundError(
            f"{warehouse_dir}: no published warehouse; run 'offensive-metrics etl'"
        )
    versions = list_versions(warehouse_dir)
    newest = set(versions[-keep:]) | {current}
    kept = [v for v in versions if v in newest]
    removed = [v for v in versions if v not in newest]
    if not dry_run and removed:
        for version in removed:
            doomed = warehouse_dir / f".prune-{version}-{os.getpid()}"
            os.replace(warehouse_dir / f"v-{version}", doomed)
            shutil.rmtree(doomed)
        _fsync_dir(warehouse_dir)
    return removed, kept


def read_manifest(version_dir: Path) -> dict:
    return json.loads((version_dir / MANIFEST).read_text())


def read_table(version_dir: Path, name: str) -> pd.DataFrame:
    if name not in TABLES:
        raise KeyError(f"unknown table '{name}'")
    return pq.read_table(version_dir / f"{name}.parquet").to_pandas(types_mapper=_arrow_types)


@dataclass(frozen=True)
class CheckResult:
    """One check `validate` ran: what it checked, and what it found wrong (nothing: it passed)."""

    name: str
    checked: str
    problems: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems


def validate(warehouse_dir: Path, version: str | None = None) -> list[CheckResult]:
    """Re-check a published version: schema version, checksums, row counts, schemas, DuckDB copy."""
    version_dir = resolve(warehouse_dir, version)
    manifest = read_manifest(version_dir)
    entries = manifest["tables"]
    frames: dict[str, pd.DataFrame] = {}
    unreadable: dict[str, str] = {}
    for name in TABLES:
        try:
            frames[name] = read_table(version_dir, name)
        except (OSError, ValueError) as error:
            unreadable[name] = f"{version_dir / f'{name}.parquet'}: cannot be read: {error}"
    return [
        _check_schema_version(manifest),
        _check_checksums(version_dir, entries),
        _check_row_counts(frames, unreadable, entries),
        _check_schemas(version_dir, frames),
        _check_duckdb(version_dir, entries),
    ]


def _check_schema_version(manifest: dict) -> CheckResult:
    found = manifest.get("schema_version")
    problems = (
        () if found == SCHEMA_VERSION else (f"manifest says {found}, the code {SCHEMA_VERSION}",)
    )
    return CheckResult("schema version", f"schema version {SCHEMA_VERSION}, the code's", problems)


def _check_checksums(version_dir: Path, entries: dict) -> CheckResult:
    problems = []
    for name in TABLES:
        file = version_dir / f"{name}.parquet"
        if name not in entries:
            problems.append(f"{file}: not in the manifest")
        elif not file.is_file():
            problems.append(f"{file}: missing")
        elif _sha256(file) != entries[name]["sha256"]:
            problems.append(f"{file}: checksum differs from the manifest")
    return CheckResult(
        "checksums",
        f"checksums of {len(TABLES)} Parquet files against the manifest",
        tuple(problems),
    )


def _check_row_counts(
    frames: dict[str, pd.DataFrame], unreadable: dict[str, str], entries: dict
) -> CheckResult:
    problems = list(unreadable.values())
    for name, frame in frames.items():
        expected = entries.get(name, {}).get("rows")
        if len(frame) != expected:
            problems.append(f"{name}: {len(frame)} rows, manifest says {expected}")
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in frames.items())
    return CheckResult(
        "row counts",
        f"row counts of {len(TABLES)} tables against the manifest ({counts})",
        tuple(problems),
    )


def _check_schemas(version_dir: Path, frames: dict[str, pd.DataFrame]) -> CheckResult:
    problems = []
    for name, frame in frames.items():
        try:
            TABLES[name].validate(frame, lazy=True)
        except pa.errors.SchemaErrors as errors:
            for case in errors.failure_cases.head(20).itertuples():
                problems.append(
                    f"{version_dir / f'{name}.parquet'}: column {case.column}: {case.check} failed for {case.failure_case!r}"
                )
    return CheckResult("schemas", f"schemas of {len(frames)} tables", tuple(problems))


def _check_duckdb(version_dir: Path, entries: dict) -> CheckResult:
    file = version_dir / DUCKDB_FILE
    problems = []
    try:
        with duckdb.connect(str(file), read_only=True) as con:
            for name in TABLES:
                expected = entries.get(name, {}).get("rows")
                try:
                    (rows,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
                except duckdb.Error as error:
                    problems.append(f"{file}: table {name}: {error}")
                    continue
                if rows != expected:
                    problems.append(
                        f"{file}: table {name} has {rows} rows, manifest says {expected}"
                    )
    except duckdb.Error as error:
        problems.append(f"{file}: cannot be opened: {error}")
    return CheckResult(
        "DuckDB copy", f"the DuckDB copy: row counts of {len(TABLES)} tables", tuple(problems)
    )


def _arrow_types(arrow_type: pa_arrow.DataType):
    """Keep dates as arrow dates and strings as pandas' arrow-backed str when reading back."""
    if pa_arrow.types.is_date32(arrow_type):
        return pd.ArrowDtype(arrow_type)
    return None


def _write_parquet(frame: pd.DataFrame, file: Path) -> None:
    table = pa_arrow.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    pq.write_table(table, file, compression="zstd", write_statistics=True)


def _write_duckdb(folder: Path, names: list[str]) -> None:
    with duckdb.connect(str(folder / DUCKDB_FILE)) as con:
        con.execute("SET threads TO 1")
        for name in names:
            con.execute(
                f"CREATE TABLE \"{name}\" AS SELECT * FROM read_parquet('{folder / name}.parquet')"
            )
        con.execute("CHECKPOINT")


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
