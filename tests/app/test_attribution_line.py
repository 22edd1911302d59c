"""The source line: the original sources of the rows a chart draws, named most frequent first."""

from __future__ import annotations

import pandas as pd

from app.attribution_line import (
    NO_SOURCES,
    named_sources,
    names_text,
    outlets_of,
    source_line,
)
from app.views import ROW_COLUMNS

VERSION = "0123456789ab"
URL = "http://127.0.0.1:8050/trends?metric=people_displaced&version=0123456789ab"


def _rows(pairs: list[tuple[str | None, str | None]]) -> pd.DataFrame:
    """One figure per (attribution, report source line), plus a reconciled point naming neither."""
    rows = [
        {"layer": "observation", "metric": "people_displaced", "attribution": a, "source": s}
        for a, s in pairs
    ]
    rows.append({"layer": "series", "metric": "people_displaced"})
    return pd.DataFrame(rows).reindex(columns=ROW_COLUMNS)


# Two attributions (UNHCR on three figures, US Central Command on one) and three outlets (Reuters
# behind three figures, AFP two, the Associated Press one), one figure attributed to no one.
TWO_ATTRIBUTIONS_THREE_OUTLETS = _rows(
    [
        ("UNHCR", "Facts as reported by Reuters and AFP, 13 July 2021"),
        ("UNHCR", "Facts as reported by Reuters and AFP, 13 August 2021"),
        ("UNHCR", "Facts as reported by Reuters, 20 August 2021"),
        ("US Central Command", "Regional newspaper reprint of an AP wire story, 9 July 2021"),
        (None, None),
    ]
)


def test_attributions_and_outlets_come_most_frequent_first():
    sources = named_sources(TWO_ATTRIBUTIONS_THREE_OUTLETS)
    assert sources.attributions == ("UNHCR", "US Central Command")
    assert sources.outlets == ("Reuters", "AFP", "Associated Press")


def test_the_line_names_them_in_that_order_with_the_version_and_the_link():
    line = source_line(TWO_ATTRIBUTIONS_THREE_OUTLETS, VERSION, URL)
    assert line == (
        "Sources: figures attributed to UNHCR and US Central Command; "
        "reported by Reuters, AFP and Associated Press · compiled by Offensive Metrics, "
        f"data version {VERSION} · {URL}"
    )


def test_same_rows_give_the_same_line_whatever_their_order():
    shuffled = TWO_ATTRIBUTIONS_THREE_OUTLETS.sample(frac=1, random_state=3)
    assert source_line(shuffled, VERSION, URL) == source_line(
        TWO_ATTRIBUTIONS_THREE_OUTLETS, VERSION, URL
    )


def test_ties_are_broken_alphabetically():
    rows = _rows([("UNAMA", "Reuters"), ("Tajik authorities", "AFP")])
    sources = named_sources(rows)
    assert sources.attributions == ("Tajik authorities", "UNAMA")
    assert sources.outlets == ("AFP", "Reuters")


def test_an_outlet_already_named_as_an_attribution_is_not_named_twice():
    rows = _rows([("US Central Command", "Facts as reported in US Central Command's update")])
    sources = named_sources(rows)
    assert sources.attributions == ("US Central Command",)
    assert sources.outlets == ()


def test_a_source_line_naming_no_known_outlet_stands_as_written():
    assert outlets_of("  Kabul   Weekly ") == ("Kabul Weekly",)
    assert outlets_of("Facts as reported by AP, Reuters and AFP, 8 August 2021") == (
        "Associated Press",
        "Reuters",
        "AFP",
    )


def test_long_lists_are_cut_with_how_many_more():
    names = tuple(f"Source {n}" for n in range(17))
    assert names_text(names) == "Source 0, Source 1, Source 2, Source 3, Source 4 and 12 more"
    assert names_text(("A",)) == "A"
    assert names_text(("A", "B")) == "A and B"


def test_rows_naming_no_one_say_so():
    line = source_line(_rows([(None, None)]), VERSION, URL)
    assert line.startswith(f"Sources: {NO_SOURCES} · ")
