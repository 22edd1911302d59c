"""Mentions -> observations: each number tied to the metric it counts, dated and attributed.

The catalog rules decide the metric; the date reader's expressions in the same sentence decide
`as_of` and `period_start` (the nearest one that is not in the future of the report); the
attribution module names who makes the claim. A share stated against a base in the same sentence
("nearly a third" of "421 districts") also yields the count it implies, and a count of a stated
whole yields the share, each with `derived_from` saying how.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter

from etl.attribution import attribute_in_context
from etl.catalog import Metric, load_metrics
from etl.dates import DateMention
from etl.ids import content_id
from etl.metric_rules import Rule, metrics_a_clause_may_hold, place_in, rules_by_kind
from etl.numbers import NumberMention

# Rules read the end of the text before a number; 160 characters hold any hedge and verb phrase.
_BEFORE_WINDOW = 110
_CLOSING_QUOTE = re.compile(r"^[\"”’»]")
_VAGUE_OF = re.compile(r"^\s+of\s+(?!them\b)", re.IGNORECASE)
_CLAUSE_BOUNDARY = re.compile(
    r";|,\s+(?:and|but|while|whereas|though|although)\s+|\s+and\s+that\s+|\s+but\s+|,\s+the\s+\w+\s+said,\s+"
)
# A relative clause ("..., who launched an offensive in May") has dates of its own: it bounds the
# clause a figure is dated by, though not the clause a rule reads.
_DATING_BOUNDARY = re.compile(
    _CLAUSE_BOUNDARY.pattern + r"|,\s+(?:who|which|when|after|before|as|where)\s+"
)
# A date beside a speech verb dates the statement, and so every figure of the sentence.
_SPEECH = (
    r"(?:said|says|told|announced|confirmed|reported|stated|added|estimated|tweeted|claimed"
    r"|claims|warned|insisted|wrote|posted|informed|(?:in|issued)\s+a\s+statement|told\s+reporters)"
)
_SPEECH_BEFORE_DATE = re.compile(rf"\b{_SPEECH}\s+(?:[\w-]+\s+){{0,2}}\Z", re.IGNORECASE)
_SPEECH_AFTER_DATE = re.compile(rf",?\s+(?:[\w.-]+\s+){{0,3}}{_SPEECH}\b", re.IGNORECASE)
# Running totals: what makes a dated count an increment (an event verb) or the total itself.
_OF_A_WHOLE = re.compile(
    r"\s+(?:of|out\s+of)\s+(?:the\s+|its\s+|all\s+)?(?:country\W?s\s+|Afghanistan\W?s\s+)?\d",
    re.IGNORECASE,
)
_STATE = re.compile(
    r"\b(?:control(?:s|led|ling)?|hold(?:s|ing)?|held|under|now|in\s+all|in\s+total|so\s+far|tally|total)\b",
    re.IGNORECASE,
)
_EVENT = re.compile(
    r"\b(?:seiz\w*|captur\w*|t(?:ook|aken|ake|akes|aking)|fell|fall(?:en|s|ing)?|overr\w+|gain\w*|won|swept|lost)\b",
    re.IGNORECASE,
)
_CONVERT = {("percent", "fraction"): 0.01, ("fraction", "percent"): 100.0}


@dataclass(frozen=True, slots=True)
class Sentence:
    no: int
    start: int
    end: int


def link_observations(
    text: str,
    report_id: str,
    published: dt.date,
    sentences: list[Sentence],
    mentions: list[tuple[NumberMention, int, str]],
    dates: list[DateMention],
    preset: dict[str, Rule] | None = None,
) -> list[dict]:
    """Observations of one report. `mentions` holds (mention, sentence number, mention_id);
    `preset` gives the rule of mentions whose metric is already known (implied figures)."""
    preset = preset or {}
    metrics = load_metrics()
    observations: list[dict] = []
    by_sentence: dict[int, list[dict]] = {}
    pending_derivations: list[tuple[dict, Rule, int]] = []
    speakers: dict = {}
    statements = _dated_statements(text, sentences, dates, published, speakers)
    seen: dict = {}
    dating: dict[int, list[tuple[DateMention, bool]]] = {}
    possible: dict[str, tuple[str, frozenset[str] | None]] = {}
    for mention, sentence_no, mention_id in mentions:
        if mention.value is None:
            continue
        sentence = sentences[sentence_no]
        sentence_text = text[sentence.start : sentence.end]
        clause = _clause(sentence_text, mention.start - sentence.start)
        known = possible.get(clause)
        if known is None:
            lowered = clause.lower()
            known = possible[clause] = (lowered, metrics_a_clause_may_hold(lowered))
        lowered, allowed = known
        rule = preset.get(mention_id)
        if rule is None:
            candidates = _candidates(mention.kind, allowed)
            if not candidates:
                continue
            before = text[max(sentence.start, mention.start - _BEFORE_WINDOW) : mention.start]
            # A closing quote after a figure ("“more than 90 per cent” of its withdrawal") is
            # not a word.
            after = _CLOSING_QUOTE.sub("", text[mention.end : sentence.end], count=1)
            if mention.qualifier == "vague":
                # "dozens of districts", "scores of soldiers": the counted noun follows "of".
                after = _VAGUE_OF.sub(" ", after, count=1)
            rule = next(
                (r for r in candidates if r.fits(before, after, clause, seen, lowered)), None
            )
        else:
            after = text[mention.end : sentence.end]
        if rule is None or mention.value is None:
            continue
        unit = metrics[rule.metric].unit
        factor = _CONVERT.get((mention.kind, unit), 1.0)
        if rule.scale == "denominator_value":
            factor = metrics[rule.metric].denominator_value * (
                0.01 if mention.kind == "percent" else 1.0
            )
        clause_start, clause_end = clause_span(
            sentence_text, mention.start - sentence.start, _DATING_BOUNDARY
        )
        if sentence_no not in dating:
            dating[sentence_no] = _dates_of_sentence(text, sentence, dates, published)
        as_of, period_start, dated_by = _dating(
            text,
            dating[sentence_no],
            (sentence.start + clause_start, sentence.start + clause_end),
            mention.start,
            published,
        )
        if rule.stock or metrics[rule.metric].quantity == "stock":
            # A level at a moment has no period: a month or a span in its sentence dates it.
            period_start = None
        if _increment_of_running_total(
            metrics[rule.metric], mention, period_start, dated_by, clause, after
        ):
            continue
        attribution = _speaker(text, sentences, sentence_no, speakers)
        undated = as_of is None
        if undated:
            # No date in the sentence: the day its speaker was last dated ("Milley said on
            # Wednesday that ... He said ..."), else the day a later sentence gives the same
            # speaker (a lead's "the general has said" before "Milley told reporters on
            # Wednesday"), else the report's day.
            said = [
                (no, day) for no, who, day in statements if attribution and who == attribution.name
            ]
            earlier = [day for no, day in said if no < sentence_no]
            as_of = earlier[-1] if earlier else said[0][1] if said else published
        row = {
            "observation_id": content_id(
                report_id, mention.start, mention.end, rule.id, rule.metric
            ),
            "metric": rule.metric,
            "value": _scale(mention.value, factor),
            "low": _scale(mention.low, factor),
            "high": _scale(mention.high, factor),
            "unit": unit,
            "qualifier": mention.qualifier,
            "as_of": as_of,
            "period_start": period_start,
            "attribution": attribution.name if attribution else None,
            "status": rule.status or (attribution.status if attribution else "reported"),
            "report_id": report_id,
            "published": published,
            "mention_id": mention_id,
            "rule": rule.id,
            "derived_from": None,
            "denominator": None,
            "sentence_no": sentence_no,
            "sentence": sentence_text,
            "start": mention.start,
            "end": mention.end,
            "surface": mention.surface,
            "scope": _scope(metrics[rule.metric], clause),
            # Not a column: the report's day stands in for a date the text did not give.
            "undated": undated and as_of == published,
            # Not a column either: whether the figure's own clause dates it (not its speaker).
            "own_date": dated_by is not None,
        }
        observations.append(row)
        by_sentence.setdefault(sentence_no, []).append(row)
        if rule.base:
            pending_derivations.append((row, rule, sentence_no))
    for row, rule, sentence_no in pending_derivations:
        base = _find_base(rule.base, by_sentence.get(sentence_no, []), observations)
        if base is None:
            continue
        row["denominator"] = base["value"]
        if rule.derive:
            observations.append(_derive(row, base, rule.derive, metrics[rule.derive].unit))
    for rows in by_sentence.values():
        observations.extend(_sum_of_forces(text, rows))
    return observations


def _sum_of_forces(text: str, rows: list[dict]) -> list[dict]:
    """'2,500 US troops and roughly 7,000 allied soldiers remain': two parts of one total. The
    parts keep their figures, each as its own force (scope), and the total is derived as their sum,
    so the parts never compete with the total as two readings of one number."""
    parts = []
    for row in rows:
        if row["metric"] != "foreign_troops_remaining" or row["derived_from"]:
            continue
        force = _FORCE.match(text, row["end"])
        if force:
            parts.append((row, "US forces" if force["us"] else "allied forces"))
    if len({force for _, force in parts}) != 2 or len(parts) != 2:
        return []
    for row, force in parts:
        row["scope"] = force
    first, second = (row for row, _ in parts)
    total = dict(first)
    bounds = [(r["low"], r["high"]) for r in (first, second)]
    total.update(
        observation_id=content_id(first["observation_id"], second["observation_id"], "sum"),
        value=first["value"] + second["value"],
        low=None if any(lo is None for lo, _ in bounds) else sum(lo for lo, _ in bounds),
        high=None if any(hi is None for _, hi in bounds) else sum(hi for _, hi in bounds),
        derived_from=f"sum of {first['surface']} and {second['surface']}",
        scope="national",
        qualifier=first["qualifier"] or second["qualifier"],
    )
    return [total]


@lru_cache(maxsize=512)
def _candidates(kind: str, allowed: frozenset[str] | None) -> tuple[Rule, ...]:
    """The rules of a mention's kind whose metric its clause may hold, in catalog order."""
    return tuple(r for r in rules_by_kind().get(kind, ()) if allowed is None or r.metric in allowed)


