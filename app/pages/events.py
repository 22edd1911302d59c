"""Events: a timeline and an offline map of crossings seized and capitals fallen."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, dcc, html, no_update

from app import context, ids
from app.chart_tables import EVENT_COLUMNS, events_table_rows, view_grid
from app.components import chart_links
from app.figures import (
    EVENTS_MAP_HEIGHT,
    EVENTS_TIMELINE_HEIGHT,
    GRAPH_CONFIG,
    events_figure,
    events_map,
)
from app.provenance import about_event_kinds, about_panel, cite_panel, view_provenance
from app.share import register_callback, share_menu
from app.state import BadRequest, parse_chart_state
from app.views import chart_rows
from etl.events import load_event_kinds

dash.register_page(__name__, path="/events", title="Events · Offensive Metrics", name="Events")


def layout(**params):
    try:
        state = parse_chart_state("events", params)
    except BadRequest as error:
        return dbc.Alert(f"This link could not be read: {error}", color="warning")
    data = context.data(state.version)
    first, last = data.date_range()
    kinds = load_event_kinds()
    return html.Div(
        [
            dcc.Location(id=ids.EVENTS_URL, refresh=False),
            html.H1("Events", className="h4"),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Dropdown(
                            id=ids.EVENTS_KINDS,
                            multi=True,
                            value=list(state.kinds),
                            placeholder="All kinds",
                            options=[{"label": k.label, "value": k.id} for k in kinds.values()],
                        ),
                        md=6,
                    ),
                    dbc.Col(
                        dcc.DatePickerRange(
                            id=ids.EVENTS_RANGE,
                            start_date=str(state.date_from or first),
                            end_date=str(state.date_to or last),
                            min_date_allowed=first,
                            max_date_allowed=last,
                            display_format="YYYY-MM-DD",
                        ),
                        md=6,
                    ),
                ],
                className="g-2 mb-2",
            ),
            dbc.Tabs(
                [
                    dbc.Tab(
                        dcc.Graph(
                            id=ids.EVENTS_TIMELINE,
                            config=GRAPH_CONFIG,
                            style={"height": f"{EVENTS_TIMELINE_HEIGHT}px"},
                        ),
                        label="Chart",
                        tab_id="chart",
                    ),
                    dbc.Tab(
                        view_grid(ids.EVENTS_TABLE, EVENT_COLUMNS), label="Table", tab_id="table"
                    ),
                ],
                id=ids.EVENTS_TABS,
                active_tab="chart",
                className="view-tabs",
            ),
            html.Div(id=ids.EVENTS_SOURCES),
            html.Div(id=ids.EVENTS_LINKS),
            share_menu("events"),
            cite_panel(ids.EVENTS_CITE_TEXT, ids.EVENTS_CITE_BIBTEX),
            about_panel(ids.EVENTS_ABOUT),
            html.H2("Map", className="h6"),
            dcc.Graph(
                id=ids.EVENTS_MAP, config=GRAPH_CONFIG, style={"height": f"{EVENTS_MAP_HEIGHT}px"}
            ),
        ]
    )


@callback(
    Output(ids.EVENTS_TIMELINE, "figure"),
    Output(ids.EVENTS_MAP, "figure"),
    Output(ids.EVENTS_LINKS, "children"),
    Output(ids.EVENTS_URL, "search"),
    Input(ids.EVENTS_KINDS, "value"),
    Input(ids.EVENTS_RANGE, "start_date"),
    Input(ids.EVENTS_RANGE, "end_date"),
    State(ids.EVENTS_URL, "search"),
)
def update_events(kinds, start, end, search):
    """The view's state; a pinned data version in the URL stays, as on the trends page."""
    version = parse_qs((search or "").lstrip("?")).get("version") or []
    state = parse_chart_state(
        "events",
        {
            "kind": kinds or [],
            "from": (start or "")[:10] or [],
            "to": (end or "")[:10] or [],
            "version": version[:1],
        },
    )
    rows = chart_rows(context.data(state.version), state)
    return (
        events_figure(rows),
        events_map(rows),
        chart_links("events", state),
        "?" + state.to_query(),
    )


dash.clientside_callback(
    ClientsideFunction("phone", "monthsShown"),
    Output(ids.EVENTS_RANGE, "number_of_months_shown"),
    Input(ids.EVENTS_RANGE, "id"),
)

register_callback("events", ids.EVENTS_URL)


@callback(
    Output(ids.EVENTS_SOURCES, "children"),
    Output(ids.EVENTS_CITE_TEXT, "children"),
    Output(ids.EVENTS_CITE_BIBTEX, "children"),
    Output(ids.EVENTS_ABOUT, "children"),
    Input(ids.EVENTS_URL, "search"),
    State(ids.EVENTS_URL, "href"),
)
def describe_events(search, href):
    """Sources, citation and definitions of the view the URL holds."""
    try:
        state = parse_chart_state("events", parse_qs((search or "").lstrip("?")))
        data = context.data(state.version)
    except (BadRequest, FileNotFoundError, ValueError):
        return no_update, no_update, no_update, no_update
    line, text, bib = view_provenance(data, state, href, dt.date.today())
    return line, text, bib, about_event_kinds(load_event_kinds(), state.kinds, data.metrics)


@callback(
    Output(ids.EVENTS_TABLE, "rowData"),
    Input(ids.EVENTS_TABS, "active_tab"),
    Input(ids.EVENTS_URL, "search"),
)
def update_table(tab, search):
    """The Table tab's rows, built only while it is open."""
    if tab != "table":
        return no_update
    try:
        state = parse_chart_state("events", parse_qs((search or "").lstrip("?")))
        data = context.data(state.version)
    except (BadRequest, FileNotFoundError, ValueError):
        return []
    return events_table_rows(chart_rows(data, state))
