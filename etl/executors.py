"""Where the per-report work runs: in this process, or on a Dask cluster.

Both return results in the order of the input paths, so the tables are the same bytes either way.
"""

from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from etl.extract import Extracted, Rejected, extract_file

EXECUTORS = ("local", "dask")
_BATCH = 64


def run_extraction(
    paths: list[Path],
    root: Path,
    executor: str = "local",
    scheduler: str | None = None,
    progress: bool = False,
) -> list[Extracted | Rejected]:
    if executor == "local":
        return [
            extract_file(path, root)
            for path in tqdm(paths, desc="reports", unit="report", disable=not progress)
        ]
    if executor == "dask":
        return _run_dask(paths, root, scheduler, progress)
    raise ValueError(f"unknown executor '{executor}'; use one of {EXECUTORS}")


def _extract_batch(paths: list[Path], root: Path) -> list[Extracted | Rejected]:
    return [extract_file(path, root) for path in paths]


def _run_dask(
    paths: list[Path], root: Path, scheduler: str | None, progress: bool
) -> list[Extracted | Rejected]:
    """Batches of reports go to the workers; the files must be readable at the same path there."""
    from distributed import Client, as_completed

    if not scheduler:
        raise ValueError("--executor dask needs --scheduler tcp://HOST:PORT")
    batches = [paths[i : i + _BATCH] for i in range(0, len(paths), _BATCH)]
    results: dict[int, list[Extracted | Rejected]] = {}
    with Client(scheduler, timeout="30s") as client:
        futures = {
            client.submit(_extract_batch, batch, root, pure=False): n
            for n, batch in enumerate(batches)
        }
        bar = tqdm(total=len(paths), desc="reports", unit="report", disable=not progress)
        for future in as_completed(futures):
            number = futures[future]
            results[number] = future.result()
            bar.update(len(batches[number]))
        bar.close()
    return [item for n in range(len(batches)) for item in results[n]]
