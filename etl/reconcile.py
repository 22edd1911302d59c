"""Observations and events -> one reconciled point per metric, basis, status and day.

The method, stated once here (the README and the dashboard's method page show this text):
1. Syndicated copies count once: observations with the same metric, date, figure and sentence text
   are one piece of evidence, however many outlets ran the wire story.
2. Counts stated against a whole other than the canonical one (data/reference/denominators.csv)
   are converted in proportion to it and marked `denominator_converted` in the method.
3. Claims by a party (status claimed) are reconciled apart from independent figures.
4. On one day, the figures' intervals [low, high] are intersected. If they overlap, the point is
   the median figure inside that consensus interval (`consensus_interval`); two or more reports
   agreeing make it `corroborated`. If they do not overlap, the most recently published report
   wins (`latest_report`) and the band spans every figure, so the disagreement stays visible.
5. Cumulative metrics are also counted from events (basis `events`): each place counts from the
   first day it is reported taken, and a recapture event takes it off again.
6. A cumulative metric's last stated value is carried forward to the last report date, marked
   `carried_forward`.
7. Only comparable figures are reconciled together and joined by a line: the same metric, scope
   (national, or one province or city) and period basis (a level at a moment; a count since the
   same day; one incident). A metric's main set is its national set with the most points; its
   trend line and statistics use only that set, and every other set stays visible as points of
   its own. Planned levels ("650 will stay") never enter a series. Parts of one total ("2,500 US
   troops and roughly 7,000 allied soldiers") are summed into the total and kept as parts, each a
   set of its own.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd

from etl.catalog import load_metrics
from etl.events import load_event_kinds
from etl.reference import read_table
from etl.schemas import SeriesPoints

SERIES_COLUMNS = list(SeriesPoints.to_schema().columns)


@cache
def canonical_denominators() -> dict[str, float]:
    """metric -> the canonical whole that counts of it are normalised to."""
    return {
        row["metric"]: float(row["denominator"])
        for row in read_table("denominators.csv")
        if row.get("canonical", "").lower() == "yes"
    }


def reconcile(observations: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    observations = (
        observations[observations["status"] != "planned"] if len(observations) else observations
    )
    stated = _mark_main(_stated_points(observations))
    from_events = _event_points(events)
    rows = stated + from_events + _carry_forward(stated, observations)
    frame = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    return frame.sort_values(["metric", "basis", "status", "date"], kind="stable").reset_index(
        drop=True
    )


def normalise_denominators(observations: pd.DataFrame) -> pd.DataFrame:
    """Counts stated against a non-canonical whole, converted to the canonical one."""
    metrics = load_metrics()
    canonical = canonical_denominators()
    frame = observations.copy()
    frame["converted"] = False
    for metric_id, metric in metrics.items():
        whole = canonical.get(metric.denominator or "")
        if metric.unit != "count" or whole is None:
            continue
        mask = (
            (frame["metric"] == metric_id)
            & frame["denominator"].notna()
            & (frame["denominator"] != whole)
        )
        if mask.any():
            ratio = whole / frame.loc[mask, "denominator"]
            for column in ("value", "low", "high"):
                frame.loc[mask, column] = (frame.loc[mask, column] * ratio).round(1)
            frame.loc[mask, "converted"] = True
    return frame


def _stated_points(observations: pd.DataFrame) -> list[dict]:
    if observations.empty:
        return []
    frame = normalise_denominators(observations)
    frame = frame.sort_values(["published", "report_id", "start"], kind="stable")
    frame = frame.drop_duplicates(
        ["metric", "as_of", "value", "low", "high", "sentence"], keep="first"
    )
    metrics = load_metrics()
    frame["comparable"] = [
        comparable_set(metrics[m].quantity, scope, start)
        for m, scope, start in zip(
            frame["metric"], frame["scope"], frame["period_start"], strict=True
        )
    ]
    rows = []
    keys = ["metric", "status", "comparable", "as_of"]
    for (metric, status, comparable, date), group in frame.groupby(keys, sort=True):
        row = _combine(metric, status, date, group, metrics[metric].unit)
        row.update(scope=group["scope"].iloc[0], comparable=comparable)
        rows.append(row)
    return rows


def comparable_set(quantity: str, scope: str, period_start) -> str:
    """The set of figures a figure can be compared with: its scope and period basis. A level or
    running total is comparable across days; a count over a period only with counts since the
    same day; a toll of one incident only with itself."""
    if quantity != "period_count":
        return scope
    if period_start is None or pd.isna(period_start):
        return f"{scope}, one incident"
    return f"{scope}, since {pd.Timestamp(period_start):%Y-%m-%d}"


def _mark_main(rows: list[dict]) -> list[dict]:
    """A metric's main set: its national set with the most independent points (then the first)."""
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        if row["scope"] == "national" and row["status"] != "claimed":
            key = (row["metric"], row["comparable"])
            counts[key] = counts.get(key, 0) + 1
    main: dict[str, str] = {}
    for (metric, comparable), n in sorted(counts.items()):
        if metric not in main or n > counts[(metric, main[metric])]:
            main[metric] = comparable
    for row in rows:
        row["main"] = main.get(row["metric"]) == row["comparable"]
    return rows