def _clause(sentence: str, offset: int) -> str:
    """The clause of a sentence that holds `offset`: a rule's action must be in the same clause."""
    start, end = clause_span(sentence, offset)
    return sentence[start:end]


def clause_span(
    sentence: str, offset: int, boundaries: re.Pattern = _CLAUSE_BOUNDARY
) -> tuple[int, int]:
    """(start, end) in `sentence` of the clause that holds `offset`."""
    starts, ends = _clause_cuts(sentence, boundaries)
    at = bisect.bisect_right(ends, offset - 1) if ends else 0
    # The clause runs from the end of the boundary before `offset` to the next boundary.
    return (starts[at - 1] if at else 0), (ends[at] if at < len(ends) else len(sentence))


@lru_cache(maxsize=4096)
def _clause_cuts(sentence: str, boundaries: re.Pattern) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where a sentence's clauses are cut: (end of each boundary, start of each boundary)."""
    found = list(boundaries.finditer(sentence))
    return tuple(b.end() for b in found), tuple(b.start() for b in found)


_START = attrgetter("start")


def _dates_of_sentence(
    text: str, sentence: Sentence, dates: list[DateMention], published: dt.date
) -> list[tuple[DateMention, bool]]:
    """The date expressions of a sentence that may date its figures, each with whether it dates
    the speaker ("said on Tuesday"): worked out once a sentence, not once a figure. A dateline,
    a date after the report, history and an old bare month or day date no figure."""
    at = bisect.bisect_left(dates, sentence.start, key=_START)
    end = bisect.bisect_left(dates, sentence.end, at, key=_START)
    return [
        (d, _dates_speaker(text, d))
        for d in dates[at:end]
        if d.date <= published
        and not _dateline(text, sentence.start, d, published)
        and (_counting_period(d) or (published - d.date).days <= _HISTORY_DAYS)
        and not (d.kind == "my" and not d.calendar and d.date.year < published.year)
        and not (
            d.kind in ("dm", "md")
            and not _YEAR_IN.search(d.surface)
            and (published - d.date).days > 183
        )
    ]


