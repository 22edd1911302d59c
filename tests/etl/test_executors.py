"""The scale-out path: the same ETL on a real dask.distributed cluster on loopback gives the same tables."""

from __future__ import annotations

import distributed
import pytest

from etl import warehouse
from etl.paths import REPORTS_DIR
from etl.pipeline import run


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def test_dask_executor_gives_the_same_bytes_as_local(cluster, tmp_path):
    local = run(REPORTS_DIR, tmp_path / "local")
    remote = run(
        REPORTS_DIR, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address
    )
    assert remote.counts == local.counts
    assert remote.data_version == local.data_version
    for name in warehouse.TABLES:
        assert (remote.version_dir / f"{name}.parquet").read_bytes() == (
            local.version_dir / f"{name}.parquet"
        ).read_bytes()


def test_dask_executor_needs_a_scheduler(tmp_path):
    with pytest.raises(ValueError, match="--scheduler"):
        run(REPORTS_DIR, tmp_path, executor="dask")
