"""Embed code: a live embed names no version and no end date (unless kept), a pinned one keeps
both; the iframe's src is escaped for its attribute and reads back as the same state."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from app.share import (
    DEFAULT_HEIGHT,
    LIVE,
    PINNED,
    RESIZE_SCRIPT,
    data_path,
    embed_path,
    embed_snippet,
    embed_state,
    full_view_path,
)
from app.state import parse_chart_state

VERSION = "0123456789ab"
ORIGIN = "https://briefings.example.org"
TREND = parse_chart_state(
    "trend",
    {
        "metric": ["districts_controlled_share", "provincial_capitals_controlled"],
        "from": "2021-06-01",
        "to": "2021-08-15",
        "claims": "hide",
    },
)


class _Tags(HTMLParser):
    """The snippet's elements, attributes and script text, as a browser's parser reads them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.script = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.tags and self.tags[-1][0] == "script":
            self.script += data


def _parse(snippet: str) -> _Tags:
    tags = _Tags()
    tags.feed(snippet)
    return tags


def _query(src: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(src).query)


def _src(state) -> str:
    snippet = embed_snippet(ORIGIN + embed_path(state), "a chart")
    return dict(_parse(snippet).tags)["iframe"]["src"]


def test_a_live_embed_names_no_version_and_no_end_date_but_keeps_its_start():
    query = _query(_src(embed_state(TREND, VERSION, LIVE, keep_end=False)))
    assert "version" not in query and "to" not in query
    assert query["from"] == ["2021-06-01"]
    assert query["metric"] == ["districts_controlled_share", "provincial_capitals_controlled"]
    assert query["claims"] == ["hide"]


def test_a_live_embed_that_keeps_its_end_date_keeps_it_and_still_names_no_version():
    query = _query(_src(embed_state(TREND, VERSION, LIVE, keep_end=True)))
    assert query["to"] == ["2021-08-15"] and "version" not in query


def test_a_pinned_embed_keeps_the_data_version_and_both_dates():
    query = _query(_src(embed_state(TREND, VERSION, PINNED, keep_end=False)))
    assert query["version"] == [VERSION]
    assert query["from"] == ["2021-06-01"] and query["to"] == ["2021-08-15"]


def test_a_live_embed_of_a_pinned_view_follows_new_data():
    pinned_view = embed_state(TREND, VERSION, PINNED, keep_end=False)
    live = embed_state(pinned_view, VERSION, LIVE, keep_end=False)
    assert live.version is None and live.date_to is None


@pytest.mark.parametrize("mode", [LIVE, PINNED])
@pytest.mark.parametrize("keep_end", [False, True])
def test_the_src_reads_back_as_the_embedded_state(mode, keep_end):
    state = embed_state(TREND, VERSION, mode, keep_end)
    src = _src(state)
    assert urlsplit(src).path == "/embed/trend"
    assert parse_chart_state("trend", _query(src)) == state


def test_the_snippet_is_one_full_width_iframe_with_a_default_height_and_the_resize_script():
    snippet = embed_snippet(ORIGIN + embed_path(TREND), "Offensive Metrics: districts")
    tags = _parse(snippet)
    assert [tag for tag, _ in tags.tags] == ["iframe", "script"]
    iframe = tags.tags[0][1]
    assert iframe["style"] == "width:100%;border:0"
    assert iframe["height"] == str(DEFAULT_HEIGHT)
    assert iframe["title"] == "Offensive Metrics: districts"
    assert "e.source===f.contentWindow" in tags.script
    assert "offensive-metrics-embed" in tags.script
    assert snippet.endswith(RESIZE_SCRIPT)


def test_src_and_title_are_escaped_so_nothing_breaks_out_of_their_attributes():
    hostile_src = 'https://x.example/"><script>alert(1)</script>/embed/trend?a=1&b=2'
    hostile_title = 'a" onload="alert(2)" \'<b>'
    snippet = embed_snippet(hostile_src, hostile_title)
    tags = _parse(snippet)
    assert [tag for tag, _ in tags.tags] == ["iframe", "script"]
    iframe = tags.tags[0][1]
    assert iframe["src"] == hostile_src and iframe["title"] == hostile_title
    assert "onload" not in iframe
    assert tags.script == RESIZE_SCRIPT.removeprefix("<script>").removesuffix("</script>")
    assert "&amp;b=2" in snippet and "<script>alert" not in snippet


def test_full_view_and_data_links_carry_the_same_state():
    assert full_view_path(TREND) == "/trends?" + TREND.to_query()
    assert data_path(TREND) == "/download/trend.csv?" + TREND.to_query()
    events = parse_chart_state("events", {"kind": "capital_fallen", "from": "2021-08-01"})
    assert full_view_path(events) == "/events?kind=capital_fallen&from=2021-08-01"
    assert data_path(events) == "/download/events.csv?kind=capital_fallen&from=2021-08-01"
    assert embed_path(events) == "/embed/events?kind=capital_fallen&from=2021-08-01"


def test_an_empty_state_gives_paths_without_a_dangling_question_mark():
    events = parse_chart_state("events", {})
    assert full_view_path(events) == "/events" and embed_path(events) == "/embed/events"
    assert embed_state(events, VERSION, LIVE, keep_end=False).date_to is None
    assert embed_state(TREND, VERSION, LIVE, keep_end=False).date_from == dt.date(2021, 6, 1)
