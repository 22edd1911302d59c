"""The metric catalog (data/reference/metrics.toml) as typed records.

The catalog is data so that an analyst can add a metric without touching code; this module only
reads and checks it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from etl.paths import REFERENCE_DIR

UNITS = ("count", "fraction", "percent")


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    label: str
    unit: str
    cumulative: bool
    description: str
    denominator: str | None = None
    denominator_value: float | None = None


class CatalogError(ValueError):
    """The catalog file is malformed; the message names the file and the metric."""


@cache
def load_metrics(path: Path = REFERENCE_DIR / "metrics.toml") -> dict[str, Metric]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    metrics: dict[str, Metric] = {}
    for metric_id, fields in raw.get("metrics", {}).items():
        unit = fields.get("unit")
        if unit not in UNITS:
            raise CatalogError(
                f"{path}: metric {metric_id!r} has unit {unit!r}; use one of {UNITS}"
            )
        metrics[metric_id] = Metric(
            id=metric_id,
            label=fields["label"],
            unit=unit,
            cumulative=bool(fields.get("cumulative", False)),
            description=fields.get("description", ""),
            denominator=fields.get("denominator"),
            denominator_value=fields.get("denominator_value"),
        )
    for metric in metrics.values():
        if metric.denominator and metric.denominator not in metrics:
            raise CatalogError(
                f"{path}: metric {metric.id!r} names denominator {metric.denominator!r}, "
                "which is not in the catalog"
            )
    return metrics
