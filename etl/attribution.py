"""Who makes the claim: the actor behind a sentence's figures, from data/reference/actors.csv.

A sentence is attributed when it holds a speech or claim cue ("said", "according to", "announced")
and a known actor; the actor nearest the cue wins. Actors marked `claimed` are parties speaking of
their own gains, whose figures are kept apart from independent ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.reference import read_table

_CUE = re.compile(
    r"\b(?:according\s+to|said|says|say|announced|announces|confirmed|confirms|claimed|claims|claim|"
    r"stated|states|told|tells|reported|reports|estimated|estimates|tweeted|wrote|posted|added|"
    r"declared|insisted|noted|briefed|warned|counted|tallied)\b",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"\b(?P<who>(?:(?:local|provincial|security|government|military|Afghan|US|Western|senior|border|"
    r"district|health|UN|aid)\s+)*(?:officials|sources|residents|witnesses|lawmakers|elders|diplomats))\s+"
    r"(?:said|say|told|reported|confirmed|estimated)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Attribution:
    name: str
    status: str


@cache
def _actors() -> tuple[tuple[re.Pattern, Attribution], ...]:
    return tuple(
        (re.compile(row["pattern"], re.IGNORECASE), Attribution(row["name"], row["status"]))
        for row in read_table("actors.csv")
    )


def attribute(sentence: str) -> Attribution | None:
    """The actor a sentence attributes its figures to, or None when it attributes nothing."""
    cues = [cue.start() for cue in _CUE.finditer(sentence)]
    if not cues:
        return None
    best: tuple[int, Attribution] | None = None
    for pattern, actor in _actors():
        for found in pattern.finditer(sentence):
            distance = min(abs(found.start() - cue) for cue in cues)
            if best is None or distance < best[0]:
                best = (distance, actor)
    if best is not None:
        return best[1]
    generic = _GENERIC.search(sentence)
    if generic:
        return Attribution(re.sub(r"\s+", " ", generic["who"]).lower(), "reported")
    return None
