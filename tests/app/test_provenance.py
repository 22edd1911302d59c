"""The panels under a chart: About this data in plain text, the source line with its link."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from app.data import get_data
from app.provenance import about_event_kinds, about_metrics, view_provenance
from app.state import parse_chart_state
from etl.catalog import load_metrics
from etl.events import load_event_kinds


def _texts(component) -> list[str]:
    """Every string in a component tree, and never a Markdown component (text is never markup)."""
    if isinstance(component, str):
        return [component]
    assert not isinstance(component, dcc.Markdown)
    if isinstance(component, list | tuple):
        return [t for child in component for t in _texts(child)]
    children = getattr(component, "children", None)
    return [] if children is None else _texts(children)


def _facts(entry) -> dict[str, str]:
    terms = entry.children[1].children
    return {terms[i].children: terms[i + 1].children for i in range(0, len(terms), 2)}


def test_about_a_metric_gives_its_definition_unit_quantity_and_whole():
    metrics = load_metrics()
    entries = about_metrics(metrics, ("districts_controlled_share", "withdrawal_percent"))
    share = entries[0]
    assert share.children[0].children == "Share of districts under Taliban control"
    assert _facts(share) == {
        "Definition": metrics["districts_controlled_share"].description,
        "Unit": "a share of a whole (stored from 0 to 1, shown as a percentage)",
        "Kind of quantity": "running total: how many have fallen so far; it grows as places "
        "fall, counted from 2021-05-01",
        "Of": "Districts in the country",
    }
    assert _facts(entries[1])["Kind of quantity"] == "stock: a level at one moment"
    assert entries[-1].children.href == "/method"


def test_about_events_explains_every_kind_when_none_is_chosen():
    kinds = load_event_kinds()
    entries = about_event_kinds(kinds, (), load_metrics())
    assert [e.children[0].children for e in entries[:-1]] == [k.label for k in kinds.values()]
    fallen = _facts(entries[list(kinds).index("capital_fallen")])
    assert fallen["Definition"].startswith("A provincial capital a report names as taken")
    assert fallen["Counts toward"] == "each adds one to Provincial capitals taken by the Taliban"
    chosen = about_event_kinds(kinds, ("crossing_retaken",), load_metrics())
    assert "takes one off Border crossings seized" in _facts(chosen[0])["Counts toward"]


def test_a_pages_source_line_links_to_the_view_on_its_site_and_version(warehouse_dir):
    data = get_data(warehouse_dir)
    state = parse_chart_state("trend", {"metric": ["withdrawal_percent"], "events": "hide"})
    href = "https://briefing.example/trends?metric=withdrawal_percent&events=hide"
    line, text, entry = view_provenance(data, state, href, dt.date(2021, 9, 10))
    link = line.children[-1]
    assert isinstance(link, html.A) and link.href.startswith(
        "https://briefing.example/trends?metric=withdrawal_percent"
    )
    assert link.href.endswith(f"version={data.data_version}")
    assert "".join(_texts(line)).startswith("Sources: figures attributed to US Central Command")
    assert text.endswith("(accessed 2021-09-10).") and "urldate      = {2021-09-10}" in entry
