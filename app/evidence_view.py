"""The evidence grid's rows for a validated filter, and the links from a data-quality flag to the
figures behind it.

The page's grid, its "Download these rows" CSV and every link into /evidence go through
`parse_evidence_filter` and `evidence_rows`, so a downloaded file holds exactly the rows shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from urllib.parse import urlencode

import pandas as pd

from app.data import WarehouseData
from app.display import is_missing
from app.state import BadRequest
from etl.catalog import load_metrics

EVIDENCE_PATH = "/evidence"
# The filtered grid's download: /download/<CSV_NAME>.csv?<filter>.
CSV_NAME = "evidence"
CSV_PATH = f"/download/{CSV_NAME}.csv"
ID = re.compile(r"^[0-9a-f]{16}$")
STATUSES = ("reported", "claimed", "planned")
MAX_SEARCH = 100
# Rows read from the oldest figure to the newest; one day's figures by report, then by position.
ROW_ORDER = ["as_of", "report_published", "report_id", "start", "observation_id"]
CSV_COLUMNS = [
    "observation_id",
    "as_of",
    "metric",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "period_start",
    "scope",
    "attribution",
    "status",
    "rule",
    "derived_from",
    "surface",
    "sentence",
    "report_id",
    "title",
    "source",
    "report_published",
]
SEARCHED = ("sentence", "title", "source", "attribution", "surface")


@dataclass(frozen=True)
class EvidenceFilter:
    """Which figures the grid shows: every field narrows the rows; an empty filter shows all."""

    metric: str | None = None
    status: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = None
    report: str | None = None
    observation: str | None = None

    def to_query(self) -> str:
        """A stable query string that parse_evidence_filter reads back."""
        values = {QUERY_KEYS[f.name]: getattr(self, f.name) for f in fields(self)}
        return urlencode([(key, str(value)) for key, value in values.items() if value])


QUERY_KEYS = {
    "metric": "metric",
    "status": "status",
    "date_from": "from",
    "date_to": "to",
    "q": "q",
    "report": "report",
    "observation": "observation",
}


def parse_evidence_filter(params: Mapping[str, object]) -> EvidenceFilter:
    """Validate an untrusted query: known keys only, one value each, ids of 16 hex digits."""
    unknown = sorted(set(params) - set(QUERY_KEYS.values()))
    if unknown:
        raise BadRequest(
            f"unknown filter '{_short(unknown[0])}'; use {', '.join(QUERY_KEYS.values())}"
        )
    values = {key: _single(params, key) for key in QUERY_KEYS.values()}
    metric = values["metric"]
    if metric and metric not in load_metrics():
        raise BadRequest(f"unknown metric '{_short(metric)}'")
    status = values["status"]
    if status and status not in STATUSES:
        raise BadRequest(f"'status' must be one of {', '.join(STATUSES)}")
    for key in ("report", "observation"):
        if values[key] and not ID.match(values[key]):
            raise BadRequest(f"'{key}' must be an id of 16 hex digits")
    q = (values["q"] or "").strip()
    if len(q) > MAX_SEARCH:
        raise BadRequest(f"'q' may hold at most {MAX_SEARCH} characters")
    date_from, date_to = _date(values["from"], "from"), _date(values["to"], "to")
    if date_from and date_to and date_from > date_to:
        raise BadRequest("'from' is after 'to'")
    return EvidenceFilter(
        metric or None,
        status or None,
        date_from,
        date_to,
        q or None,
        values["report"] or None,
        values["observation"] or None,
    )


def evidence_rows(data: WarehouseData, evidence: EvidenceFilter) -> pd.DataFrame:
    """The figures the filter keeps, ordered by date."""
    rows = data.table("observations_enriched")
    mask = pd.Series(True, index=rows.index)
    for column, wanted in (
        ("metric", evidence.metric),
        ("status", evidence.status),
        ("report_id", evidence.report),
        ("observation_id", evidence.observation),
    ):
        if wanted:
            mask &= rows[column] == wanted
    if evidence.date_from:
        mask &= rows["as_of"] >= evidence.date_from
    if evidence.date_to:
        mask &= rows["as_of"] <= evidence.date_to
    if evidence.q:
        found = pd.Series(False, index=rows.index)
        for column in SEARCHED:
            found |= (
                rows[column].fillna("").str.contains(evidence.q, case=False, regex=False)
            ).astype(bool)
        mask &= found
    return rows[mask].sort_values(ROW_ORDER, kind="stable").reset_index(drop=True)


def evidence_csv(data: WarehouseData, evidence: EvidenceFilter) -> pd.DataFrame:
    """The download of the filtered grid: its rows in its order, with codes and raw numbers."""
    return evidence_rows(data, evidence)[CSV_COLUMNS]


def evidence_filename(evidence: EvidenceFilter, version_tag: str) -> str:
    """What the file holds, e.g. `evidence_withdrawal_percent_2021-07-01_2021-07-31_v29c64654.csv`;
    a side of the range left open reads 'start' or 'end', no range at all 'all'."""
    subject = [
        part
        for part in (
            evidence.metric,
            evidence.status,
            evidence.report and f"report-{evidence.report}",
            evidence.observation and f"observation-{evidence.observation}",
            evidence.q and "search",
        )
        if part
    ]
    if evidence.date_from or evidence.date_to:
        span = f"{evidence.date_from or 'start'}_{evidence.date_to or 'end'}"
    else:
        span = "all"
    return f"evidence_{'+'.join(subject) or 'all'}_{span}_{version_tag}.csv"


def evidence_href(evidence: EvidenceFilter) -> str:
    query = evidence.to_query()
    return EVIDENCE_PATH + (f"?{query}" if query else "")


@dataclass(frozen=True)
class FlagLink:
    label: str
    href: str


# A flag located in a report covers the figures whose words overlap its span; a flag of a metric
# on a day covers that day's figures of the metric. One flag lists at most this many figures.
MAX_FLAG_FIGURES = 6


def flag_figures(flag: Mapping[str, object], observations: pd.DataFrame) -> pd.DataFrame:
    """The figures a flag is about, ordered like the grid."""
    report_id, metric, day = flag.get("report_id"), flag.get("metric"), flag.get("date")
    start, end = flag.get("start"), flag.get("end")
    if _present(report_id) and _present(start) and _present(end):
        mask = (
            (observations["report_id"] == report_id)
            & (observations["start"] < int(end))
            & (observations["end"] > int(start))
        )
        if _present(metric):
            mask &= observations["metric"] == metric
    elif _present(metric) and _present(day):
        mask = (observations["metric"] == metric) & (observations["as_of"] == day)
    else:
        return observations.iloc[0:0]
    return observations[mask].sort_values(ROW_ORDER, kind="stable")


def flag_links(flag: Mapping[str, object], observations: pd.DataFrame) -> list[FlagLink]:
    """Links from a flag to each figure behind it (its sentence, highlighted in its report) and to
    each report behind it (that report's figures); a flag of a day also links to all its figures."""
    figures = flag_figures(flag, observations)
    links = [
        FlagLink(
            f"Sentence: “{row.surface}” ({row.as_of})",
            evidence_href(EvidenceFilter(observation=row.observation_id)),
        )
        for row in figures.head(MAX_FLAG_FIGURES).itertuples(index=False)
        if ID.match(str(row.observation_id))
    ]
    report_ids = list(dict.fromkeys(figures["report_id"]))
    if _present(flag.get("report_id")) and flag["report_id"] not in report_ids:
        report_ids.insert(0, flag["report_id"])
    titles = dict(zip(observations["report_id"], observations["title"], strict=True))
    links += [
        FlagLink(
            f"Report: {titles.get(report_id, report_id)}",
            evidence_href(EvidenceFilter(report=report_id)),
        )
        for report_id in report_ids
        if ID.match(str(report_id))
    ]
    if not _present(flag.get("report_id")) and len(figures) > 1:
        metric, day = flag["metric"], flag["date"]
        links.append(
            FlagLink(
                f"All {len(figures)} figures of {day}",
                evidence_href(EvidenceFilter(metric=metric, date_from=day, date_to=day)),
            )
        )
    return links


def flags_by_date(data: WarehouseData) -> pd.DataFrame:
    """Flags ordered by date; a flag found inside a report takes the report's publication day."""
    flags = data.table("quality_flags")
    published = data.table("reports").set_index("report_id")["published"]
    day = flags["date"].where(flags["date"].notna(), flags["report_id"].map(published))
    return (
        flags.assign(day=day)
        .sort_values(["day", "check", "flag_id"], kind="stable", na_position="last")
        .reset_index(drop=True)
    )


def _single(params: Mapping[str, object], key: str) -> str | None:
    raw = params.get(key)
    if isinstance(raw, list | tuple):
        if len(raw) > 1:
            raise BadRequest(f"'{key}' may be given once")
        raw = raw[0] if raw else None
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise BadRequest(f"'{key}' must be text")
    return raw


def _date(value: str | None, key: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"'{key}' must be a date YYYY-MM-DD") from None


def _present(value: object) -> bool:
    return not is_missing(value)


def _short(value: object) -> str:
    return str(value)[:40].encode("ascii", "replace").decode()
