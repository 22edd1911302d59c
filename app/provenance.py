"""Where a chart's data comes from, under the chart: the source line, "How to cite" with copy
buttons, and "About this data" (each metric's or event kind's definition, unit, kind of quantity
and the method). Plain text components only: names and definitions are never read as HTML.

The panels are native <details> elements, so they open and close without a callback.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from dash import dcc, html

from app.attribution_line import named_sources, source_credit
from app.citation import bibtex, citation_text, cited_view
from app.data import WarehouseData
from app.state import ChartState
from app.views import chart_rows
from etl.catalog import Metric
from etl.events import EventKind

UNIT_WORDS = {
    "count": "a count",
    "fraction": "a share of a whole (stored from 0 to 1, shown as a percentage)",
    "percent": "a percentage (0 to 100)",
}
QUANTITY_WORDS = {
    "running_total": "running total: how many have fallen so far; it grows as places fall",
    "stock": "stock: a level at one moment",
    "period_count": "count over a period: how many in a stated period (since a date, in a month)",
}
PLACE_WORDS = {"crossings": "border crossing", "capitals": "provincial capital"}
METHOD_LINK = "How figures are read, dated and reconciled"


def view_provenance(
    data: WarehouseData, state: ChartState, href: str | None, accessed: dt.date
) -> tuple[html.P, str, str]:
    """A page's source line (its link reopens the view on this data version), citation text and
    BibTeX, for the rows the chart draws; `href` is the page's address, which gives the site."""
    rows = chart_rows(data, state)
    address = urlsplit(href or "")
    site = f"{address.scheme}://{address.netloc}" if address.netloc else ""
    cited = cited_view(data, state, named_sources(rows), site, accessed)
    credit = source_credit(rows, data.data_version)
    line = source_paragraph(credit, cited.url, "Link to this view of this data version")
    return line, citation_text(cited), bibtex(cited)


def source_paragraph(credit: str, url: str, link_text: str, **link_props) -> html.P:
    """The source line as text, its link back to the view as a link."""
    return html.P(
        [credit, " · ", html.A(link_text, href=url, **link_props)], className="source-line small"
    )


def cite_panel(text_id: str, bibtex_id: str) -> html.Details:
    """How to cite the view; the page's callback fills the text and the BibTeX."""
    return html.Details(
        [
            html.Summary("How to cite"),
            html.Div(
                [
                    html.P(id=text_id, className="citation-text"),
                    _copy(text_id, "Copy citation"),
                    html.H3("BibTeX", className="h6 mt-2"),
                    html.Pre(id=bibtex_id, className="citation-bibtex"),
                    _copy(bibtex_id, "Copy BibTeX"),
                ],
                className="provenance-body",
            ),
        ],
        className="provenance-panel",
    )


def about_panel(about_id: str) -> html.Details:
    return html.Details(
        [html.Summary("About this data"), html.Div(id=about_id, className="provenance-body")],
        className="provenance-panel",
    )


def about_metrics(metrics: dict[str, Metric], chosen: tuple[str, ...]) -> list:
    """Each chosen metric's definition, unit, kind of quantity and whole, then the method."""
    items = []
    for metric_id in chosen:
        metric = metrics[metric_id]
        quantity = QUANTITY_WORDS[metric.quantity]
        if metric.quantity == "running_total" and metric.total_since:
            quantity += f", counted from {metric.total_since.isoformat()}"
        facts = [
            ("Definition", metric.description),
            ("Unit", UNIT_WORDS[metric.unit]),
            ("Kind of quantity", quantity),
        ]
        if metric.denominator:
            facts.append(("Of", metrics[metric.denominator].label))
        elif metric.denominator_value:
            facts.append(("Of", f"{metric.denominator_value:,.0f}"))
        items.append(_entry(metric.label, facts))
    return [*items, _method_link()]


def about_event_kinds(
    kinds: dict[str, EventKind], chosen: tuple[str, ...], metrics: dict[str, Metric]
) -> list:
    """Each event kind shown (all when none is chosen): what counts as one and what it counts."""
    items = []
    for kind in [kinds[k] for k in chosen] or list(kinds.values()):
        place = PLACE_WORDS.get(kind.places, kind.places)
        action = "taken by the Taliban" if kind.effect > 0 else "taken back from the Taliban"
        facts = [
            (
                "Definition",
                f"A {place} a report names as {action}, on the day it is first reported; "
                "each place counts once.",
            ),
            ("Unit", f"events, one per {place}"),
        ]
        if kind.metric in metrics:
            change = "adds one to" if kind.effect > 0 else "takes one off"
            facts.append(("Counts toward", f"each {change} {metrics[kind.metric].label}"))
        items.append(_entry(kind.label, facts))
    return [*items, _method_link()]


def _entry(label: str, facts: list[tuple[str, str]]) -> html.Div:
    return html.Div(
        [
            html.H3(label, className="h6 mb-1"),
            html.Dl(
                [part for term, value in facts for part in (html.Dt(term), html.Dd(value))],
                className="about-facts",
            ),
        ],
        className="about-entry",
    )


def _method_link() -> html.P:
    return html.P(html.A(METHOD_LINK, href="/method"), className="small mb-0")


def _copy(target_id: str, label: str) -> dcc.Clipboard:
    return dcc.Clipboard(
        target_id=target_id,
        children=label,
        copied_children="Copied",
        title=label,
        className="btn btn-outline-secondary btn-sm copy-button",
    )
