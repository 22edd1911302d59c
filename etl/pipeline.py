"""The ETL ladder: reports -> mentions -> observations, events -> series -> warehouse.

`run` reads like the data flow of DESIGN.md. Each arrow validates its table and quarantines what
fails; the manifest records counts in, out and quarantined per stage, and they must add up.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import ingest, warehouse
from etl.events import events_frame
from etl.executors import run_extraction
from etl.extract import Extracted, Rejected
from etl.paths import REPO_ROOT
from etl.quality import dataset_flags
from etl.reconcile import reconcile
from etl.reference import fingerprint
from etl.schemas import TABLES
from etl.validation import quarantine_frame, validate_table

DEFAULT_MAX_QUARANTINE_RATE = 0.25
_LIBRARIES = ("pandas", "pyarrow", "duckdb", "pandera")


class QuarantineRateExceeded(RuntimeError):
    """Too much input failed; like dbt's error_if, the run stops before publishing."""


@dataclass(frozen=True, slots=True)
class RunSummary:
    data_version: str
    version_dir: Path
    counts: dict[str, int]

    def lines(self) -> list[str]:
        c = self.counts
        return [
            f"data version {self.data_version} published at {self.version_dir}",
            f"reports   in {c['reports_in']} = loaded {c['reports_loaded']} + duplicates {c['reports_duplicate']}"
            f" + quarantined {c['reports_quarantined']}",
            f"mentions  {c['mentions']} = classified {c['mentions_classified']} + unclassified {c['mentions_unclassified']}"
            f" (+ quarantined {c['mentions_quarantined']})",
            f"observations {c['observations']} (+ quarantined {c['observations_quarantined']})",
            f"events    {c['events']} (+ quarantined {c['events_quarantined']})",
            f"series    {c['series']} points; quality flags {c['quality_flags']}; quarantine rows {c['quarantine']}",
        ]


def run(
    reports_dir: Path,
    warehouse_dir: Path,
    executor: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
    max_quarantine_rate: float = DEFAULT_MAX_QUARANTINE_RATE,
) -> RunSummary:
    paths = ingest.discover(reports_dir)
    results = run_extraction(
        paths, reports_dir, executor=executor, scheduler=scheduler, progress=progress
    )
    extracted, rejected = _split(results)
    loaded, duplicates = _deduplicate(extracted)
    quarantine = [_rejection_row(r) for r in rejected]
    _check_quarantine_rate(len(rejected), len(paths), max_quarantine_rate)

    reports, q = validate_table("reports", _reports_frame(loaded, duplicates), "path")
    quarantine += q
    mentions, q_mentions = validate_table(
        "mentions", _frame("mentions", [r for e in loaded for r in e.mentions])
    )
    observations, q_obs = validate_table(
        "observations", _frame("observations", [r for e in loaded for r in e.observations])
    )
    events, q_events = validate_table("events", events_frame(loaded))
    quarantine += q_mentions + q_obs + q_events
    series, q_series = validate_table("series", reconcile(observations, events))
    quarantine += q_series
    flags, q_flags = validate_table(
        "quality_flags",
        dataset_flags([f for e in loaded for f in e.flags], observations, series, events),
    )
    quarantine += q_flags

    tables = {
        "reports": reports,
        "mentions": mentions,
        "observations": observations,
        "events": events,
        "series": series,
        "quality_flags": flags,
        "quarantine": quarantine_frame(quarantine),
    }
    counts = {
        "reports_in": len(paths),
        "reports_loaded": len(reports),
        "reports_duplicate": sum(len(paths_) for paths_ in duplicates.values()),
        "reports_quarantined": len(rejected) + (len(loaded) - len(reports)),
        "mentions": len(mentions),
        "mentions_classified": int(mentions["classified"].sum()),
        "mentions_unclassified": int((~mentions["classified"]).sum()),
        "mentions_quarantined": len(q_mentions),
        "observations": len(observations),
        "observations_quarantined": len(q_obs),
        "events": len(events),
        "events_quarantined": len(q_events),
        "series": len(series),
        "quality_flags": len(flags),
        "quarantine": len(tables["quarantine"]),
    }
    data_version = compute_data_version([e.report for e in loaded], rejected)
    manifest = {
        "counts": counts,
        "duplicates": {k: sorted(v) for k, v in sorted(duplicates.items())},
        "latest_report_date": str(reports["published"].max()) if len(reports) else None,
        "created_from": {"reports": len(paths), "libraries": _library_versions()},
    }
    version_dir = warehouse.publish(tables, warehouse_dir, data_version, manifest)
    return RunSummary(data_version, version_dir, counts)


