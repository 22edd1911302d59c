"""A chart's state, parsed from a URL query and validated: every value is untrusted input.

The same state drives the page, the embed, the view CSV and the exports, so a copied link, an
iframe and a downloaded file all show the same rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from etl.catalog import load_metrics
from etl.events import load_event_kinds

CHARTS = ("trend", "events")
DEFAULT_METRICS = ("districts_controlled_share",)
_VERSION = re.compile(r"^[0-9a-f]{12}$")
_TOGGLE = ("show", "hide")


class BadRequest(ValueError):
    """Input the dashboard refuses; the routes answer 400 with this message."""


@dataclass(frozen=True)
class ChartState:
    chart: str
    metrics: tuple[str, ...] = DEFAULT_METRICS
    kinds: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    claims: str = "show"
    events: str = "show"
    version: str | None = None

    def to_query(self) -> str:
        """A stable query string (same state, same URL) that parse_chart_state reads back."""
        pairs: list[tuple[str, str]] = []
        if self.chart == "trend":
            pairs += [("metric", m) for m in self.metrics]
            pairs += [("claims", self.claims), ("events", self.events)]
        else:
            pairs += [("kind", k) for k in self.kinds]
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        if self.version:
            pairs.append(("version", self.version))
        return urlencode(pairs)


def parse_chart_state(chart: str, params: Mapping[str, object]) -> ChartState:
    if chart not in CHARTS:
        raise BadRequest(f"unknown chart '{_short(chart)}'; use one of {', '.join(CHARTS)}")
    metrics = tuple(dict.fromkeys(_values(params, "metric"))) or DEFAULT_METRICS
    known = load_metrics()
    for metric in metrics:
        if metric not in known:
            raise BadRequest(f"unknown metric '{_short(metric)}'; use one of {', '.join(known)}")
    kinds = tuple(dict.fromkeys(_values(params, "kind")))
    event_kinds = load_event_kinds()
    for kind in kinds:
        if kind not in event_kinds:
            raise BadRequest(
                f"unknown event kind '{_short(kind)}'; use one of {', '.join(event_kinds)}"
            )
    date_from = _date(params, "from")
    date_to = _date(params, "to")
    if date_from and date_to and date_from > date_to:
        raise BadRequest("'from' is after 'to'")
    claims = _choice(params, "claims")
    events = _choice(params, "events")
    version = _first(params, "version")
    if version and not _VERSION.match(version):
        raise BadRequest(
            f"'version' must be a data version of 12 hex digits, not '{_short(version)}'"
        )
    return ChartState(
        chart,
        metrics if chart == "trend" else (),
        kinds,
        date_from,
        date_to,
        claims,
        events,
        version or None,
    )


def _values(params: Mapping[str, object], key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    values = raw if isinstance(raw, list | tuple) else [raw]
    out = []
    for value in values:
        if not isinstance(value, str):
            raise BadRequest(f"'{key}' must be text")
        out += [part for part in value.split(",") if part]
    if len(out) > 20:
        raise BadRequest(f"too many values for '{key}'")
    return out


def _first(params: Mapping[str, object], key: str) -> str | None:
    values = _values(params, key)
    return values[0] if values else None


def _date(params: Mapping[str, object], key: str) -> dt.date | None:
    value = _first(params, key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"'{key}' must be a date YYYY-MM-DD, not '{_short(value)}'") from None


def _choice(params: Mapping[str, object], key: str) -> str:
    value = _first(params, key) or "show"
    if value not in _TOGGLE:
        raise BadRequest(f"'{key}' must be show or hide, not '{_short(value)}'")
    return value


def _short(value: object) -> str:
    return str(value)[:40].encode("ascii", "replace").decode()
