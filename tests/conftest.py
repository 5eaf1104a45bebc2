"""Shared fixtures: an isolated data cache, and a way to prove no socket is opened."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture
def tmp_cache(tmp_path, monkeypatch):
    """Point the download cache at a fresh temporary folder."""
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    return tmp_path / "cache"


class NetworkTouched(ConnectionRefusedError):
    """An OSError like a real refusal, so code paths behave as offline; `attempts` records it."""


@pytest.fixture
def no_network(monkeypatch):
    """Make every attempt to open a socket fail loudly, and record it."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkTouched(f"a socket was opened: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts
