"""Data-quality findings, kept as flags (never as observations), for the dashboard's badges.

Data-quality checks (table `quality_flags`), each shown as a badge on the dashboard:
- `conversion_disagrees`: a parenthetical conversion that disagrees with itself ("75 kilometers
  (120 kilometers)"); the two numbers cannot both be the distance, so neither becomes a figure.
- `out_of_range`: a count above its denominator, a share above 1, a percent above 100.
- `cumulative_falls`: a cumulative series that falls with no recorded recapture.
- `stated_vs_events`: a stated total that disagrees with the events counted (over the same period).
- `same_day_disagreement`: reports on one day whose figures do not overlap.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from etl.catalog import load_metrics
from etl.events import load_event_kinds
from etl.ids import content_id
from etl.numbers import NumberMention, in_base_unit
from etl.schemas import QualityFlags

_OPEN_PAREN = re.compile(r"\s*[(\[]\s*\Z")
_CLOSE_PAREN = re.compile(r"\s*[)\]]")
CONVERSION_TOLERANCE = 0.05
FLAG_COLUMNS = list(QualityFlags.to_schema().columns)


def conversion_flags(
    text: str, report_id: str, mentions: list[NumberMention]
) -> tuple[list[dict], set[int]]:
    """Flags for measured quantities followed by a bracketed restatement that does not agree.

    Returns the flags and the starts of the mentions they cover (those mentions are classified).
    """
    flags: list[dict] = []
    covered: set[int] = set()
    for first, second in zip(mentions, mentions[1:], strict=False):
        if first.kind not in ("distance", "duration") or second.kind != first.kind:
            continue
        if not (
            _OPEN_PAREN.search(text, first.end, second.start)
            and text[first.end : second.start].strip() in "(["
        ):
            continue
        if not _CLOSE_PAREN.match(text, second.end):
            continue
        a, base_unit = in_base_unit(first.value, first.unit)
        b, _ = in_base_unit(second.value, second.unit)
        if max(a, b) == 0 or abs(a - b) / max(a, b) <= CONVERSION_TOLERANCE:
            covered.update((first.start, second.start))
            continue
        end = _CLOSE_PAREN.match(text, second.end).end()
        flags.append(
            {
                "flag_id": content_id(report_id, first.start, end, "conversion_disagrees"),
                "check": "conversion_disagrees",
                "severity": "warning",
                "metric": None,
                "report_id": report_id,
                "date": None,
                "start": first.start,
                "end": end,
                "message": (
                    f"'{text[first.start : end]}' restates {_number(first.value)} {first.unit} as "
                    f"{_number(second.value)} {second.unit}, which is {_number(a)} vs {_number(b)} "
                    f"{base_unit}: the conversion disagrees with itself, so neither number is used as a figure"
                ),
            }
        )
        covered.update((first.start, second.start))
    return flags, covered


def dataset_flags(
    report_flags: list[dict], observations: pd.DataFrame, series: pd.DataFrame, events: pd.DataFrame
) -> pd.DataFrame:
    """All data-quality flags: those found inside reports plus checks across the whole corpus."""
    rows = list(report_flags)
    rows += _out_of_range(observations)
    rows += _falling_cumulative(series, events)
    rows += _stated_vs_events(series)
    rows += _same_day_disagreements(series)
    frame = pd.DataFrame(rows, columns=FLAG_COLUMNS)
    for column in ("start", "end"):
        frame[column] = frame[column].astype("Int64")
    return (
        frame.sort_values(["check", "flag_id"], kind="stable")
        .drop_duplicates("flag_id")
        .reset_index(drop=True)
    )


def _flag(check: str, severity: str, message: str, **fields) -> dict:
    row = {
        "check": check,
        "severity": severity,
        "message": message,
        "metric": None,
        "report_id": None,
        "date": None,
        "start": None,
        "end": None,
    }
    row.update(fields)
    row["flag_id"] = content_id(
        check, row["metric"], row["report_id"], row["date"], row["start"], message
    )
    return row


def _out_of_range(observations: pd.DataFrame) -> list[dict]:
    """A count above its denominator, a share above 1, a percent above 100."""
    metrics = load_metrics()
    rows = []
    for obs in observations.itertuples(index=False):
        metric = metrics.get(obs.metric)
        if metric is None:
            continue
        whole = obs.denominator if pd.notna(obs.denominator) else metric.denominator_value
        problem = None
        if metric.unit == "fraction" and obs.value > 1:
            problem = f"share {_number(obs.value)} is above 1"
        elif metric.unit == "percent" and obs.value > 100:
            problem = f"percent {_number(obs.value)} is above 100"
        elif metric.unit == "count" and whole and obs.value > whole:
            problem = f"count {_number(obs.value)} is above its denominator {_number(whole)}"
        if problem:
            rows.append(
                _flag(
                    "out_of_range",
                    "error",
                    f"{metric.label}: {problem} ('{obs.surface}')",
                    metric=obs.metric,
                    report_id=obs.report_id,
                    date=obs.as_of,
                    start=obs.start,
                    end=obs.end,
                )
            )
    return rows


def _falling_cumulative(series: pd.DataFrame, events: pd.DataFrame) -> list[dict]:
    """A cumulative series that falls (bands apart) with no recorded recapture in between."""
    metrics = load_metrics()
    kinds = load_event_kinds()
    rows = []
    stated = series[
        (series["basis"] == "stated") & (series["status"] != "claimed") & ~series["carried_forward"]
    ]
    for metric, points in stated.groupby("metric", sort=True):
        if not metrics[metric].cumulative:
            continue
        recaptures = {k.id for k in kinds.values() if k.metric == metric and k.effect < 0}
        taken_back = (
            events[events["kind"].isin(recaptures)]["date"].tolist() if not events.empty else []
        )
        ordered = points.sort_values("date", kind="stable")
        previous = None
        for point in ordered.itertuples(index=False):
            if previous is not None:
                prev_low = previous.low if pd.notna(previous.low) else previous.value
                high = point.high if pd.notna(point.high) else math.inf
                if high < prev_low and not any(previous.date < d <= point.date for d in taken_back):
                    rows.append(
                        _flag(
                            "cumulative_falls",
                            "warning",
                            f"{metrics[metric].label} falls from {_amount(previous.value, point.unit)} on "
                            f"{previous.date} to {_amount(point.value, point.unit)} on {point.date} "
                            "with no recapture recorded",
                            metric=metric,
                            date=point.date,
                        )
                    )
            previous = point
    return rows


def _stated_vs_events(series: pd.DataFrame) -> list[dict]:
    """A stated cumulative total that disagrees with the events counted up to that day."""
    metrics = load_metrics()
    rows = []
    for metric, points in series.groupby("metric", sort=True):
        counted = points[points["basis"] == "events"].sort_values("date", kind="stable")
        stated = points[(points["basis"] == "stated") & ~points["carried_forward"]]
        if counted.empty or stated.empty:
            continue
        for point in stated.itertuples(index=False):
            count = _counted_by(counted, point.date)
            if pd.notna(point.period_start):
                count -= _counted_by(counted, point.period_start - dt.timedelta(days=1))
            low = point.low if pd.notna(point.low) else -math.inf
            high = point.high if pd.notna(point.high) else math.inf
            if not (low <= count <= high):
                rows.append(
                    _flag(
                        "stated_vs_events",
                        "info",
                        f"{_label(metrics, metric)} stated as {_amount(point.value, point.unit)} on "
                        f"{point.date}"
                        + (
                            f" for the period from {point.period_start}"
                            if pd.notna(point.period_start)
                            else ""
                        )
                        + f", but {_amount(count, point.unit)} {'is' if count == 1 else 'are'} counted from events",
                        metric=metric,
                        date=point.date,
                    )
                )
    return rows


def _counted_by(counted: pd.DataFrame, day) -> float:
    before = counted[counted["date"] <= day]
    return float(before["value"].iloc[-1]) if len(before) else 0.0


def _same_day_disagreements(series: pd.DataFrame) -> list[dict]:
    metrics = load_metrics()
    disagreeing = series[series["method"].str.startswith("latest_report")]
    return [
        _flag(
            "same_day_disagreement",
            "warning",
            f"{_label(metrics, p.metric)}: {_reports_disagree(p.n_reports, p.date)} "
            f"({_span(p.low, p.high, p.unit)}); "
            + (
                "the most recent report is shown" if p.n_reports > 1 else "its last figure is shown"
            ),
            metric=p.metric,
            date=p.date,
        )
        for p in disagreeing.itertuples(index=False)
    ]


def _reports_disagree(n_reports: int, day) -> str:
    """'2 reports on 2021-07-08 disagree'; one report whose own figures clash disagrees with itself."""
    if n_reports == 1:
        return f"1 report on {day} disagrees with itself"
    return f"{n_reports} reports on {day} disagree"


def _span(low: float, high: float, unit: str) -> str:
    """Bounds as words: '300 to 500', or 'at least 300' / 'at most 500' when one side is open."""
    if pd.isna(low) and pd.isna(high):
        return "no bounds stated"
    if pd.isna(high):
        return f"at least {_amount(low, unit)}"
    if pd.isna(low):
        return f"at most {_amount(high, unit)}"
    return f"{_amount(low, unit)} to {_amount(high, unit)}"


def _amount(value: float, unit: str) -> str:
    """A figure in its unit as a reader writes it: 2,250 and 90%; a share (0.5) as a percent, 50%."""
    if unit == "fraction":
        return _number(value * 100) + "%"
    return _number(value) + ("%" if unit == "percent" else "")


def _number(value: float) -> str:
    """Thousands separated, at most two decimals and none that are zero: 2,250 not 2250.0."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _label(metrics: dict, metric: str) -> str:
    return metrics[metric].label if metric in metrics else metric
