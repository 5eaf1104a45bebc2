"""What every module of `utils.data` shares: the registry entry types, the errors, offline mode, the
cache folder.

Nothing here loads data; it only names things, so that the registry, the loaders and the downloader
can import it without importing each other.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Dataset",
    "DatasetError",
    "DatasetUnavailableError",
    "RemoteFile",
    "UnknownDatasetError",
    "cache_dir",
    "is_offline",
]


class DatasetError(Exception):
    """Base class of every error `load` raises."""


class UnknownDatasetError(DatasetError, KeyError):
    """The name is not in the registry."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


class DatasetUnavailableError(DatasetError, RuntimeError):
    """No source could deliver the dataset."""


@dataclass(frozen=True)
class RemoteFile:
    """A file of the online original: its URL and, where published or pinned, its sha256.

    Without a sha256 the hash of the first download is recorded beside the file (``<file>.sha256``)
    and every later load is checked against it, so a file damaged on disk is still caught.
    """

    url: str
    filename: str
    sha256: str | None = None


@dataclass(frozen=True)
class Dataset:
    """A registry entry; every loader returns the loaded object itself.

    Sources, as `load` tries them: `files` downloaded into the cache and read by `parse(paths)`, or
    `cache_loader()` for a library that keeps its own copy in the course cache (never touches the
    network); `offline_loader()` for a copy an installed package ships; `online_loader()` for a
    library's own download.
    """

    name: str
    description: str
    returns: str
    online: str
    offline: str
    licence: str
    shape: str
    files: tuple[RemoteFile, ...] = ()
    parse: Callable[[list[Path]], Any] | None = None
    cache_loader: Callable[[], Any] | None = None
    offline_loader: Callable[[], Any] | None = None
    online_loader: Callable[[], Any] | None = None
    how_to_get: str = ""
    check: Callable[[Any], None] | None = field(default=None, repr=False)

    @property
    def has_online_source(self) -> bool:
        """True when an online original exists apart from what the offline source ships."""
        return bool(self.files) or self.online_loader is not None


def is_offline() -> bool:
    """True when ``COURSE_OFFLINE`` is set to 1/true/yes: never touch the network."""
    return os.environ.get("COURSE_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def cache_dir() -> Path:
    """Download cache: ``$COURSE_DATA_DIR/cache`` if set, else ``<repo>/data/cache`` (``make clean``
    empties it)."""
    root = os.environ.get("COURSE_DATA_DIR")
    base = Path(root) if root else Path(__file__).resolve().parents[2] / "data"
    return base / "cache"
