"""Where things live by default: the bundled corpus, the reference tables and the warehouse."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
REPORTS_DIR = DATA_DIR / "reports"
REFERENCE_DIR = DATA_DIR / "reference"
WAREHOUSE_DIR = DATA_DIR / "warehouse"
