"""utils.data: every dataset loads offline with its shape; caches, errors and offline mode behave."""

from __future__ import annotations

import hashlib
import warnings

import numpy as np
import pandas as pd
import pytest

from utils import data
from utils.data import Dataset, DatasetUnavailableError, RemoteFile, UnknownDatasetError

# name -> check of the loaded object's shape (the offline source's shape)
EXPECTED = {
    "lifesat": lambda d: isinstance(d, pd.DataFrame) and d.shape == (142, 4) and d.attrs["wellbeing"],
    "iris": lambda d: d.data.shape == (150, 4) and d.target.shape == (150,),
    "digits": lambda d: d.data.shape == (1797, 64),
    "wine": lambda d: d.data.shape == (178, 13),
    "breast_cancer": lambda d: d.data.shape == (569, 30),
    "diabetes": lambda d: d.data.shape == (442, 10),
    "mnist": lambda d: d[0].shape == (5000, 784) and d[0].dtype == np.uint8
    and np.bincount(d[1]).tolist() == [500] * 10,
    "fashion_mnist": lambda d: d[0][0].shape == (60000, 28, 28) and d[1][0].shape == (10000, 28, 28)
    and set(np.unique(d[0][1])) == set(range(10)),
    "ames": lambda d: d.shape == (2930, 84) and d["Lot.Frontage"].isna().sum() == 490
    and {"price", "Longitude", "Latitude"} <= set(d.columns),
    "titanic": lambda d: d.shape == (1309, 6) and set(d["survived"]) == {"survived", "died"},
    "chicago_ridership": lambda d: d.shape == (5698, 50) and str(d["date"].dtype).startswith("datetime64"),
    "shakespeare": lambda d: isinstance(d, str) and 4_500_000 < len(d) < 5_200_000 and len(set(d)) < 100,
    "movie_reviews": lambda d: d.shape == (12808, 2) and d["label"].sum() == 7403,
    "sample_images": lambda d: len(d.images) == 2 and d.images[0].shape == (427, 640, 3),
}


# no package ships these: offline they must fail with a message that names the way to get them
ONLINE_ONLY = {"olivetti_faces"}


def test_every_registered_dataset_has_a_shape_test():
    assert set(EXPECTED) | ONLINE_ONLY == set(data.names())


@pytest.mark.parametrize("name", sorted(ONLINE_ONLY))
def test_online_only_dataset_fails_offline_with_instructions(name, monkeypatch, no_network, tmp_cache):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.raises(DatasetUnavailableError, match="COURSE_OFFLINE=1") as info:
        data.load(name)
    assert "internet" in str(info.value) and no_network == []


def test_olivetti_parser_matches_scikit_learns_layout(tmp_path):
    from scipy.io import savemat

    rng = np.random.default_rng(0)
    raw = rng.integers(0, 256, size=(4096, 400)).astype(np.float64)   # the .mat stores one face per column
    savemat(tmp_path / "olivettifaces.mat", {"faces": raw})
    images, person = data._olivetti_from([tmp_path / "olivettifaces.mat"])
    assert images.shape == (400, 64, 64) and images.dtype == np.float32
    assert images.min() == 0 and images.max() == 1
    first = (raw[:, 0] - raw.min()) / (raw.max() - raw.min())
    np.testing.assert_allclose(images[0], first.reshape(64, 64).T, rtol=1e-6)   # column-major, as sklearn
    assert np.bincount(person).tolist() == [10] * 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dataset_loads_offline_with_expected_shape(name, monkeypatch, no_network, tmp_cache):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    loaded = data.load(name)
    assert EXPECTED[name](loaded)
    assert no_network == []


@pytest.mark.parametrize("name", data.names())
def test_registry_entries_are_documented(name):
    ds = data.REGISTRY[name]
    for field in ("description", "returns", "online", "offline", "licence", "shape"):
        assert getattr(ds, field).strip(), f"{name}.{field} is empty"
    assert ds.offline_loader is not None or ds.files, f"{name} has no offline source and no cache files"
    assert name in data.describe(name)


def test_unknown_name_gives_clear_error_with_suggestion():
    with pytest.raises(UnknownDatasetError) as info:
        data.load("fashion_minst")
    message = str(info.value)
    assert "Unknown dataset 'fashion_minst'" in message
    assert "Did you mean 'fashion_mnist'" in message
    assert "Registered datasets:" in message


def test_bad_source_argument_is_rejected():
    with pytest.raises(ValueError, match="source must be"):
        data.load("iris", source="internet")


# ---------------------------------------------------------------- cache behaviour on a planted dataset

PAYLOAD = b"a,b\n1,2\n3,4\n"


