"""The hashed lock serves what requirements*.txt pin: same versions, every package hashed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)", re.M)


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, _, version in PIN.findall(path.read_text(encoding="utf-8")):
        found.setdefault(normalize(name), set()).add(version)
    return found


@pytest.mark.parametrize("requirements, lock", [
    ("requirements.txt", "requirements-lock.txt"),
    ("requirements-data-nodeps.txt", "requirements-data-nodeps-lock.txt"),
])
def test_every_pin_is_locked_at_the_same_version(requirements, lock):
    wanted, locked = pins(ROOT / requirements), pins(ROOT / lock)
    assert wanted, f"no pins found in {requirements}"
    for name, versions in wanted.items():
        assert name in locked, (
            f"{name} is pinned in {requirements} but not in {lock}: run `make lock`")
        assert locked[name] == versions, (
            f"{name}: {requirements} pins {versions}, {lock} has {locked[name]}")


@pytest.mark.parametrize("lock", ["requirements-lock.txt", "requirements-data-nodeps-lock.txt"])
def test_every_locked_package_has_a_hash(lock):
    text = (ROOT / lock).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[-1])
    unhashed = [e.split()[0] for e in entries if PIN.match(e) and "--hash=sha256:" not in e]
    assert not unhashed, f"{lock}: no hash for {unhashed}: run `make lock`"


def test_lock_serves_python_3_11_to_3_13():
    header = (ROOT / "requirements-lock.txt").read_text(encoding="utf-8")
    # universal resolution: version forks appear as markers, never as a single interpreter's pins
    assert "python_full_version" in header or "python_version" in header
    assert 'SUPPORTED_PYTHONS := 3.11, 3.12, 3.13' in (ROOT / "Makefile").read_text()
