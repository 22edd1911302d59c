"""CSV that is safe to open in a spreadsheet: text cells that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) get a leading apostrophe; numbers stay numbers."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        series = safe[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        safe[column] = series.astype(object).map(neutralise)
    return safe


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    # CRLF line ends (RFC 4180) also make the writer quote any cell holding a bare CR.
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")
