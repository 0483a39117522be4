"""Fixtures of the hostile-input tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.core.importing.workbooks import messy_register


@pytest.fixture
def closed_demo(tmp_path: Path, _demo_template: Path) -> Path:
    """A copy of the demo ledger, closed (no -wal or -shm beside it)."""
    path = tmp_path / "台账.sqlite3"
    shutil.copy(_demo_template, path)
    return path


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return messy_register(tmp_path / "登记表.xlsx")
