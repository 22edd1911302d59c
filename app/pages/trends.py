"""Trends: pick metrics and a range; the reconciled line with its band, every figure, events, and
the sentence behind any point. The URL holds the state, so a copied link reopens the same view."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, dcc, html, no_update

from app import context, ids, timeline
from app.chart_tables import TREND_COLUMNS, trend_table_rows, view_grid
from app.components import chart_links, evidence_panel
from app.figures import GRAPH_CONFIG, scale, trend_figure
from app.provenance import about_metrics, about_panel, cite_panel, view_provenance
from app.share import register_callback, share_menu
from app.state import BadRequest, parse_chart_state
from app.views import chart_rows, trend_statistic

dash.register_page(__name__, path="/trends", title="Trends · Offensive Metrics", name="Trends")


def layout(**params):
    try:
        state = parse_chart_state("trend", params)
    except BadRequest as error:
        return dbc.Alert(f"This link could not be read: {error}", color="warning")
    data = context.data(state.version)
    first, last = data.date_range()
    start, end = str(state.date_from or first), str(state.date_to or last)
    options = [{"label": data.metrics[m].label, "value": m} for m in data.metrics_with_data()]
    return html.Div(
        [
            dcc.Location(id=ids.TREND_URL, refresh=False),
            html.H1("Trends", className="h4"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label("Metrics", htmlFor=ids.TREND_METRICS),
                            dcc.Dropdown(
                                id=ids.TREND_METRICS,
                                options=options,
                                value=list(state.metrics),
                                multi=True,
                                clearable=False,
                            ),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        [
                            html.Label("Dates", htmlFor=ids.TREND_RANGE),
                            dcc.DatePickerRange(
                                id=ids.TREND_RANGE,
                                min_date_allowed=first,
                                max_date_allowed=last,
                                start_date=start,
                                end_date=end,
                                display_format="YYYY-MM-DD",
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        dbc.Checklist(
                            id=ids.TREND_OPTIONS,
                            options=[
                                {"label": "Show claims by a party", "value": "claims"},
                                {"label": "Show events", "value": "events"},
                            ],
                            value=[
                                v
                                for v, on in (
                                    ("claims", state.claims == "show"),
                                    ("events", state.events == "show"),
                                )
                                if on
                            ],
                        ),
                        md=2,
                    ),
                ],
                className="g-2 mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Tabs(
                                [
                                    dbc.Tab(
                                        dcc.Loading(
                                            dcc.Graph(
                                                id=ids.TREND_GRAPH,
                                                config=GRAPH_CONFIG,
                                            )
                                        ),
                                        label="Chart",
                                        tab_id="chart",
                                    ),
                                    dbc.Tab(
                                        view_grid(ids.TREND_TABLE, TREND_COLUMNS),
                                        label="Table",
                                        tab_id="table",
                                    ),
                                ],
                                id=ids.TREND_TABS,
                                active_tab="chart",
                                className="view-tabs",
                            ),
                            timeline.controls(
                                ids.TREND_SLIDER,
                                ids.TREND_PLAY,
                                ids.TREND_TIMER,
                                first,
                                last,
                                start,
                                end,
                            ),
                            html.Div(id=ids.TREND_SOURCES),
                            html.Div(id=ids.TREND_LINKS),
                            share_menu("trend"),
                            cite_panel(ids.TREND_CITE_TEXT, ids.TREND_CITE_BIBTEX),
                            about_panel(ids.TREND_ABOUT),
                        ],
                        lg=8,
                    ),
                    dbc.Col(
                        [
                            html.H2("Trend", className="h6"),
                            html.Div(id=ids.TREND_STATS),
                            html.H2("Evidence", className="h6 mt-3"),
                            html.Div(
                                evidence_panel(data, None),
                                id=ids.TREND_EVIDENCE,
                                **{"aria-live": "polite"},
                            ),
                        ],
                        lg=4,
                    ),
                ]
            ),
        ]
    )


def _state_from(metrics, start, end, options, search):
    version = (parse_qs((search or "").lstrip("?")).get("version") or [None])[0]
    params = {
        "metric": metrics or [],
        "from": (start or "")[:10] or None,
        "to": (end or "")[:10] or None,
        "claims": "show" if "claims" in (options or []) else "hide",
        "events": "show" if "events" in (options or []) else "hide",
    }
    if version:
        params["version"] = version
    return parse_chart_state("trend", {k: v for k, v in params.items() if v is not None})


@callback(
    Output(ids.TREND_GRAPH, "figure"),
    Output(ids.TREND_STATS, "children"),
    Output(ids.TREND_LINKS, "children"),
    Output(ids.TREND_URL, "search"),
    Input(ids.TREND_METRICS, "value"),
    Input(ids.TREND_RANGE, "start_date"),
    Input(ids.TREND_RANGE, "end_date"),
    Input(ids.TREND_OPTIONS, "value"),
    State(ids.TREND_URL, "search"),
)
def update_trend(metrics, start, end, options, search):
    try:
        state = _state_from(metrics, start, end, options, search)
    except BadRequest as error:
        return no_update, dbc.Alert(str(error), color="warning"), no_update, no_update
    data = context.data(state.version)
    rows = chart_rows(data, state)
    first, last = data.date_range()
    span = (state.date_from or first, state.date_to or last)
    figure = trend_figure(rows, data.metrics, state.metrics, span)
    return figure, _stats(rows, data, state), chart_links("trend", state), "?" + state.to_query()


@callback(
    Output(ids.TREND_SOURCES, "children"),
    Output(ids.TREND_CITE_TEXT, "children"),
    Output(ids.TREND_CITE_BIBTEX, "children"),
    Output(ids.TREND_ABOUT, "children"),
    Input(ids.TREND_URL, "search"),
    State(ids.TREND_URL, "href"),
)
def describe_trend(search, href):
    """Sources, citation and definitions of the view the URL holds: a callback of its own, after
    the chart's, so the chart never waits for them."""
    try:
        state = parse_chart_state("trend", parse_qs((search or "").lstrip("?")))
        data = context.data(state.version)
    except (BadRequest, FileNotFoundError, ValueError):
        return no_update, no_update, no_update, no_update
    line, text, bib = view_provenance(data, state, href, dt.date.today())
    return line, text, bib, about_metrics(data.metrics, state.metrics)


