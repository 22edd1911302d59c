"""The Table tab beside a chart: the points the chart draws, one row each, in the words and
formats of app/display.py. Cells are text (the grid renders no HTML); each figure keeps its
number for sorting beside the text shown for it."""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd

from app import display
from app.figures import EVENT_STYLE
from etl.catalog import Metric

BASIS_WORDS = {"stated": "stated", "events": "counted from events"}
STATUS_WORDS = {
    "reported": "reported",
    "corroborated": "corroborated",
    "claimed": "claimed by a party",
}
# A bound the wording leaves open ("more than 200" has no high) reads as open, not as a dash.
OPEN = "open"
# (field, header, narrowest width in px): a desktop column fits them all, a phone scrolls.
TREND_COLUMNS = [
    ("date", "Date", 95),
    ("metric", "Metric", 150),
    ("value", "Value", 70),
    ("low", "Low", 70),
    ("high", "High", 70),
    ("basis", "Basis", 100),
    ("status", "Status", 105),
    ("n_reports", "Reports", 75),
    ("main", "Main line", 110),
]
EVENT_COLUMNS = [
    ("date", "Date", 95),
    ("kind", "Kind", 130),
    ("place", "Place", 120),
    ("status", "Status", 100),
    ("report", "Report", 260),
    ("source", "Source", 120),
]
NUMBER_COLUMNS = (*display.AMOUNT_COLUMNS, "n_reports")


def figure_text(value: object, unit: str) -> str:
    """A figure as the table says it: counts whole (140.3 districts is 140), shares as percents."""
    if display.is_missing(value):
        return OPEN
    number = float(value)
    return display.amount(round(number) if unit == "count" else number, unit)


def trend_table_rows(rows: pd.DataFrame, metrics: dict[str, Metric]) -> list[dict]:
    """The reconciled points of a trend view (chart rows of layer 'series'), by date then metric."""
    series = rows[rows["layer"] == "series"].sort_values(
        ["date", "metric", "basis", "status"], kind="stable"
    )
    out = []
    for record in series.to_dict("records"):
        metric = metrics[record["metric"]]
        status = STATUS_WORDS.get(record["status"], display.text(record["status"]))
        row = {
            "date": str(record["date"]),
            "metric": metric.label,
            "basis": BASIS_WORDS.get(record["basis"], display.text(record["basis"])),
            "status": status + (", carried forward" if _flag(record["carried_forward"]) else ""),
            "n_reports": int(record["n_reports"]),
            "main": "yes" if _flag(record["main"]) else f"no: {display.text(record['comparable'])}",
        }
        for column in display.AMOUNT_COLUMNS:
            raw = record[column]
            row[column] = None if display.is_missing(raw) else float(raw)
            row[f"{column}_shown"] = figure_text(raw, metric.unit)
        out.append(row)
    return out


def _flag(value: object) -> bool:
    return not display.is_missing(value) and bool(value)


def events_table_rows(rows: pd.DataFrame) -> list[dict]:
    """The events a timeline draws: one row per place and kind, on the day first reported."""
    events = rows[rows["layer"] == "event"].sort_values(["date", "kind", "place"], kind="stable")
    return [
        {
            "date": str(record["date"]),
            "kind": EVENT_STYLE.get(record["kind"], (None, None, record["kind"]))[2],
            "place": display.text(record["place"]),
            "status": STATUS_WORDS.get(record["status"], display.text(record["status"])),
            "report": display.text(record["report"]),
            "source": display.text(record["source"], "source"),
        }
        for record in events.to_dict("records")
    ]


def view_grid(grid_id: str, columns: list[tuple[str, str, int]]) -> dag.AgGrid:
    """An empty sortable grid; a callback fills it with rows only while its tab is open."""
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=[_column(*column) for column in columns],
        defaultColDef={"sortable": True, "resizable": True, "flex": 1},
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 25,
            "paginationPageSizeSelector": False,
            "enableCellTextSelection": True,
            "suppressColumnVirtualisation": True,
            "domLayout": "autoHeight",
        },
        className="ag-theme-alpine view-table",
    )


def _column(field: str, header: str, width: int) -> dict:
    column = {"field": field, "headerName": header, "minWidth": width}
    if field in NUMBER_COLUMNS:
        column["type"] = "numericColumn"
    else:
        column.update(wrapText=True, autoHeight=True)
    if field in display.AMOUNT_COLUMNS:
        # Sorted by the number, shown as the text trend_table_rows wrote for it.
        column["valueFormatter"] = {"function": f"params.data.{field}_shown"}
    return column
