"""The per-report work: one file in, its rows of every table out.

This is the unit the executors spread over cores or a Dask cluster; it is pure (bytes in, rows
out) so the same report gives the same rows wherever it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.attribution import attribute
from etl.catalog import load_metrics
from etl.dates import find_dates
from etl.events import find_events
from etl.ids import content_id
from etl.implied import find_implied
from etl.ingest import Report, ReportRejected, parse_report
from etl.metric_rules import preset_rule
from etl.numbers import read_numbers
from etl.observations import Sentence, clause_span, link_observations
from etl.quality import conversion_flags
from etl.sentences import sentence_index, split_sentences


@dataclass(slots=True)
class Extracted:
    report: Report
    mentions: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rejected:
    path: str
    check: str
    reason: str
    line: int | None


def extract_file(path: Path, root: Path | None = None) -> Extracted | Rejected:
    """Read, parse and extract one report file; a file that is not a report comes back Rejected."""
    name = path.relative_to(root).as_posix() if root else path.name
    try:
        report = parse_report(path.read_bytes(), name)
    except ReportRejected as rejection:
        return Rejected(name, rejection.check, str(rejection), rejection.line)
    except OSError as error:
        return Rejected(name, "readable", f"{name}: cannot be read: {error.strerror}", None)
    return extract_report(report)


def extract_report(report: Report) -> Extracted:
    """Mentions, observations, events and quality flags of one parsed report: its headline and
    its body (a stored page's first line often holds its opening paragraph). A headline figure
    that the body restates is the body's; one the body does not state is kept."""
    text = report.text
    body = split_sentences(text, report.body_start)
    title_end = report.title_start + len(report.title)
    headline = [
        (report.title_start + start, report.title_start + end)
        for start, end in split_sentences(report.title)
    ]
    spans = headline + body
    starts = [start for start, _ in spans]

    def read(start: int) -> bool:
        return report.title_start <= start < title_end or start >= report.body_start

    dates = [d for d in find_dates(text, report.published) if read(d.start)]
    numbers = [m for m in read_numbers(text, dates) if read(m.start)]
    flags, flagged = conversion_flags(text, report.report_id, numbers)

    def sentence_of(offset: int) -> tuple[int, int]:
        return spans[sentence_index(spans, offset, starts)]

    def locate(offset: int) -> tuple[int, int, int, int]:
        start, end = sentence_of(offset)
        clause_start, clause_end = clause_span(text[start:end], offset - start)
        return start, end, start + clause_start, start + clause_end

    implied = [
        (m, entry)
        for m, entry in find_implied(text, locate, [(m.start, m.end) for m in numbers], sentence_of)
        if read(m.start)
    ]
    preset = {
        content_id(report.report_id, m.start, m.end): preset_rule(entry.id, entry.metric)
        for m, entry in implied
    }
    numbers = sorted([*numbers, *(m for m, _ in implied)], key=lambda m: (m.start, m.end))
    located = [
        (m, sentence_index(spans, m.start, starts), content_id(report.report_id, m.start, m.end))
        for m in numbers
    ]
    sentences = [Sentence(no, start, end) for no, (start, end) in enumerate(spans)]
    observations = link_observations(
        text,
        report.report_id,
        report.published,
        sentences,
        [
            (m, no, mid)
            for m, no, mid in located
            if m.kind in ("count", "percent", "fraction", "ordinal")
        ],
        dates,
        preset,
    )
    _date_headline_by_lead(observations, body, dates, report)
    observations = _without_restated_headline(observations, report.body_start)
    used = {row["mention_id"] for row in observations} | {
        mid for m, _, mid in located if m.start in flagged
    }
    mentions = [
        {
            "mention_id": mid,
            "report_id": report.report_id,
            "sentence_no": no,
            "start": m.start,
            "end": m.end,
            "surface": m.surface,
            "value": m.value,
            "low": m.low,
            "high": m.high,
            "qualifier": m.qualifier,
            "kind": m.kind,
            "unit": m.unit,
            "classified": mid in used,
        }
        for m, no, mid in located
    ]
    events = find_events(text, report.report_id, report.published, body, dates, attribute)
    return Extracted(report, mentions, observations, events, flags)


def _date_headline_by_lead(
    observations: list[dict], body: list[tuple[int, int]], dates: list, report: Report
) -> None:
    """A headline figure with no date of its own is dated like the story: by the first day the
    lead sentence gives ("More than 1,000 soldiers flee" over "... said on Monday")."""
    if not body:
        return
    lead_start, lead_end = body[0]
    days = [
        d.date
        for d in dates
        if lead_start <= d.start < lead_end
        and d.precision == "day"
        and d.period_start is None
        and d.date <= report.published
    ]
    if not days:
        return
    for row in observations:
        if row["start"] < report.body_start and row.get("undated"):
            row["as_of"] = days[0]


def _without_restated_headline(observations: list[dict], body_start: int) -> list[dict]:
    """Drop a headline observation whose metric and value the body states too. A figure stated
    twice is one fact: where one statement dates it ("a sixth capital ... on Aug. 9", or a wire
    lead "... TOLO reported on Thursday") and the others are undated, they all take that date; an
    event's own day ("On August 14, a group of 84 crossed") beats a day given only to a speaker."""
    same: dict[tuple, list[dict]] = {}
    for row in observations:
        same.setdefault((row["metric"], round(row["value"], 3)), []).append(row)
    wholes = {m.denominator for m in load_metrics().values() if m.denominator}
    for (metric, _), rows in same.items():
        if metric in wholes:
            continue
        own = {row["as_of"] for row in rows if row.get("own_date")}
        dated = {row["as_of"] for row in rows if not row.get("undated")}
        if len(own) == 1:
            # An event's own day ("On August 14, a group of 84 crossed") beats a speaker's.
            day, targets = own.pop(), [row for row in rows if not row.get("own_date")]
        elif len(dated) == 1:
            day, targets = dated.pop(), [row for row in rows if row.get("undated")]
        else:
            continue
        for row in targets:
            row["as_of"] = day
    body = {key for key, rows in same.items() if any(r["start"] >= body_start for r in rows)}
    return [
        row
        for row in observations
        if row["start"] >= body_start or (row["metric"], round(row["value"], 3)) not in body
    ]