timeline.register(ids.TREND_RANGE, ids.TREND_SLIDER, ids.TREND_PLAY, ids.TREND_TIMER)


@callback(
    Output(ids.TREND_TABLE, "rowData"),
    Input(ids.TREND_TABS, "active_tab"),
    Input(ids.TREND_URL, "search"),
)
def update_table(tab, search):
    """The Table tab's rows, built only while it is open, so the chart's callback never pays."""
    if tab != "table":
        return no_update
    try:
        state = parse_chart_state("trend", parse_qs((search or "").lstrip("?")))
        data = context.data(state.version)
    except (BadRequest, FileNotFoundError, ValueError):
        return []
    return trend_table_rows(chart_rows(data, state), data.metrics)


def _stats(rows, data, state):
    items = []
    for metric_id in state.metrics:
        metric = data.metrics[metric_id]
        stat = trend_statistic(rows, metric_id)
        factor = scale(metric)
        unit = " points" if metric.unit in ("fraction", "percent") else ""
        if stat is None:
            items.append(
                html.Li(f"{metric.label}: not enough reconciled points in this range for a trend.")
            )
        else:
            items.append(
                html.Li(
                    f"{metric.label}: {stat['per_week'] * factor:+,.2f}{unit} per week "
                    f"(95% CI {stat['low'] * factor:+,.2f} to {stat['high'] * factor:+,.2f}; {stat['n']} points)"
                )
            )
    return html.Ul(items, className="small")


@callback(
    Output(ids.TREND_EVIDENCE, "children"),
    Input(ids.TREND_GRAPH, "clickData"),
    State(ids.TREND_URL, "search"),
)
def show_evidence(click, search):
    """A figure's marker names its observation; a reconciled point shows the latest figure behind it."""
    points = (click or {}).get("points") or []
    custom = points[0].get("customdata") if points else None
    if not isinstance(custom, list) or not custom:
        return no_update
    version = (parse_qs((search or "").lstrip("?")).get("version") or [None])[0]
    try:
        data = context.data(version)
    except (FileNotFoundError, ValueError):
        return dbc.Alert("Unknown data version.", color="warning")
    observation_id = custom[0] if isinstance(custom[0], str) and len(custom[0]) == 16 else None
    reconciled = None
    if observation_id is None and len(custom) >= 5 and custom[4] in data.observations_by_metric:
        day = str(points[0].get("x", ""))[:10]
        behind = data.observations_by_metric[custom[4]]
        behind = behind[behind["as_of"].astype(str) <= day]
        if behind.empty:
            return no_update
        observation_id = behind.sort_values(["as_of", "published"]).iloc[-1]["observation_id"]
        if isinstance(custom[0], str) and isinstance(custom[1], int):
            reconciled = (custom[0], custom[1])
    if observation_id is None:
        return no_update
    return evidence_panel(data, observation_id, reconciled)


dash.clientside_callback(
    ClientsideFunction("phone", "monthsShown"),
    Output(ids.TREND_RANGE, "number_of_months_shown"),
    Input(ids.TREND_RANGE, "id"),
)
# Once a tapped point's sentence has arrived (and the page has grown to hold it), a phone
# scrolls down to it: the panel sits below the chart there.
dash.clientside_callback(
    ClientsideFunction("phone", "scrollIntoView"),
    Input(ids.TREND_EVIDENCE, "children"),
    State(ids.TREND_EVIDENCE, "id"),
    prevent_initial_call=True,
)

register_callback("trend", ids.TREND_URL)
