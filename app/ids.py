"""Component ids, named once."""

import json

TREND_GRAPH = "trend-graph"
TREND_METRICS = "trend-metrics"
TREND_RANGE = "trend-range"
TREND_OPTIONS = "trend-options"
TREND_URL = "trend-url"
TREND_EVIDENCE = "trend-evidence"
TREND_STATS = "trend-stats"
TREND_LINKS = "trend-links"
TREND_TABS = "trend-tabs"
TREND_TABLE = "trend-table"
TREND_SLIDER = "trend-slider"
TREND_PLAY = "trend-play"
TREND_TIMER = "trend-timer"
EVENTS_TIMELINE = "events-timeline"
EVENTS_MAP = "events-map"
EVENTS_KINDS = "events-kinds"
EVENTS_RANGE = "events-range"
EVENTS_URL = "events-url"
EVENTS_LINKS = "events-links"
EVENTS_TABS = "events-tabs"
EVENTS_TABLE = "events-table"
EVIDENCE_GRID = "evidence-grid"
EVIDENCE_URL = "evidence-url"
EVIDENCE_METRIC = "evidence-metric"
EVIDENCE_STATUS = "evidence-status"
EVIDENCE_RANGE = "evidence-range"
EVIDENCE_SEARCH = "evidence-search"
EVIDENCE_COUNT = "evidence-count"
EVIDENCE_CSV_LINKS = "evidence-csv-links"
EVIDENCE_CSV_LINK = "evidence-csv-link"
EVIDENCE_FIGURES_TAB = "evidence-figures-tab"
FLAGS_LIST = "flags-list"
NAV_TOGGLER = "nav-toggler"
NAV_COLLAPSE = "nav-collapse"
SHELL_LOCATION = "shell-location"
QUARANTINE_GRID = "quarantine-grid"
# The Share dialog's parts, one set per chart page: ids are share(part, chart) dicts.
SHARE_OPEN = "share-open"
SHARE_MODAL = "share-modal"
SHARE_LINK = "share-link"
SHARE_LINK_COPY = "share-link-copy"
SHARE_MODE = "share-mode"
SHARE_KEEP_END = "share-keep-end"
SHARE_SNIPPET = "share-snippet"
SHARE_SNIPPET_COPY = "share-snippet-copy"
SHARE_PREVIEW = "share-preview"


def share(part: str, chart: str) -> dict:
    """A Share dialog part's id: the part, and the chart whose page holds it."""
    return {"type": part, "chart": chart}


def dom_id(component_id: dict) -> str:
    """The id a dict id gets in the page (Dash's JSON with sorted keys), for a label's htmlFor."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


TREND_SOURCES = "trend-sources"
TREND_CITE_TEXT = "trend-cite-text"
TREND_CITE_BIBTEX = "trend-cite-bibtex"
TREND_ABOUT = "trend-about"
EVENTS_SOURCES = "events-sources"
EVENTS_CITE_TEXT = "events-cite-text"
EVENTS_CITE_BIBTEX = "events-cite-bibtex"
EVENTS_ABOUT = "events-about"