@pytest.fixture
def planted(monkeypatch):
    """Register a small dataset whose only source is one cached/downloadable file."""
    remote = RemoteFile("https://example.invalid/toy.csv", "toy.csv", hashlib.sha256(PAYLOAD).hexdigest())
    ds = Dataset(
        name="toy", description="test", returns="DataFrame", online=remote.url, offline="none",
        licence="test", shape="2 x 2", files=(remote,), parse=lambda paths: pd.read_csv(paths[0]),
        how_to_get="plant toy.csv in the cache",
    )
    monkeypatch.setitem(data.REGISTRY, "toy", ds)
    return ds


def test_intact_cache_file_is_used(planted, tmp_cache, no_network):
    (tmp_cache / "toy").mkdir(parents=True)
    (tmp_cache / "toy" / "toy.csv").write_bytes(PAYLOAD)
    frame = data.load("toy")
    assert frame.shape == (2, 2) and no_network == []


@pytest.mark.parametrize("damage", [lambda b: b[:5], lambda b: b.replace(b"3", b"9")], ids=["truncated", "corrupt"])
def test_damaged_cache_file_is_detected_and_moved_aside(planted, tmp_cache, monkeypatch, no_network, damage):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    folder = tmp_cache / "toy"
    folder.mkdir(parents=True)
    (folder / "toy.csv").write_bytes(damage(PAYLOAD))
    with pytest.warns(UserWarning, match="corrupt or truncated"), pytest.raises(DatasetUnavailableError) as info:
        data.load("toy")
    message = str(info.value)
    assert "sha256 mismatch" in message and "COURSE_OFFLINE=1" in message and "plant toy.csv" in message
    assert not (folder / "toy.csv").exists() and (folder / "toy.csv.corrupt").exists()
    assert no_network == []


def test_download_is_verified_and_atomic(planted, tmp_cache, monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    served = {"body": PAYLOAD[:-3]}  # a half-delivered file

    class FakeResponse:
        def __init__(self):
            self.chunks = [served["body"]]

        def read(self, n):
            return self.chunks.pop() if self.chunks else b""

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(data.urllib.request, "urlopen", lambda url, timeout: FakeResponse())
    with pytest.raises(DatasetUnavailableError, match="sha256 is .* expected"):
        data.load("toy")
    assert list((tmp_cache / "toy").iterdir()) == []  # nothing half-written left behind

    served["body"] = PAYLOAD
    assert data.load("toy").shape == (2, 2)
    assert sorted(p.name for p in (tmp_cache / "toy").iterdir()) == ["toy.csv", "toy.csv.sha256"]


def test_unpinned_download_records_checksum_that_later_catches_corruption(planted, tmp_cache, monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    unpinned = RemoteFile(planted.files[0].url, "toy.csv", sha256=None)
    monkeypatch.setitem(data.REGISTRY, "toy", Dataset(**{**planted.__dict__, "files": (unpinned,)}))
    monkeypatch.setattr(data, "_download", lambda remote, dest: (
        dest.parent.mkdir(parents=True, exist_ok=True), dest.write_bytes(PAYLOAD),
        dest.with_name(dest.name + ".sha256").write_text(hashlib.sha256(PAYLOAD).hexdigest())))
    assert data.load("toy").shape == (2, 2)
    (tmp_cache / "toy" / "toy.csv").write_bytes(PAYLOAD[:4])
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.warns(UserWarning, match="sha256 mismatch"), pytest.raises(DatasetUnavailableError):
        data.load("toy")


def test_offline_mode_never_opens_a_socket_even_without_offline_source(planted, tmp_cache, monkeypatch, no_network):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.raises(DatasetUnavailableError) as info:
        data.load("toy")
    assert "skipped because COURSE_OFFLINE=1" in str(info.value)
    assert no_network == []


def test_online_failure_is_reported_not_raised_raw(planted, tmp_cache, monkeypatch, no_network):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    with pytest.raises(DatasetUnavailableError) as info:
        data.load("toy")
    assert "online source" in str(info.value) and "To get it" in str(info.value)
    assert no_network, "the download should have been attempted (and blocked by the test)"
    assert not any((tmp_cache / "toy").glob("*.part"))


def test_missing_offline_package_falls_through_with_reason(monkeypatch, tmp_cache):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(data, "FASHION_MNIST_DIR", tmp_cache / "nowhere")
    with pytest.raises(DatasetUnavailableError) as info:
        data.load("fashion_mnist")
    message = str(info.value)
    assert "FileNotFoundError" in message and "apt-get install dataset-fashion-mnist" in message


def test_idx_reader_rejects_truncated_file(tmp_path):
    header = bytes([0, 0, 8, 1]) + (10).to_bytes(4, "big")
    good = tmp_path / "good-idx1-ubyte"
    good.write_bytes(header + bytes(range(10)))
    assert data._read_idx(good).tolist() == list(range(10))
    bad = tmp_path / "bad-idx1-ubyte"
    bad.write_bytes(header + bytes(range(7)))
    with pytest.raises(data.DatasetError, match="truncated"):
        data._read_idx(bad)


def test_no_warnings_on_plain_offline_load(monkeypatch, tmp_cache):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data.load("lifesat")
