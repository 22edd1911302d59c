"""The shape of every table, declared once.

Each stage function validates its output against one of these models (lazily, so every failure is
collected) and turns failures into `quarantine` rows. The column lists are the contract of
DESIGN.md; extra columns are ours. Strings are pandas' arrow-backed `str`, dates are arrow date32.
"""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import pandera.pandas as pa
import pyarrow
from pandera.typing import Series

SCHEMA_VERSION = "1"

Date = Annotated[pd.ArrowDtype, pyarrow.date32()]

MENTION_KINDS = (
    "count",
    "percent",
    "fraction",
    "year",
    "date",
    "distance",
    "duration",
    "money",
    "ordinal",
    "other",
)
DATE_PRECISIONS = ("day", "week", "month")
SERIES_STATUSES = ("claimed", "reported", "corroborated")
SERIES_BASES = ("stated", "events")
OBSERVATION_STATUSES = ("claimed", "planned", "reported")
SEVERITIES = ("info", "warning", "error")


class Reports(pa.DataFrameModel):
    """One row per distinct report (duplicates by normalised text are loaded once)."""

    report_id: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}$")
    path: Series[str]
    published: Series[Date]
    title: Series[str]
    source: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True)
    encoding: Series[str]
    n_chars: Series[int] = pa.Field(ge=1)
    n_duplicates: Series[int] = pa.Field(ge=0)
    text: Series[str]

    class Config:
        strict = True
        coerce = True


class Mentions(pa.DataFrameModel):
    """Every number-like phrase, classified or not; text[start:end] == surface."""

    mention_id: Series[str] = pa.Field(unique=True)
    report_id: Series[str]
    sentence_no: Series[int] = pa.Field(ge=0)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)
    surface: Series[str] = pa.Field(str_length={"min_value": 1})
    value: Series[float] = pa.Field(nullable=True)
    low: Series[float] = pa.Field(nullable=True)
    high: Series[float] = pa.Field(nullable=True)
    qualifier: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=MENTION_KINDS)
    unit: Series[str] = pa.Field(nullable=True)
    classified: Series[bool]

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(name="span ends after it starts")
    def span_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["end"] > df["start"]

    @pa.dataframe_check(name="low <= value <= high where bounds exist")
    def bounds_hold_value(cls, df: pd.DataFrame) -> Series[bool]:
        return _bounds_hold(df)


class Observations(pa.DataFrameModel):
    """A figure tied to a catalog metric, dated, attributed, and traceable to its sentence."""

    observation_id: Series[str] = pa.Field(unique=True)
    metric: Series[str]
    value: Series[float]
    low: Series[float] = pa.Field(nullable=True)
    high: Series[float] = pa.Field(nullable=True)
    unit: Series[str]
    qualifier: Series[str] = pa.Field(nullable=True)
    as_of: Series[Date]
    period_start: Series[Date] = pa.Field(nullable=True)
    attribution: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(isin=OBSERVATION_STATUSES)
    report_id: Series[str]
    published: Series[Date]
    mention_id: Series[str]
    rule: Series[str]
    derived_from: Series[str] = pa.Field(nullable=True)
    denominator: Series[float] = pa.Field(nullable=True, gt=0)
    sentence_no: Series[int] = pa.Field(ge=0)
    sentence: Series[str]
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)
    surface: Series[str]
    scope: Series[str]

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(name="low <= value <= high where bounds exist")
    def bounds_hold_value(cls, df: pd.DataFrame) -> Series[bool]:
        return _bounds_hold(df)

    @pa.dataframe_check(name="a period starts on or before its as_of date")
    def period_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["period_start"].isna() | (df["period_start"] <= df["as_of"])


class Events(pa.DataFrameModel):
    """Something that happened at a place on a date: a crossing seized, a capital fallen."""

    event_id: Series[str] = pa.Field(unique=True)
    kind: Series[str]
    place: Series[str]
    place_id: Series[str] = pa.Field(nullable=True)
    country: Series[str] = pa.Field(nullable=True)
    date: Series[Date]
    date_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS)
    attribution: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(isin=OBSERVATION_STATUSES)
    report_id: Series[str]
    published: Series[Date]
    rule: Series[str]
    sentence_no: Series[int] = pa.Field(ge=0)
    sentence: Series[str]
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)

    class Config:
        strict = True
        coerce = True


class SeriesPoints(pa.DataFrameModel):
    """One reconciled value per metric, basis, status, comparable set and day, with the evidence
    count behind it.

    Points are comparable when they count the same thing: the same scope (national, or one place)
    and the same period basis (a level at a moment, a count since one day, or one incident);
    `comparable` names the set, and `main` marks a metric's national set with the most points, the
    one its trend line and statistics use. `period_start` is set when every figure behind the point
    counts a period ("three crossings in the last week"), not a running total.
    """

    metric: Series[str]
    date: Series[Date]
    period_start: Series[Date] = pa.Field(nullable=True)
    value: Series[float]
    low: Series[float] = pa.Field(nullable=True)
    high: Series[float] = pa.Field(nullable=True)
    n_observations: Series[int] = pa.Field(ge=0)
    n_reports: Series[int] = pa.Field(ge=0)
    method: Series[str]
    status: Series[str] = pa.Field(isin=SERIES_STATUSES)
    basis: Series[str] = pa.Field(isin=SERIES_BASES)
    carried_forward: Series[bool]
    unit: Series[str]
    scope: Series[str]
    comparable: Series[str]
    main: Series[bool]

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(name="low <= value <= high where bounds exist")
    def bounds_hold_value(cls, df: pd.DataFrame) -> Series[bool]:
        return _bounds_hold(df)


class QualityFlags(pa.DataFrameModel):
    """A data-quality finding the dashboard shows as a badge; never an observation."""

    flag_id: Series[str] = pa.Field(unique=True)
    check: Series[str]
    severity: Series[str] = pa.Field(isin=SEVERITIES)
    metric: Series[str] = pa.Field(nullable=True)
    report_id: Series[str] = pa.Field(nullable=True)
    date: Series[Date] = pa.Field(nullable=True)
    start: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    end: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    message: Series[str]

    class Config:
        strict = True
        coerce = True


class Quarantine(pa.DataFrameModel):
    """What failed, where, and why: nothing is dropped silently."""

    stage: Series[str]
    source: Series[str]
    line: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    check: Series[str]
    reason: Series[str]
    payload: Series[str]

    class Config:
        strict = True
        coerce = True


def _bounds_hold(df: pd.DataFrame) -> pd.Series:
    tolerance = 1e-9
    low_ok = df["low"].isna() | df["value"].isna() | (df["low"] <= df["value"] + tolerance)
    high_ok = df["high"].isna() | df["value"].isna() | (df["value"] <= df["high"] + tolerance)
    return low_ok & high_ok


TABLES: dict[str, type[pa.DataFrameModel]] = {
    "reports": Reports,
    "mentions": Mentions,
    "observations": Observations,
    "events": Events,
    "series": SeriesPoints,
    "quality_flags": QualityFlags,
    "quarantine": Quarantine,
}