def _combine(metric: str, status: str, date, group: pd.DataFrame, unit: str) -> dict:
    lows = [(-math.inf if pd.isna(lo) else lo) for lo in group["low"]]
    highs = [(math.inf if pd.isna(hi) else hi) for hi in group["high"]]
    lo, hi = max(lows), min(highs)
    n_reports = group["report_id"].nunique()
    converted = bool(group["converted"].any())
    if len(group) == 1:
        method, value, low, high = "single_report", group["value"].iloc[0], lows[0], highs[0]
    elif lo <= hi:
        method = "consensus_interval"
        value = min(max(float(group["value"].median()), lo), hi)
        low, high = lo, hi
    else:
        latest = group.sort_values(["published", "report_id"], kind="stable").iloc[-1]
        method, value = "latest_report", latest["value"]
        low, high = min(lows), max(highs)
    if status == "reported" and n_reports >= 2 and method == "consensus_interval":
        status = "corroborated"
    periods = group["period_start"]
    return {
        "metric": metric,
        "date": date,
        "period_start": periods.min() if periods.notna().all() else None,
        "value": float(value),
        "low": None if math.isinf(low) else float(low),
        "high": None if math.isinf(high) else float(high),
        "n_observations": len(group),
        "n_reports": int(n_reports),
        "method": method + ("+denominator_converted" if converted else ""),
        "status": status,
        "basis": "stated",
        "carried_forward": False,
        "unit": unit,
    }


def _event_points(events: pd.DataFrame) -> list[dict]:
    """Cumulative counts of places taken, from the first day each is reported taken."""
    if events.empty:
        return []
    kinds = load_event_kinds()
    units = {m.id: m.unit for m in load_metrics().values()}
    rows = []
    for metric in sorted({k.metric for k in kinds.values() if k.metric}):
        relevant = [k for k in kinds.values() if k.metric == metric]
        subset = events[events["kind"].isin([k.id for k in relevant])]
        if subset.empty:
            continue
        effect = {k.id: k.effect for k in relevant}
        changes = (
            subset.assign(
                place_key=subset["place_id"].fillna(subset["place"]),
                effect=subset["kind"].map(effect),
            )
            .groupby(["place_key", "effect"], sort=True)
            .agg(date=("date", "min"))
            .reset_index()
            .sort_values(["date", "place_key"], kind="stable")
        )
        for date in sorted(changes["date"].unique()):
            upto = changes[changes["date"] <= date]
            held = 0
            for _, place in upto.groupby("place_key"):
                last = place.sort_values("date", kind="stable").iloc[-1]
                held += 1 if last["effect"] > 0 else 0
            evidence = subset[subset["date"] <= date]
            rows.append(
                {
                    "metric": metric,
                    "date": date,
                    "period_start": None,
                    "value": float(held),
                    "low": float(held),
                    "high": float(held),
                    "n_observations": len(evidence),
                    "n_reports": int(evidence["report_id"].nunique()),
                    "method": "events_cumulative",
                    "status": "reported",
                    "basis": "events",
                    "carried_forward": False,
                    "unit": units.get(metric, "count"),
                    "scope": "national",
                    "comparable": "national, counted from events",
                    "main": False,
                }
            )
    return rows


def _carry_forward(stated: list[dict], observations: pd.DataFrame) -> list[dict]:
    if not stated or observations.empty:
        return []
    metrics = load_metrics()
    last_day = observations["published"].max()
    latest: dict[tuple[str, str], dict] = {}
    for row in stated:
        if not row["main"]:
            continue
        key = (row["metric"], row["status"] if row["status"] != "corroborated" else "reported")
        if key not in latest or row["date"] >= latest[key]["date"]:
            latest[key] = row
    rows = []
    for (metric, _), row in sorted(latest.items()):
        if metrics[metric].cumulative and row["date"] < last_day:
            rows.append(
                {
                    **row,
                    "date": last_day,
                    "n_observations": 0,
                    "n_reports": 0,
                    "method": "carry_forward",
                    "carried_forward": True,
                }
            )
    return rows
