"""Which warehouse the running app serves; set once by create_app, read by the pages."""

from __future__ import annotations

from pathlib import Path

from app.data import WarehouseData, get_data
from etl.paths import WAREHOUSE_DIR

_settings: dict[str, object] = {"warehouse_dir": WAREHOUSE_DIR, "version": None}


def configure(warehouse_dir: Path, version: str | None) -> None:
    _settings.update(warehouse_dir=Path(warehouse_dir), version=version)


def warehouse_dir() -> Path:
    return _settings["warehouse_dir"]  # type: ignore[return-value]


def data(version: str | None = None) -> WarehouseData:
    """The served data, or a pinned version of it."""
    return get_data(warehouse_dir(), version or _settings["version"])  # type: ignore[arg-type]