def _dating(
    text: str,
    in_sentence: list[tuple[DateMention, bool]],
    clause: tuple[int, int],
    offset: int,
    published: dt.date,
) -> tuple[dt.date | None, dt.date | None, DateMention | None]:
    """(as_of, period_start, the date expression used) of a figure: the nearest past date
    expression in its clause, unless it dates the speaker ("said on Tuesday"); else a date the
    sentence gives its speaker; else None (the caller looks further). A date in another clause ("when the
    pullout began in May, ...") dates something else. The expression is returned only when it
    dates the figure's own clause, not its speaker."""
    # "4,000 troops, down from 5,800 a few days ago": that date is the old figure's.
    kept = [
        (d, says)
        for d, says in in_sentence
        if not (d.start > offset and _FROM_FIGURE.search(text, offset, d.start))
    ]
    in_sentence = [d for d, _ in kept]
    speaker = [d for d, says in kept if says]
    own = [d for d, says in kept if clause[0] <= d.start < clause[1] and not says]
    if speaker:
        # "the toll from Thursday's bombing rose to 170, officials said on Saturday": a
        # possessive date names the event; the figure is the speaker's.
        own = [d for d in own if not _POSSESSIVE.search(d.surface)]
    candidates = own or [d for d in in_sentence if clause[0] <= d.start < clause[1]] or speaker
    if not candidates:
        return None, None, None
    nearest = min(candidates, key=lambda d: (abs(d.start - offset), d.start))
    # "tonight, Monday, August 30": of a chain of expressions, the calendar date is the precise one.
    chained = [
        d
        for d in candidates
        if d.calendar and d.precision == "day" and abs(d.start - nearest.end) <= 16
    ]
    if chained and not nearest.calendar:
        nearest = chained[0]
    period_start = (
        nearest.period_start
        if nearest.period_start and nearest.period_start <= nearest.date
        else None
    )
    if own and not _counting_period(nearest) and _SINCE.search(text[clause[0] : nearest.start]):
        # "since the withdrawal began on May 1": the date starts the figure's period.
        stated = _stated_day(speaker, offset, published)
        since = replace(
            nearest, kind="since", date=stated, period_start=period_start or nearest.date
        )
        return stated, since.period_start, since
    as_of = nearest.date
    if not own:
        # A date that dates the speaker ("late last month, Milley said") is a day, not a period.
        return as_of, None, None
    if period_start and _counting_period(nearest):
        # A count over a period is dated the day it was stated, never the period's end.
        as_of = max(_stated_day(speaker, offset, published), period_start)
    return as_of, period_start, nearest if own else None


