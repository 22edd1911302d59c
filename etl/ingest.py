"""Report files -> one canonical text each, with the header read and the date resolved.

Decoding follows a fixed order (BOM, strict UTF-8, cp1252 where it decodes cleanly, charset-normalizer
as a flagged last resort); NUL bytes mean binary. The text is normalised once (newlines, NFC,
zero-width and bidi controls) and every offset in every later table refers to that text.
A file that cannot become a dated report raises `ReportRejected`, which the pipeline turns into a
quarantine row naming the file and line.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPORT_SUFFIXES = (".txt", ".md")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Zero-width characters and bidi controls: invisible, and they split words the reader must see whole.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    None,
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(?P<date>\S+)[ \t]*(?P<title>.*)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HEADER = re.compile(r"^[ \t]*(?P<key>source|url)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$", re.IGNORECASE)


class ReportRejected(ValueError):
    """A file that cannot be loaded as a report: `check` names the failed check, `line` the line."""

    def __init__(self, path: str, check: str, reason: str, line: int | None = None):
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path, self.check, self.reason, self.line = path, check, reason, line


@dataclass(frozen=True, slots=True)
class Report:
    report_id: str
    path: str
    published: dt.date
    title: str
    source: str | None
    url: str | None
    encoding: str
    text: str
    body_start: int
    title_start: int


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """Bytes -> (text, encoding name) in the fixed order of RELIABILITY.md rule 5."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding), encoding + "-bom"
            except UnicodeDecodeError as error:
                raise ReportRejected(
                    path, "decodable", f"bytes do not decode as {encoding}: {error}"
                ) from None
    utf16 = _sniff_utf16(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise ReportRejected(
            path, "not_binary", "the file holds NUL bytes: it is binary, not a text report"
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
        if not any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise ReportRejected(path, "decodable", "the bytes match no known text encoding")
    return str(best), f"{best.encoding}-guessed"


def _sniff_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes in every other position of ASCII text."""
    sample = raw[:200]
    if len(sample) < 4 or len(sample) % 2:
        return None
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.8 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.8 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def normalise(text: str) -> str:
    """The one canonical text: LF newlines, NFC, no invisible controls, no trailing white space.

    Leading blank lines stay, so that line numbers in messages are the file's own.
    """
    text = _NEWLINES.sub("\n", text).translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n") + "\n"


def report_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_report(raw: bytes, path: str) -> Report:
    """Decode, normalise and read the header of one report file."""
    if not raw.strip():
        raise ReportRejected(path, "not_empty", "the file is empty")
    decoded, encoding = decode(raw, path)
    text = normalise(decoded)
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ReportRejected(path, "not_empty", "the file holds only white space")
    match = _DATE_LINE.match(lines[first])
    if not match:
        raise ReportRejected(
            path,
            "date_line",
            "the first non-empty line must be 'date YYYY-MM-DD <headline>'",
            line=first + 1,
        )
    published = _parse_date(match["date"], path, first + 1)
    headers: dict[str, str] = {}
    cursor = first + 1
    while cursor < len(lines) and (header := _HEADER.match(lines[cursor])):
        headers[header["key"].lower()] = header["value"]
        cursor += 1
    header_end = cursor
    while cursor < len(lines) and not lines[cursor].strip():
        cursor += 1
    body_start = sum(len(line) + 1 for line in lines[:cursor])
    title_start = sum(len(line) + 1 for line in lines[:first]) + match.start("title")
    if not text[body_start:].strip():
        raise ReportRejected(
            path, "body_not_empty", "the report has a date line but no body", line=header_end + 1
        )
    return Report(
        report_id=report_id(text),
        path=path,
        published=published,
        title=match["title"].strip(),
        source=headers.get("source") or None,
        url=headers.get("url") or None,
        encoding=encoding,
        text=text,
        body_start=body_start,
        title_start=title_start + len(match["title"]) - len(match["title"].lstrip()),
    )


def _parse_date(value: str, path: str, line: int) -> dt.date:
    if not _ISO_DATE.match(value):
        raise ReportRejected(
            path, "date_format", f"'{value}' is not a date in the form YYYY-MM-DD", line=line
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ReportRejected(
            path, "date_valid", f"'{value}' is not a real calendar date", line=line
        ) from None


def discover(reports_dir: Path) -> list[Path]:
    """Report files under a folder, in a stable order; README files are documentation, not reports."""
    return sorted(
        path
        for path in reports_dir.rglob("*")
        if path.is_file()
        and path.suffix.lower() in REPORT_SUFFIXES
        and path.stem.lower() != "readme"
    )
