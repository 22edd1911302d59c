"""Routes, headers and refusals of the real Flask server behind the Dash app (no browser)."""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import zipfile

import dash
import pytest

from app.data import get_data
from app.figures import GRAPH_CONFIG
from app.state import parse_chart_state
from app.views import chart_rows
from etl import warehouse
from etl.catalog import load_metrics
from etl.events import load_event_kinds
from etl.schemas import TABLES

PAGES = [
    "/",
    "/trends",
    "/events",
    "/evidence",
    "/downloads",
    "/method",
    "/embed/trend",
    "/embed/events",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_with_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert (
        "default-src 'self'" in csp
        and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if path.startswith("/embed/"):
        assert "frame-ancestors *" in csp and "X-Frame-Options" not in response.headers
    else:
        assert "frame-ancestors 'none'" in csp and response.headers["X-Frame-Options"] == "DENY"


def test_pages_fetch_nothing_from_the_internet(client):
    page = client.get("/trends").get_data(as_text=True)
    for attribute in ('src="http', "src='http", 'href="http', "href='http", "url(http"):
        assert attribute not in page


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_downloads_as_csv(client, warehouse_dir, name):
    response = client.get(f"/download/{name}.csv")
    assert response.status_code == 200
    version = get_data(warehouse_dir).data_version[:8]
    assert _filename(response) == f"{name}_v{version}.csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(get_data(warehouse_dir).table(name))


def test_view_csv_is_exactly_the_chart_rows(client, warehouse_dir):
    query = "metric=districts_controlled_share&metric=provincial_capitals_controlled&from=2021-07-01&to=2021-08-20"
    response = client.get(f"/download/trend.csv?{query}")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    state = parse_chart_state(
        "trend",
        {
            "metric": ["districts_controlled_share", "provincial_capitals_controlled"],
            "from": "2021-07-01",
            "to": "2021-08-20",
        },
    )
    expected = chart_rows(get_data(warehouse_dir), state)
    assert len(rows) == len(expected) > 0
    assert {r["layer"] for r in rows} == {"series", "observation", "event"}
    assert all("2021-07-01" <= r["date"] <= "2021-08-20" for r in rows)


@pytest.mark.parametrize(
    "path",
    [
        "/download/trend.csv?metric=unknown_metric",
        "/download/trend.csv?from=2021-13-45",
        "/download/trend.csv?from=2021-08-01&to=2021-07-01",
        "/download/trend.csv?version=../../etc",
        "/download/events.csv?kind=<script>",
        "/export/trend.png?claims=maybe",
        "/download/reports.csv?bom=yes",
    ],
)
def test_bad_input_is_a_400_with_a_short_message(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    # short: input is echoed cut to 40 characters, at most with the list of valid choices
    assert "Traceback" not in response.get_data(as_text=True) and len(response.get_data()) < 500


@pytest.mark.parametrize(
    "path", ["/download/..%2F..%2Fetc%2Fpasswd.csv", "/download/secrets.csv", "/export/trend.exe"]
)
def test_names_outside_the_allow_list_are_404(client, path):
    assert client.get(path).status_code == 404


def test_request_bodies_are_limited(client):
    response = client.post(
        "/_dash-update-component", data=b"x" * (2 << 20), content_type="application/json"
    )
    assert response.status_code == 413


def test_data_package_is_complete_and_deterministic(client):
    first = client.get("/download/package.zip?metric=districts_controlled_share").get_data()
    second = client.get("/download/package.zip?metric=districts_controlled_share").get_data()
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    names = set(archive.namelist())
    assert {f"{t}.csv" for t in TABLES} | {
        "datapackage.json",
        "README.md",
        "view.csv",
        "CITATION.txt",
        "CITATION.bib",
    } == names
    descriptor = json.loads(archive.read("datapackage.json"))
    observations = next(r for r in descriptor["resources"] if r["name"] == "observations")
    types = {f["name"]: f["type"] for f in observations["schema"]["fields"]}
    assert types["value"] == "number" and types["as_of"] == "date" and types["start"] == "integer"
    assert observations["schema"]["primaryKey"] == "observation_id"
    readme = archive.read("README.md").decode()
    assert "Citation" in readme and "metric=districts_controlled_share" in readme
    # The share's figures come from FDD's Long War Journal among others; the package names them.
    assert "Sources: figures attributed to Afghan government" in readme
    assert {"title": "FDD's Long War Journal"} in descriptor["sources"]
    view = next(r for r in descriptor["resources"] if r["name"] == "view")
    assert {"title": "FDD's Long War Journal"} in view["sources"]
    citation = archive.read("CITATION.txt").decode()
    assert "Share of districts under Taliban control" in citation
    assert "/trends?metric=districts_controlled_share" in citation
    entry = archive.read("CITATION.bib").decode()
    assert entry.startswith("@misc{offensivemetrics_") and "urldate" in entry


def _plot_config(page: str) -> dict:
    """The last argument of the page's Plotly.newPlot(id, data, layout, config) call."""
    decoder = json.JSONDecoder()
    at = page.index("Plotly.newPlot(") + len("Plotly.newPlot(")
    arguments = []
    while len(arguments) < 4:
        while page[at] in " \n\t,":
            at += 1
        value, at = decoder.raw_decode(page, at)
        arguments.append(value)
    return arguments[-1]


def test_html_export_offers_no_camera_and_no_cloud_upload(client):
    page = client.get("/export/trend.html?metric=districts_controlled_share").get_data(as_text=True)
    config = _plot_config(page)
    assert config == GRAPH_CONFIG
    assert config["showSendToCloud"] is False and config["displaylogo"] is False
    assert {"toImage", "sendChartToCloud"} <= set(config["modeBarButtonsToRemove"])


@pytest.mark.parametrize(
    "path",
    ["/nope", "/trends/extra", "/embed", "/embed/nope", "/embed/none", "/embed/trend/extra"],
)
def test_unknown_pages_are_404_with_a_link_home(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Page not found" in page and '<a href="/">' in page
    assert "<script" not in page and len(page) < 1000
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("path", "page", "named"),
    [
        ("/trends?metric=nope", "/trends", ["'nope'", *load_metrics()]),
        ("/trends?metric=districts_total&from=notadate", "/trends", ["'notadate'", "YYYY-MM-DD"]),
        ("/trends?from=2021-08-01&to=2021-07-01", "/trends", ["'from' is after 'to'"]),
        ("/trends?claims=maybe", "/trends", ["'maybe'", "show or hide"]),
        ("/trends?version=../../etc", "/trends", ["12 hex digits"]),
        ("/events?kind=nope", "/events", ["'nope'", *load_event_kinds()]),
        ("/events?to=2021-02-30", "/events", ["'2021-02-30'"]),
        ("/embed/trend?metric=%3Cscript%3E", "/embed/trend", ["'<script>'"]),
        ("/embed/events/?kind=nope", "/embed/events", ["'nope'"]),
    ],
    ids=[
        "metric",
        "date",
        "range",
        "toggle",
        "version",
        "event-kind",
        "impossible-day",
        "embed-escaped",
        "embed-slash",
    ],
)
def test_a_page_link_whose_state_cannot_be_read_is_a_400_that_says_why(client, path, page, named):
    response = client.get(path)
    assert response.status_code == 400 and response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert "This link could not be read" in body and f'<a href="{page}">' in body
    for text in named:
        assert text in html.unescape(body), text
    assert "<script" not in body
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert ("frame-ancestors *" if page.startswith("/embed/") else "frame-ancestors 'none'") in csp


@pytest.mark.parametrize("page", ["/trends", "/events", "/embed/trend"])
def test_a_page_pinned_to_a_version_not_published_is_a_404_with_the_current_view(client, page):
    response = client.get(f"{page}?version=0123456789ab&from=2021-07-01")
    assert response.status_code == 404 and response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert "0123456789ab is not (or no longer) published" in body
    href = body.split('<a href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert href.startswith(f"{page}?") and "from=2021-07-01" in href and "version" not in href
    assert client.get(href).status_code == 200


def test_a_page_pinned_to_a_published_version_answers(client, warehouse_dir):
    version = warehouse.current_version(warehouse_dir)
    assert client.get(f"/trends?version={version}").status_code == 200


def test_in_app_navigation_to_a_bad_state_shows_the_reason(dash_app):
    """Dash renders a page reached by a link inside the app without a new request; its layout
    states the same reason the 400 page does."""
    trends = next(p for p in dash.page_registry.values() if p["path"] == "/trends")
    with dash_app.server.test_request_context("/trends"):
        alert = trends["layout"](metric="nope")
    assert "This link could not be read: unknown metric 'nope'" in alert.children
    assert all(metric in alert.children for metric in load_metrics())


@pytest.mark.parametrize("path", ["/trends/", "/embed/trend/", "/evidence?metric=unknown"])
def test_known_pages_with_a_trailing_slash_or_odd_query_still_answer(client, path):
    assert client.get(path).status_code == 200


def _filename(response) -> str:
    disposition = response.headers["Content-Disposition"]
    prefix = 'attachment; filename="'
    assert disposition.startswith(prefix) and disposition.endswith('"')
    return disposition.removeprefix(prefix).removesuffix('"')


TWO_METRICS = "metric=districts_controlled_share&metric=provincial_capitals_controlled"


@pytest.mark.parametrize("fmt", ["png", "svg", "html", "csv"])
def test_chart_exports_are_named_for_what_they_hold(client, warehouse_dir, fmt):
    version = get_data(warehouse_dir).data_version[:8]
    response = client.get(f"/export/trend.{fmt}?{TWO_METRICS}&from=2021-05-01&to=2021-09-30")
    assert response.status_code == 200
    assert _filename(response) == (
        "districts_controlled_share+provincial_capitals_controlled"
        f"_2021-05-01_2021-09-30_v{version}.{fmt}"
    )


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("trend.csv?metric=districts_controlled_share", "districts_controlled_share_all"),
        (
            "trend.csv?metric=withdrawal_percent&from=2021-07-01&to=2021-08-20",
            "withdrawal_percent_2021-07-01_2021-08-20",
        ),
        (
            "trend.csv?metric=withdrawal_percent&from=2021-07-01",
            "withdrawal_percent_2021-07-01_{last}",
        ),
        (
            "events.csv?kind=crossing_seized&kind=capital_fallen",
            "crossing_seized+capital_fallen_all",
        ),
        ("events.csv?from=2021-08-01&to=2021-08-12", "events_2021-08-01_2021-08-12"),
    ],
    ids=["no-range", "range", "open-end", "event-kinds", "all-events"],
)
def test_view_csv_is_named_for_what_it_holds(client, warehouse_dir, query, name):
    data = get_data(warehouse_dir)
    response = client.get(f"/download/{query}")
    assert response.status_code == 200
    expected = name.format(last=data.date_range()[1])
    assert _filename(response) == f"{expected}_v{data.data_version[:8]}.csv"


@pytest.mark.parametrize(
    "path",
    [
        "/download/events.csv",
        "/download/quarantine.csv",
        "/download/trend.csv?metric=withdrawal_percent",
    ],
)
def test_csv_downloads_offer_a_utf8_bom_for_spreadsheets(client, path):
    join = "&" if "?" in path else "?"
    plain = client.get(path)
    marked = client.get(f"{path}{join}bom=1")
    assert not plain.get_data().startswith(codecs.BOM_UTF8)
    assert client.get(f"{path}{join}bom=0").get_data() == plain.get_data()
    assert marked.get_data() == codecs.BOM_UTF8 + plain.get_data()
    assert marked.headers["Content-Disposition"] == plain.headers["Content-Disposition"]
    assert marked.get_data().decode("utf-8-sig") == plain.get_data().decode("utf-8")
