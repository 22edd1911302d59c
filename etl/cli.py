"""The `offensive-metrics` command (also `python -m etl`): etl, extract, validate, serve, export."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from etl.paths import REPORTS_DIR, WAREHOUSE_DIR

OBSERVATION_FIELDS = (
    "metric",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "as_of",
    "period_start",
    "attribution",
    "status",
    "rule",
    "derived_from",
    "scope",
    "surface",
    "sentence",
    "start",
    "end",
)
MENTION_FIELDS = (
    "surface",
    "value",
    "low",
    "high",
    "qualifier",
    "kind",
    "unit",
    "start",
    "end",
    "sentence_no",
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.handler(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="offensive-metrics", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    etl = commands.add_parser("etl", help="build the warehouse from a folder of reports")
    etl.add_argument("--reports", type=Path, default=REPORTS_DIR)
    etl.add_argument("--warehouse", type=Path, default=WAREHOUSE_DIR)
    etl.add_argument("--executor", choices=("local", "dask"), default="local")
    etl.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    etl.add_argument("--max-quarantine-rate", type=float, default=None)
    etl.add_argument("--no-progress", action="store_true")
    etl.set_defaults(handler=_run_etl)

    extract = commands.add_parser(
        "extract", help="print what the reader finds in report files; writes nothing"
    )
    extract.add_argument("files", nargs="+", type=Path)
    extract.add_argument("--format", choices=("jsonl",), default="jsonl")
    extract.add_argument(
        "--mentions", action="store_true", help="print every number-like phrase instead"
    )
    extract.add_argument("--events", action="store_true", help="print events instead")
    extract.add_argument("--flags", action="store_true", help="print data-quality flags instead")
    extract.set_defaults(handler=_run_extract)

    validate = commands.add_parser(
        "validate", help="re-check a published warehouse against the schemas"
    )
    validate.add_argument("--warehouse", type=Path, default=WAREHOUSE_DIR)
    validate.add_argument("--version", default=None)
    validate.set_defaults(handler=_run_validate)

    serve = commands.add_parser(
        "serve", help="serve the dashboard (builds the warehouse when missing)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--warehouse", type=Path, default=WAREHOUSE_DIR)
    serve.add_argument("--debug", action="store_true")
    serve.set_defaults(handler=_run_serve)

    export = commands.add_parser(
        "export", help="export a chart as PNG, SVG, standalone HTML or CSV"
    )
    export.add_argument("chart", choices=("trend", "events"))
    export.add_argument("--format", choices=("png", "svg", "html", "csv"), required=True)
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--warehouse", type=Path, default=WAREHOUSE_DIR)
    export.add_argument("--metric", action="append", default=[], help="metric id (repeatable)")
    export.add_argument("--from", dest="date_from")
    export.add_argument("--to", dest="date_to")
    export.add_argument("--kind", action="append", default=[], help="event kind (repeatable)")
    export.add_argument("--version", default=None, help="a pinned data version")
    export.add_argument(
        "--site",
        default="http://127.0.0.1:8050",
        help="the dashboard address the source line and citation link back to "
        "(default: %(default)s)",
    )
    export.set_defaults(handler=_run_export)
    return parser


def _run_etl(args: argparse.Namespace) -> int:
    from etl.pipeline import DEFAULT_MAX_QUARANTINE_RATE, QuarantineRateExceeded, run

    if not args.reports.is_dir():
        print(f"error: {args.reports} is not a folder of reports", file=sys.stderr)
        return 2
    try:
        summary = run(
            args.reports,
            args.warehouse,
            executor=args.executor,
            scheduler=args.scheduler,
            progress=not args.no_progress and sys.stderr.isatty(),
            max_quarantine_rate=args.max_quarantine_rate or DEFAULT_MAX_QUARANTINE_RATE,
        )
    except QuarantineRateExceeded as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in summary.lines():
        print(line)
    _print_quarantine(summary.version_dir)
    return 0


def _print_quarantine(version_dir: Path) -> None:
    from etl.warehouse import read_table

    quarantine = read_table(version_dir, "quarantine")
    for row in quarantine.itertuples(index=False):
        print(f"quarantined [{row.stage}/{row.check}] {row.reason}", file=sys.stderr)


def _run_extract(args: argparse.Namespace) -> int:
    from etl.extract import Rejected, extract_file

    status = 0
    for path in args.files:
        result = extract_file(path)
        if isinstance(result, Rejected):
            print(f"error: {result.reason}", file=sys.stderr)
            status = 1
            continue
        if args.mentions:
            rows = [
                {"report": path.name, **{k: m[k] for k in MENTION_FIELDS}} for m in result.mentions
            ]
        elif args.events:
            rows = [{"report": path.name, **event} for event in result.events]
        elif args.flags:
            rows = [{"report": path.name, **flag} for flag in result.flags]
        else:
            rows = [
                {"report": path.name, **{k: o[k] for k in OBSERVATION_FIELDS}}
                for o in result.observations
            ]
        for row in rows:
            print(json.dumps(row, default=_json_default, ensure_ascii=False))
    return status


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _run_validate(args: argparse.Namespace) -> int:
    from etl.warehouse import validate

    try:
        problems = validate(args.warehouse, args.version)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    print("warehouse is valid" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


def _run_serve(args: argparse.Namespace) -> int:
    from app.server import serve

    serve(args.host, args.port, args.warehouse, debug=args.debug)
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from app.exports import export_chart

    state: dict[str, object] = {}
    if args.metric:
        state["metric"] = args.metric
    if args.kind:
        state["kind"] = args.kind
    for key, value in (("from", args.date_from), ("to", args.date_to), ("version", args.version)):
        if value:
            state[key] = value
    try:
        out = export_chart(args.chart, args.format, args.out, args.warehouse, state, args.site)
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(out)
    return 0
