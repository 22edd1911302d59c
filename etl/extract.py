"""The per-report work: one file in, its rows of every table out.

This is the unit the executors spread over cores or a Dask cluster; it is pure (bytes in, rows
out) so the same report gives the same rows wherever it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.attribution import attribute
from etl.dates import find_dates
from etl.events import find_events
from etl.ids import content_id
from etl.ingest import Report, ReportRejected, parse_report
from etl.numbers import read_numbers
from etl.observations import Sentence, link_observations
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
    """Mentions, observations, events and quality flags of one parsed report (its body only)."""
    text = report.text
    spans = split_sentences(text, report.body_start)
    sentences = [Sentence(no, start, end) for no, (start, end) in enumerate(spans)]
    dates = [d for d in find_dates(text, report.published) if d.start >= report.body_start]
    numbers = [m for m in read_numbers(text, dates) if m.start >= report.body_start]
    flags, flagged = conversion_flags(text, report.report_id, numbers)
    located = [
        (m, sentence_index(spans, m.start), content_id(report.report_id, m.start, m.end))
        for m in numbers
    ]
    observations = link_observations(
        text,
        report.report_id,
        report.published,
        sentences,
        [(m, no, mid) for m, no, mid in located if m.kind in ("count", "percent", "fraction")],
        dates,
    )
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
    events = find_events(text, report.report_id, report.published, spans, dates, attribute)
    return Extracted(report, mentions, observations, events, flags)
