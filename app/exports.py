"""Briefing exports: PNG (slide-sized, high DPI), SVG and standalone offline HTML of any chart.

Each carries a title, a subtitle (the range), a source line naming the original sources with the
data version and a link back to the view, how to cite it, and alt text that states the
uncertainty. kaleido renders with the system Chromium (BROWSER_PATH, never a downloaded browser),
MathJax off, through one persistent renderer, with a timeout and a lock so at most one export
renders at a time; the renderer is stopped at exit.
"""

from __future__ import annotations

import atexit
import hashlib
import html
import os
import re
import shutil
import threading
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from app.attribution_line import named_sources, source_line
from app.citation import CitedView, bibtex, citation_text, cited_view, view_title
from app.csv_safety import safe_csv_bytes
from app.data import WarehouseData, get_data
from app.figures import GRAPH_CONFIG, events_figure, scale, trend_figure
from app.state import ChartState, parse_chart_state
from app.views import chart_rows

FORMATS = ("png", "svg", "html", "csv")
SOURCE_LINE_CHARS = 190
# Pixels: the title's band, one subtitle line, and the room a panel's own title takes above it.
SUBTITLE_TOP = 80
SUBTITLE_LINE = 16
PANEL_TITLE_SPACE = 28
_SVG_UID = re.compile(r'<defs id="defs-([0-9a-f]{6})"')
_BREAKS = re.compile(r"(?<=[,;·]) ")
# The standalone HTML carries no stylesheet of the app; its credits under the chart get this much.
EXPORT_CREDITS_CSS = (
    ".export-credits{font:13px system-ui,sans-serif;color:#495057;margin:0 1rem 1rem;"
    "overflow-wrap:anywhere}.export-credits h2{font-size:14px}"
    ".export-credits pre{white-space:pre-wrap;background:#f7f9fb;padding:.5rem}"
)
PNG_SIZE = (1600, 900)
PNG_SCALE = 2
RENDER_TIMEOUT = 30
_render_lock = threading.BoundedSemaphore(1)
_renderer_started = False


def chart_figure(
    data: WarehouseData, state: ChartState, rows: pd.DataFrame, source: str | None
) -> tuple[go.Figure, str]:
    """The chart's figure with its title, a subtitle (the range) and, when given, the source line
    under it, wrapped between names; and its alt text."""
    if state.chart == "trend":
        first, last = data.date_range()
        span = (state.date_from or first, state.date_to or last)
        fig = go.Figure(trend_figure(rows, data.metrics, state.metrics, span))
    else:
        fig = events_figure(rows)
    span = f"{state.date_from or data.date_range()[0]} to {state.date_to or data.date_range()[1]}"
    lines = [span, *(_wrapped(source) if source else [])]
    # The title is one line at the top; the subtitle lines sit above the plot as an annotation,
    # which plotly measures whole (a title or subtitle of several lines overlaps the plot); both
    # start at the plot's left edge.
    fig.update_layout(
        title={
            "text": html.escape(view_title(data, state)),
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 16},
        },
        margin={"t": SUBTITLE_TOP + SUBTITLE_LINE * len(lines), "b": 60},
    )
    fig.add_annotation(
        text="<br>".join(html.escape(line) for line in lines),
        xref="paper",
        x=0,
        xanchor="left",
        yref="paper",
        y=1,
        yanchor="bottom",
        yshift=PANEL_TITLE_SPACE,
        align="left",
        showarrow=False,
        font={"size": 12, "color": "#495057"},
    )
    return fig, alt_text(data, state, rows)


def _wrapped(text: str) -> list[str]:
    """Lines of at most SOURCE_LINE_CHARS, broken only after a comma, a semicolon or a '·', so
    no name is split across lines (and an image's text still holds it whole)."""
    lines: list[str] = []
    for token in _BREAKS.split(text):
        if lines and len(lines[-1]) + 1 + len(token) <= SOURCE_LINE_CHARS:
            lines[-1] += " " + token
        else:
            lines.append(token)
    return lines


