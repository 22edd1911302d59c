"""Sentence boundaries in a normalised text, so each figure can be shown with its sentence.

A full stop ends a sentence unless the word before it is a known abbreviation (the list is data:
data/reference/sentence_abbreviations.txt) or a single initial; a line break always ends one.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from etl.reference import read_lines

_ABBREVIATIONS = frozenset(word.lower() for word in read_lines("sentence_abbreviations.txt"))
# Starts with a character set so the regex engine can skip ahead to candidate characters.
_BOUNDARY = re.compile(
    r"""[.!?\n](?:(?<=\n)\n*|(?<=[.!?])[.!?]*["'”’)\]]*[ \t]+(?=["'“‘(\[]?[A-Z0-9]))"""
)
_WORD_BEFORE = re.compile(r"([\w.]+)\Z")


def split_sentences(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every sentence in text[start:], white space trimmed; offsets index `text`."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for boundary in _BOUNDARY.finditer(text, start):
        if boundary.group()[0] == "." and _is_abbreviation(text, boundary.start()):
            continue
        end = boundary.start() + len(boundary.group().rstrip())
        _append_trimmed(spans, text, cursor, end)
        cursor = boundary.end()
    _append_trimmed(spans, text, cursor, len(text))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not word:
        return False
    token = word.group(1)
    return token.lower() in _ABBREVIATIONS or (len(token) == 1 and token.isupper())


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_index(
    spans: list[tuple[int, int]], offset: int, starts: list[int] | None = None
) -> int:
    """The number of the sentence holding `offset` (the nearest one before it, between sentences).
    `starts` (the spans' starts) may be given to spare rebuilding it on every call."""
    return max(0, bisect_right(starts if starts is not None else [s for s, _ in spans], offset) - 1)
