"""Evidence: every figure with its sentence, report, rule, attribution and status, ordered by date
and narrowed by a filter the URL holds; the data-quality flags, each linked to the figures and
reports behind it; and the quarantine. Cells and flags render text, never HTML, in the words and
formats of app/display.py."""

from __future__ import annotations

from urllib.parse import parse_qs

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, dcc, html, no_update

from app import context, display, ids
from app.components import evidence_panel, span_quote
from app.evidence_view import (
    CSV_PATH,
    EVIDENCE_PATH,
    MAX_SEARCH,
    STATUSES,
    EvidenceFilter,
    evidence_rows,
    flag_links,
    flags_by_date,
    parse_evidence_filter,
)
from app.state import BadRequest

dash.register_page(
    __name__, path=EVIDENCE_PATH, title="Evidence · Offensive Metrics", name="Evidence"
)

# (column, heading), as a desktop shows them.
FIGURE_COLUMNS = [
    ("as_of", "Date"),
    ("figure", "Figure"),
    ("metric", "Metric"),
    ("value", "Value"),
    ("sentence", "Sentence"),
    ("qualifier", "Stated as"),
    ("low", "Low"),
    ("high", "High"),
    ("period_start", "Period from"),
    ("attribution", "Attributed to"),
    ("status", "Status"),
    ("title", "Report"),
    ("source", "Source"),
    ("rule", "Rule"),
    ("derived_from", "Derived"),
    ("surface", "Words"),
]
# A phone shows only these columns, sized to fit 390 px (assets/phone.js reads them from each
# column's context); the figure column, a figure's day, metric and value in one cell, is the
# phone's alone.
PHONE_LAYOUT = {
    "figure": {"width": 136, "wrapText": True, "autoHeight": True},
    "sentence": {"flex": 1, "minWidth": 160},
}
QUARANTINE_COLUMNS = ["stage", "source", "line", "check", "reason"]
WIDE = ("sentence", "reason")
SEVERITY_COLOURS = {"error": "danger", "warning": "warning", "info": "info"}
# Filters the page's controls set; the others (one report, one figure) come only from a link.
CONTROLLED = ("metric", "status", "from", "to", "q")


def _grid(grid_id, rows, columns, **options):
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=[_column(field, heading) for field, heading in columns],
        # No guessing of a column's type from its first cell: a date column's en dash would blank.
        defaultColDef={"minWidth": 90, "sortable": True, "resizable": True, "cellDataType": False},
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
        **options,
    )


def _column(field, heading):
    column = {
        "field": field,
        "headerName": heading,
        "context": {"phone": PHONE_LAYOUT.get(field)},
        "hide": field == "figure",
        **(
            {"width": 460, "wrapText": True, "autoHeight": True}
            if field in WIDE
            else {"width": 120}
        ),
    }
    if field == "metric":
        column |= {"width": 190, "wrapText": True, "autoHeight": True}
    if field in display.AMOUNT_COLUMNS:
        # A figure sorts by its number and shows the text grid_rows wrote for it.
        column["valueFormatter"] = {"function": f"params.data.{field}_shown"}
    if field in ("as_of", "figure"):
        column["cellRenderer"] = "FigureLink"
    if field == "as_of":
        column["sort"] = "asc"
    return column


def _figure_rows(data, rows) -> list[dict]:
    """Grid rows in words (a metric by its label), each keyed by its observation id."""
    labels = rows["metric"].map(lambda m: data.metrics[m].label if m in data.metrics else m)
    figures = [
        f"{r.as_of} · {label}: {display.figure_words(r.value, r.low, r.high, r.qualifier, r.unit)}"
        for label, r in zip(labels, rows.itertuples(index=False), strict=True)
    ]
    shown = display.grid_rows(
        rows.assign(metric=labels, figure=figures), [c for c, _ in FIGURE_COLUMNS]
    )
    for row, observation_id in zip(shown, rows["observation_id"], strict=True):
        row["observation_id"] = observation_id
    return shown


