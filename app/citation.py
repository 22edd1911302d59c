"""How to cite a view: a sentence and a BibTeX entry naming the view's title, range, data version,
original sources and a link that reopens it on that version.

Pure: the access date is passed in (a page passes today; an export or the data package passes the
data version's publication day), so the same view of the same version always cites the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace

from app.attribution_line import NamedSources, sources_text
from app.data import WarehouseData
from app.state import ChartState
from etl.events import load_event_kinds

PUBLISHER = "Offensive Metrics"
DATASET = "dated reports on the 2021 Taliban offensive in Afghanistan"
PAGES = {"trend": "/trends", "events": "/events"}
EVENTS_TITLE = "Border crossings seized and provincial capitals fallen"
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
_BIBTEX_WORDS = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


@dataclass(frozen=True)
class CitedView:
    title: str
    date_from: str
    date_to: str
    data_version: str
    url: str
    sources: NamedSources
    published: dt.date
    accessed: dt.date


def view_title(data: WarehouseData, state: ChartState) -> str:
    """What the chart shows: its metrics' labels, or its event kinds."""
    if state.chart == "trend":
        return " · ".join(data.metrics[m].label for m in state.metrics)
    if not state.kinds:
        return EVENTS_TITLE
    kinds = load_event_kinds()
    return "Events: " + ", ".join(kinds[k].label for k in state.kinds)


def view_url(site: str, state: ChartState, data_version: str) -> str:
    """The page that reopens this view on this data version."""
    pinned = replace(state, version=data_version)
    return f"{site.rstrip('/')}{PAGES[state.chart]}?{pinned.to_query()}"


def cited_view(
    data: WarehouseData,
    state: ChartState,
    sources: NamedSources,
    site: str,
    accessed: dt.date,
) -> CitedView:
    first, last = data.date_range()
    return CitedView(
        title=view_title(data, state),
        date_from=str(state.date_from or first),
        date_to=str(state.date_to or last),
        data_version=data.data_version,
        url=view_url(site, state, data.data_version),
        sources=sources,
        published=data.published_on,
        accessed=accessed,
    )


def citation_text(view: CitedView) -> str:
    return (
        f"{PUBLISHER} ({view.published.year}). {view.title}, {view.date_from} to {view.date_to} "
        f"[data set, version {view.data_version}]. Compiled from {DATASET}; original sources: "
        f"{sources_text(view.sources)}. {view.url} (accessed {view.accessed.isoformat()})."
    )


def bibtex(view: CitedView) -> str:
    """A @misc entry; its key names the version and the view, so two views cite apart."""
    view_hash = hashlib.sha256(view.url.encode()).hexdigest()[:6]
    fields = [
        ("author", f"{{{PUBLISHER}}}"),
        ("title", f"{{{_bibtex_escape(f'{view.title}, {view.date_from} to {view.date_to}')}}}"),
        ("year", str(view.published.year)),
        ("version", view.data_version),
        ("howpublished", _bibtex_escape(f"Data set compiled from {DATASET}")),
        ("note", _bibtex_escape(f"Original sources: {sources_text(view.sources)}")),
        ("url", view.url),
        ("urldate", view.accessed.isoformat()),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@misc{{offensivemetrics_{view.data_version[:8]}_{view_hash},\n{body}\n}}\n"


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_WORDS.get(m[1], "\\" + m[1]), text)
