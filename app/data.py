"""Read-only access to one published warehouse version, cached per version.

The dashboard never reads a half-written warehouse: it resolves a published version folder
(`etl.warehouse.resolve`) and reads its Parquet files once. Per-metric frames are indexed up front so
a chart callback is a dictionary lookup and a date slice, not a query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from etl import warehouse
from etl.catalog import Metric, load_metrics
from etl.reference import read_table as read_reference


@dataclass
class WarehouseData:
    version_dir: Path
    manifest: dict
    tables: dict[str, pd.DataFrame]
    metrics: dict[str, Metric]
    series_by_metric: dict[str, pd.DataFrame] = field(default_factory=dict)
    observations_by_metric: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def data_version(self) -> str:
        return self.manifest["data_version"]

    @property
    def latest_report_date(self) -> str | None:
        return self.manifest.get("latest_report_date")

    @property
    def published_on(self) -> dt.date:
        """The day this version was published here (its manifest's write time, in UTC): the
        manifest holds no clock, so that a rebuild of the same inputs gives the same bytes."""
        written = (self.version_dir / warehouse.MANIFEST).stat().st_mtime
        return dt.datetime.fromtimestamp(written, dt.UTC).date()

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def date_range(self) -> tuple[str, str]:
        dates = self.tables["series"]["date"]
        if dates.empty:
            return ("2021-05-01", "2021-09-30")
        return (str(dates.min()), str(dates.max()))

    def metrics_with_data(self) -> list[str]:
        return [m for m in self.metrics if m in self.series_by_metric]


def load(version_dir: Path) -> WarehouseData:
    manifest = warehouse.read_manifest(version_dir)
    tables = {name: warehouse.read_table(version_dir, name) for name in warehouse.TABLES}
    reports = tables["reports"][["report_id", "title", "source", "path", "published"]].rename(
        columns={"published": "report_published"}
    )
    observations = tables["observations"].merge(reports, on="report_id", how="left")
    events = tables["events"].merge(
        reports[["report_id", "title", "source"]], on="report_id", how="left"
    )
    tables["observations_enriched"] = observations
    tables["events_enriched"] = events
    data = WarehouseData(version_dir, manifest, tables, load_metrics())
    for metric, frame in tables["series"].groupby("metric", sort=True):
        data.series_by_metric[metric] = frame.sort_values("date").reset_index(drop=True)
    for metric, frame in observations.groupby("metric", sort=True):
        data.observations_by_metric[metric] = frame.sort_values("as_of").reset_index(drop=True)
    return data


@lru_cache(maxsize=8)
def _load_cached(version_dir: str) -> WarehouseData:
    return load(Path(version_dir))


def get_data(warehouse_dir: Path, version: str | None = None) -> WarehouseData:
    """The data of a published version (None: the current one); cached per version folder."""
    return _load_cached(str(warehouse.resolve(warehouse_dir, version).resolve()))


@lru_cache(maxsize=1)
def places() -> pd.DataFrame:
    """Crossings and provincial capitals with coordinates, for the offline map."""
    crossings = pd.DataFrame(read_reference("gazetteer_crossings.csv"))
    capitals = pd.DataFrame(read_reference("gazetteer_provinces.csv"))
    frame = pd.concat(
        [
            crossings.assign(place=crossings["name"], kind="border crossing")[
                ["place_id", "place", "kind", "lat", "lon"]
            ],
            capitals.assign(place=capitals["capital"], kind="provincial capital")[
                ["place_id", "place", "kind", "lat", "lon"]
            ],
        ],
        ignore_index=True,
    )
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    return frame
