"""A real warehouse built by the pipeline from the bundled reports, and a real server for it."""

from __future__ import annotations

import threading
from contextlib import contextmanager
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


@contextmanager
def serving(flask_app):
    """A Flask app on a free loopback port, in a thread, for as long as the context lasts."""
    server = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def live_server(dash_app):
    with serving(dash_app.server) as url:
        yield url


@pytest.fixture(scope="session")
def serve_flask():
    """`serving` for test modules, which cannot import from conftest."""
    return serving
