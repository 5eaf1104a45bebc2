"""utils.data: every dataset loads offline with its shape; the pooch cache, errors, prefer= and
offline mode behave.

No test reaches the network: the `no_network` fixture makes any socket fail at once (and records
it), and downloads are served by a FakeServer that stands in for pooch's HTTP downloader.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pooch
import pytest
import requests

from utils import data
from utils.data import Dataset, DatasetUnavailableError, RemoteFile, UnknownDatasetError, download

# name -> check of the loaded object's shape (the offline source's shape)
EXPECTED = {
    "lifesat": lambda d: isinstance(d, pd.DataFrame) and d.shape == (142, 4)
    and d.attrs["wellbeing"],
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
    "chicago_ridership": lambda d: d.shape == (5698, 50)
    and str(d["date"].dtype).startswith("datetime64"),
    "shakespeare": lambda d: isinstance(d, str) and 4_500_000 < len(d) < 5_200_000
    and len(set(d)) < 100,
    "movie_reviews": lambda d: d.shape == (12808, 2) and d["label"].sum() == 7403,
    "sample_images": lambda d: len(d.images) == 2 and d.images[0].shape == (427, 640, 3),
}


# no package ships these: offline they must fail with a message that names the way to get them
ONLINE_ONLY = {"olivetti_faces"}


def test_every_registered_dataset_has_a_shape_test():
    assert set(EXPECTED) | ONLINE_ONLY == set(data.names())


@pytest.mark.parametrize("name", sorted(ONLINE_ONLY))
def test_online_only_dataset_fails_offline_with_instructions(name, monkeypatch, no_network,
                                                             tmp_cache):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.raises(DatasetUnavailableError, match="COURSE_OFFLINE=1") as info:
        data.load(name)
    assert "internet" in str(info.value) and no_network == []


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
    assert ds.offline_loader or ds.files or ds.cache_loader, (
        f"{name} has no offline source and no cache")
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


# ---------------------------------------- the pooch download cache on a planted dataset

PAYLOAD = b"a,b\n1,2\n3,4\n"
OFFLINE_COPY = pd.DataFrame({"a": [0]})


@pytest.fixture
def planted(monkeypatch):
    """Register a small dataset whose only source is one downloadable file with a pinned sha256."""
    remote = RemoteFile("https://example.invalid/toy.csv", "toy.csv",
                        hashlib.sha256(PAYLOAD).hexdigest())
    ds = Dataset(
        name="toy", description="test", returns="DataFrame", online=remote.url, offline="none",
        licence="test", shape="2 x 2", files=(remote,), parse=lambda paths: pd.read_csv(paths[0]),
        how_to_get="plant toy.csv in the cache",
    )
    monkeypatch.setitem(data.REGISTRY, "toy", ds)
    return ds


def replant(monkeypatch, planted: Dataset, **changes) -> Dataset:
    """Register a variant of the planted dataset (another hash, an offline copy, ...)."""
    ds = dataclasses.replace(planted, **changes)
    monkeypatch.setitem(data.REGISTRY, "toy", ds)
    return ds


class FakeServer:
    """Stands in for pooch's HTTP downloader: writes `body` to pooch's temporary file, no socket
    involved."""

    def __init__(self) -> None:
        self.body = PAYLOAD
        self.calls = 0
        self.failures = 0  # the first `failures` calls drop the connection

    def __call__(self, url: str, output_file: str, pooch_obj: object) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise requests.exceptions.ConnectionError("simulated dropped connection")
        with open(output_file, "wb") as fh:
            fh.write(self.body)


@pytest.fixture
def served(monkeypatch, no_network):
    """Online mode, with pooch downloading from a FakeServer; retries do not wait; a real socket
    still fails."""
    server = FakeServer()
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(download, "_http_downloader", lambda: server)
    monkeypatch.setattr(pooch.core.time, "sleep", lambda seconds: None)
    yield server
    assert no_network == []


def test_intact_cache_file_is_used_offline(planted, tmp_cache, monkeypatch, no_network):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    (tmp_cache / "toy").mkdir(parents=True)
    (tmp_cache / "toy" / "toy.csv").write_bytes(PAYLOAD)
    frame = data.load("toy")
    assert frame.shape == (2, 2) and no_network == []


DAMAGES = pytest.mark.parametrize(
    "damage", [lambda b: b[:5], lambda b: b.replace(b"3", b"9")], ids=["truncated", "corrupt"])


@DAMAGES
def test_damaged_cache_file_is_named_with_what_to_do(planted, tmp_cache, monkeypatch, no_network,
                                                     damage):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    path = tmp_cache / "toy" / "toy.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(damage(PAYLOAD))
    with (pytest.warns(UserWarning, match="corrupt or truncated"),
          pytest.raises(DatasetUnavailableError) as info):
        data.load("toy")
    message = str(info.value)
    assert str(path) in message and "Delete it" in message and "sha256 mismatch" in message
    assert "COURSE_OFFLINE=1" in message and "plant toy.csv" in message
    # left for the user (or the next download) to replace
    assert path.read_bytes() == damage(PAYLOAD)
    assert no_network == []


@DAMAGES
def test_damaged_cache_file_is_replaced_by_a_verified_download(planted, tmp_cache, served, damage):
    path = tmp_cache / "toy" / "toy.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(damage(PAYLOAD))
    with pytest.warns(UserWarning, match="corrupt or truncated"):
        assert data.load("toy").shape == (2, 2)
    assert path.read_bytes() == PAYLOAD and served.calls == 1


def test_download_is_verified_and_atomic(planted, tmp_cache, served):
    served.body = PAYLOAD[:-3]  # a half-delivered file, every time
    with pytest.raises(DatasetUnavailableError, match="does not match the known hash") as info:
        data.load("toy")
    assert "toy.csv" in str(info.value) and "Nothing was kept" in str(info.value)
    assert served.calls == 1 + download.RETRIES  # pooch retries a failed hash check too
    assert list((tmp_cache / "toy").iterdir()) == []  # no half-written file, no temporary file

    served.body = PAYLOAD
    assert data.load("toy").shape == (2, 2)
    # pinned: no recorded hash needed
    assert [p.name for p in (tmp_cache / "toy").iterdir()] == ["toy.csv"]


def test_download_retries_a_dropped_connection(planted, tmp_cache, served):
    served.failures = download.RETRIES
    assert data.load("toy").shape == (2, 2)
    assert served.calls == 1 + download.RETRIES


def test_download_gives_up_after_the_retries_with_a_clear_error(planted, tmp_cache, served):
    served.failures = 1 + download.RETRIES
    with pytest.raises(DatasetUnavailableError) as info:
        data.load("toy")
    assert "online source" in str(info.value) and "ConnectionError" in str(info.value)
    assert list((tmp_cache / "toy").iterdir()) == []


def test_unpinned_download_records_checksum_that_later_catches_corruption(
    planted, tmp_cache, served, monkeypatch
):
    replant(monkeypatch, planted, files=(RemoteFile(planted.files[0].url, "toy.csv", sha256=None),))
    path = tmp_cache / "toy" / "toy.csv"
    assert data.load("toy").shape == (2, 2)
    assert ((tmp_cache / "toy" / "toy.csv.sha256").read_text().strip()
            == hashlib.sha256(PAYLOAD).hexdigest())
    # the recorded hash matches: no download
    assert data.load("toy").shape == (2, 2) and served.calls == 1

    path.write_bytes(PAYLOAD[:4])
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.warns(UserWarning, match="sha256 mismatch"), pytest.raises(DatasetUnavailableError):
        data.load("toy")

    # online again: downloaded afresh and recorded anew, as current code did
    monkeypatch.delenv("COURSE_OFFLINE")
    with pytest.warns(UserWarning, match="sha256 mismatch"):
        assert data.load("toy").shape == (2, 2)
    assert path.read_bytes() == PAYLOAD and served.calls == 2


def test_offline_mode_never_opens_a_socket_even_without_offline_source(
    planted, tmp_cache, monkeypatch, no_network
):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.raises(DatasetUnavailableError) as info:
        data.load("toy")
    assert "skipped because COURSE_OFFLINE=1" in str(info.value)
    assert no_network == []


def test_online_failure_is_reported_not_raised_raw(planted, tmp_cache, monkeypatch, no_network):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    # the real downloader, refused at once by the no_network fixture
    monkeypatch.setattr(download, "RETRIES", 0)
    with pytest.raises(DatasetUnavailableError) as info:
        data.load("toy")
    assert "online source" in str(info.value) and "To get it" in str(info.value)
    assert no_network, "the download should have been attempted (and blocked by the test)"
    assert not any((tmp_cache / "toy").iterdir())


def test_progress_bar_only_where_tqdm_is_importable(monkeypatch):
    downloader = download._http_downloader()
    assert downloader.progressbar is (importlib.util.find_spec("tqdm") is not None)
    assert downloader.kwargs["timeout"] == download.TIMEOUT_S
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: None if name == "tqdm" else real_find_spec(name))
    assert download._http_downloader().progressbar is False  # pooch would refuse True without tqdm


# ---------------------------------------- prefer="online": the full dataset, else what is there


def test_prefer_online_falls_back_to_the_offline_copy_with_one_sentence(
    planted, tmp_cache, monkeypatch, no_network, capsys
):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    replant(monkeypatch, planted, offline="toy package", offline_loader=lambda: OFFLINE_COPY)
    assert data.load("toy", prefer="online") is OFFLINE_COPY
    printed = capsys.readouterr().out.strip().splitlines()
    assert (len(printed) == 1 and "'toy'" in printed[0]
            and "offline copy instead (toy package)" in printed[0])
    assert ("COURSE_OFFLINE=1" in printed[0]
            and "unset COURSE_OFFLINE, connect to the internet" in printed[0])
    assert no_network == []


def test_prefer_online_says_why_the_download_failed(planted, tmp_cache, monkeypatch, no_network,
                                                    capsys):
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    monkeypatch.setattr(download, "RETRIES", 0)
    replant(monkeypatch, planted, offline_loader=lambda: OFFLINE_COPY)
    assert data.load("toy", prefer="online") is OFFLINE_COPY
    printed = capsys.readouterr().out
    assert ("ConnectionError" in printed and "check the internet connection" in printed
            and no_network)


def test_prefer_online_downloads_first_and_default_stays_offline_first(
    planted, tmp_cache, served, monkeypatch, capsys
):
    replant(monkeypatch, planted, offline_loader=lambda: OFFLINE_COPY)
    assert data.load("toy") is OFFLINE_COPY and served.calls == 0
    assert data.load("toy", prefer="online").shape == (2, 2) and served.calls == 1
    # now from the cache
    assert data.load("toy", prefer="online").shape == (2, 2) and served.calls == 1
    assert capsys.readouterr().out == ""  # nothing to say when the full dataset came


def test_prefer_online_on_mnist_offline_gives_the_subset_and_says_so(
    monkeypatch, tmp_cache, no_network, capsys
):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    X, y = data.load("mnist", prefer="online")
    assert X.shape == (5000, 784) and y.shape == (5000,)
    printed = capsys.readouterr().out
    assert (printed.count("\n") == 1 and "'mnist'" in printed and "5,000 images" in printed
            and "70,000" in printed)


def test_mnist_download_retries_do_not_warn(monkeypatch):
    """Offline, scikit-learn warns at each retry of fetch_openml before it fails; the loader keeps
    those warnings out of the student's output (the failure itself still reaches the caller)."""
    import sklearn.datasets

    from utils.data import sources

    def failing_fetch(*args, **kwargs):
        warnings.warn("A network error occurred while downloading https://x. Retrying...",
                      UserWarning, stacklevel=2)
        raise OSError("no network")

    monkeypatch.setattr(sklearn.datasets, "fetch_openml", failing_fetch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(OSError, match="no network"):
            sources.mnist_online()
    assert not caught, [str(w.message) for w in caught]


def test_prefer_is_silent_for_datasets_without_an_online_original(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    assert data.load("iris", prefer="online").data.shape == (150, 4)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("kwargs, match", [
    ({"prefer": "internet"}, "prefer must be"),
    ({"prefer": "online", "source": "cache"}, "prefer='online' orders the sources"),
])
def test_bad_prefer_argument_is_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        data.load("iris", **kwargs)


# ---------------------------------------- Olivetti: scikit-learn's own copy in the cache


def test_olivetti_reads_scikit_learns_copy_in_the_cache_offline(tmp_cache, monkeypatch, no_network):
    import joblib

    monkeypatch.setenv("COURSE_OFFLINE", "1")
    # one face per row, as scikit-learn stores them
    raw = np.tile(np.arange(4096, dtype=np.uint8), (400, 1))
    raw[1] = 255
    (tmp_cache / "olivetti_faces").mkdir(parents=True)
    joblib.dump(raw, tmp_cache / "olivetti_faces" / "olivetti_py3.pkz", compress=6)
    images, person = data.load("olivetti_faces")
    assert images.shape == (400, 64, 64) and images.dtype == np.float32
    assert images.min() == 0 and images.max() == 1
    # column-major .mat
    np.testing.assert_allclose(images[0], (raw[0] / 255).reshape(64, 64).T, rtol=1e-6)
    assert person.dtype == np.int64 and np.bincount(person).tolist() == [10] * 40
    assert no_network == []


def test_truncated_olivetti_cache_says_which_file_to_delete(tmp_cache, monkeypatch, no_network):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    path = tmp_cache / "olivetti_faces" / "olivetti_py3.pkz"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x78\x9c not a joblib file")
    with pytest.raises(DatasetUnavailableError) as info:
        data.load("olivetti_faces")
    assert str(path) in str(info.value) and "Delete it" in str(info.value)
    assert no_network == []


def test_missing_offline_package_falls_through_with_reason(monkeypatch, tmp_cache):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(data.sources, "FASHION_MNIST_DIR", tmp_cache / "nowhere")
    with pytest.raises(DatasetUnavailableError) as info:
        data.load("fashion_mnist")
    message = str(info.value)
    assert "FileNotFoundError" in message and "apt-get install dataset-fashion-mnist" in message


def test_idx_reader_rejects_truncated_file(tmp_path):
    header = bytes([0, 0, 8, 1]) + (10).to_bytes(4, "big")
    good = tmp_path / "good-idx1-ubyte"
    good.write_bytes(header + bytes(range(10)))
    assert data.sources.read_idx(good).tolist() == list(range(10))
    bad = tmp_path / "bad-idx1-ubyte"
    bad.write_bytes(header + bytes(range(7)))
    with pytest.raises(data.DatasetError, match="truncated"):
        data.sources.read_idx(bad)


def test_no_warnings_on_plain_offline_load(monkeypatch, tmp_cache):
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data.load("lifesat")


def test_offline_loads_do_not_import_pooch():
    """pooch imports tqdm, and an early tqdm makes other libraries' progress bars warn into
    notebook outputs."""
    code = ("import sys; from utils import data; data.load('iris'); "
            "print(sorted(m for m in ('pooch', 'tqdm') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={**os.environ, "COURSE_OFFLINE": "1"})
    assert result.stdout.strip() == "[]", result.stdout
