"""Downloads: every table as CSV (safe for spreadsheets) and the data package."""

from __future__ import annotations

import dash
from dash import html

from app import context
from etl.schemas import TABLES

dash.register_page(
    __name__, path="/downloads", title="Downloads · Offensive Metrics", name="Downloads"
)


def layout(**_params):
    data = context.data()
    return html.Div(
        [
            html.H1("Downloads", className="h4"),
            html.P(
                f"Data version {data.data_version}. Text cells that a spreadsheet would run as a formula start with an apostrophe. "
                "The “for Excel” files start with a byte order mark, so Excel reads their accents and dashes as UTF-8."
            ),
            html.Ul(
                [
                    html.Li(
                        [
                            html.A(f"{name}.csv", href=f"/download/{name}.csv"),
                            " (",
                            html.A("for Excel", href=f"/download/{name}.csv?bom=1"),
                            f") — {len(data.table(name)):,} rows",
                        ]
                    )
                    for name in TABLES
                ]
            ),
            html.P(
                html.A(
                    "Data package (zip: CSVs, datapackage.json with the sources, README, CITATION.txt and .bib)",
                    href="/download/package.zip",
                    className="btn btn-primary",
                )
            ),
        ]
    )
