"""The Dash application: pages (a path no page owns is a 404), security headers, limits, and the
download and export routes.

`create_app` builds the app for one warehouse folder; `serve` builds the warehouse from the bundled
reports when none is published yet and then serves on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_text
import re
from dataclasses import replace
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask
from dash import ClientsideFunction, Input, Output, State, dcc, html

from app import context, ids
from app.downloads import register_download_routes
from app.state import CHARTS, BadRequest, parse_chart_state
from etl import warehouse
from etl.paths import REPORTS_DIR

APP_DIR = Path(__file__).parent
MAX_BODY_BYTES = 1 << 20
NAV = [
    ("Overview", "/"),
    ("Trends", "/trends"),
    ("Events", "/events"),
    ("Evidence", "/evidence"),
    ("Downloads", "/downloads"),
    ("Method", "/method"),
]
# Dash answers every path with its page shell through this catch-all rule; a path no page owns is a 404.
DASH_CATCH_ALL = "/<path:path>"
EMBED_PREFIX = "/embed/"
# Pages whose query string is a chart's state (app/state.py); /embed/<chart> is one too.
CHART_PAGES = {"/trends": "trend", "/events": "events"}
# A page that says what went wrong, served without Dash: no script, every value escaped.
MESSAGE_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Offensive Metrics</title>
<link rel="stylesheet" href="/assets/00-bootstrap.min.css"></head>
<body><main class="container py-4">
<h1 class="h4">{title}</h1>
<p>{message}</p>
<p><a href="{href}">{link}</a></p>
</main></body>
</html>
"""
NOT_FOUND_PAGE = MESSAGE_PAGE.format(
    title="Page not found",
    message="No page or chart of Offensive Metrics lives at this address.",
    href="/",
    link="Go to the overview",
)
# Dash writes a few inline scripts into its page; each is allowed by its hash, so no other can run.
_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S
)


def create_app(warehouse_dir: Path, version: str | None = None) -> dash.Dash:
    warehouse.resolve(warehouse_dir, version)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(APP_DIR / "pages"),
        assets_folder=str(APP_DIR / "assets"),
        title="Offensive Metrics",
        suppress_callback_exceptions=True,
        serve_locally=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.layout = _shell
    app.clientside_callback(
        ClientsideFunction("phone", "toggleNavbar"),
        Output(ids.NAV_COLLAPSE, "is_open"),
        Input(ids.NAV_TOGGLER, "n_clicks"),
        Input(ids.SHELL_LOCATION, "pathname"),
        State(ids.NAV_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )
    server: flask.Flask = app.server
    context.configure(server, warehouse_dir, version)
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    register_download_routes(server, warehouse_dir)
    server.register_error_handler(
        BadRequest, lambda error: flask.Response(str(error) + "\n", 400, mimetype="text/plain")
    )
    server.register_error_handler(
        404, lambda _error: flask.Response(NOT_FOUND_PAGE, 404, mimetype="text/html")
    )
    server.before_request(_refuse_unknown_pages)
    server.after_request(_security_headers)
    return app


def _refuse_unknown_pages() -> flask.Response | None:
    """A path no page owns is a 404; a chart page whose state cannot be read says why (400), and
    one pinned to a version that is not published says so (404), before Dash serves its shell."""
    rule = flask.request.url_rule
    if rule is None or rule.rule != DASH_CATCH_ALL:
        return None
    if not _is_page(flask.request.path):
        flask.abort(404)
    path = "/" + flask.request.path.strip("/")
    chart = (
        path.removeprefix(EMBED_PREFIX) if path.startswith(EMBED_PREFIX) else CHART_PAGES.get(path)
    )
    if chart is None:
        return None
    try:
        state = parse_chart_state(chart, flask.request.args.to_dict(flat=False))
    except BadRequest as error:
        return _message_page(
            400,
            "This link could not be read",
            f"{error}.",
            path,
            f"Open {path} with its default view",
        )
    try:
        if state.version:
            warehouse.resolve(context.warehouse_dir(), state.version)
    except FileNotFoundError:
        return _message_page(
            404,
            "This data version is not published here",
            f"Data version {state.version} is not (or no longer) published on this server.",
            f"{path}?{replace(state, version=None).to_query()}",
            "Open the same view with the current data",
        )
    return None


def _message_page(status: int, title: str, message: str, href: str, link: str) -> flask.Response:
    page = MESSAGE_PAGE.format(
        title=html_text.escape(title),
        message=html_text.escape(message),
        href=html_text.escape(href),
        link=html_text.escape(link),
    )
    return flask.Response(page, status, mimetype="text/html")


def _is_page(path: str) -> bool:
    """A registered page's path, or /embed/<chart> for a chart there is (Dash strips the slashes)."""
    path = "/" + path.strip("/")
    if path.startswith(EMBED_PREFIX):
        return path.removeprefix(EMBED_PREFIX) in CHARTS
    return any(
        page["path"] == path and not page["path_template"] for page in dash.page_registry.values()
    )


def _shell():
    """The navigation frame; an embed page hides it (style.css) so the iframe shows the chart alone.
    Below the md breakpoint the menu folds behind a toggler, so the bar takes one line."""
    data = context.data()
    links = [dbc.NavItem(dbc.NavLink(label, href=href, active="exact")) for label, href in NAV]
    return html.Div(
        [
            html.A("Skip to content", href="#main", className="skip-link"),
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand("Offensive Metrics", href="/"),
                        dbc.NavbarToggler(id=ids.NAV_TOGGLER, n_clicks=0),
                        dbc.Collapse(
                            [
                                dbc.Nav(links, className="flex-wrap", navbar=True),
                                html.Span(
                                    f"data {data.data_version} · reports to {data.latest_report_date}",
                                    className="navbar-text small version",
                                ),
                            ],
                            id=ids.NAV_COLLAPSE,
                            is_open=False,
                            navbar=True,
                        ),
                    ],
                    fluid=True,
                ),
                color="dark",
                dark=True,
                expand="md",
                className="mb-3",
            ),
            dbc.Container(html.Main(dash.page_container, id="main"), fluid=True),
            dcc.Location(id=ids.SHELL_LOCATION),
        ]
    )


def _script_hashes(response: flask.Response) -> str:
    if response.mimetype != "text/html" or response.is_streamed:
        return ""
    scripts = _INLINE_SCRIPT.findall(response.get_data(as_text=True))
    digests = sorted(
        {base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() for script in scripts}
    )
    return " ".join(f"'sha256-{digest}'" for digest in digests)


def _security_headers(response: flask.Response) -> flask.Response:
    embed = flask.request.path.startswith("/embed/")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' {_script_hashes(response)} 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        + ("frame-ancestors *" if embed else "frame-ancestors 'none'")
    )
    if not embed:
        response.headers["X-Frame-Options"] = "DENY"
    return response


def serve(host: str, port: int, warehouse_dir: Path, debug: bool = False) -> None:
    try:
        warehouse.resolve(warehouse_dir)
    except FileNotFoundError:
        from etl.pipeline import run

        print(f"no warehouse at {warehouse_dir}; building it from {REPORTS_DIR}")
        for line in run(REPORTS_DIR, warehouse_dir).lines():
            print(line)
    app = create_app(warehouse_dir)
    print(f"serving Offensive Metrics on http://{host}:{port}/")
    app.run(host=host, port=port, debug=debug)
