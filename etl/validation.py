"""Every table crosses its pandera schema here; failing rows become quarantine rows, never vanish."""

from __future__ import annotations

import json

import pandas as pd
import pandera.pandas as pa

from etl.schemas import TABLES, Quarantine

QUARANTINE_COLUMNS = list(Quarantine.to_schema().columns)


def validate_table(
    name: str, frame: pd.DataFrame, source_column: str | None = None
) -> tuple[pd.DataFrame, list[dict]]:
    """(rows that pass, quarantine rows for those that fail) — lazily, so all failures are seen."""
    model = TABLES[name]
    try:
        return model.validate(frame, lazy=True), []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    row_cases = cases[cases["index"].notna()]
    table_cases = cases[cases["index"].isna()]
    if not table_cases.empty:
        # A failure of the table's shape (a missing column, a wrong type everywhere) is a code
        # defect, not bad input: stop the run rather than quarantine every row.
        raise ValueError(
            f"table {name} does not fit its schema: {table_cases[['column', 'check']].to_dict('records')}"
        )
    quarantine: list[dict] = []
    bad_index = sorted(set(row_cases["index"].astype(int)))
    for index in bad_index:
        failing = row_cases[row_cases["index"].astype(int) == index]
        row = frame.loc[index]
        quarantine.append(
            {
                "stage": name,
                "source": str(row[source_column])
                if source_column and source_column in row
                else name,
                "line": None,
                "check": "; ".join(sorted(set(map(str, failing["check"])))),
                "reason": "; ".join(
                    f"{column}: {check} failed for {case!r}"
                    for column, check, case in zip(
                        failing["column"], failing["check"], failing["failure_case"], strict=False
                    )
                ),
                "payload": json.dumps(row.to_dict(), default=str, sort_keys=True),
            }
        )
    passing = frame.drop(index=bad_index)
    return model.validate(passing, lazy=False), quarantine


def quarantine_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=QUARANTINE_COLUMNS)
    frame = frame.sort_values(["stage", "source", "check", "reason"], kind="stable").reset_index(
        drop=True
    )
    frame["line"] = frame["line"].astype("Int64")
    return frame
