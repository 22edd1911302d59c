"""Who makes the claim: the actor behind a sentence's figures, from data/reference/actors.csv.

A sentence is attributed when it holds a speech or claim cue ("said", "according to", "announced")
and a known actor; the actor nearest the cue wins. An actor's pattern is only tried when one of its
keywords occurs in the sentence, which keeps attribution cheap on long sentences. Actors marked `claimed` are parties speaking of
their own gains, whose figures are kept apart from independent ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from etl.reference import read_table, trie_alternation

_CUES = (
    "according to said says say announced announces confirmed confirms claimed claims claim stated "
    "told tells reported reports estimated estimates tweeted wrote posted added declared "
    "insisted noted briefed warned counted tallied"
)
_CUE = re.compile(
    rf"\b(?:{trie_alternation(['according to', *_CUES.split()[2:]])})\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z]+")
_GENERIC = re.compile(
    r"\b(?P<who>(?:(?:local|provincial|security|government|military|Afghan|US|Western|senior|border|"
    r"district|health|UN|aid)\s+)*(?:officials|sources|residents|witnesses|lawmakers|elders|diplomats|analysts|observers|agencies|groups))\s+"
    r"(?:said|say|told|reported|confirmed|estimated)\b"
    r"|\baccording\s+to\s+(?P<who2>(?:(?:local|provincial|security|government|military|Afghan|US|senior|aid)\s+)*"
    r"(?:officials|sources|residents|witnesses|agencies))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Attribution:
    name: str
    status: str


@cache
def _actors() -> tuple[tuple[frozenset[str], re.Pattern, Attribution], ...]:
    """Each actor's pattern, with the words one of which must occur for the pattern to be tried."""
    return tuple(
        (
            frozenset(row["keywords"].lower().split()),
            re.compile(row["pattern"], re.IGNORECASE),
            Attribution(row["name"], row["status"]),
        )
        for row in read_table("actors.csv")
    )


_ANAPHORA = re.compile(
    r"\b(?:(?:its|their|the|a)\s+spokes(?:man|woman|person)|(?:he|she|they|it)\s+(?:said|says|added|told|claimed)"
    r"|the\s+(?:ministry|command|agency|mission|group)\s+(?:said|says|added|told|claimed))\b",
    re.IGNORECASE,
)


def attribute_in_context(sentence: str, previous: str | None) -> Attribution | None:
    """Like `attribute`, but "Its spokesman said ..." takes the actor of the sentence before."""
    found = attribute(sentence)
    if found is None and previous and _ANAPHORA.search(sentence):
        return attribute(previous)
    return found


@lru_cache(maxsize=4096)
def attribute(sentence: str) -> Attribution | None:
    """The actor a sentence attributes its figures to, or None when it attributes nothing."""
    cues = [cue.start() for cue in _CUE.finditer(sentence)]
    if not cues:
        return None
    words = frozenset(_WORDS.findall(sentence.lower()))
    best: tuple[int, int, Attribution] | None = None
    for keywords, pattern, actor in _actors():
        if keywords.isdisjoint(words):
            continue
        for found in pattern.finditer(sentence):
            distance = min(abs(found.start() - cue) for cue in cues)
            if best is None or (distance, found.start()) < best[:2]:
                best = (distance, found.start(), actor)
    if best is not None:
        return best[2]
    generic = _GENERIC.search(sentence)
    if generic:
        who = re.sub(r"\s+", " ", generic["who"] or generic["who2"])
        return Attribution(who[0].lower() + who[1:] if who[1:2].islower() else who, "reported")
    return None


@lru_cache(maxsize=4096)
def actors_named(text: str) -> tuple[str, ...]:
    """Every known actor a text names, in the order it names them: a report's source line
    ("Facts as reported by AP, Reuters and AFP, 8 August 2021") gives its outlets by their
    catalog names (Associated Press, Reuters, AFP)."""
    found: dict[str, int] = {}
    for _keywords, pattern, actor in _actors():
        match = pattern.search(text)
        if match and match.start() < found.get(actor.name, len(text) + 1):
            found[actor.name] = match.start()
    return tuple(sorted(found, key=lambda name: (found[name], name)))