def _scope(metric: Metric, clause: str) -> str:
    """'national', or the gazetteer place a count over a period is of ("40 killed in Kandahar"):
    tolls and displacement of one place are figures, but not comparable with the country's."""
    if metric.quantity != "period_count":
        return "national"
    found = place_in(clause)
    return found or "national"


def _sentence_of(sentences: list[Sentence], offset: int) -> int | None:
    at = bisect.bisect_right([s.start for s in sentences], offset) - 1
    return at if at >= 0 and offset < sentences[at].end else None


def _speaker(text: str, sentences: list[Sentence], no: int, speakers: dict):
    """Who makes the claims of sentence `no` (with the sentence before it as context), once."""
    if no not in speakers:
        sentence, previous = sentences[no], sentences[no - 1] if no > 0 else None
        speakers[no] = attribute_in_context(
            text[sentence.start : sentence.end],
            text[previous.start : previous.end] if previous else None,
        )
    return speakers[no]


def _dated_statements(
    text: str,
    sentences: list[Sentence],
    dates: list[DateMention],
    published: dt.date,
    speakers: dict,
) -> list[tuple[int, str, dt.date]]:
    """(sentence number, speaker, day) of every sentence whose speaker is dated ("Milley said
    on Wednesday"), in order: later sentences by the same speaker share that day."""
    found = []
    by_sentence: dict[int, list[DateMention]] = {}
    for date in dates:
        # Only "said on Wednesday": in "took a crossing on Wednesday, officials said" the day is
        # the event's, and later sentences need not share it.
        if date.date <= published and _SPEECH_BEFORE_DATE.search(
            text[max(0, date.start - 40) : date.start]
        ):
            no = _sentence_of(sentences, date.start)
            if no is not None:
                by_sentence.setdefault(no, []).append(date)
    for no in sorted(by_sentence):
        who = _speaker(text, sentences, no, speakers)
        if who:
            found.append((no, who.name, by_sentence[no][0].date))
    return found


