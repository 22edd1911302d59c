"""Share and embed a chart, as Grapher does: a link to the view, and embed code with a preview.

A live embed follows new data: it names no data version and, unless the user keeps it, no end
date, so a report published after the code was copied shows in the chart. A pinned embed keeps
its data version and both dates. The embed code is an iframe that fills its column's width and
takes its height from the embed page (app/assets/embed-resize.js posts it).
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from urllib.parse import parse_qs, urlsplit

import dash
import dash_bootstrap_components as dbc
import flask
from dash import Input, Output, State, callback, dcc, html

from app import context, ids
from app.state import BadRequest, ChartState, parse_chart_state

FULL_VIEW = {"trend": "/trends", "events": "/events"}
LIVE, PINNED = "live", "pinned"
# The embed page of one metric with events is about this tall; the script then fits it exactly.
DEFAULT_HEIGHT = 560
MESSAGE_TYPE = "offensive-metrics-embed"
# Finds its own iframe (the element before it) and takes the height that iframe's page posts.
RESIZE_SCRIPT = (
    "<script>(function(f){window.addEventListener('message',function(e){var d=e.data;"
    f"if(e.source===f.contentWindow&&d&&d.type==='{MESSAGE_TYPE}'&&typeof d.height==='number'"
    "&&d.height>0){f.height=String(Math.ceil(d.height));}});})"
    "(document.currentScript.previousElementSibling);</script>"
)


def embed_state(state: ChartState, data_version: str, mode: str, keep_end: bool) -> ChartState:
    """Pinned: this data version and both dates. Live: no version and no end date (unless kept),
    so the embed reads the newest data up to its newest day; the start date stays."""
    if mode == PINNED:
        return replace(state, version=data_version)
    return replace(state, version=None, date_to=state.date_to if keep_end else None)


def embed_path(state: ChartState) -> str:
    return _with_query(f"/embed/{state.chart}", state)


def full_view_path(state: ChartState) -> str:
    return _with_query(FULL_VIEW[state.chart], state)


def data_path(state: ChartState) -> str:
    return _with_query(f"/download/{state.chart}.csv", state)


def _with_query(path: str, state: ChartState) -> str:
    query = state.to_query()
    return f"{path}?{query}" if query else path


def embed_snippet(src: str, title: str) -> str:
    """The iframe (full width, a default height until its page says how tall it is) and the
    script that resizes it. Every value is escaped for its attribute; the script holds none."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" '
        f'style="width:100%;border:0" height="{DEFAULT_HEIGHT}" loading="lazy"></iframe>\n'
        + RESIZE_SCRIPT
    )


def share_menu(chart: str):
    """The Share button and its dialog for one chart's page; `register_callback` fills it in."""

    def part(name: str) -> dict:
        return ids.share(name, chart)

    return html.Div(
        [
            dbc.Button("Share", id=part(ids.SHARE_OPEN), color="secondary", size="sm"),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle("Share this chart")),
                    dbc.ModalBody(
                        [
                            _label("Link to this view", part(ids.SHARE_LINK)),
                            dbc.InputGroup(
                                [
                                    dbc.Input(
                                        id=part(ids.SHARE_LINK),
                                        readonly=True,
                                        type="url",
                                    ),
                                    dcc.Clipboard(
                                        id=part(ids.SHARE_LINK_COPY),
                                        target_id=part(ids.SHARE_LINK),
                                        children="Copy link",
                                        copied_children="Copied",
                                        title="Copy the link to the clipboard",
                                        className="btn btn-primary share-copy",
                                    ),
                                ],
                                className="mb-3",
                            ),
                            html.H3("Embed", className="h6 fw-semibold"),
                            dbc.RadioItems(
                                id=part(ids.SHARE_MODE),
                                options=[
                                    {"label": "Live: always the newest data", "value": LIVE},
                                    {"label": "Pinned to this data version", "value": PINNED},
                                ],
                                value=LIVE,
                            ),
                            dbc.Checkbox(
                                id=part(ids.SHARE_KEEP_END),
                                label="Keep this end date (later reports will not show)",
                                value=False,
                                className="mb-2",
                            ),
                            _label("Embed code", part(ids.SHARE_SNIPPET)),
                            dcc.Textarea(
                                id=part(ids.SHARE_SNIPPET),
                                readOnly=True,
                                className="share-snippet form-control",
                            ),
                            dcc.Clipboard(
                                id=part(ids.SHARE_SNIPPET_COPY),
                                target_id=part(ids.SHARE_SNIPPET),
                                children="Copy embed code",
                                copied_children="Copied",
                                title="Copy the embed code to the clipboard",
                                className="btn btn-primary btn-sm share-copy mt-2 mb-3",
                            ),
                            html.H3("Preview", className="h6 fw-semibold"),
                            html.Iframe(
                                id=part(ids.SHARE_PREVIEW),
                                title="Preview of the embedded chart",
                                height=str(DEFAULT_HEIGHT),
                                className="embed-preview",
                            ),
                        ]
                    ),
                ],
                id=part(ids.SHARE_MODAL),
                is_open=False,
                size="lg",
                scrollable=True,
            ),
        ],
        className="share mb-2",
    )


def _label(text: str, target: dict):
    return html.Label(text, htmlFor=ids.dom_id(target), className="form-label fw-semibold")


def register_callback(chart: str, url_id: str) -> None:
    """Fill one page's Share dialog from that page's URL state (`url_id` is its dcc.Location).
    Each page module calls this, so every app that loads the page registers it."""

    def part(name: str) -> dict:
        return ids.share(name, chart)

    @callback(
        Output(part(ids.SHARE_MODAL), "is_open"),
        Output(part(ids.SHARE_LINK), "value"),
        Output(part(ids.SHARE_SNIPPET), "value"),
        Output(part(ids.SHARE_PREVIEW), "src"),
        Output(part(ids.SHARE_KEEP_END), "disabled"),
        Input(part(ids.SHARE_OPEN), "n_clicks"),
        Input(part(ids.SHARE_MODE), "value"),
        Input(part(ids.SHARE_KEEP_END), "value"),
        State(url_id, "search"),
        State(url_id, "href"),
        State(part(ids.SHARE_MODAL), "is_open"),
        prevent_initial_call=True,
    )
    def share_dialog(_clicks, mode, keep_end, search, href, is_open):
        if dash.ctx.triggered_id == part(ids.SHARE_OPEN):
            is_open = not is_open
        try:
            state = parse_chart_state(chart, parse_qs((search or "").lstrip("?")))
        except BadRequest as error:
            message = f"This view cannot be shared: {error}"
            return is_open, message, message, None, True
        origin = _origin(href)
        data = context.data(state.version)
        embedded = embed_state(state, data.data_version, mode, bool(keep_end))
        src = origin + embed_path(embedded)
        return (
            is_open,
            origin + full_view_path(state),
            embed_snippet(src, _title(data, state)),
            src,
            mode == PINNED,
        )


def _origin(href: str | None) -> str:
    """The address the browser reached us at; the server's own when the page's is not http(s)."""
    parts = urlsplit(href or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return flask.request.host_url.rstrip("/")


def _title(data, state: ChartState) -> str:
    if state.chart == "trend":
        return "Offensive Metrics: " + ", ".join(data.metrics[m].label for m in state.metrics)
    return "Offensive Metrics: border crossings seized and provincial capitals fallen"
