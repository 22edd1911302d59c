"""/embed/<chart>?<state>: the chart alone, with its title and under it the source line (original
sources, data version, a link to the full view) and links to its full view and its data, for
iframes. A pinned embed (version=...) keeps its data and says when a newer version exists.
app/assets/embed-resize.js tells the page around the iframe its height."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html

from app import context
from app.attribution_line import source_credit
from app.citation import view_url
from app.downloads import site_of
from app.exports import chart_figure
from app.figures import GRAPH_CONFIG
from app.provenance import source_paragraph
from app.share import data_path, full_view_path
from app.state import BadRequest, parse_chart_state
from app.views import chart_rows
from etl import warehouse

dash.register_page(
    __name__, path_template="/embed/<chart>", title="Offensive Metrics chart", name="Embed"
)


def layout(chart=None, **params):
    try:
        state = parse_chart_state(chart or "", params)
        data = context.data(state.version)
    except BadRequest as error:
        return dbc.Alert(f"This embed could not be read: {error}", color="warning")
    except (FileNotFoundError, ValueError):
        return dbc.Alert("This embed names a data version that is not available.", color="warning")
    rows = chart_rows(data, state)
    figure, alt = chart_figure(data, state, rows, source=None)
    full_view = view_url(site_of(flask.request), state, data.data_version)
    credit = source_credit(rows, data.data_version)
    note = []
    current = warehouse.resolve(context.warehouse_dir()).name.removeprefix("v-")
    if state.version and state.version != current:
        note = [
            html.P(
                f"Newer data exists (version {current}); this chart is pinned to {state.version}.",
                className="small text-warning-emphasis",
            )
        ]
    return html.Figure(
        [
            dcc.Graph(figure=figure, config=GRAPH_CONFIG),
            source_paragraph(
                credit,
                full_view,
                "Open the full view and its data",
                target="_blank",
                rel="noopener",
            ),
            *note,
            _links(state),
            html.Figcaption(alt, className="visually-hidden"),
        ],
        className="embed",
    )


def _links(state):
    """Built from the validated state, so a link says nothing the request did not pass the checks."""
    new_tab = {"target": "_blank", "rel": "noopener"}
    return html.P(
        [
            html.A("Open the full view", href=full_view_path(state), **new_tab),
            html.A("Data", href=data_path(state), **new_tab),
        ],
        className="embed-links small",
    )
