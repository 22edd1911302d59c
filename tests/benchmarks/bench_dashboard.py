"""Dashboard latency under gunicorn: the trend callback and the view CSV, and PNG export.

Run on demand: `python tests/benchmarks/bench_dashboard.py [--observations 1000000] [--requests 200]`.
It builds two warehouses — the bundled corpus, and a generated one that tiles the bundled
observations over many synthetic reports until it holds the requested number of observations —
serves each under gunicorn on 127.0.0.1 (2 workers), and drives POST /_dash-update-component (the
trends page's callback, payload as the page sends it) and GET /download/trend.csv with a bounded
load generator (a fixed number of requests, a timeout each) at concurrency 1 and 8. It prints p50
and p95 per case and the warm PNG export time (median of 10), and writes
tests/benchmarks/results/dashboard.json.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from etl import warehouse
from etl.ids import content_id
from etl.paths import REPORTS_DIR
from etl.pipeline import run
from etl.reconcile import reconcile

RESULTS = Path(__file__).parent / "results" / "dashboard.json"
METRICS = ["districts_controlled_share", "provincial_capitals_controlled"]


def generated_warehouse(source: Path, target: Path, n_observations: int) -> None:
    """Tile the bundled observations over synthetic reports and days until there are n of them."""
    version = warehouse.resolve(source)
    tables = {name: warehouse.read_table(version, name) for name in warehouse.TABLES}
    base = tables["observations"]
    copies = -(-n_observations // len(base))
    rng = np.random.default_rng(7)
    frames = []
    for copy in range(copies):
        frame = base.copy()
        shift = pd.to_timedelta(rng.integers(-20, 20, len(frame)), unit="D")
        as_of = (pd.to_datetime(frame["as_of"].astype(str)) + shift).dt.date
        frame["as_of"] = pd.array(as_of, dtype=base["as_of"].dtype)
        frame["published"] = frame["as_of"]
        frame["period_start"] = pd.array([None] * len(frame), dtype=base["as_of"].dtype)
        frame["report_id"] = [content_id("bench", copy, r) for r in frame["report_id"]]
        frame["observation_id"] = [content_id("bench", copy, o) for o in frame["observation_id"]]
        frames.append(frame)
    observations = pd.concat(frames, ignore_index=True).head(n_observations)
    reports = pd.concat(
        [
            tables["reports"].assign(
                report_id=[content_id("bench", c, r) for r in tables["reports"]["report_id"]]
            )
            for c in range(copies)
        ],
        ignore_index=True,
    )
    tables["observations"] = observations
    tables["reports"] = reports.drop_duplicates("report_id")
    tables["series"] = reconcile(observations, tables["events"])
    warehouse.publish(
        tables,
        target,
        content_id("bench", n_observations)[:12],
        {"counts": {}, "latest_report_date": "2021-09-06"},
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(warehouse_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "OFFENSIVE_METRICS_WAREHOUSE": str(warehouse_dir)}
    process = subprocess.Popen(
        [
            str(gunicorn),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--threads",
            "4",
            "--timeout",
            "120",
            "app.wsgi:server",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            # the first page builds the app in each worker; on a busy machine that takes seconds
            urllib.request.urlopen(url + "/", timeout=120).read()
            return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def callback_payload() -> bytes:
    """The request the trends page sends when its inputs change."""
    outputs = (
        "..trend-graph.figure...trend-stats.children...trend-links.children...trend-url.search.."
    )
    return json.dumps(
        {
            "output": outputs,
            "outputs": [
                {"id": "trend-graph", "property": "figure"},
                {"id": "trend-stats", "property": "children"},
                {"id": "trend-links", "property": "children"},
                {"id": "trend-url", "property": "search"},
            ],
            "inputs": [
                {"id": "trend-metrics", "property": "value", "value": METRICS},
                {"id": "trend-range", "property": "start_date", "value": "2021-07-01"},
                {"id": "trend-range", "property": "end_date", "value": "2021-08-31"},
                {"id": "trend-options", "property": "value", "value": ["claims", "events"]},
            ],
            "changedPropIds": ["trend-metrics.value"],
            "state": [{"id": "trend-url", "property": "search", "value": ""}],
        }
    ).encode()


def timed(request: urllib.request.Request) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        assert response.status == 200
    return time.perf_counter() - start


def load(url: str, kind: str, concurrency: int, requests: int) -> dict:
    def make():
        if kind == "callback":
            return urllib.request.Request(
                url + "/_dash-update-component",
                data=callback_payload(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
        query = "&".join(f"metric={m}" for m in METRICS) + "&from=2021-07-01&to=2021-08-31"
        return urllib.request.Request(f"{url}/download/trend.csv?{query}")

    for _ in range(5):
        timed(make())
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = sorted(pool.map(lambda _: timed(make()), range(requests)))
    return {
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "requests": requests,
    }


def png_export(url: str) -> dict:
    request = f"{url}/export/trend.png?metric=districts_controlled_share"
    cold = timed(urllib.request.Request(request))
    warm = [timed(urllib.request.Request(request)) for _ in range(10)]
    return {"cold_s": round(cold, 2), "warm_median_s": round(statistics.median(warm), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        bundled = Path(scratch) / "bundled"
        run(REPORTS_DIR, bundled)
        big = Path(scratch) / "generated"
        generated_warehouse(bundled, big, options.observations)
        for name, folder in (("bundled", bundled), (f"generated_{options.observations}", big)):
            process, url = start_gunicorn(folder)
            try:
                results[name] = {}
                for kind in ("callback", "view_csv"):
                    for concurrency in (1, 8):
                        results[name][f"{kind}_c{concurrency}"] = load(
                            url, kind, concurrency, options.requests
                        )
                        print(
                            f"{name:22} {kind}_c{concurrency:<8} {results[name][f'{kind}_c{concurrency}']}",
                            flush=True,
                        )
                if name == "bundled":
                    results[name]["png_export"] = png_export(url)
                    print(f"{name:22} png_export       {results[name]['png_export']}", flush=True)
            finally:
                process.terminate()
                process.wait(timeout=30)
    _save(results)
    return 0


def _save(results: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
