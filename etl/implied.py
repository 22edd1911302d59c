"""Figures stated without a numeral, from data/reference/implied_figures.toml.

"The US has completed its withdrawal" says withdrawal is 100 percent; "about halfway done" says 50.
Each match becomes a number mention like any other (with its hedge, if one stands right before
it) and names its metric itself, so the linker dates and attributes it as it does digits.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from etl.catalog import CatalogError, load_metrics
from etl.numbers import HEDGES, NumberMention
from etl.paths import REFERENCE_DIR
from etl.reference import trie_alternation

_HEDGE_BEFORE = re.compile(rf"(?<![\w])(?P<hedge>{trie_alternation(sorted(HEDGES))})\s+\Z", re.I)


@dataclass(frozen=True, slots=True)
class ImpliedFigure:
    id: str
    metric: str
    kind: str
    value: float
    pattern: re.Pattern
    sentence: re.Pattern | None
    not_before: re.Pattern | None
    not_sentence: re.Pattern | None
    hedged: bool
    keywords: tuple[str, ...]


@cache
def load_implied(path: Path = REFERENCE_DIR / "implied_figures.toml") -> tuple[ImpliedFigure, ...]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    fragments = raw.get("patterns", {})
    metrics = load_metrics()
    entries = []
    for spec in raw.get("implied", []):
        if spec["metric"] not in metrics:
            raise CatalogError(
                f"{path}: entry {spec.get('id')!r} names metric {spec['metric']!r}, which is not "
                "in metrics.toml; add it there or fix the entry"
            )

        def compiled(key: str, spec=spec) -> re.Pattern | None:
            pattern = spec.get(key)
            if pattern is None:
                return None
            for _ in range(3):
                pattern = re.sub(
                    r"\{(\w+)\}",
                    lambda m: f"(?:{fragments[m[1]]})" if m[1] in fragments else m[0],
                    pattern,
                )
            try:
                return re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                raise CatalogError(f"{path}: entry {spec['id']!r}: bad regex: {error}") from None

        entries.append(
            ImpliedFigure(
                id=spec["id"],
                metric=spec["metric"],
                kind=spec["kind"],
                value=float(spec["value"]),
                pattern=compiled("pattern"),
                sentence=compiled("sentence"),
                not_before=compiled("not_before"),
                not_sentence=compiled("not_sentence"),
                hedged=bool(spec.get("hedged", False)),
                keywords=_keywords(spec, path),
            )
        )
    return tuple(entries)


def _keywords(spec: dict, path: Path) -> tuple[str, ...]:
    words = tuple(word.lower() for word in spec.get("keywords", ()))
    if not words:
        raise CatalogError(
            f"{path}: entry {spec.get('id')!r} needs keywords (words every match holds), "
            "so the reader looks only at the sentences that hold one"
        )
    return words


def find_implied(
    text: str, locate, taken: list[tuple[int, int]], sentence_of
) -> list[tuple[NumberMention, ImpliedFigure]]:
    """Implied figures in `text`. `locate(offset)` gives (sentence start, sentence end, clause
    start, clause end) around an offset, `sentence_of(offset)` just the sentence's; phrases overlapping a number already read (`taken`
    spans) are left to that number. `sentence` tests the sentence, the others the clause. An
    entry's pattern runs only over sentences that hold one of its keywords."""
    found = []
    lowered = text.lower()
    for entry in load_implied():
        for sentence_start, sentence_end in _sentences_with(lowered, entry.keywords, sentence_of):
            for match in entry.pattern.finditer(text, sentence_start, sentence_end):
                start, end = match.span()
                if any(s < end and start < e for s, e in taken):
                    continue
                _, _, clause_start, clause_end = locate(start)
                clause = text[clause_start:clause_end]
                before = text[clause_start:start]
                if entry.sentence and not entry.sentence.search(text, sentence_start, sentence_end):
                    continue
                if entry.not_sentence and entry.not_sentence.search(clause):
                    continue
                if entry.not_before and entry.not_before.search(before):
                    continue
                found.append((_mention(text, entry, start, end, before), entry))
                taken = [*taken, (start, end)]
    return sorted(found, key=lambda pair: pair[0].start)


def _sentences_with(lowered: str, keywords: tuple[str, ...], sentence_of) -> list[tuple[int, int]]:
    """(start, end) of every sentence holding a keyword, each once, in order."""
    spans = set()
    for word in keywords:
        at = lowered.find(word)
        while at != -1:
            sentence_start, sentence_end = sentence_of(at)
            spans.add((sentence_start, sentence_end))
            at = lowered.find(word, max(sentence_end, at + 1))
    return sorted(spans)


def _mention(text: str, entry: ImpliedFigure, start: int, end: int, before: str) -> NumberMention:
    low = high = entry.value
    qualifier = None
    hedge = _HEDGE_BEFORE.search(before) if entry.hedged else None
    if hedge:
        spec = HEDGES[" ".join(hedge["hedge"].lower().split())]
        start -= len(before) - hedge.start()
        qualifier = spec.qualifier
        low = None if spec.low_factor is None else round(entry.value * spec.low_factor, 6)
        high = None if spec.high_factor is None else round(entry.value * spec.high_factor, 6)
    unit = "percent" if entry.kind == "percent" else None
    return NumberMention(
        start, end, text[start:end], entry.value, low, high, qualifier, entry.kind, unit
    )