def _split(results: list[Extracted | Rejected]) -> tuple[list[Extracted], list[Rejected]]:
    extracted = [r for r in results if isinstance(r, Extracted)]
    rejected = [r for r in results if isinstance(r, Rejected)]
    return extracted, rejected


def _deduplicate(extracted: list[Extracted]) -> tuple[list[Extracted], dict[str, list[str]]]:
    """Reports with the same normalised text load once (the first path); the others are counted."""
    first: dict[str, Extracted] = {}
    duplicates: dict[str, list[str]] = {}
    for item in sorted(extracted, key=lambda e: e.report.path):
        report_id = item.report.report_id
        if report_id in first:
            duplicates.setdefault(report_id, []).append(item.report.path)
        else:
            first[report_id] = item
    return list(first.values()), duplicates


def _reports_frame(loaded: list[Extracted], duplicates: dict[str, list[str]]) -> pd.DataFrame:
    rows = [
        {
            "report_id": e.report.report_id,
            "path": e.report.path,
            "published": e.report.published,
            "title": e.report.title,
            "source": e.report.source,
            "url": e.report.url,
            "encoding": e.report.encoding,
            "n_chars": len(e.report.text),
            "n_duplicates": len(duplicates.get(e.report.report_id, [])),
            "text": e.report.text,
        }
        for e in loaded
    ]
    return _frame("reports", rows)


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows -> a frame with the schema's columns in order, sorted for byte-identical output."""
    columns = list(TABLES[name].to_schema().columns)
    frame = pd.DataFrame(rows, columns=columns)
    keys = {"reports": ["path"], "mentions": ["report_id", "start", "end"]}.get(name, [columns[0]])
    if name == "observations":
        keys = ["report_id", "start", "metric", "observation_id"]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _rejection_row(rejected: Rejected) -> dict:
    return {
        "stage": "ingest",
        "source": rejected.path,
        "line": rejected.line,
        "check": rejected.check,
        "reason": rejected.reason,
        "payload": "{}",
    }


def _check_quarantine_rate(quarantined: int, total: int, limit: float) -> None:
    if total and quarantined / total > limit:
        raise QuarantineRateExceeded(
            f"{quarantined} of {total} reports failed to load ({quarantined / total:.0%}), above the limit of "
            f"{limit:.0%}; nothing was published. Fix the files named in the messages above or raise "
            "--max-quarantine-rate."
        )


def compute_data_version(reports: list[ingest.Report], rejected: list[Rejected]) -> str:
    """A hash of the inputs, the reference tables, the code and the library versions."""
    digest = hashlib.sha256()
    for report in sorted(reports, key=lambda r: r.path):
        digest.update(f"{report.path}\0{report.report_id}\0".encode())
    for item in sorted(rejected, key=lambda r: r.path):
        digest.update(f"{item.path}\0rejected:{item.check}\0".encode())
    digest.update(fingerprint().encode())
    for source in sorted((REPO_ROOT / "etl").glob("*.py")):
        digest.update(source.read_bytes())
    digest.update(repr(_library_versions()).encode())
    return digest.hexdigest()[:12]


def _library_versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in _LIBRARIES}
