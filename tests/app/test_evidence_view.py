"""The evidence grid's filter, its rows and their CSV download, and the links from a data-quality
flag to the figures and reports behind it."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from app.data import get_data
from app.evidence_view import (
    CSV_COLUMNS,
    EvidenceFilter,
    evidence_csv,
    evidence_filename,
    evidence_rows,
    flag_figures,
    flag_links,
    flags_by_date,
    parse_evidence_filter,
)
from app.server import create_app
from app.state import BadRequest
from etl.paths import REPORTS_DIR
from etl.pipeline import run


@pytest.fixture(scope="module")
def data(warehouse_dir):
    return get_data(warehouse_dir)


def _filter_of(href: str) -> EvidenceFilter:
    parts = urlsplit(href)
    assert parts.path == "/evidence"
    return parse_evidence_filter(parse_qs(parts.query))


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"metric": "withdrawal_percent"},
        {"metric": "provincial_capitals_controlled", "from": "2021-08-01", "to": "2021-08-15"},
        {"status": "claimed", "q": "Taliban spokesman"},
        {"report": "4156b09e702b9d5d"},
        {"observation": "23d44ae5c3470a0d"},
    ],
    ids=["all", "metric", "range", "status-and-words", "report", "observation"],
)
def test_a_filter_reads_back_from_its_own_query(params):
    evidence = parse_evidence_filter(params)
    assert parse_evidence_filter(parse_qs(evidence.to_query())) == evidence
    assert parse_qs(evidence.to_query()) == {key: [value] for key, value in params.items()}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"metrc": "withdrawal_percent"}, "unknown filter 'metrc'"),
        ({"metric": "no_such_metric"}, "unknown metric"),
        ({"status": "rumoured"}, "'status' must be one of"),
        ({"report": "../../etc/passwd"}, "16 hex digits"),
        ({"observation": "23D44AE5C3470A0D"}, "16 hex digits"),
        ({"from": "2021-13-01"}, "must be a date"),
        ({"from": "2021-08-02", "to": "2021-08-01"}, "'from' is after 'to'"),
        ({"metric": ["withdrawal_percent", "districts_total"]}, "may be given once"),
        ({"q": "x" * 101}, "at most 100 characters"),
    ],
    ids=[
        "unknown-key",
        "metric",
        "status",
        "report",
        "observation",
        "date",
        "order",
        "twice",
        "long",
    ],
)
def test_bad_filters_are_refused_with_the_reason(params, message):
    with pytest.raises(BadRequest, match=message):
        parse_evidence_filter(params)


def test_rows_are_the_filtered_figures_oldest_first(data):
    everything = evidence_rows(data, EvidenceFilter())
    assert len(everything) == len(data.table("observations"))
    assert list(everything["as_of"]) == sorted(everything["as_of"])

    evidence = parse_evidence_filter(
        {"metric": "provincial_capitals_controlled", "from": "2021-08-10", "to": "2021-08-15"}
    )
    rows = evidence_rows(data, evidence)
    assert len(rows) > 1 and set(rows["metric"]) == {"provincial_capitals_controlled"}
    assert all(dt.date(2021, 8, 10) <= day <= dt.date(2021, 8, 15) for day in rows["as_of"])
    assert list(rows["as_of"]) == sorted(rows["as_of"])

    found = evidence_rows(data, EvidenceFilter(q="TALIBAN SPOKESMAN"))
    assert len(found) > 0
    assert all("taliban spokesman" in sentence.lower() for sentence in found["sentence"])


def test_the_csv_holds_the_grid_rows_with_codes_and_raw_numbers(data):
    evidence = EvidenceFilter(metric="districts_controlled_share")
    table = evidence_csv(data, evidence)
    assert list(table.columns) == CSV_COLUMNS
    assert list(table["observation_id"]) == list(evidence_rows(data, evidence)["observation_id"])
    assert table["value"].between(0, 1).all() and set(table["metric"]) == {evidence.metric}


def test_the_download_route_serves_the_filtered_rows_named_for_them(client, data):
    query = "metric=withdrawal_percent&from=2021-07-01&to=2021-08-31"
    response = client.get(f"/download/evidence.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    expected = evidence_rows(data, parse_evidence_filter(parse_qs(query)))
    rows = _csv_rows(response)
    assert [r["observation_id"] for r in rows] == list(expected["observation_id"])
    assert list(rows[0]) == CSV_COLUMNS
    disposition = response.headers["Content-Disposition"]
    version = data.data_version[:8]
    assert disposition == (
        f'attachment; filename="evidence_withdrawal_percent_2021-07-01_2021-08-31_v{version}.csv"'
    )
    marked = client.get(f"/download/evidence.csv?{query}&bom=1").get_data()
    assert marked == codecs.BOM_UTF8 + response.get_data()


@pytest.mark.parametrize(
    "query", ["metric=nope", "report=xyz", "from=2021-02-30", "path=/etc/passwd", "bom=2"]
)
def test_the_download_route_refuses_a_bad_filter(client, query):
    response = client.get(f"/download/evidence.csv?{query}")
    assert response.status_code == 400 and response.mimetype == "text/plain"


@pytest.mark.parametrize(
    ("evidence", "name"),
    [
        (EvidenceFilter(), "evidence_all_all_v1.csv"),
        (
            EvidenceFilter(metric="withdrawal_percent", date_from=dt.date(2021, 7, 1)),
            "evidence_withdrawal_percent_2021-07-01_end_v1.csv",
        ),
        (
            EvidenceFilter(status="claimed", report="4156b09e702b9d5d", q="a/b"),
            "evidence_claimed+report-4156b09e702b9d5d+search_all_v1.csv",
        ),
    ],
    ids=["all", "metric-from", "status-report-words"],
)
def test_file_names_say_what_the_rows_are(evidence, name):
    assert evidence_filename(evidence, "v1") == name


@pytest.fixture(scope="module")
def formula_client(tmp_path_factory):
    """A warehouse whose one report has a headline a spreadsheet would run as a formula."""
    root = tmp_path_factory.mktemp("formula")
    reports = root / "reports"
    reports.mkdir()
    shutil.copy(REPORTS_DIR / "000_ad8d6f1e452e3cac.txt", reports)
    (reports / "001_formula.txt").write_text(
        'date 2021-07-20 =HYPERLINK("http://example.invalid") Taliban take crossings\n\n'
        "The Taliban have taken control of four border crossings in the last week.\n",
        encoding="utf-8",
    )
    run(reports, root / "warehouse")
    return create_app(root / "warehouse").server.test_client()


def test_the_download_is_formula_safe_utf8(formula_client):
    response = formula_client.get("/download/evidence.csv?metric=border_crossings_seized")
    rows = _csv_rows(response)
    titles = {r["title"] for r in rows}
    assert '\'=HYPERLINK("http://example.invalid") Taliban take crossings' in titles
    assert not [r for r in rows for cell in r.values() if cell.startswith("=")]
    assert response.get_data().decode("utf-8")


def test_every_flag_links_to_figures_and_reports_that_hold_it(data):
    observations = data.table("observations_enriched")
    flags = flags_by_date(data)
    assert len(flags) > 0
    for flag in flags.to_dict("records"):
        links = flag_links(flag, observations)
        assert links, flag["message"]
        for link in links:
            rows = evidence_rows(data, _filter_of(link.href))
            assert len(rows) > 0, link
        figures = flag_figures(flag, observations)
        sentences = {
            _filter_of(link.href).observation for link in links if link.label.startswith("Sentence")
        }
        assert sentences == set(figures["observation_id"].head(6))
        reports = {
            _filter_of(link.href).report for link in links if link.label.startswith("Report")
        }
        assert set(figures["report_id"]) <= reports


def test_a_flag_of_one_day_links_to_that_days_figures(data):
    observations = data.table("observations_enriched")
    flags = flags_by_date(data)
    flag = flags[flags["check"] == "same_day_disagreement"].iloc[0].to_dict()
    figures = flag_figures(flag, observations)
    assert set(figures["metric"]) == {flag["metric"]} and set(figures["as_of"]) == {flag["date"]}
    every = [link for link in flag_links(flag, observations) if link.label.startswith("All")]
    assert len(every) == 1
    shown = evidence_rows(data, _filter_of(every[0].href))
    assert list(shown["observation_id"]) == list(figures["observation_id"])


def test_a_flag_inside_a_report_links_to_the_figure_its_words_overlap(data):
    observations = data.table("observations_enriched")
    figure = observations.iloc[0]
    flag = {
        "report_id": figure["report_id"],
        "start": int(figure["start"]) + 1,
        "end": int(figure["end"]) + 5,
        "metric": None,
        "date": None,
    }
    links = flag_links(flag, observations)
    assert links[0].href == f"/evidence?observation={figure['observation_id']}"
    assert f"/evidence?report={figure['report_id']}" in [link.href for link in links]
    assert not [link for link in links if link.label.startswith("All")]


def test_a_flag_with_nothing_to_point_at_has_no_links(data):
    observations = data.table("observations_enriched")
    assert flag_links({"report_id": None, "metric": None, "date": None}, observations) == []
    assert flag_links({"report_id": "not-an-id", "start": 0, "end": 1}, observations) == []


def test_flags_are_ordered_by_date(data):
    days = list(flags_by_date(data)["day"])
    assert None not in days and days == sorted(days)
