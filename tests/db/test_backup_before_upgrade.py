"""Before a migration writes to an older ledger, a verified backup is made beside it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from core import backups
from core.errors import DatabaseOpenError
from core.ledger import Ledger
from db import migrations
from db.database import open_database
from tests.hostile.helpers import fingerprint


def _old_ledger(path: Path, monkeypatch) -> None:
    migrations.latest_version()
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "_STEPS", migrations._STEPS[:1])
        open_database(path).close()


def test_an_upgrade_is_preceded_by_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    _old_ledger(path, monkeypatch)
    Ledger.open(path).close()
    (made,) = backups.list_backups(tmp_path / "台账备份" / "old")
    assert made.path.name.endswith("-升级前.sqlite3") and made.schema_version == 1
    assert backups.describe(made.path).schema_version == 1
    assert not [n for n in os.listdir(tmp_path / "台账备份" / "old") if n.startswith(".")]
    Ledger.open(path).close()  # upgraded already: no second backup
    assert len(backups.list_backups(tmp_path / "台账备份" / "old")) == 1


def test_no_upgrade_when_the_backup_cannot_be_made(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    _old_ledger(path, monkeypatch)
    before = fingerprint(path)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("db.backup.copy_database", full)
    with pytest.raises(DatabaseOpenError) as caught:
        Ledger.open(path)
    assert "升级前无法先备份" in caught.value.message
    assert fingerprint(path) == before
