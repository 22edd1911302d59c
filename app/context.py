"""Which warehouse a running app serves: kept in its Flask config, so two apps in one process
(tests start several) each read their own data."""

from __future__ import annotations

from pathlib import Path

import flask

from app.data import WarehouseData, get_data

WAREHOUSE_KEY = "OFFENSIVE_METRICS_WAREHOUSE"
VERSION_KEY = "OFFENSIVE_METRICS_VERSION"


def configure(server: flask.Flask, warehouse_dir: Path, version: str | None) -> None:
    server.config[WAREHOUSE_KEY] = Path(warehouse_dir)
    server.config[VERSION_KEY] = version


def warehouse_dir() -> Path:
    return flask.current_app.config[WAREHOUSE_KEY]


def data(version: str | None = None) -> WarehouseData:
    """The served data, or a pinned version of it."""
    return get_data(warehouse_dir(), version or flask.current_app.config[VERSION_KEY])
