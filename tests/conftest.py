"""Shared fixtures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kickback_edu import Body
from kickback_edu.data import ENV_VAR, clear_caches

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test records quiz answers in its own progress file, never in the repo."""
    path = tmp_path / "kickback-progress.json"
    monkeypatch.setenv("KICKBACK_PROGRESS", str(path))
    return path


@pytest.fixture
def body() -> Body:
    """The reference learner of the worked check: 70 kg, 1.75 m, Dempster/Winter."""
    return Body(mass_kg=70.0, height_m=1.75)


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A writable copy of data/ that the library reads instead of the real one."""
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    monkeypatch.setenv(ENV_VAR, str(target))
    clear_caches()
    yield target
    clear_caches()
