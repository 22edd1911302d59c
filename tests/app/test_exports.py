"""Exports of the bundled warehouse name the original sources behind their points and say how to
cite them; the same view of the same version exports the same bytes."""

from __future__ import annotations

import html
import re
import struct
import zlib

import pytest

from app.attribution_line import named_sources
from app.data import get_data
from app.exports import render_chart
from app.state import parse_chart_state
from app.views import chart_rows

SITE = "http://analysts.example:8050"
# The withdrawal's figures come from US Central Command's updates; without the events layer its
# points name few enough sources that the line names every one of them.
WITHDRAWAL = {"metric": ["withdrawal_percent"], "events": "hide"}


@pytest.fixture(scope="module")
def withdrawal(warehouse_dir):
    data = get_data(warehouse_dir)
    state = parse_chart_state("trend", WITHDRAWAL)
    return data, state, named_sources(chart_rows(data, state))


def _svg_text(svg: bytes) -> str:
    """What the SVG's text elements say, line by line (plotly draws each line as a tspan)."""
    runs = re.findall(r"<(?:text|tspan)[^>]*>([^<]+)<", svg.decode())
    return "\n".join(html.unescape(run) for run in runs)


def _png_text(png: bytes) -> dict[str, str]:
    chunks, at = {}, 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        body = png[at + 8 : at + 8 + length]
        if kind == b"tEXt":
            key, value = body.split(b"\0", 1)
            chunks[key.decode("latin-1")] = value.decode("latin-1")
        assert struct.unpack(">I", png[at + 8 + length : at + 12 + length])[0] == (
            zlib.crc32(kind + body) & 0xFFFFFFFF
        )
        at += 12 + length
    return chunks


def test_the_withdrawal_view_is_attributed_to_us_central_command_first(withdrawal):
    _data, _state, sources = withdrawal
    assert sources.attributions[0] == "US Central Command"
    assert len(sources.attributions) + len(sources.outlets) <= 10


def test_svg_export_text_names_the_sources_version_and_link(withdrawal):
    data, state, sources = withdrawal
    text = _svg_text(render_chart("trend", "svg", data, state, SITE))
    for name in sources.attributions + sources.outlets:
        assert name in text
    assert f"data version {data.data_version}" in text
    assert f"{SITE}/trends?metric=withdrawal_percent" in text
    assert f"version={data.data_version}" in text


def test_html_export_names_the_sources_and_says_how_to_cite(withdrawal):
    data, state, sources = withdrawal
    page = render_chart("trend", "html", data, state, SITE).decode()
    footer = html.unescape(page[page.index('<footer class="export-credits">') :])
    for name in sources.attributions + sources.outlets:
        assert name in footer
    assert "How to cite" in footer and "US withdrawal complete, " in footer
    assert "@misc{offensivemetrics_" in footer and "urldate" in footer
    assert f"(accessed {data.published_on.isoformat()})" in footer


def test_png_export_carries_the_source_line_and_the_citation(withdrawal):
    data, state, _sources = withdrawal
    chunks = _png_text(render_chart("trend", "png", data, state, SITE))
    assert chunks["Source"].startswith("Sources: figures attributed to US Central Command")
    assert f"data version {data.data_version}" in chunks["Source"]
    assert chunks["Citation"].startswith("Offensive Metrics (")
    assert chunks["Title"] == "US withdrawal complete"


def test_events_export_names_the_sources_of_its_events(warehouse_dir):
    data = get_data(warehouse_dir)
    state = parse_chart_state("events", {"kind": ["capital_fallen"]})
    first = named_sources(chart_rows(data, state))
    text = _svg_text(render_chart("events", "svg", data, state, SITE))
    assert first.attributions[0] in text and first.outlets[0] in text
    assert f"{SITE}/events?kind=capital_fallen" in text


@pytest.mark.parametrize("fmt", ["svg", "html", "png"])
def test_same_view_same_version_same_bytes(withdrawal, fmt):
    data, state, _sources = withdrawal
    assert render_chart("trend", fmt, data, state, SITE) == render_chart(
        "trend", fmt, data, state, SITE
    )
