"""Download and export routes. Names come from an allow-list, never from a path in the request."""

from __future__ import annotations

from pathlib import Path

import flask

from app.csv_safety import safe_csv_bytes
from app.data import WarehouseData, get_data
from app.datapackage import build_package_zip
from app.evidence_view import CSV_NAME, evidence_csv, evidence_filename, parse_evidence_filter
from app.exports import render_chart
from app.state import CHARTS, BadRequest, ChartState, parse_chart_state
from app.views import chart_rows
from etl.schemas import TABLES

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
VERSION_CHARS = 8
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark; ?bom=1 adds one.
UTF8_BOM = "\ufeff".encode()
BOM_CHOICES = {"0": b"", "1": UTF8_BOM}
# Query keys that shape how a file is served, not which rows it holds.
FILE_OPTIONS = {"version", "bom"}


def register_download_routes(server: flask.Flask, warehouse_dir: Path) -> None:
    def data_for(args):
        version = args.get("version")
        try:
            return get_data(warehouse_dir, version)
        except (FileNotFoundError, ValueError):
            raise BadRequest("unknown data version") from None

    def attachment(body: bytes, filename: str, mime: str) -> flask.Response:
        response = flask.Response(body, mimetype=mime)
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @server.get("/download/<name>.csv")
    def download_csv(name: str):
        # "events" is both a table and a chart: with a chart state in the query it is the chart's view.
        is_view = name in CHARTS and (
            name not in TABLES or bool(set(flask.request.args) - FILE_OPTIONS)
        )
        if name in TABLES and not is_view:
            data = data_for(flask.request.args)
            rows, filename = data.table(name), table_filename(name, data)
        elif is_view:
            state = parse_chart_state(name, flask.request.args.to_dict(flat=False))
            data = data_for(flask.request.args)
            rows, filename = chart_rows(data, state), chart_filename(state, data, "csv")
        elif name == CSV_NAME:
            args = flask.request.args.to_dict(flat=False)
            evidence = parse_evidence_filter(
                {k: v for k, v in args.items() if k not in FILE_OPTIONS}
            )
            data = data_for(flask.request.args)
            rows = evidence_csv(data, evidence)
            filename = evidence_filename(evidence, _version_tag(data))
        else:
            flask.abort(404)
        return attachment(_bom(flask.request.args) + safe_csv_bytes(rows), filename, MIME["csv"])

    @server.get("/download/package.zip")
    def download_package():
        args = flask.request.args.to_dict(flat=False)
        state = parse_chart_state("trend", args) if args.get("metric") else None
        data = data_for(flask.request.args)
        return attachment(
            build_package_zip(data, site_of(flask.request), state),
            f"offensive-metrics-{data.data_version}.zip",
            "application/zip",
        )

    @server.get("/download/<path:_anything>")
    @server.get("/export/<path:_anything>")
    def not_a_download(_anything: str):
        flask.abort(404)

    @server.get("/export/<chart>.<fmt>")
    def export(chart: str, fmt: str):
        if chart not in CHARTS or fmt not in MIME:
            flask.abort(404)
        state = parse_chart_state(chart, flask.request.args.to_dict(flat=False))
        data = data_for(flask.request.args)
        body = render_chart(chart, fmt, data, state, site_of(flask.request))
        return attachment(body, chart_filename(state, data, fmt), MIME[fmt])


def site_of(request: flask.Request) -> str:
    """The dashboard's own address, which source lines and citations link back to."""
    return request.host_url.rstrip("/")


def chart_filename(state: ChartState, data: WarehouseData, fmt: str) -> str:
    """What a chart's file holds: its metrics joined by '+' (an events chart: its kinds, or
    'events'), its range (a side the state leaves open is the data's own first or last day;
    'all' when the state sets no date) and the data version, e.g.
    `districts_controlled_share_2021-05-01_2021-09-30_v29c64654.png`."""
    subject = "+".join(state.metrics if state.chart == "trend" else state.kinds) or state.chart
    if state.date_from or state.date_to:
        first, last = data.date_range()
        span = f"{state.date_from or first}_{state.date_to or last}"
    else:
        span = "all"
    return f"{subject}_{span}_{_version_tag(data)}.{fmt}"


def _bom(args) -> bytes:
    choice = args.get("bom", "0")
    if choice not in BOM_CHOICES:
        raise BadRequest("'bom' must be 0 or 1")
    return BOM_CHOICES[choice]


def table_filename(name: str, data: WarehouseData) -> str:
    return f"{name}_{_version_tag(data)}.csv"


def _version_tag(data: WarehouseData) -> str:
    return "v" + data.data_version[:VERSION_CHARS]