def layout(**params):
    data = context.data()
    try:
        evidence = parse_evidence_filter(params)
    except BadRequest as error:
        return dbc.Alert(f"This link could not be read: {error}", color="warning")
    rows = evidence_rows(data, evidence)
    flags = flags_by_date(data)
    quarantine = data.table("quarantine")
    return html.Div(
        [
            dcc.Location(id=ids.EVIDENCE_URL, refresh=False),
            html.H1("Evidence", className="h4"),
            dbc.Tabs(
                active_tab="figures",
                children=[
                    dbc.Tab(
                        _figures(data, evidence, rows),
                        label=_figures_label(len(rows)),
                        tab_id="figures",
                        id=ids.EVIDENCE_FIGURES_TAB,
                    ),
                    dbc.Tab(
                        _flags(data, flags),
                        label=f"Data-quality flags ({len(flags)})",
                        tab_id="flags",
                    ),
                    dbc.Tab(
                        _grid(
                            ids.QUARANTINE_GRID,
                            display.grid_rows(quarantine, QUARANTINE_COLUMNS),
                            [(c, c.capitalize()) for c in QUARANTINE_COLUMNS],
                        ),
                        label=f"Quarantine ({len(quarantine)})",
                        tab_id="quarantine",
                    ),
                ],
            ),
        ]
    )


def _figures(data, evidence: EvidenceFilter, rows):
    first, last = data.date_range()
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label("Metric", htmlFor=ids.EVIDENCE_METRIC),
                            dcc.Dropdown(
                                id=ids.EVIDENCE_METRIC,
                                options=[
                                    {"label": metric.label, "value": metric_id}
                                    for metric_id, metric in data.metrics.items()
                                ],
                                value=evidence.metric,
                                placeholder="All metrics",
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            html.Label("Status", htmlFor=ids.EVIDENCE_STATUS),
                            dcc.Dropdown(
                                id=ids.EVIDENCE_STATUS,
                                options=list(STATUSES),
                                value=evidence.status,
                                placeholder="Any status",
                            ),
                        ],
                        md=2,
                    ),
                    dbc.Col(
                        [
                            html.Label("Dates", htmlFor=ids.EVIDENCE_RANGE),
                            dcc.DatePickerRange(
                                id=ids.EVIDENCE_RANGE,
                                min_date_allowed=first,
                                max_date_allowed=last,
                                start_date=evidence.date_from and str(evidence.date_from),
                                end_date=evidence.date_to and str(evidence.date_to),
                                display_format="YYYY-MM-DD",
                                clearable=True,
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        [
                            html.Label("Words", htmlFor=ids.EVIDENCE_SEARCH),
                            dbc.Input(
                                id=ids.EVIDENCE_SEARCH,
                                type="search",
                                value=evidence.q or "",
                                debounce=True,
                                maxLength=MAX_SEARCH,
                                placeholder="in the sentence, report or source",
                            ),
                        ],
                        md=3,
                    ),
                ],
                className="g-2 mb-2",
            ),
            *_scope(data, evidence),
            html.Div(
                [
                    html.Span(_count(len(rows)), id=ids.EVIDENCE_COUNT, className="me-2"),
                    html.Span(_download_links(evidence), id=ids.EVIDENCE_CSV_LINKS),
                ],
                className="evidence-toolbar mb-2",
            ),
            _grid(
                ids.EVIDENCE_GRID,
                _figure_rows(data, rows),
                FIGURE_COLUMNS,
                getRowId="params.data.observation_id",
            ),
        ],
        className="pt-2",
    )


def _scope(data, evidence: EvidenceFilter) -> list:
    """What a link narrowed the grid to (one report, one figure), with the way back to all."""
    back = html.A("Show all figures", href=EVIDENCE_PATH)
    if evidence.observation:
        return [evidence_panel(data, evidence.observation), html.P(back, className="small")]
    if evidence.report:
        reports = data.table("reports")
        match = reports[reports["report_id"] == evidence.report]
        if match.empty:
            return [html.P(["That report is not in this data version. ", back])]
        report = match.iloc[0]
        return [
            html.P(
                [
                    "Figures of one report: ",
                    html.Strong(report["title"]),
                    f" ({report['published']}, {display.text(report['source'], 'source')}). ",
                    back,
                ],
                className="small",
            )
        ]
    return []


def _count(n: int) -> str:
    return f"{n:,} figure" + ("" if n == 1 else "s") + ", oldest first."


def _figures_label(n: int) -> str:
    return f"Figures ({n:,})"


