"""Briefing exports: PNG (slide-sized, high DPI), SVG and standalone offline HTML of any chart.

Each carries a title, a subtitle (metrics and range), a source line with the data version, and alt
text that states the uncertainty. kaleido renders with the system Chromium (BROWSER_PATH, never a
downloaded browser), MathJax off, through one persistent renderer, with a timeout and a lock so at
most one export renders at a time; the renderer is stopped at exit.
"""

from __future__ import annotations

import atexit
import html
import os
import shutil
import threading
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from app.csv_safety import safe_csv_bytes
from app.data import WarehouseData, get_data
from app.figures import GRAPH_CONFIG, events_figure, scale, trend_figure
from app.state import ChartState, parse_chart_state
from app.views import chart_rows

FORMATS = ("png", "svg", "html", "csv")
PNG_SIZE = (1600, 900)
PNG_SCALE = 2
RENDER_TIMEOUT = 30
_render_lock = threading.BoundedSemaphore(1)
_renderer_started = False


def chart_figure(data: WarehouseData, state: ChartState) -> tuple[go.Figure, str]:
    """The chart's figure with title, subtitle and source line, and its alt text."""
    rows = chart_rows(data, state)
    if state.chart == "trend":
        first, last = data.date_range()
        span = (state.date_from or first, state.date_to or last)
        fig = go.Figure(trend_figure(rows, data.metrics, state.metrics, span))
        title = " · ".join(data.metrics[m].label for m in state.metrics)
    else:
        fig = events_figure(rows)
        title = "Border crossings seized and provincial capitals fallen"
    span = f"{state.date_from or data.date_range()[0]} to {state.date_to or data.date_range()[1]}"
    n_reports = len(data.table("reports"))
    source = f"Source: Offensive Metrics, from {n_reports} dated reports · data version {data.data_version}"
    fig.update_layout(
        title={
            "text": f"{html.escape(title)}<br><sup>{html.escape(span)} · {html.escape(source)}</sup>",
            "x": 0.01,
        },
        margin={"t": 110, "b": 60},
    )
    return fig, alt_text(data, state, rows)


def alt_text(data: WarehouseData, state: ChartState, rows) -> str:
    """A sentence per metric: first and latest reconciled values, and the latest's bounds."""
    if state.chart != "trend":
        events = rows[rows["layer"] == "event"]
        return f"Timeline of {len(events)} events (crossings seized, capitals fallen) from {data.data_version}."
    parts = []
    for metric_id in state.metrics:
        metric = data.metrics[metric_id]
        factor = scale(metric)
        unit = "%" if metric.unit in ("fraction", "percent") else ""
        series = rows[
            (rows["layer"] == "series")
            & (rows["metric"] == metric_id)
            & (rows["basis"] == "stated")
            & (rows["status"] != "claimed")
        ].sort_values("date")
        if series.empty:
            parts.append(f"{metric.label}: no reconciled figures in this range.")
            continue
        first, last = series.iloc[0], series.iloc[-1]

        def fmt(v, factor=factor, unit=unit):
            return "unbounded" if v is None or v != v else f"{v * factor:,.1f}{unit}"

        parts.append(
            f"{metric.label} went from {fmt(first['value'])} on {first['date']} to {fmt(last['value'])} on {last['date']}; "
            f"the latest figure lies between {fmt(last['low'])} and {fmt(last['high'])}, from {int(last['n_reports'])} report(s)."
        )
    return " ".join(parts)


def render_chart(chart: str, fmt: str, data: WarehouseData, state: ChartState) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return safe_csv_bytes(chart_rows(data, state))
    fig, alt = chart_figure(data, state)
    if fmt == "html":
        page = pio.to_html(fig, include_plotlyjs=True, full_html=True, config=GRAPH_CONFIG)
        label = html.escape(alt, quote=True)
        page = page.replace(
            "<body>",
            f'<body><main role="img" aria-label="{label}"><p class="visually-hidden">{label}</p>',
            1,
        )
        page = page.replace("</body>", "</main></body>", 1)
        return page.replace(
            "<head>",
            f"<head><title>{html.escape(fig.layout.title.text.split('<br>')[0])}</title>",
            1,
        ).encode()
    image = _kaleido_bytes(fig, fmt)
    if fmt == "svg":
        text = image.decode("utf-8")
        title = html.escape(fig.layout.title.text.split("<br>")[0])
        insert = f"<title>{title}</title><desc>{html.escape(alt)}</desc>"
        at = text.index(">", text.index("<svg")) + 1
        return (text[:at] + insert + text[at:]).encode()
    return _png_with_text(
        image, {"Title": fig.layout.title.text.split("<br>")[0], "Description": alt}
    )


def export_chart(chart: str, fmt: str, out: Path, warehouse_dir: Path, state: dict) -> Path:
    """The CLI's export: validate the state, render, write the file (and nothing else)."""
    parsed = parse_chart_state(chart, state)
    data = get_data(warehouse_dir, parsed.version)
    out.write_bytes(render_chart(chart, fmt, data, parsed))
    return out


def _kaleido_bytes(fig: go.Figure, fmt: str) -> bytes:
    import kaleido

    global _renderer_started
    os.environ.setdefault("BROWSER_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    width, height = PNG_SIZE
    with _render_lock:
        if not _renderer_started:
            kaleido.start_sync_server(
                n=1, timeout=RENDER_TIMEOUT, mathjax=False, silence_warnings=True
            )
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            _renderer_started = True
        opts = {
            "format": fmt,
            "width": width,
            "height": max(height, int(fig.layout.height or height)),
            "scale": PNG_SCALE if fmt == "png" else 1,
        }
        return kaleido.calc_fig_sync(fig, opts=opts)


def _png_with_text(png: bytes, chunks: dict[str, str]) -> bytes:
    """Insert tEXt chunks (title, alt text) after the PNG header chunk, without an image library."""
    import struct
    import zlib

    signature, rest = png[:8], png[8:]
    length = struct.unpack(">I", rest[:4])[0]
    header_end = 8 + 4 + 4 + length + 4
    extra = b""
    for key, value in chunks.items():
        body = key.encode("latin-1") + b"\0" + value.encode("latin-1", "replace")
        extra += (
            struct.pack(">I", len(body))
            + b"tEXt"
            + body
            + struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
        )
    return signature + png[8:header_end] + extra + png[header_end:]
