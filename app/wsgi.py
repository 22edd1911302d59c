"""gunicorn entry point: `gunicorn app.wsgi:server` (warehouse from OFFENSIVE_METRICS_WAREHOUSE)."""

import os
from pathlib import Path

from app.server import create_app
from etl.paths import WAREHOUSE_DIR

application = create_app(Path(os.environ.get("OFFENSIVE_METRICS_WAREHOUSE", WAREHOUSE_DIR)))
server = application.server
