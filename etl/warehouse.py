"""Publishing and reading the warehouse: Parquet per table, a DuckDB file and a manifest.

A version is built whole in a temporary folder, synced to disk, renamed to `v-<data_version>`, and
only then does the `current` symlink swap to it (os.replace is atomic), so a run killed at any
moment leaves the previous warehouse whole. Old versions stay for pinned embeds. Readers open
published versions only, and DuckDB read-only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
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
        link = warehouse_dir / CURRENT
        if not link.is_symlink():
            raise FileNotFoundError(
                f"{warehouse_dir}: no published warehouse; run 'offensive-metrics etl'"
            )
        target = warehouse_dir / os.readlink(link)
    else:
        if not _VERSION.match(version):
            raise ValueError(f"'{version}' is not a data version (12 hex digits)")
        target = warehouse_dir / f"v-{version}"
    if not (target / MANIFEST).is_file():
        raise FileNotFoundError(f"{target}: not a published warehouse version")
    return target


def list_versions(warehouse_dir: Path) -> list[str]:
    """Published versions, oldest first by publication time."""
    folders = [p for p in warehouse_dir.glob("v-*") if (p / MANIFEST).is_file()]
    return [
        p.name[2:] for p in sorted(folders, key=lambda p: ((p / MANIFEST).stat().st_mtime, p.name))
    ]


def read_manifest(version_dir: Path) -> dict:
    return json.loads((version_dir / MANIFEST).read_text())


def read_table(version_dir: Path, name: str) -> pd.DataFrame:
    if name not in TABLES:
        raise KeyError(f"unknown table '{name}'")
    return pq.read_table(version_dir / f"{name}.parquet").to_pandas(types_mapper=_arrow_types)


def validate(warehouse_dir: Path, version: str | None = None) -> list[str]:
    """Re-check a published version: checksums, row counts, schemas, DuckDB copy. Returns problems."""
    version_dir = resolve(warehouse_dir, version)
    manifest = read_manifest(version_dir)
    problems: list[str] = []
    if manifest.get("schema_version") != SCHEMA_VERSION:
        problems.append(
            f"{version_dir}: schema version {manifest.get('schema_version')} != {SCHEMA_VERSION}"
        )
    with duckdb.connect(str(version_dir / DUCKDB_FILE), read_only=True) as con:
        for name, model in TABLES.items():
            entry = manifest["tables"].get(name)
            file = version_dir / f"{name}.parquet"
            if entry is None or not file.is_file():
                problems.append(f"{file}: missing")
                continue
            if _sha256(file) != entry["sha256"]:
                problems.append(f"{file}: checksum differs from the manifest")
            try:
                frame = read_table(version_dir, name)
            except (OSError, ValueError) as error:
                problems.append(f"{file}: cannot be read: {error}")
                continue
            if len(frame) != entry["rows"]:
                problems.append(f"{file}: {len(frame)} rows, manifest says {entry['rows']}")
            try:
                model.validate(frame, lazy=True)
            except pa.errors.SchemaErrors as errors:
                for case in errors.failure_cases.head(20).itertuples():
                    problems.append(
                        f"{file}: column {case.column}: {case.check} failed for {case.failure_case!r}"
                    )
            (rows,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            if rows != entry["rows"]:
                problems.append(
                    f"{version_dir / DUCKDB_FILE}: table {name} has {rows} rows, manifest says {entry['rows']}"
                )
    return problems


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
