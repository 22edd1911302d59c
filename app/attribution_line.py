"""The source line: who the points a chart draws come from, named.

A chart's figures are attributed to someone (US Central Command, UNHCR) and were reported by an
outlet, the report's `source` line ("Facts as reported by AP, Reuters and AFP ..."), whose known
actors (data/reference/actors.csv) are its outlets; a source line naming none stands as written.
Names are listed most frequent first among the rows (ties alphabetically), so the same rows always
give the same line; pages, embeds, exports and the data package all take their line from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from etl.attribution import actors_named

NAMES_SHOWN = 5
NO_SOURCES = "no original source named in the reports behind this view"


@dataclass(frozen=True)
class NamedSources:
    attributions: tuple[str, ...]
    outlets: tuple[str, ...]


def outlets_of(source: str) -> tuple[str, ...]:
    """The outlets a report's source line names, or the line itself when it names no known one."""
    source = " ".join(source.split())
    return actors_named(source) or (source,)


def named_sources(rows: pd.DataFrame) -> NamedSources:
    """Distinct attributions and outlets of the rows, most frequent first; an outlet that is
    already named as an attribution is not named twice."""
    attributions = _ranked(Counter(_present(rows["attribution"])))
    outlets: Counter[str] = Counter()
    for source, n in Counter(_present(rows["source"])).items():
        for outlet in outlets_of(source):
            outlets[outlet] += n
    named = set(attributions)
    return NamedSources(attributions, tuple(o for o in _ranked(outlets) if o not in named))


def names_text(names: tuple[str, ...], shown: int = NAMES_SHOWN) -> str:
    """'A, B and C'; past `shown` names, 'A, B, C, D, E and 12 more'."""
    if len(names) > shown:
        return ", ".join(names[:shown]) + f" and {len(names) - shown} more"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return "".join(names)


def sources_text(sources: NamedSources) -> str:
    """'figures attributed to A and B; reported by C, D and E', or that none is named."""
    parts = []
    if sources.attributions:
        parts.append("figures attributed to " + names_text(sources.attributions))
    if sources.outlets:
        parts.append("reported by " + names_text(sources.outlets))
    return "; ".join(parts) or NO_SOURCES


def source_credit(rows: pd.DataFrame, data_version: str) -> str:
    """The source line without its link, for a page that shows the link as a link."""
    return (
        f"Sources: {sources_text(named_sources(rows))} · compiled by Offensive Metrics, "
        f"data version {data_version}"
    )


def source_line(rows: pd.DataFrame, data_version: str, view_url: str) -> str:
    """The line every chart carries: its original sources, the data version and a link back."""
    return f"{source_credit(rows, data_version)} · {view_url}"


def _present(column: pd.Series) -> list[str]:
    return [str(v).strip() for v in column.dropna() if str(v).strip()]


def _ranked(counts: Counter[str]) -> tuple[str, ...]:
    return tuple(sorted(counts, key=lambda name: (-counts[name], name.casefold(), name)))
