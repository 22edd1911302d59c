"""How to cite a view: the sentence and the BibTeX entry, pure and byte-stable."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

from app.attribution_line import NamedSources
from app.citation import CitedView, bibtex, citation_text, view_url
from app.state import parse_chart_state

VIEW = CitedView(
    title="People displaced",
    date_from="2021-07-01",
    date_to="2021-08-31",
    data_version="0123456789ab",
    url="http://127.0.0.1:8050/trends?metric=people_displaced&version=0123456789ab",
    sources=NamedSources(("UNHCR", "UN OCHA"), ("Reuters",)),
    published=dt.date(2021, 9, 7),
    accessed=dt.date(2021, 9, 10),
)


def _fields(entry: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+)\s+= \{(.*)\},?$", entry, re.M))


def test_bibtex_holds_every_field_of_the_view():
    entry = bibtex(VIEW)
    assert entry.startswith("@misc{offensivemetrics_01234567_") and entry.endswith("}\n")
    fields = _fields(entry)
    assert fields == {
        "author": "{Offensive Metrics}",
        "title": "{People displaced, 2021-07-01 to 2021-08-31}",
        "year": "2021",
        "version": "0123456789ab",
        "howpublished": "Data set compiled from dated reports on the 2021 Taliban offensive in Afghanistan",
        "note": "Original sources: figures attributed to UNHCR and UN OCHA; reported by Reuters",
        "url": VIEW.url,
        "urldate": "2021-09-10",
    }
    assert entry.count("{") == entry.count("}")


def test_bibtex_escapes_what_latex_would_read_as_commands():
    entry = bibtex(replace(VIEW, title="Killed & wounded, 50% {est.}"))
    assert r"{{Killed \& wounded, 50\% \{est.\}, 2021-07-01 to 2021-08-31}}" in entry
    assert entry.count("{") - entry.count(r"\{") == entry.count("}") - entry.count(r"\}")


def test_the_citation_names_title_range_version_sources_link_and_access_date():
    assert citation_text(VIEW) == (
        "Offensive Metrics (2021). People displaced, 2021-07-01 to 2021-08-31 "
        "[data set, version 0123456789ab]. Compiled from dated reports on the 2021 Taliban "
        "offensive in Afghanistan; original sources: figures attributed to UNHCR and UN OCHA; "
        f"reported by Reuters. {VIEW.url} (accessed 2021-09-10)."
    )


def test_same_view_same_bytes_and_two_views_cite_apart():
    assert bibtex(VIEW) == bibtex(replace(VIEW))
    assert citation_text(VIEW) == citation_text(replace(VIEW))
    other = replace(VIEW, url=VIEW.url.replace("people_displaced", "civilians_killed"))
    assert bibtex(other).split(",")[0] != bibtex(VIEW).split(",")[0]


def test_the_cited_link_reopens_the_view_on_its_data_version():
    state = parse_chart_state(
        "trend", {"metric": ["people_displaced"], "from": "2021-07-01", "claims": "hide"}
    )
    url = view_url("http://example.org:8050/", state, "0123456789ab")
    address = urlsplit(url)
    assert (address.netloc, address.path) == ("example.org:8050", "/trends")
    reopened = parse_chart_state("trend", parse_qs(address.query))
    assert reopened == replace(state, version="0123456789ab")
    events = view_url("http://example.org", parse_chart_state("events", {}), "0123456789ab")
    assert events == "http://example.org/events?version=0123456789ab"
