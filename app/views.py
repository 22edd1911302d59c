"""Exactly the rows a chart draws, for a validated state: the figure, the embed and the view CSV
are all built from these rows, so a download always matches the picture."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from app.data import WarehouseData
from app.state import ChartState

ROW_COLUMNS = [
    "layer",
    "metric",
    "date",
    "value",
    "low",
    "high",
    "unit",
    "status",
    "basis",
    "method",
    "qualifier",
    "surface",
    "sentence",
    "attribution",
    "report",
    "source",
    "observation_id",
    "kind",
    "place",
    "place_id",
    "n_observations",
    "n_reports",
    "carried_forward",
    "period_start",
    "comparable",
    "main",
]


def chart_rows(data: WarehouseData, state: ChartState) -> pd.DataFrame:
    if state.chart == "trend":
        frames = [_series_rows(data, state), _observation_rows(data, state)]
        if state.events == "show":
            frames.append(_event_rows(data, state, kinds=()))
    else:
        frames = [_event_rows(data, state, kinds=state.kinds)]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=ROW_COLUMNS)
    rows = pd.concat(frames, ignore_index=True)[ROW_COLUMNS]
    return rows.sort_values(
        ["layer", "metric", "date"], kind="stable", na_position="first"
    ).reset_index(drop=True)


def _in_range(frame: pd.DataFrame, column: str, state: ChartState) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    if state.date_from:
        mask &= frame[column] >= state.date_from
    if state.date_to:
        mask &= frame[column] <= state.date_to
    return frame[mask]


def _series_rows(data: WarehouseData, state: ChartState) -> pd.DataFrame:
    frames = []
    for metric in state.metrics:
        frame = data.series_by_metric.get(metric)
        if frame is None:
            continue
        frame = _in_range(frame, "date", state)
        if state.claims == "hide":
            frame = frame[frame["status"] != "claimed"]
        frames.append(frame.assign(layer="series"))
    if not frames:
        return pd.DataFrame(columns=ROW_COLUMNS)
    return pd.concat(frames, ignore_index=True).reindex(columns=ROW_COLUMNS)


# Above this many figures in view, markers are one per metric, status and day (median figure, its
# lowest low and highest high), so a chart of a million observations stays readable and fast.
MAX_MARKERS = 2000


def _observation_rows(data: WarehouseData, state: ChartState) -> pd.DataFrame:
    frames = []
    for metric in state.metrics:
        frame = data.observations_by_metric.get(metric)
        if frame is None:
            continue
        frame = _in_range(frame, "as_of", state)
        if state.claims == "hide":
            frame = frame[frame["status"] != "claimed"]
        frames.append(
            frame.assign(
                layer="observation",
                date=frame["as_of"],
                basis="stated",
                method=frame["rule"],
                report=frame["title"],
            )
        )
    if not frames:
        return pd.DataFrame(columns=ROW_COLUMNS)
    rows = pd.concat(frames, ignore_index=True).reindex(columns=ROW_COLUMNS)
    return _daily(rows) if len(rows) > MAX_MARKERS else rows


def _daily(rows: pd.DataFrame) -> pd.DataFrame:
    grouped = rows.groupby(["metric", "status", "date"], sort=True, observed=True)
    daily = grouped.agg(
        value=("value", "median"),
        low=("low", "min"),
        high=("high", "max"),
        unit=("unit", "first"),
        n_observations=("value", "size"),
        n_reports=("report", "nunique"),
    ).reset_index()
    daily["layer"] = "observation"
    daily["basis"] = "stated"
    daily["method"] = "daily_median"
    daily["surface"] = daily["n_observations"].astype(str) + " figures (median)"
    return daily.reindex(columns=ROW_COLUMNS)


def _event_rows(data: WarehouseData, state: ChartState, kinds: tuple[str, ...]) -> pd.DataFrame:
    events = _in_range(data.tables["events_enriched"], "date", state)
    if kinds:
        events = events[events["kind"].isin(kinds)]
    events = events.sort_values(["date", "report_id"], kind="stable").drop_duplicates(
        ["kind", "place_id"]
    )
    return events.assign(
        layer="event",
        report=events["title"],
        surface=events["place"],
        method=events["rule"],
        basis="events",
    ).reindex(columns=ROW_COLUMNS)


def trend_statistic(rows: pd.DataFrame, metric: str) -> dict | None:
    """Least-squares change per week of the independent reconciled main series (comparable
    figures only), with a 95% interval."""
    points = rows[
        (rows["layer"] == "series")
        & (rows["metric"] == metric)
        & (rows["basis"] == "stated")
        & (rows["status"] != "claimed")
        & (rows["main"].fillna(False).astype(bool))
    ]
    if len(points) < 3:
        return None
    days = np.array(
        [(pd.Timestamp(d) - pd.Timestamp(points["date"].min())).days for d in points["date"]],
        dtype=float,
    )
    if np.ptp(days) == 0:
        return None
    fit = stats.linregress(days, points["value"].astype(float).to_numpy())
    t = stats.t.ppf(0.975, len(points) - 2)
    per_week = fit.slope * 7
    half = t * fit.stderr * 7
    if not math.isfinite(half):
        return None
    return {
        "metric": metric,
        "per_week": per_week,
        "low": per_week - half,
        "high": per_week + half,
        "n": len(points),
    }
