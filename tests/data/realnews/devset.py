"""The development set of real published reports: cache a page, check the labels, merge the parts.

The texts are other people's sentences, so they live only in the git-ignored cache texts/; what is
committed is ours: labels.jsonl (one figure a row, by ../../../../shared/LABELING.md) and
sources.csv (file, url, outlet, date, query). The query is what found the page in the search tool's
stored pages; README.md here says how to rebuild the cache from it.

    python tests/data/realnews/devset.py save --part P --file F --url U --outlet O --date D --title T --query Q < excerpt
    python tests/data/realnews/devset.py check [--reserved]
    python tests/data/realnews/devset.py merge
    python tests/data/realnews/devset.py missing   # what to look up to rebuild the cache
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
PARTS = HERE / "parts"
LABELS = HERE / "labels.jsonl"
SOURCES = HERE / "sources.csv"
IS_RESERVED = HERE.parents[3] / "shared" / "tools" / "is-reserved"
METRICS = {
    "districts_total",
    "districts_controlled_count",
    "districts_controlled_share",
    "provincial_capitals_controlled",
    "border_crossings_seized",
    "withdrawal_percent",
    "foreign_troops_remaining",
    "soldiers_fled_abroad",
    "people_displaced",
    "civilians_killed",
    "other",
}
QUALIFIERS = {"exact", "approx", "range", "several"}
LABEL_FIELDS = (
    "report",
    "metric",
    "value",
    "low",
    "high",
    "qualifier",
    "as_of",
    "period_start",
    "surface",
    "note",
    "url",
    "outlet",
)
SOURCE_FIELDS = ("file", "url", "outlet", "date", "query")
_DATE_LINE = re.compile(r"^\s*date\s+\S+[^\n]*\n", re.IGNORECASE)


def save(args) -> None:
    """Write one cached page in the report input format: date line, source, url, blank, body."""
    raw = sys.stdin.read()
    if args.json_string:
        raw = json.loads('"' + raw.strip().strip('"') + '"')
    raw = raw.lstrip("\n")
    first = _DATE_LINE.match(raw)
    title = (
        args.title or (first.group(0).split(None, 2)[2:] or [""])[0].strip()
        if first
        else args.title
    )
    body = _DATE_LINE.sub("", raw, count=1).strip("\n")
    dt.date.fromisoformat(args.date)
    TEXTS.mkdir(parents=True, exist_ok=True)
    path = TEXTS / args.file
    path.write_text(
        f"date {args.date} {(title or '').strip()}\nsource: {args.outlet}\nurl: {args.url}\n\n{body}\n",
        encoding="utf-8",
    )
    verdict = _reserved([args.url, str(path)])
    if any(verdict.values()):
        path.unlink()
        sys.exit(f"reserved, not kept: {args.url}")
    part = PARTS / f"{args.part}.sources.csv"
    known = {row["url"] for row in _read_sources([part])} if part.is_file() else set()
    if args.url not in known:
        PARTS.mkdir(parents=True, exist_ok=True)
        new = not part.is_file()
        with part.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, SOURCE_FIELDS, lineterminator="\n")
            if new:
                writer.writeheader()
            writer.writerow(
                {
                    "file": args.file,
                    "url": args.url,
                    "outlet": args.outlet,
                    "date": args.date,
                    "query": args.query,
                }
            )
    print(f"saved texts/{args.file} ({len(body)} chars), free; source row in parts/{part.name}")


def _reserved(items: list[str]) -> dict[str, bool]:
    out = subprocess.run(
        [sys.executable, str(IS_RESERVED), *items], capture_output=True, text=True, check=False
    ).stdout
    verdict = {}
    for line in out.splitlines():
        state, _, item = line.partition("\t")
        verdict[item] = state == "reserved"
    return verdict


def _read_labels(paths) -> list[tuple[str, int, dict]]:
    rows = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append((f"{path.name}:{number}", number, json.loads(line)))
                except json.JSONDecodeError as error:
                    rows.append((f"{path.name}:{number}", number, {"_error": str(error)}))
    return rows


def _read_sources(paths) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def _problems(label: dict, sources: dict[str, dict]) -> list[str]:
    if "_error" in label:
        return [f"not JSON: {label['_error']}"]
    problems = [f"missing {f}" for f in LABEL_FIELDS if f not in label]
    if problems:
        return problems
    if label["metric"] not in METRICS:
        problems.append(f"unknown metric {label['metric']!r}")
    if label["qualifier"] not in QUALIFIERS:
        problems.append(f"qualifier {label['qualifier']!r} not one of {sorted(QUALIFIERS)}")
    value, low, high = label["value"], label["low"], label["high"]
    if not isinstance(value, int | float):
        problems.append("value is not a number")
    elif (low is not None and low > value) or (high is not None and high < value):
        problems.append(f"value {value} outside its bounds [{low}, {high}]")
    share = label["metric"] == "districts_controlled_share"
    if share and isinstance(value, int | float) and not 0 <= value <= 1:
        problems.append("a share is a fraction 0-1")
    for field in ("as_of", "period_start"):
        if label[field] is not None:
            try:
                dt.date.fromisoformat(label[field])
            except (TypeError, ValueError):
                problems.append(f"{field} {label[field]!r} is not YYYY-MM-DD")
    if (
        label["period_start"]
        and label["as_of"]
        and not problems
        and label["period_start"] > label["as_of"]
    ):
        problems.append("period_start after as_of")
    text_path = TEXTS / label["report"]
    if not text_path.is_file():
        problems.append(f"no cached text {label['report']}")
    elif label["surface"] not in text_path.read_text(encoding="utf-8"):
        problems.append(f"surface {label['surface']!r} not in the text")
    if label["report"] not in sources:
        problems.append("report has no row in sources")
    return problems


def check(args) -> int:
    label_paths = [LABELS] if args.merged else sorted(PARTS.glob("*.labels.jsonl"))
    source_paths = [SOURCES] if args.merged else sorted(PARTS.glob("*.sources.csv"))
    labels = _read_labels(label_paths)
    source_rows = _read_sources(source_paths)
    sources = {row["file"]: row for row in source_rows}
    failures = 0
    for where, _, label in labels:
        for problem in _problems(label, sources):
            failures += 1
            print(f"{where}: {problem}")
    urls = Counter(row["url"] for row in source_rows)
    for url, count in urls.items():
        if count > 1:
            failures += 1
            print(f"sources: {url} appears {count} times")
    if args.reserved:
        items = [row["url"] for row in source_rows] + [
            str(TEXTS / row["file"]) for row in source_rows if (TEXTS / row["file"]).is_file()
        ]
        for item, reserved in _reserved(items).items():
            if reserved:
                failures += 1
                print(f"reserved: {item}")
    metrics = Counter(label.get("metric") for _, _, label in labels)
    labelled = {label.get("report") for _, _, label in labels}
    print(
        f"{len(labels)} labels ({sum(v for k, v in metrics.items() if k != 'other')} metric figures,"
        f" {metrics['other']} other) in {len(labelled)} reports;"
        f" {len(source_rows)} sources from {len({r['outlet'] for r in source_rows})} outlets"
    )
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(metrics.items())))
    months = Counter(row["date"][:7] for row in source_rows)
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(months.items())))
    print(f"{failures} problems")
    return 1 if failures else 0


def merge(_args) -> int:
    """New parts -> labels.jsonl and sources.csv. labels.jsonl is the record (reviewed and
    corrected there); a part adds only reports it does not hold yet, so a merge never undoes a
    correction. Rows come out sorted, one per distinct label."""
    labels = [
        {field: label.get(field) for field in LABEL_FIELDS}
        for _, _, label in (_read_labels([LABELS]) if LABELS.is_file() else [])
    ]
    known = {label["report"] for label in labels}
    seen = {json.dumps(row, sort_keys=True) for row in labels}
    for _, _, label in _read_labels(sorted(PARTS.glob("*.labels.jsonl"))):
        row = {field: label.get(field) for field in LABEL_FIELDS}
        key = json.dumps(row, sort_keys=True)
        if row["report"] not in known and key not in seen:
            seen.add(key)
            labels.append(row)
    labels.sort(key=lambda r: (r["report"], r["metric"], r["value"], r["surface"]))
    LABELS.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in labels), encoding="utf-8"
    )
    old = _read_sources([SOURCES]) if SOURCES.is_file() else []
    sources = {r["file"]: r for r in [*_read_sources(sorted(PARTS.glob("*.sources.csv"))), *old]}
    with SOURCES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, SOURCE_FIELDS, lineterminator="\n")
        writer.writeheader()
        for name in sorted(sources):
            writer.writerow({f: sources[name].get(f, "") for f in SOURCE_FIELDS})
    print(f"{len(labels)} labels, {len(sources)} sources")
    return 0


def missing(_args) -> int:
    """For each source whose text is not cached: the query to run and the save command to paste."""
    rows = [r for r in _read_sources([SOURCES]) if not (TEXTS / r["file"]).is_file()]
    for row in rows:
        print(
            f"search pages {row['query']!r} -> the result whose url is {row['url']}, then:\n"
            f"  python tests/data/realnews/devset.py save --part rebuild --file {row['file']}"
            f" --url '{row['url']}' --outlet '{row['outlet']}' --date {row['date']}"
            f" --query '{row['query']}' --json-string < excerpt"
        )
    print(f"{len(rows)} of the sources' texts are not cached")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    saving = commands.add_parser("save", help="cache one page's text (read from stdin)")
    for option in ("--part", "--file", "--url", "--outlet", "--date", "--query"):
        saving.add_argument(option, required=True)
    saving.add_argument("--title", help="the headline (default: the excerpt's own date line)")
    saving.add_argument(
        "--json-string", action="store_true", help="stdin is the excerpt as a JSON string"
    )
    checking = commands.add_parser("check", help="check labels, sources and cached texts")
    checking.add_argument("--reserved", action="store_true", help="also run is-reserved")
    checking.add_argument("--merged", action="store_true", help="check labels.jsonl, not parts/")
    commands.add_parser("merge", help="parts/ -> labels.jsonl and sources.csv")
    commands.add_parser("missing", help="how to rebuild the texts that are not cached")
    args = parser.parse_args(argv)
    if args.command == "save":
        save(args)
        return 0
    return {"check": check, "merge": merge, "missing": missing}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
