"""The date reader: every date expression in a text, resolved against the report's date.

A news reader's conventions, not a calendar app's:
- A bare weekday ("on Tuesday", "Sunday's attack") is the most recent such day on or before the
  report date; "last Tuesday" the same unless that is the report day itself, then a week earlier;
  "next Tuesday" the first one after it.
- "in the last week", "over the past seven days": the period from 7 days before to the report date;
  "in the past month": 30 days. "this week" runs from its Monday; "earlier this month" from the 1st.
- "last week" and "last month" (no "in the"/"over the") are the previous calendar week or month.
- "yesterday", "today", "two days ago", "a week ago", "three months ago".
- "last weekend", "over the weekend": the most recent Saturday and Sunday on or before the date.
- Calendar dates ("6 July", "July 6th, 2021", "2021-07-06", "4-5 July"): without a year, the year
  that puts them on or before the report date, unless "by", "until" or "next" points forward.
- A month alone ("in June", "early July", "since May", "by August"): the month (or its first,
  middle or last third) as a period; "since" gives a period from that day to the report date.
- Expressions in the future of the report ("by August", "next week") are returned too; a figure
  dated in the future is a plan, and the caller decides.
Month, weekday and number words live in data/reference/date_words.csv; one regex built from them
at import time finds every expression ("May" only when capitalised: "may" is also a verb).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from etl.reference import read_table, trie_alternation
from etl.regex_first import first_char_test

DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    surface: str
    date: dt.date
    period_start: dt.date | None
    precision: str
    calendar: bool
    kind: str = ""


def _words(kind: str) -> dict[str, str]:
    return {
        row["word"]: row["value"] for row in read_table("date_words.csv") if row["kind"] == kind
    }


MONTHS = {word: int(value) for word, value in _words("month").items()}
WEEKDAYS = {word: int(value) for word, value in _words("weekday").items()}
NUMBERS = {word: int(value) for word, value in _words("number").items()}
UNITS = _words("unit")


def _capitalised(words) -> str:
    """Month names match capitalised or upper case only ('May', 'MAY', not the verb 'may')."""
    forms = sorted(
        {form for w in words for form in (w.capitalize(), w.upper())}, key=lambda w: -len(w)
    )
    return "(?-i:" + "|".join(forms) + r")\.?"


def _any(words) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: -len(w))
    )


_MONTH = _capitalised(MONTHS)
_WEEKDAY = _any(WEEKDAYS)
_NUM = rf"(?:\d{{1,3}}|{_any(NUMBERS)})"
_UNIT = _any(UNITS)
_ORD = r"(?:st|nd|rd|th)?"
_PERIOD_WORDS = r"(?:in|over|during|within|for)\s+the\s+(?:last|past|previous|preceding)"

# Words an expression can begin with: checked once at each word start, so the full alternation
# below runs only where a date can start (this keeps the reader at microseconds per report).
_FIRST_WORDS = trie_alternation(
    [
        *[
            "by",
            "until",
            "till",
            "before",
            "from",
            "since",
            "after",
            "in",
            "during",
            "early",
            "mid",
            "late",
            "the",
            "end",
            "start",
            "beginning",
            "over",
            "at",
        ],
        *[
            "within",
            "for",
            "last",
            "this",
            "next",
            "earlier",
            "later",
            "past",
            "on",
            "yesterday",
            "today",
            "tonight",
        ],
        *MONTHS,
        *WEEKDAYS,
        *(w.split()[0] for w in NUMBERS),
    ]
)

PATTERN = re.compile(
    rf"""
    \b(?=(?:{_FIRST_WORDS})\b|\d)
    (?:
    (?P<iso>\b(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)\b)
  | (?P<dm>\b(?:(?P<dm_dir>by|until|till|before|from|since|after)\s+)?(?P<dm_d>[0-3]?\d){_ORD}(?:\s*(?:-|–|to|and)\s*(?P<dm_d2>[0-3]?\d){_ORD})?(?:\s+of)?\s+(?P<dm_m>{_MONTH})(?:,?\s+(?P<dm_y>(?:19|20)\d\d)\b)?)
  | (?P<md>\b(?:(?P<md_dir>by|until|till|before|from|since|after)\s+)?(?P<md_m>{_MONTH})\s+(?P<md_d>[0-3]?\d){_ORD}(?![\d,.]\d|\d)(?:\s*(?:-|–)\s*(?P<md_d2>[0-3]?\d){_ORD})?(?:,?\s+(?P<md_y>(?:19|20)\d\d)\b)?)
  | (?P<my>\b(?:(?P<my_dir>by|until|till|before|since|in|during)\s+)?(?:(?P<my_part>early|mid|late|the\s+end\s+of|end\s+of|the\s+start\s+of|the\s+beginning\s+of|start\s+of|beginning\s+of|the\s+middle\s+of|middle\s+of)[\s-]+)?(?P<my_m>{_MONTH})(?:\s+(?P<my_y>(?:19|20)\d\d))?\b)
  | (?P<span>\b{_PERIOD_WORDS}\s+(?:(?P<span_n>{_NUM})\s+)?(?P<span_u>{_UNIT})\b)
  | (?P<ago>\b(?P<ago_n>{_NUM})\s+(?P<ago_u>{_UNIT})\s+ago\b)
  | (?P<rel>\b(?P<rel_w>last|this|next|earlier\s+this|later\s+this|past)\s+(?P<rel_u>week|month|year|weekend)\b)
  | (?P<weekend>\b(?:over|at|during)\s+the\s+weekend\b)
  | (?P<wd>\b(?:(?P<wd_dir>last|this|next|on|since|by|until)\s+)?(?P<wd_d>{_WEEKDAY})(?:'s|’s)?\b)
  | (?P<year_start>\b(?:since|from)\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year\b)
  | (?P<day>\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|this\s+morning|this\s+evening|this\s+afternoon)\b)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Periods named by a year ("the first half of 2021", "at the end of 2020", "in 2020 alone"), tried
# only near a year or the word "year", so the main pattern stays short at every other word.
YEAR_PATTERN = re.compile(
    rf"""
    \b(?:
    (?P<first_part>\b(?:(?:in|during|over|for)\s+)?the\s+first\s+(?:(?P<fp_half>half)|(?P<fp_quarter>quarter)|(?P<fp_n>{_NUM})\s+months)\s+of\s+(?:(?P<fp_y>(?:19|20)\d\d)\b|(?:this|the)\s+year\b))
  | (?P<year_end>\b(?:at|by|until)\s+the\s+end\s+of\s+(?:(?P<ye_y>(?:19|20)\d\d)\b|(?P<ye_last>last)\s+year\b))
  | (?P<year_period>\b(?:in|during|throughout|for|over)\s+(?:the\s+(?:whole\s+|entire\s+)?(?:year\s+(?:of\s+)?)?)?(?P<yp_y>(?:19|20)\d\d)\b(?:\s+alone)?(?![-/]\d))
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FORWARD = {"by", "until", "till", "before", "next"}


def find_dates(text: str, reference: dt.date) -> list[DateMention]:
    """Every date expression in `text`, resolved against `reference`, sorted and non-overlapping."""
    found = []
    for match in _matches(text):
        resolved = _resolve(match, reference)
        if resolved is not None:
            date, period_start, precision, is_calendar = resolved
            found.append(
                DateMention(
                    match.start(),
                    match.end(),
                    match.group(),
                    date,
                    period_start,
                    precision,
                    is_calendar,
                    match.lastgroup or "",
                )
            )
    return found


# Every expression holds one of these anchors: a month or weekday name, a relative word or unit,
# or an ISO date. The full regex runs only from the few word starts just before an anchor.
_ANCHOR_WORDS = frozenset(
    [
        *WEEKDAYS,
        *UNITS,
        "yesterday",
        "today",
        "tonight",
        "ago",
        "weekend",
        "morning",
        "evening",
        "afternoon",
        "year",
    ]
)
_MONTH_NAME = re.compile(_MONTH + r"(?![a-z])")
_ISO_START = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")
# A year is an anchor only after the words that make it a period or a day ("in 2020", "end of 2020").
# The literal first (its look-behind after it) lets the regex engine scan for "19"/"20" in C.
_YEAR = re.compile(r"(?:19|20)(?<![\d,.]19|[\d,.]20)\d\d(?!\d)(?!,\d)")
_YEAR_LEAD = re.compile(
    r"\b(?:in|during|throughout|for|over|of)\s+(?:the\s+(?:whole\s+|entire\s+)?(?:year\s+(?:of\s+)?)?)?\Z",
    re.IGNORECASE,
)
_PREFIX_CHARS = 40
# Most word starts near an anchor ("the", "reached") begin no expression: a set lookup skips them.
_PATTERN_STARTS = first_char_test(PATTERN)
_YEAR_PATTERN_STARTS = first_char_test(YEAR_PATTERN)
# The word starts worth trying at all: an ASCII character either pattern may begin with, or any
# other character (tested in full).
_TRIED_FIRST = "".join(
    re.escape(c)
    for c in map(chr, range(128))
    if c.isalnum() and (_PATTERN_STARTS(c) or _YEAR_PATTERN_STARTS(c))
)
_TRIED_START = re.compile(rf"\b(?=[{_TRIED_FIRST}]|[^\x00-\x7f])\w")


def _anchors(text: str) -> tuple[list[int], set[int]]:
    """Anchor positions, and those of them where a year-named period may end (a year, 'year')."""
    lowered = text.lower()
    positions = [m.start() for m in _MONTH_NAME.finditer(text)]
    positions += [m.start() for m in _ISO_START.finditer(text)]
    years = {
        m.start()
        for m in _YEAR.finditer(text)
        if _YEAR_LEAD.search(text, max(0, m.start() - 40), m.start())
    }
    positions += years
    # str.find per anchor word is cheaper than splitting the text into words.
    for word in _ANCHOR_WORDS:
        start = lowered.find(word)
        while start != -1:
            end = start + len(word)
            if (start == 0 or not lowered[start - 1].isalpha()) and (
                end == len(lowered) or not lowered[end].isalpha()
            ):
                positions.append(start)
                if word == "year":
                    years.add(start)
            start = lowered.find(word, end)
    return sorted(set(positions)), years


def _matches(text: str) -> list[re.Match]:
    """What PATTERN.finditer would find, trying only word starts within reach of an anchor."""
    matches: list[re.Match] = []
    covered = 0
    anchors, years = _anchors(text)
    for anchor in anchors:
        if anchor < covered:
            continue
        window = max(covered, anchor - _PREFIX_CHARS)
        for start in _TRIED_START.finditer(text, window, anchor + 1):
            at = start.start()
            first = text[at]
            match = (
                anchor in years and _YEAR_PATTERN_STARTS(first) and YEAR_PATTERN.match(text, at)
            ) or (_PATTERN_STARTS(first) and PATTERN.match(text, at))
            if match and match.end() > anchor:
                matches.append(match)
                covered = match.end()
                break
    return matches


def _resolve(m: re.Match, ref: dt.date) -> tuple[dt.date, dt.date | None, str, bool] | None:
    try:
        kind = m.lastgroup
        if kind == "iso":
            return dt.date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])), None, "day", True
        if kind in ("dm", "md"):
            return _day_month(m, kind, ref)
        if kind == "my":
            return _month(m, ref)
        if kind == "span":
            n = _number(m["span_n"]) if m["span_n"] else 1
            start = _shift(ref, m["span_u"], -n)
            precision = (
                "week" if _unit(m["span_u"]) in ("hour", "day", "week", "fortnight") else "month"
            )
            return ref, start, precision, False
        if kind == "ago":
            date = _shift(ref, m["ago_u"], -_number(m["ago_n"]))
            return date, None, "day" if _unit(m["ago_u"]) == "day" else "week", False
        if kind == "rel":
            return _relative(m["rel_w"].lower().split()[0], m["rel_u"].lower(), ref)
        if kind == "first_part":
            year = int(m["fp_y"]) if m["fp_y"] else ref.year
            months = 6 if m["fp_half"] else 3 if m["fp_quarter"] else _number(m["fp_n"])
            end = _shift(dt.date(year, 1, 1), "months", months) - DAY
            return min(end, ref), dt.date(year, 1, 1), "month", bool(m["fp_y"])
        if kind == "year_end":
            year = int(m["ye_y"]) if m["ye_y"] else ref.year - 1
            return dt.date(year, 12, 31), None, "month", bool(m["ye_y"])
        if kind == "year_period":
            year = int(m["yp_y"])
            return min(dt.date(year, 12, 31), ref), dt.date(year, 1, 1), "month", True
        if kind == "year_start":
            return ref, ref.replace(month=1, day=1), "month", False
        if kind == "weekend":
            return _weekend(ref)
        if kind == "wd":
            return _weekday(WEEKDAYS[m["wd_d"].lower()], (m["wd_dir"] or "").lower(), ref)
        if kind == "day":
            word = m.group().lower()
            offset = 2 if "before" in word else 1 if word == "yesterday" else 0
            return ref - offset * DAY, None, "day", False
    except (ValueError, OverflowError):
        return None
    return None


def _day_month(m: re.Match, kind: str, ref: dt.date):
    month = MONTHS[m[f"{kind}_m"].rstrip(".").lower()]
    day = int(m[f"{kind}_d"])
    second = int(m[f"{kind}_d2"]) if m[f"{kind}_d2"] else None
    direction = (m[f"{kind}_dir"] or "").lower()
    year = int(m[f"{kind}_y"]) if m[f"{kind}_y"] else _infer_year(month, day, direction, ref)
    first = dt.date(year, month, day)
    if second and second > day:
        return dt.date(year, month, second), first, "day", True
    if direction in ("since", "from", "after"):
        return (ref, first, "day", True) if first <= ref else (first, None, "day", True)
    return first, None, "day", True


def _month(m: re.Match, ref: dt.date):
    month = MONTHS[m["my_m"].rstrip(".").lower()]
    direction = (m["my_dir"] or "").lower()
    year = int(m["my_y"]) if m["my_y"] else _infer_year(month, 1, direction, ref)
    last_day = calendar.monthrange(year, month)[1]
    part = re.sub(r"\s+", " ", (m["my_part"] or "").lower()).removeprefix("the ")
    first, last = {
        "early": (1, 10),
        "start of": (1, 10),
        "beginning of": (1, 10),
        "mid": (11, 20),
        "middle of": (11, 20),
        "late": (21, last_day),
        "end of": (last_day - 6, last_day),
    }.get(part, (1, last_day))
    start, end = dt.date(year, month, first), dt.date(year, month, last)
    if direction == "since":
        # "since May 2000" before May 2000 is no period: the day itself.
        return (
            (ref, start, "month", bool(m["my_y"]))
            if start <= ref
            else (start, None, "month", bool(m["my_y"]))
        )
    if direction in _FORWARD:
        return end, start, "month", bool(m["my_y"])
    if part:
        # "early July", "mid-August": the middle of that third of the month, not its last day.
        end = start + (end - start) // 2
    return min(end, ref) if start <= ref else end, start, "month", bool(m["my_y"])


def _infer_year(month: int, day: int, direction: str, ref: dt.date) -> int:
    """The year that puts the day on or before the report date, unless the wording points forward."""
    if direction in _FORWARD:
        return (
            ref.year if (month, day) >= (ref.month, ref.day) or month >= ref.month else ref.year + 1
        )
    return ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1


def _relative(word: str, unit: str, ref: dt.date):
    monday = ref - ref.weekday() * DAY
    if unit == "weekend":
        if word == "next":
            saturday = ref + ((5 - ref.weekday()) % 7 or 7) * DAY
            return saturday + DAY, saturday, "week", False
        return _weekend(ref)
    if unit == "week":
        if word == "last":
            return monday - DAY, monday - 7 * DAY, "week", False
        if word == "next":
            return monday + 13 * DAY, monday + 7 * DAY, "week", False
        if word == "past":
            return ref, ref - 7 * DAY, "week", False
        return ref, monday, "week", False
    if unit == "month":
        first = ref.replace(day=1)
        if word == "last":
            end = first - DAY
            return end, end.replace(day=1), "month", False
        if word == "next":
            start = (first + 32 * DAY).replace(day=1)
            return (
                start.replace(day=calendar.monthrange(start.year, start.month)[1]),
                start,
                "month",
                False,
            )
        if word == "past":
            return ref, ref - 30 * DAY, "month", False
        return ref, first, "month", False
    first = ref.replace(month=1, day=1)
    if word == "last":
        return dt.date(ref.year - 1, 12, 31), dt.date(ref.year - 1, 1, 1), "month", False
    if word == "next":
        return dt.date(ref.year + 1, 12, 31), dt.date(ref.year + 1, 1, 1), "month", False
    if word == "past":
        return ref, ref - 365 * DAY, "month", False
    return ref, first, "month", False


def _weekend(ref: dt.date):
    sunday = ref - ((ref.weekday() - 6) % 7) * DAY
    if sunday > ref:
        sunday -= 7 * DAY
    saturday = sunday - DAY
    if ref.weekday() == 5:
        saturday, sunday = ref, ref
    return sunday, saturday, "week", False


def _weekday(target: int, direction: str, ref: dt.date):
    back = (ref.weekday() - target) % 7
    if direction == "next" or (direction in ("by", "until") and back != 0):
        ahead = (target - ref.weekday()) % 7 or 7
        return ref + ahead * DAY, None, "day", False
    if direction == "last" and back == 0:
        back = 7
    day = ref - back * DAY
    if direction == "since":
        return ref, day, "day", False
    return day, None, "day", False


def _number(word: str) -> int:
    word = re.sub(r"\s+", " ", word.lower())
    return int(word) if word.isdigit() else NUMBERS[word]


def _unit(word: str) -> str:
    return UNITS[word.lower()]


def _shift(ref: dt.date, unit_word: str, n: int) -> dt.date:
    unit = _unit(unit_word)
    if unit == "hour":
        days = -(-abs(n) // 24)
        return ref + (days if n > 0 else -days) * DAY
    if unit == "day":
        return ref + n * DAY
    if unit == "week":
        return ref + 7 * n * DAY
    if unit == "fortnight":
        return ref + 14 * n * DAY
    if unit == "decade":
        return _shift(ref, "years", 10 * n)
    if unit == "month":
        month_index = ref.year * 12 + ref.month - 1 + n
        year, month = divmod(month_index, 12)
        return dt.date(year, month + 1, min(ref.day, calendar.monthrange(year, month + 1)[1]))
    return (
        ref.replace(year=ref.year + n)
        if not (ref.month == 2 and ref.day == 29)
        else dt.date(ref.year + n, 2, 28)
    )