def citation_for(
    data: WarehouseData, state: ChartState, rows: pd.DataFrame, site: str
) -> CitedView:
    """An export's citation: accessed on the version's publication day, never on the day of
    the export, so the same view of the same version exports the same bytes."""
    return cited_view(data, state, named_sources(rows), site, data.published_on)


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


def render_chart(chart: str, fmt: str, data: WarehouseData, state: ChartState, site: str) -> bytes:
    """The file of one format; `site` is the dashboard address the source line links back to."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    rows = chart_rows(data, state)
    if fmt == "csv":
        return safe_csv_bytes(rows)
    cited = citation_for(data, state, rows, site)
    source = source_line(rows, data.data_version, cited.url)
    fig, alt = chart_figure(data, state, rows, source)
    title = view_title(data, state)
    if fmt == "html":
        page = pio.to_html(
            fig,
            include_plotlyjs=True,
            full_html=True,
            config=GRAPH_CONFIG,
            div_id=f"chart-{_view_id(cited)}",
        )
        label = html.escape(alt, quote=True)
        page = page.replace(
            "<body>",
            f'<body><main role="img" aria-label="{label}"><p class="visually-hidden">{label}</p>',
            1,
        )
        page = page.replace("</body>", f"</main>{_html_footer(source, cited)}</body>", 1)
        return page.replace(
            "<head>",
            f"<head><title>{html.escape(title)}</title><style>{EXPORT_CREDITS_CSS}</style>",
            1,
        ).encode()
    for number, trace in enumerate(fig.data):
        trace.uid = f"{_view_id(cited)}-{number}"
    image = _kaleido_bytes(fig, fmt)
    if fmt == "svg":
        text = _stable_ids(image.decode("utf-8"), _view_id(cited))
        insert = (
            f"<title>{html.escape(title)}</title><desc>{html.escape(alt)}</desc>"
            f"<metadata>{html.escape(citation_text(cited))}\n{html.escape(bibtex(cited))}</metadata>"
        )
        at = text.index(">", text.index("<svg")) + 1
        return (text[:at] + insert + text[at:]).encode()
    return _png_with_text(
        image,
        {
            "Title": title,
            "Description": alt,
            "Source": source,
            "Citation": citation_text(cited),
        },
    )


def _view_id(cited: CitedView) -> str:
    """Six hex digits naming the view and its version: element ids that are the same on every
    export of it, where plotly would draw random ones."""
    return hashlib.sha256(cited.url.encode()).hexdigest()[:6]


def _stable_ids(svg: str, view_id: str) -> str:
    """plotly.js names a figure's clip paths and defs after a random six-digit uid (its traces
    take the uids set before rendering); the view's own id replaces it wherever it follows a
    name ("clip", "defs-", "legend")."""
    uid = _SVG_UID.search(svg)
    if uid is None:
        return svg
    return re.sub(rf"(?<=[a-z-]){uid[1]}(?![0-9a-f])", view_id, svg)


def _html_footer(source: str, cited: CitedView) -> str:
    """The source line and how to cite, as text under the chart of an HTML export."""
    return (
        '<footer class="export-credits">'
        f'<p class="source-line">{html.escape(source)}</p>'
        "<h2>How to cite</h2>"
        f"<p>{html.escape(citation_text(cited))}</p>"
        f"<pre>{html.escape(bibtex(cited))}</pre>"
        "</footer>"
    )


def export_chart(
    chart: str, fmt: str, out: Path, warehouse_dir: Path, state: dict, site: str
) -> Path:
    """The CLI's export: validate the state, render, write the file (and nothing else)."""
    parsed = parse_chart_state(chart, state)
    data = get_data(warehouse_dir, parsed.version)
    out.write_bytes(render_chart(chart, fmt, data, parsed, site))
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
