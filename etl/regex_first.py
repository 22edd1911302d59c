"""The characters a regex match can begin with, worked out from the compiled pattern's parse.

A reader that tries a big pattern at many places (the date reader tries each word start near an
anchor) can skip the places whose first character no match begins with, for the price of a set
lookup instead of a call into the regex engine. The answer is exact for what it admits: it may
admit a character no match begins with, never the other way round.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Callable

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_CATEGORIES: dict = {
    sre.CATEGORY_DIGIT: str.isdigit,
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
}


class _Anything(Exception):
    """Raised when a match may begin with any character."""


def first_char_test(pattern: re.Pattern) -> Callable[[str], bool]:
    """A test of one character: False only where no match of `pattern` can begin with it."""
    chars: set[str] = set()
    tests: list[Callable[[str], bool]] = []
    try:
        nullable = _first(sre_parse.parse(pattern.pattern, pattern.flags), chars, tests)
    except _Anything:
        return lambda _char: True
    if nullable:
        return lambda _char: True
    if pattern.flags & re.I:
        # "ſ" matches "s" without IGNORECASE's help from lower(): test both cases.
        folded = frozenset({c.lower() for c in chars} | {c.upper() for c in chars})

        def slow(char: str) -> bool:
            return (
                char.lower() in folded
                or char.upper() in folded
                or any(test(char) for test in tests)
            )
    else:
        exact = frozenset(chars)

        def slow(char: str) -> bool:
            return char in exact or any(test(char) for test in tests)

    # One set lookup for the ASCII characters nearly every text is made of.
    ascii_yes = frozenset(c for c in map(chr, range(128)) if slow(c))
    return lambda char: char in ascii_yes if char < "\x80" else slow(char)


def _first(sequence, chars: set[str], tests: list) -> bool:
    """Add the first characters of `sequence`; True when it can match the empty string."""
    for op, argument in sequence:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            chars.add(chr(argument))
            return False
        if op is sre.IN:
            _first_of_set(argument, chars, tests)
            return False
        if op is sre.SUBPATTERN:
            if not _first(argument[3], chars, tests):
                return False
            continue
        if op is sre.BRANCH:
            if not any([_first(branch, chars, tests) for branch in argument[1]]):
                return False
            continue
        if op in _REPEATS:
            low, _, body = argument
            if not _first(body, chars, tests) and low > 0:
                return False
            continue
        raise _Anything
    return True


def _first_of_set(items, chars: set[str], tests: list) -> None:
    for op, argument in items:
        if op is sre.LITERAL:
            chars.add(chr(argument))
        elif op is sre.RANGE and argument[1] - argument[0] <= 512:
            chars.update(chr(c) for c in range(argument[0], argument[1] + 1))
        elif op is sre.CATEGORY and argument in _CATEGORIES:
            tests.append(_CATEGORIES[argument])
        else:
            raise _Anything
