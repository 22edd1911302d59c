"""A real warehouse built by the pipeline from the bundled reports, and a real server for it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.server import create_app
from etl.paths import REPORTS_DIR
from etl.pipeline import run


@pytest.fixture(scope="session")
def warehouse_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("warehouse")
    run(REPORTS_DIR, folder)
    return folder


@pytest.fixture(scope="session")
def dash_app(warehouse_dir):
    return create_app(warehouse_dir)


@pytest.fixture()
def client(dash_app):
    return dash_app.server.test_client()


@pytest.fixture(scope="session")
def live_server(dash_app):
    """The Flask server of the Dash app on a free loopback port, in a thread."""
    server = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
