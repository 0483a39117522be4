"""Shared fixtures. Qt runs offscreen, set before any QApplication exists,
and the program's data folder is a temporary one, never the user's."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest  # noqa: E402

from core.demo import build_demo  # noqa: E402
from core.ledger import Ledger  # noqa: E402


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread():
    """As in the program (ui/gc_guard.py): no automatic collection that could
    run on a worker thread and destroy Qt objects there; collect between tests."""
    import gc

    gc.disable()
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def write_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Every test runs under the write guard (tests/write_guard.py): a write
    outside ``Ledger.write`` or to an undeclared table fails the test."""
    from tests import write_guard as wg

    guard = wg.Guard()
    wg.install(monkeypatch, guard)
    yield guard
    if guard.violations and not request.node.get_closest_marker("unguarded"):
        pytest.fail("writes outside Ledger.write or to undeclared tables:\n"
                    + "\n".join(sorted(set(guard.violations))), pytrace=False)


@pytest.fixture(autouse=True)
def _data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COMPOUND_LEDGER_HOME", str(home))
    return home


@pytest.fixture
def ledger(tmp_path: Path):
    """An empty ledger in a temporary file."""
    ledger = Ledger.open(tmp_path / "ledger.sqlite3")
    yield ledger
    ledger.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    ledger = Ledger.open(path)
    build_demo(ledger, seed=7)
    ledger.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.close()
    return path


@pytest.fixture
def demo_ledger(tmp_path: Path, _demo_template: Path):
    """A fresh copy of the demo compound (built once per test session)."""
    import shutil

    path = tmp_path / "demo.sqlite3"
    shutil.copy(_demo_template, path)
    ledger = Ledger.open(path)
    yield ledger
    ledger.close()