def _stated_day(speaker: list[DateMention], offset: int, published: dt.date) -> dt.date:
    return min(speaker, key=lambda d: abs(d.start - offset)).date if speaker else published


def _dateline(text: str, sentence_start: int, date: DateMention, published: dt.date) -> bool:
    """'(UrduPoint News / Sputnik - 25th June, 2021)', 'Washington DC [US], May 18 (ANI):': the
    wire's dateline, not the figure's date."""
    if date.date != published or date.start - sentence_start >= 120:
        return False
    opened = text.rfind("(", sentence_start, date.start)
    inside = opened != -1 and text.rfind(")", sentence_start, date.start) < opened
    return inside or _DATELINE_AFTER.match(text, date.end) is not None


# Dates older than this are history ("since September 11, 2001" aside), not a figure's day; a bare
# month that would fall in an earlier year ("the September deadline" in May) is ambiguous.
_DATELINE_AFTER = re.compile(r"\s*(?:\([A-Z][\w\s/.&-]{1,30}\))?\s*[:—–]")
_YEAR_IN = re.compile(r"(?:19|20)\d\d")
_FORCE = re.compile(
    r"\s+(?:(?P<us>US|U\.S\.|American)|(?P<allied>NATO|allied|coalition|non-U\.?S\.?|other\s+NATO|"
    r"European|international|partner))\b",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"[\'’]s$")
_HISTORY_DAYS = 5 * 366
_FROM_FIGURE = re.compile(
    r"\b(?:(?:up|down)\s+from\b[^.;]{0,80}|(?:rising|falling|fell|rose)?\s*from\s+(?:a\s+peak\s+of\s+)?"
    r"(?:about\s+|around\s+)?\d[\d,.]*(?:\s+(?:million|thousand))?\s*(?:at|in|on|as\s+of)?\s*)\Z",
    re.IGNORECASE,
)
_SINCE = re.compile(
    r"\b(?:since|ever\s+since)\b(?:(?!\bbut\b)(?:[^;.]|(?<=[A-Z])\.)){0,100}\Z", re.IGNORECASE
)


_COUNTING_KINDS = ("span", "rel", "first_part", "year_start", "year_period", "since")


def _counting_period(date: DateMention) -> bool:
    """'in the last week', 'this year', 'since 1 May', 'the first half of 2021': a period a count
    runs over. A month ('in early June') or a span of days ('4-5 July') says when, not how long."""
    return date.kind in _COUNTING_KINDS or date.surface.lower().startswith(
        ("since", "from", "after")
    )


