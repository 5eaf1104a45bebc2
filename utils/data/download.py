"""The download cache, kept by pooch: ``<cache_dir>/<dataset>/<file>``.

pooch downloads into a temporary file beside the target, checks its sha256, and only then moves it
into place, so a half-downloaded file never appears under its real name; it retries failed downloads
and draws a progress bar (with tqdm). This module adds what pooch does not know about the course:
which hash to expect when the registry pins none (the one recorded at the first download), a cache
check that never touches the network (`cached`, used first and in offline mode), and error messages
that say which file and what to do.
"""

from __future__ import annotations

import hashlib
import importlib.util
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from .base import Dataset, DatasetUnavailableError, RemoteFile, cache_dir, is_offline

if TYPE_CHECKING:
    import pooch

# pooch is imported only when something is downloaded: it imports tqdm, and a tqdm imported early
# makes other packages' progress bars warn "IProgress not found" into the notebooks' outputs.
# Offline loads never need it.

__all__ = ["RETRIES", "TIMEOUT_S", "cached", "fetch", "file_sha256", "folder"]

# network hiccups are common on student connections; pooch waits 1 s, then 2 s between tries
RETRIES = 2
# seconds without a byte before a try fails, so a dead connection cannot hang a notebook
TIMEOUT_S = 30


def folder(ds: Dataset) -> Path:
    """Where the dataset's downloaded files live."""
    return cache_dir() / ds.name


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB blocks (the hash pooch checks)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record_of(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _expected_sha(path: Path, remote: RemoteFile) -> str | None:
    """The pinned hash, else the one recorded beside the file when it was downloaded."""
    if remote.sha256:
        return remote.sha256
    record = _record_of(path)
    return record.read_text().strip() if record.exists() else None


def cached(ds: Dataset, tried: list[str]) -> list[Path] | None:
    """The dataset's cached files if all are present and match their sha256, else None (reason added
    to `tried`).

    Never touches the network: it is the first thing `load` tries, and all it may try offline. A
    damaged file is left in place (the next download replaces it) and reported with a warning that
    names it.
    """
    where = folder(ds)
    paths = [where / remote.filename for remote in ds.files]
    if not all(path.exists() for path in paths):
        tried.append(f"cache ({where}): not downloaded yet")
        return None
    for path, remote in zip(paths, ds.files):
        expected = _expected_sha(path, remote)
        actual = file_sha256(path)
        if expected is None or actual != expected:
            why = ("no checksum recorded" if expected is None
                   else f"sha256 mismatch: {actual} != {expected}")
            message = (
                f"Cached file {path} of dataset {ds.name!r} is corrupt or truncated ({why}). "
                "Delete it, then load the dataset again with internet access: "
                "the download replaces it."
            )
            warnings.warn(message, stacklevel=4)
            tried.append(f"cache ({where}): {message}")
            return None
    return paths


def _known_hash(path: Path, remote: RemoteFile) -> str | None:
    """The hash pooch must check: pinned, or recorded at the first download while the file still
    matches it.

    An unpinned file that is missing, unrecorded or damaged is treated as never downloaded: the
    stale copy and its record go, pooch downloads afresh (known hash None) and `fetch` records the
    new hash, as a first download does. (Passing the old record instead would refuse a file that
    changed upstream for good.)
    """
    if remote.sha256:
        return f"sha256:{remote.sha256}"
    recorded = _expected_sha(path, remote)
    if recorded and path.exists() and file_sha256(path) == recorded:
        return f"sha256:{recorded}"
    path.unlink(missing_ok=True)
    _record_of(path).unlink(missing_ok=True)
    return None


def _http_downloader() -> pooch.HTTPDownloader:
    """pooch's requests-based downloader with a timeout, and a progress bar where tqdm is installed.

    pooch refuses ``progressbar=True`` without tqdm, and tqdm is not a dependency of the course: ask
    for the bar only when tqdm can be imported.
    """
    import pooch

    has_tqdm = importlib.util.find_spec("tqdm") is not None
    return pooch.HTTPDownloader(progressbar=has_tqdm, timeout=TIMEOUT_S)


def fetch(ds: Dataset) -> list[Path]:
    """Download the dataset's missing or damaged files with pooch (intact ones are kept) and return
    their paths.

    Raises `DatasetUnavailableError` when a download does not match its hash (nothing is kept) and
    OSError (requests' errors are OSErrors) when the network fails after the retries.
    """
    if is_offline():  # defence in depth: load() already skips online sources
        raise DatasetUnavailableError(f"refusing to download {ds.name!r}: COURSE_OFFLINE=1")
    import pooch

    where = folder(ds)
    store = pooch.create(
        path=where,
        base_url="",  # every file has its own URL in `urls`
        registry={r.filename: _known_hash(where / r.filename, r) for r in ds.files},
        urls={r.filename: r.url for r in ds.files},
        retry_if_failed=RETRIES,
    )
    paths = []
    for remote in ds.files:
        try:
            path = Path(store.fetch(remote.filename, downloader=_http_downloader()))
        except ValueError as exc:  # pooch's hash check refused the download (after its retries)
            raise DatasetUnavailableError(
                f"downloaded {remote.url} but it failed its check: {exc} Nothing was kept. "
                f"If the file changed upstream, its sha256 in utils/data/registry.py "
                f"needs updating."
            ) from exc
        if remote.sha256 is None and not _record_of(path).exists():
            # A torn write of this small record only makes the next load re-download, so no
            # temporary file.
            _record_of(path).write_text(file_sha256(path) + "\n")
        paths.append(path)
    return paths