def _download_links(evidence: EvidenceFilter) -> list:
    query = evidence.to_query()
    href = CSV_PATH + (f"?{query}" if query else "")
    excel = href + ("&" if query else "?") + "bom=1"
    link = "btn btn-outline-primary btn-sm me-2 mb-1"
    return [
        html.A("Download these rows (CSV)", href=href, id=ids.EVIDENCE_CSV_LINK, className=link),
        html.A("for Excel", href=excel, className=link),
    ]


def _flags(data, flags):
    if flags.empty:
        return html.P("No data-quality checks failed.", className="pt-2")
    observations = data.table("observations_enriched")
    return html.Ol(
        [_flag(data, flag, observations) for flag in flags.to_dict("records")],
        id=ids.FLAGS_LIST,
        className="list-unstyled flags pt-2",
    )


def _flag(data, flag: dict, observations):
    """One flag: its day, check and severity, its message, the words it is about quoted in their
    sentence (when it lies in one report), and links to the figures and reports behind it."""
    located = not any(display.is_missing(flag[k]) for k in ("report_id", "start", "end"))
    metric = data.metrics.get(flag["metric"]) if not display.is_missing(flag["metric"]) else None
    links = flag_links(flag, observations)
    return html.Li(
        [
            html.H2(
                [
                    html.Span(display.text(flag["day"]), className="flag-day"),
                    " ",
                    display.check_words(flag["check"]),
                    *([" · ", metric.label] if metric else []),
                    " ",
                    dbc.Badge(
                        flag["severity"], color=SEVERITY_COLOURS.get(flag["severity"], "secondary")
                    ),
                ],
                className="h6 mb-1",
            ),
            html.P(flag["message"], className="flag-message mb-1"),
            *(
                span_quote(data, flag["report_id"], int(flag["start"]), int(flag["end"]))
                if located
                else []
            ),
            html.Ul(
                [html.Li(html.A(link.label, href=link.href)) for link in links],
                className="flag-links small",
            )
            if links
            else None,
        ],
        className="flag",
    )


@callback(
    Output(ids.EVIDENCE_GRID, "rowData"),
    Output(ids.EVIDENCE_COUNT, "children"),
    Output(ids.EVIDENCE_CSV_LINKS, "children"),
    Output(ids.EVIDENCE_FIGURES_TAB, "label"),
    Output(ids.EVIDENCE_URL, "search"),
    Input(ids.EVIDENCE_METRIC, "value"),
    Input(ids.EVIDENCE_STATUS, "value"),
    Input(ids.EVIDENCE_RANGE, "start_date"),
    Input(ids.EVIDENCE_RANGE, "end_date"),
    Input(ids.EVIDENCE_SEARCH, "value"),
    State(ids.EVIDENCE_URL, "search"),
    prevent_initial_call=True,
)
def filter_figures(metric, status, start, end, words, search):
    """The controls' filter, with what a link narrowed the page to kept, validated like any URL."""
    params = {
        key: values
        for key, values in parse_qs((search or "").lstrip("?")).items()
        if key not in CONTROLLED
    }
    controlled = {
        "metric": metric,
        "status": status,
        "from": (start or "")[:10],
        "to": (end or "")[:10],
        "q": words,
    }
    params |= {key: value for key, value in controlled.items() if value}
    try:
        evidence = parse_evidence_filter(params)
    except BadRequest as error:
        return no_update, dbc.Alert(str(error), color="warning"), no_update, no_update, no_update
    data = context.data()
    rows = evidence_rows(data, evidence)
    query = evidence.to_query()
    return (
        _figure_rows(data, rows),
        _count(len(rows)),
        _download_links(evidence),
        _figures_label(len(rows)),
        f"?{query}" if query else "",
    )


dash.clientside_callback(
    ClientsideFunction("phone", "monthsShown"),
    Output(ids.EVIDENCE_RANGE, "number_of_months_shown"),
    Input(ids.EVIDENCE_RANGE, "id"),
)
dash.clientside_callback(
    ClientsideFunction("phone", "gridColumns"),
    Output(ids.EVIDENCE_GRID, "columnDefs"),
    Input(ids.EVIDENCE_GRID, "id"),
    State(ids.EVIDENCE_GRID, "columnDefs"),
)
