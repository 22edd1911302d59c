"""Production serving: the documented gunicorn command serves the dashboard on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_pages_and_downloads(warehouse_dir):
    port = _free_port()
    env = {**os.environ, "OFFENSIVE_METRICS_WAREHOUSE": str(warehouse_dir)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "app.wsgi:server",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError(
                        process.stdout.read().decode()
                        if process.poll() is not None
                        else "gunicorn did not start"
                    ) from None
                time.sleep(0.5)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/download/series.csv", timeout=10
        ) as response:
            assert response.read().startswith(b"metric,date,")
    finally:
        process.terminate()
        process.wait(timeout=20)
