"""文件 › 备份… and 从备份恢复… clicked through as a user would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from core import backups
from tests.core.backups.test_store import snapshot
from ui import auto_backup, messages
from ui.app import Session
from ui.backup_dialog import BackupDialog


def test_backup_now_lists_the_new_backup(demo_ledger, qtbot):
    dialog = BackupDialog(demo_ledger)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 0
    assert str(demo_ledger.path.parent / "台账备份" / demo_ledger.path.stem) in dialog.folder_label.text()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.done, timeout=20_000)
    assert dialog.model.rowCount() == 1
    assert "已核对无误" in dialog.message.text()
    row = dialog.rows[0]
    assert row["household"] == 600 and row["community"] == "幸福路社区"


def test_the_session_restores_a_backup_and_reopens(demo_ledger, qtbot, monkeypatch):
    path = demo_ledger.path
    info = backups.make_backup(path)
    demo_ledger.close()
    before = snapshot(path)
    confirmed = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: confirmed.append(a) or True)
    monkeypatch.setattr(messages, "info", lambda *a, **k: None)
    errors = []
    monkeypatch.setattr(messages, "error", lambda _p, text, detail="": errors.append((text, detail)))
    session = Session()
    assert session.open(path)
    qtbot.waitUntil(lambda: session.ledger.check_result()[0], timeout=10_000)
    auto_backup.wait()
    ledger = session.ledger
    resident = ledger.db.execute("SELECT id FROM resident ORDER BY rowid").fetchone()[0]
    ledger.write("resident.edit", {"resident"},
                 lambda db: db.execute("UPDATE resident SET name = '改过' WHERE id = ?", [resident]))
    assert snapshot(path) != before
    dialog = BackupDialog(session.ledger, session.window)
    qtbot.addWidget(dialog)
    restored = []
    dialog.restore_requested.connect(restored.append)
    dialog.view.selectRow([r["path"] for r in dialog.rows].index(str(info.path)))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert restored == [str(info.path)] and confirmed
    old_window = session.window
    assert session.restore(Path(restored[0]))
    assert not errors, errors
    assert session.window is not old_window and session.ledger is not None
    assert session.lock is not None
    session.close()
    auto_backup.wait()
    assert snapshot(path) == before
    kinds = [b.reason for b in backups.list_backups(path.parent / "台账备份" / path.stem)]
    assert "restore" in kinds


def test_a_refused_backup_file_changes_nothing(demo_ledger, qtbot, monkeypatch, tmp_path):
    from ui.backup_dialog import confirm_restore

    shown = []
    monkeypatch.setattr(messages, "error", lambda _p, text, detail="": shown.append(detail))
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("不是备份", encoding="utf-8")
    assert not confirm_restore(None, bad)
    assert "不是小区治理台账的备份文件" in shown[0]


def test_the_session_backs_up_at_start_when_due_and_on_closing_after_changes(demo_ledger, qtbot):
    path = demo_ledger.path
    demo_ledger.close()
    folder = path.parent / "台账备份" / path.stem
    session = Session()
    assert session.open(path)
    qtbot.waitUntil(lambda: auto_backup._thread is not None, timeout=10_000)
    auto_backup.wait()
    assert len(backups.list_backups(folder)) == 1  # none was there: one at start-up
    session.close()  # no change: no backup on closing
    assert len(backups.list_backups(folder)) == 1
    assert session.open(path)
    qtbot.waitUntil(lambda: session.ledger.check_result()[0], timeout=10_000)
    assert not auto_backup.due(path)  # the newest is minutes old: none at start-up
    resident = session.ledger.db.execute("SELECT id FROM resident ORDER BY rowid").fetchone()[0]
    session.ledger.write("resident.edit", {"resident"},
                         lambda db: db.execute("UPDATE resident SET name = '改过' WHERE id = ?", [resident]))
    session.close()
    made = backups.list_backups(folder)
    assert len(made) == 2
    assert snapshot(made[0].path)["resident"] == snapshot(path)["resident"]