def _dates_speaker(text: str, date: DateMention) -> bool:
    """'said on Tuesday', 'told reporters on Monday', 'on Tuesday, officials said': the
    statement's day. A counting period before the verb ('in the last week, officials said') is
    the figure's; after it ('said last week') it is the speaker's."""
    if _SPEECH_BEFORE_DATE.search(text[max(0, date.start - 40) : date.start]):
        return not date.surface.lower().startswith(("since", "from", "after"))
    if _SINCE.search(text[max(0, date.start - 100) : date.start]):
        return False  # "since the withdrawal began on May 1, officials said"
    if _counting_period(date) and not (
        date.kind == "rel" and date.surface.lower().startswith("last")
    ):
        return False
    return bool(_SPEECH_AFTER_DATE.match(text, date.end))


def _increment_of_running_total(
    metric: Metric,
    mention: NumberMention,
    period_start: dt.date | None,
    dated_by: DateMention | None,
    clause: str,
    after: str,
) -> bool:
    """A count of a running total over a window that starts after the total does ("nine
    districts in the past week") or taken on one day of its own ("seized three capitals on
    Sunday") is an increment, not the total. An ordinal ("the ninth capital to fall"), a count of
    a stated whole ("100 of the 421") and a state ("held six capitals on Monday") are totals."""
    if metric.total_since is None or mention.kind == "ordinal" or dated_by is None:
        return False
    if period_start is not None and _counting_period(dated_by):
        # Writers round windows: "five capitals in the last three days", two days after the
        # first fell, is the total. A window of at least two days that starts within a fifth of
        # its length (two days at least) of the total's start counts as the total.
        days = (dated_by.date - period_start).days
        slack = dt.timedelta(days=max(2, days // 5))
        return days < 2 or period_start > metric.total_since + slack
    # A state word before the figure or right after it ("now hold", "are under Taliban control");
    # one further on belongs to another figure ("..., bringing the tally to 12").
    near = clause[: max(0, clause.find(mention.surface))] + after[:40]
    not_event = _OF_A_WHOLE.match(after) or _STATE.search(near) or not _EVENT.search(clause)
    return not not_event


def _find_base(metric: str, same_sentence: list[dict], report: list[dict]) -> dict | None:
    """The stated whole a share is of: in the same sentence, else the report's one stated value."""
    here = [row for row in same_sentence if row["metric"] == metric]
    if here:
        return here[0]
    values = {row["value"] for row in report if row["metric"] == metric}
    if len(values) == 1:
        return next(row for row in report if row["metric"] == metric)
    return None


def _derive(row: dict, base: dict, metric: str, unit: str) -> dict:
    """share x base -> count, or count / base -> share; bounds carried through, rounded sensibly."""
    share = row["unit"] in ("fraction", "percent")
    to_fraction = 0.01 if row["unit"] == "percent" else 1.0
    if share:
        value = row["value"] * to_fraction * base["value"]
        low = _mul(row["low"], to_fraction, base["low"])
        high = _mul(row["high"], to_fraction, base["high"])
        how = f"{row['metric']} x {base['metric']} ({base['value']:g})"
        digits = 1
    else:
        value = row["value"] / base["value"]
        low = row["low"] / base["high"] if row["low"] is not None and base["high"] else None
        high = row["high"] / base["low"] if row["high"] is not None and base["low"] else None
        how = f"{row['metric']} / {base['metric']} ({base['value']:g})"
        digits = 4
        if unit == "percent":
            value, low, high = (_scale(v, 100.0) for v in (value, low, high))
    derived = dict(row)
    derived.update(
        observation_id=content_id(row["observation_id"], "derived", metric),
        metric=metric,
        value=round(value, digits),
        low=None if low is None else round(low, digits),
        high=None if high is None else round(high, digits),
        unit=unit,
        derived_from=how,
        denominator=base["value"],
    )
    return derived


def _mul(a: float | None, factor: float, b: float | None) -> float | None:
    return None if a is None or b is None else a * factor * b


def _scale(value: float | None, factor: float) -> float | None:
    if value is None:
        return None
    return value if factor == 1.0 else round(value * factor, 6)
