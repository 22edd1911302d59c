"""Evidence: every figure with its sentence, report, rule, attribution and status, plus the
data-quality flags and the quarantine. Grid cells render text, never HTML, in the words and
formats of app/display.py."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html

from app import context, ids
from app.display import AMOUNT_COLUMNS, grid_rows

dash.register_page(
    __name__, path="/evidence", title="Evidence · Offensive Metrics", name="Evidence"
)

OBSERVATION_COLUMNS = [
    "sentence",
    "metric",
    "value",
    "low",
    "high",
    "qualifier",
    "as_of",
    "period_start",
    "attribution",
    "status",
    "rule",
    "derived_from",
    "surface",
    "title",
    "source",
]


def _grid(grid_id, frame, columns, wide=("sentence", "message", "reason")):
    return dag.AgGrid(
        id=grid_id,
        rowData=grid_rows(frame, columns),
        columnDefs=[
            {
                "field": c,
                "filter": True,
                "sortable": True,
                "resizable": True,
                **(
                    {"width": 460, "wrapText": True, "autoHeight": True}
                    if c in wide
                    else {"width": 120}
                ),
                **(_shown_as_text(c) if c in AMOUNT_COLUMNS else {}),
            }
            for c in columns
        ],
        defaultColDef={"minWidth": 90},
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 25,
            "paginationPageSizeSelector": [25, 50, 100],
            "enableCellTextSelection": True,
            "suppressColumnVirtualisation": True,
            "suppressRowVirtualisation": True,
        },
        style={"height": "640px"},
        className="ag-theme-alpine",
    )


def _shown_as_text(column):
    """A figure sorts and filters by its number and shows the text grid_rows wrote for it."""
    return {
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": f"params.data.{column}_shown"},
    }


def layout(metric=None, **_params):
    data = context.data()
    observations = data.table("observations_enriched")
    if isinstance(metric, str) and metric in data.metrics:
        observations = observations[observations["metric"] == metric]
    flags = data.table("quality_flags")
    quarantine = data.table("quarantine")
    return html.Div(
        [
            html.H1("Evidence", className="h4"),
            dbc.Tabs(
                active_tab="figures",
                children=[
                    dbc.Tab(
                        _grid(ids.EVIDENCE_GRID, observations, OBSERVATION_COLUMNS),
                        label=f"Figures ({len(observations)})",
                        tab_id="figures",
                    ),
                    dbc.Tab(
                        _grid(
                            "flags-grid", flags, ["check", "severity", "metric", "date", "message"]
                        ),
                        label=f"Data-quality flags ({len(flags)})",
                        tab_id="flags",
                    ),
                    dbc.Tab(
                        _grid(
                            "quarantine-grid",
                            quarantine,
                            ["stage", "source", "line", "check", "reason"],
                        ),
                        label=f"Quarantine ({len(quarantine)})",
                        tab_id="quarantine",
                    ),
                ],
            ),
        ]
    )
