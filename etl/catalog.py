"""The metric catalog (data/reference/metrics.toml) as typed records.

The catalog is data so that an analyst can add a metric without touching code; this module only
reads and checks it.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from etl.paths import REFERENCE_DIR

UNITS = ("count", "fraction", "percent")
QUANTITIES = ("running_total", "stock", "period_count")


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    label: str
    unit: str
    cumulative: bool
    description: str
    denominator: str | None = None
    denominator_value: float | None = None
    quantity: str = "stock"
    total_since: dt.date | None = None


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
        quantity = fields.get("quantity", "stock")
        if quantity not in QUANTITIES:
            raise CatalogError(
                f"{path}: metric {metric_id!r} has quantity {quantity!r}; use one of {QUANTITIES}"
            )
        metrics[metric_id] = Metric(
            id=metric_id,
            label=fields["label"],
            unit=unit,
            cumulative=bool(fields.get("cumulative", False)),
            description=fields.get("description", ""),
            denominator=fields.get("denominator"),
            denominator_value=fields.get("denominator_value"),
            quantity=quantity,
            total_since=fields.get("total_since"),
        )
    for metric in metrics.values():
        if metric.denominator and metric.denominator not in metrics:
            raise CatalogError(
                f"{path}: metric {metric.id!r} names denominator {metric.denominator!r}, "
                "which is not in the catalog"
            )
    return metrics
