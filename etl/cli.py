"""The `offensive-metrics` command (also `python -m etl`): etl, extract, validate, prune, serve, export."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import textwrap
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

# Defaults that --help states, written here rather than imported from app.state (DEFAULT_METRICS)
# and etl.pipeline, which load pandas: --help and usage errors stay instant. tests/etl/test_cli.py
# checks that they match.
DEFAULT_TREND_METRIC = "districts_controlled_share"
DEFAULT_MAX_QUARANTINE_RATE = 0.25
DEFAULT_KEEP = 3


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status = args.handler(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output has gone (`| head -1`). The Python docs' recipe: point stdout
        # at devnull so the interpreter's last flush cannot fail again, and end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return status


class _HelpWithDefaults(argparse.HelpFormatter):
    """Appends "(default: X)" to an option's help when its default is a value; an option whose
    default is decided later (None: the current version, every kind) says it in its own words."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if "(default" in text or action.default in (None, argparse.SUPPRESS):
            return text
        if isinstance(action.default, bool):
            return f"{text} (default: {'on' if action.default else 'off'})"
        return f"{text} (default: %(default)s)"

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Wrap at spaces only, so a default path is never cut at a hyphen."""
        return textwrap.wrap(
            " ".join(text.split()),
            width,
            break_on_hyphens=False,
            break_long_words=False,
        )


def _at_least_one(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"{number} would keep no version; keep 1 or more (the current one is always kept)"
        )
    return number


def _share(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"{number} is not a share between 0 and 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="offensive-metrics", description=__doc__, formatter_class=_HelpWithDefaults
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=summary, description=summary, formatter_class=_HelpWithDefaults
        )

    etl = command("etl", "build the warehouse from a folder of reports")
    etl.add_argument(
        "--reports", type=Path, default=REPORTS_DIR, metavar="DIR", help="folder of reports to read"
    )
    etl.add_argument(
        "--warehouse",
        type=Path,
        default=WAREHOUSE_DIR,
        metavar="DIR",
        help="warehouse folder to publish into",
    )
    etl.add_argument(
        "--executor",
        choices=("local", "dask"),
        metavar="local|dask",
        default="local",
        help="where the per-report work runs: local processes or a Dask cluster",
    )
    etl.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="Dask scheduler address, e.g. tcp://127.0.0.1:8786; needed with --executor dask "
        "(default: none)",
    )
    etl.add_argument(
        "--max-quarantine-rate",
        type=_share,
        metavar="SHARE",
        default=DEFAULT_MAX_QUARANTINE_RATE,
        help="fail without publishing when more than this share of reports is quarantined",
    )
    etl.add_argument(
        "--no-progress",
        action="store_true",
        help="never draw a progress bar (default: drawn when stderr is a terminal)",
    )
    etl.set_defaults(handler=_run_etl)

    extract = command("extract", "print what the reader finds in report files; writes nothing")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE", help="report files to read")
    extract.add_argument(
        "--format", choices=("jsonl",), default="jsonl", help="one JSON object per line"
    )
    what = extract.add_mutually_exclusive_group()
    what.add_argument(
        "--mentions",
        action="store_true",
        help="print every number-like phrase instead of the observations",
    )
    what.add_argument(
        "--events", action="store_true", help="print the events instead of the observations"
    )
    what.add_argument(
        "--flags",
        action="store_true",
        help="print the data-quality flags instead of the observations",
    )
    extract.set_defaults(handler=_run_extract)

    validate = command(
        "validate", "re-check a published warehouse against its manifest and schemas"
    )
    validate.add_argument(
        "--warehouse",
        type=Path,
        default=WAREHOUSE_DIR,
        metavar="DIR",
        help="warehouse folder to check",
    )
    validate.add_argument(
        "--version",
        metavar="V",
        help="data version to check, 12 hex digits (default: the current one)",
    )
    validate.set_defaults(handler=_run_validate)

    prune = command("prune", "remove old published warehouse versions, never the current one")
    prune.add_argument(
        "--warehouse",
        type=Path,
        default=WAREHOUSE_DIR,
        metavar="DIR",
        help="warehouse folder to prune",
    )
    prune.add_argument(
        "--keep",
        type=_at_least_one,
        default=DEFAULT_KEEP,
        metavar="N",
        help="how many of the newest versions to keep; the current one is kept as well",
    )
    prune.add_argument(
        "--dry-run", action="store_true", help="print what would be removed and remove nothing"
    )
    prune.set_defaults(handler=_run_prune)

    serve = command("serve", "serve the dashboard (builds the warehouse when missing)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on; any other than loopback opens the dashboard to the network",
    )
    serve.add_argument("--port", type=int, default=8050, metavar="PORT", help="port to listen on")
    serve.add_argument(
        "--warehouse",
        type=Path,
        default=WAREHOUSE_DIR,
        metavar="DIR",
        help="warehouse folder to serve; built from the bundled reports when none is published",
    )
    serve.add_argument(
        "--debug", action="store_true", help="Dash debug mode with reloading, for development"
    )
    serve.set_defaults(handler=_run_serve)

    export = command("export", "export a chart as PNG, SVG, standalone HTML or CSV")
    export.add_argument(
        "chart",
        choices=("trend", "events"),
        metavar="CHART",
        help="the chart to export: trend or events",
    )
    export.add_argument(
        "--format", choices=("png", "svg", "html", "csv"), required=True, help="file format"
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="file to write")
    export.add_argument(
        "--warehouse",
        type=Path,
        default=WAREHOUSE_DIR,
        metavar="DIR",
        help="warehouse folder to read",
    )
    export.add_argument(
        "--metric",
        action="append",
        default=[],
        metavar="ID",
        help=f"metric id of the trend chart, repeatable (default: {DEFAULT_TREND_METRIC})",
    )
    export.add_argument(
        "--from",
        dest="date_from",
        metavar="YYYY-MM-DD",
        help="first day drawn (default: the first report date)",
    )
    export.add_argument(
        "--to",
        dest="date_to",
        metavar="YYYY-MM-DD",
        help="last day drawn (default: the last report date)",
    )
    export.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KIND",
        help="event kind of the events chart, repeatable (default: every kind)",
    )
    export.add_argument(
        "--version",
        metavar="V",
        help="data version to draw, 12 hex digits (default: the current one)",
    )
    export.add_argument(
        "--site",
        metavar="URL",
        default="http://127.0.0.1:8050",
        help="the dashboard address the source line and citation link back to "
        "(default: %(default)s)",
    )
    export.set_defaults(handler=_run_export)
    return parser


def _usage_error(message: str) -> int:
    """A usage error: the message on stderr and exit status 2, as argparse does."""
    print(f"error: {message}", file=sys.stderr)
    return 2


def _run_etl(args: argparse.Namespace) -> int:
    from etl.pipeline import QuarantineRateExceeded, run

    if not args.reports.is_dir():
        return _usage_error(f"{args.reports} is not a folder of reports")
    if args.executor == "dask" and not args.scheduler:
        return _usage_error("--executor dask needs --scheduler tcp://HOST:PORT")
    try:
        summary = run(
            args.reports,
            args.warehouse,
            executor=args.executor,
            scheduler=args.scheduler,
            progress=not args.no_progress and sys.stderr.isatty(),
            max_quarantine_rate=args.max_quarantine_rate,
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
    """One line per check, the problems of a failed one under it, then a summary line."""
    from etl.warehouse import resolve, validate

    try:
        version_dir = resolve(args.warehouse, args.version)
        results = validate(args.warehouse, args.version)
    except (FileNotFoundError, ValueError) as error:
        return _usage_error(str(error))
    for result in results:
        print(f"{'ok  ' if result.passed else 'FAIL'}  {result.checked}")
        for problem in result.problems:
            print(f"      {problem}")
    failed = [result.name for result in results if not result.passed]
    if failed:
        print(
            f"{version_dir.name} is NOT valid: {len(failed)} of {len(results)} checks failed ({', '.join(failed)})"
        )
        return 1
    print(f"{version_dir.name} is valid: {len(results)} checks passed")
    return 0


def _run_prune(args: argparse.Namespace) -> int:
    from etl.warehouse import current_version, prune

    try:
        removed, kept = prune(args.warehouse, args.keep, dry_run=args.dry_run)
    except FileNotFoundError as error:
        return _usage_error(str(error))
    current = current_version(args.warehouse)
    for version in removed:
        print(f"{'would remove' if args.dry_run else 'removed'} v-{version}")
    for version in kept:
        print(f"kept v-{version}{' (current)' if version == current else ''}")
    if args.dry_run:
        print(
            f"would remove {len(removed)} and keep {len(kept)} version(s); nothing removed (--dry-run)"
        )
    else:
        print(f"removed {len(removed)} and kept {len(kept)} version(s)")
    return 0


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
        return _usage_error(str(error))
    print(out)
    return 0
