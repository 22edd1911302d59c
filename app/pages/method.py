"""Method: how figures are read, bounded and reconciled (the same text as the README)."""

from __future__ import annotations

import dash
import pandas as pd
from dash import dcc, html

from etl.docs import method
from etl.reference import read_table

dash.register_page(__name__, path="/method", title="Method · Offensive Metrics", name="Method")


def _table(name, columns):
    frame = pd.DataFrame(read_table(name))[columns]
    # A table wider than a phone scrolls inside its own box, never the page.
    return html.Div(
        html.Table(
            [
                html.Thead(html.Tr([html.Th(c) for c in columns])),
                html.Tbody(
                    [html.Tr([html.Td(v) for v in row]) for row in frame.itertuples(index=False)]
                ),
            ],
            className="table table-sm",
        ),
        className="table-responsive",
    )


def layout(**_params):
    return html.Div(
        [
            html.H1("Method", className="h4"),
            dcc.Markdown(method()),
            html.H2("Hedges and the bounds they imply", className="h6"),
            _table("hedges.csv", ["phrase", "qualifier", "low_factor", "high_factor", "note"]),
            html.H2("Vague quantities", className="h6"),
            _table("vague_quantities.csv", ["phrase", "value", "low", "high", "note"]),
        ]
    )
