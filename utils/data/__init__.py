"""One registry of the course's datasets, and `load(name)` to get any of them.

`load` tries, in order:

1. the download cache (``data/cache/<name>/``), each file checked against its sha256, never the
   network;
2. the offline source (an installed package or a Debian path);
3. the online source (a download into the cache with pooch, or the library's own loader).

With ``COURSE_OFFLINE=1`` step 3 is skipped and no socket is ever opened. When nothing works,
`DatasetUnavailableError` says what was tried and how to get the data. ``prefer="online"`` puts
step 3 before step 2 (the whole online original at full scale, else what is available, saying so).

The package: `registry` (the dataset table), `sources` (the loaders and parsers), `download` (the
pooch cache), `base` (the types and errors they share). This module is the public API notebooks use.
"""

from __future__ import annotations

from typing import Any

from . import download, registry, sources
from .base import (
    Dataset,
    DatasetError,
    DatasetUnavailableError,
    RemoteFile,
    UnknownDatasetError,
    cache_dir,
    is_offline,
)
from .registry import REGISTRY, describe, names, register
from .sources import FASHION_MNIST_CLASSES, FASHION_MNIST_DIR

__all__ = [
    "FASHION_MNIST_CLASSES",
    "FASHION_MNIST_DIR",
    "REGISTRY",
    "Dataset",
    "DatasetError",
    "DatasetUnavailableError",
    "RemoteFile",
    "UnknownDatasetError",
    "cache_dir",
    "describe",
    "download",
    "is_offline",
    "load",
    "names",
    "register",
    "registry",
    "sources",
]

SOURCES = ("auto", "cache", "offline", "online")
PREFER = ("offline", "online")
_NOTHING = object()  # a step that delivered nothing (None could be a dataset)


def load(name: str, source: str = "auto", prefer: str = "offline") -> Any:
    """Load a registered dataset.

    source: "auto" (every source, in the order `prefer` gives), or one of "cache", "offline",
    "online" to use only that source (e.g. ``source="online"`` for the textbook's original where it
    differs from the offline stand-in; an error if it cannot be had).
    prefer: with source="auto", "offline" (the default) tries the cache, then the offline package,
    then the network; "online" tries the cache, then the network, then the offline package, and
    prints one sentence when it falls back to the offline copy. Chapters ask for the whole dataset
    at full scale only::

        X, y = data.load("mnist", prefer="online" if SCALE == "full" else "offline")
    """
    ds = registry.lookup(name)
    if source not in SOURCES:
        raise ValueError(f"source must be 'auto', 'cache', 'offline' or 'online', not {source!r}.")
    if prefer not in PREFER:
        raise ValueError(f"prefer must be 'offline' or 'online', not {prefer!r}.")
    if prefer == "online" and source != "auto":
        raise ValueError(f"prefer='online' orders the sources of source='auto'; "
                         f"with source={source!r} drop it.")
    if source == "auto":
        order = (("cache", "online", "offline") if prefer == "online"
                 else ("cache", "offline", "online"))
    else:
        order = (source,)

    tried: list[str] = []
    for step in order:
        obj = _STEPS[step](ds, tried)
        if obj is not _NOTHING:
            if prefer == "online" and step == "offline" and ds.has_online_source:
                print(_fallback_sentence(ds, tried))
            return _checked(ds, obj)

    raise DatasetUnavailableError(
        f"Could not load dataset {name!r} (source={source!r}"
        + (", prefer='online'" if prefer == "online" else "") + "). Tried:\n  - "
        + "\n  - ".join(tried or ["nothing: this dataset has no source of that kind"])
        + ("\nTo get it: "
           f"{ds.how_to_get or 'run `make setup`, or connect to the internet and retry.'}")
    )


def _checked(ds: Dataset, obj: Any) -> Any:
    if ds.check is not None:
        ds.check(obj)
    return obj


def _from_cache(ds: Dataset, tried: list[str]) -> Any:
    """Step 1: what a download left in the cache; never the network."""
    if ds.files:
        paths = download.cached(ds, tried)
        return _NOTHING if paths is None else ds.parse(paths)
    if ds.cache_loader is not None:
        try:
            return ds.cache_loader()
        except (OSError, DatasetError) as exc:  # OSError: the library has no copy yet
            tried.append(f"cache: {type(exc).__name__}: {exc}")
    return _NOTHING


def _from_offline(ds: Dataset, tried: list[str]) -> Any:
    """Step 2: the copy an installed package (or Debian file) ships."""
    if ds.offline_loader is None:
        return _NOTHING
    try:
        return ds.offline_loader()
    except (ImportError, OSError) as exc:
        tried.append(f"offline source ({ds.offline}): {type(exc).__name__}: {exc}")
        return _NOTHING


def _from_online(ds: Dataset, tried: list[str]) -> Any:
    """Step 3: the online original, unless COURSE_OFFLINE=1."""
    if not ds.has_online_source:
        return _NOTHING
    if is_offline():
        tried.append("online source: skipped because COURSE_OFFLINE=1 (no network allowed)")
        return _NOTHING
    try:
        if ds.files:
            return ds.parse(download.fetch(ds))
        return ds.online_loader()
    except (OSError, DatasetError) as exc:  # requests' and urllib's errors are OSErrors
        tried.append(f"online source ({ds.online}): {type(exc).__name__}: {exc}")
    except Exception as exc:  # keras raises a bare Exception("URL fetch failure ...")
        if "URL fetch failure" not in str(exc):
            raise
        tried.append(f"online source ({ds.online}): {exc}")
    return _NOTHING


_STEPS = {"cache": _from_cache, "offline": _from_offline, "online": _from_online}


def _fallback_sentence(ds: Dataset, tried: list[str]) -> str:
    """What prefer="online" prints when it settles for the offline copy: which dataset, what
    instead, how to fix."""
    if is_offline():
        why, fix = ("COURSE_OFFLINE=1 forbids the network",
                    "unset COURSE_OFFLINE, connect to the internet")
    else:
        failures = [t.removeprefix(f"online source ({ds.online}): ")
                    for t in tried if t.startswith("online source")]
        why = failures[-1] if failures else "it is not available"
        why, fix = (why if len(why) <= 120 else why[:117] + "..."), "check the internet connection"
    return (
        f"Dataset {ds.name!r}: could not load the full online original ({ds.online}) because "
        f"{why}, so this uses the offline copy instead ({ds.offline}); for the full dataset, "
        f"{fix} and run this again."
    )
