"""Making, listing and restoring backups (policy; the file work is ``db.backup``).

Backups go to ``<ledger folder>/台账备份/<ledger name>/`` and, if the user set one, to
the same inside a second folder of this PC (a USB stick, :mod:`core.backups.config`). Each is
written through :func:`core.output_files.write_file` (a temporary name
beside its place, renamed in once verified; refused if it could hit the
ledger), its manifest beside it, then the folder is rotated. A failure (disk
full, read-only folder, stick pulled) becomes a LedgerError in Chinese, the
half-written file is removed and the ledger is only ever read.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from core import output_files
from core.backups import naming, rotation
from core.errors import DamagedDatabaseError, DatabaseOpenError, LedgerError
from db import backup as file_backup
from db.backup_names import backups_folder, order_key
from db.database import describe_sqlite_error

#: Manifest keys for the counts the user recognises, with their Chinese labels.
COUNT_LABELS = {"household": "户", "resident": "居民", "inspection": "检查", "campaign_entry": "行动记录",
                "photo": "照片"}


@dataclass(frozen=True)
class BackupInfo:
    """One backup file and what its manifest says (empty if it has none)."""

    path: Path
    made_at: datetime.datetime
    community: str = ""
    reason: str = ""
    schema_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    size: int = 0

    def counts_text(self) -> str:
        return "，".join(f"{label} {self.counts[key]}" for key, label in COUNT_LABELS.items()
                        if key in self.counts)


def default_folder(ledger_path: str | Path) -> Path:
    """``台账备份/<the ledger's name>/`` beside the ledger."""
    return backups_folder(ledger_path)


def folders(ledger_path: str | Path) -> list[Path]:
    """Where backups of ``ledger_path`` go: beside it, and the second folder if set."""
    from core.backups import config

    result = [default_folder(ledger_path)]
    extra = config.extra_folder()
    if extra is not None and backups_folder(ledger_path, extra).resolve() != result[0]:
        result.append(backups_folder(ledger_path, extra))
    return result


def make_backup(ledger_path: str | Path, folder: str | Path | None = None, *, reason: str | None = None,
                protected: tuple[str, ...] = (), now: datetime.datetime | None = None) -> BackupInfo:
    """Back up ``ledger_path`` into ``folder`` (default: beside it) and rotate the folder.

    Raises LedgerError with a Chinese message if it cannot; then no file of
    the backup is left behind and the ledger was only read.
    """
    ledger_path = Path(ledger_path)
    folder = Path(folder) if folder is not None else default_folder(ledger_path)
    now = now or datetime.datetime.now()
    if not ledger_path.is_file():
        raise LedgerError(f"找不到数据文件：{ledger_path}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LedgerError(f"无法建立备份文件夹“{folder}”：{exc.strerror or exc}。请检查该位置是否可写、"
                          "U 盘是否已插好。台账未做改动。") from exc
    target = _free_name(folder, now, reason)
    summary: list[file_backup.FileSummary] = []

    def write(temporary: Path) -> None:
        temporary.unlink(missing_ok=True)  # SQLite makes its own file
        summary.append(file_backup.copy_database(ledger_path, temporary))

    try:
        output_files.write_file(target, write, ledgers=[ledger_path])
    except file_backup.BackupVerifyError as exc:
        raise LedgerError(f"备份没有通过核对，未保留：{exc.message}台账未做改动。") from exc
    except DamagedDatabaseError as exc:
        raise LedgerError(f"无法备份：{exc.message}") from exc
    except sqlite3.Error as exc:
        raise LedgerError(f"无法写入备份：{describe_sqlite_error(target, exc)}"
                          "（请检查磁盘空间、文件夹是否可写、U 盘是否已拔出。）备份未保留，台账未做改动。") from exc
    except LedgerError as exc:
        raise LedgerError(f"无法写入备份：{exc.message}备份未保留，台账未做改动。") from exc
    except OSError as exc:
        raise LedgerError(f"无法写入备份“{target}”：{exc.strerror or exc}。请检查磁盘空间、文件夹是否可写、"
                          "U 盘是否已拔出。备份未保留，台账未做改动。") from exc
    finally:
        for suffix in ("-journal", "-wal", "-shm"):  # of a temporary copy SQLite was writing
            for leftover in folder.glob(f".{target.stem}.*{suffix}"):
                leftover.unlink(missing_ok=True)
    info = BackupInfo(target, now, summary[0].community, reason or "", summary[0].schema_version,
                      {key: summary[0].counts.get(key, 0) for key in COUNT_LABELS}, target.stat().st_size)
    _write_manifest(info)
    rotate(folder, today=now.date(), protected=protected)
    return info


def _free_name(folder: Path, now: datetime.datetime, reason: str | None) -> Path:
    for n in range(1, 100):
        candidate = folder / naming.backup_name(now, reason, n)
        if not candidate.exists():
            return candidate
    raise LedgerError(f"备份文件夹“{folder}”中同一秒的备份太多，请稍后再试。")


def _write_manifest(info: BackupInfo) -> None:
    data = {"program": "小区治理台账", "made_at": info.made_at.isoformat(timespec="seconds"),
            "reason": info.reason, "community": info.community, "schema_version": info.schema_version,
            "counts": info.counts, "size": info.size}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    try:
        output_files.write_file(info.path.with_name(naming.manifest_name(info.path.name)),
                                lambda p: p.write_text(text, encoding="utf-8"))
    except LedgerError:
        pass  # the backup itself is whole; its summary can be read from it


def rotate(folder: Path, *, today: datetime.date, protected: tuple[str, ...] = ()) -> list[Path]:
    """Delete the backups rotation lets go (only files the program named)."""
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return []
    deleted = []
    _remove_stale_temporaries(folder, names)
    for name in sorted(rotation.to_delete(names, today, protected=protected)):
        path = folder / name
        try:
            path.unlink()
            deleted.append(path)
            (folder / naming.manifest_name(name)).unlink(missing_ok=True)
        except OSError:
            pass  # kept until next time
    return deleted


#: The temporary file of a backup (``output_files.write_file``'s name) and SQLite's journal of it.
_TEMPORARY = re.compile(r"^\.台账备份-\d{8}-\d{6}[^/\\]*\.partial\.sqlite3(-journal)?$")


def _remove_stale_temporaries(folder: Path, names: list[str]) -> None:
    """Remove what a backup killed mid-write left (a day old: never another program's running one)."""
    limit = datetime.datetime.now().timestamp() - 86400
    for name in names:
        if _TEMPORARY.match(name):
            try:
                if (folder / name).stat().st_mtime < limit:
                    (folder / name).unlink()
            except OSError:
                pass


def list_backups(folder: str | Path) -> list[BackupInfo]:
    """The program's backups in ``folder``, newest first."""
    folder = Path(folder)
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    except OSError:
        return []
    result = []
    for name in names:
        when = naming.parse_name(name)
        if when is None:
            continue
        result.append(_read_info(folder / name, when))
    result.sort(key=lambda info: order_key(info.path.name), reverse=True)
    return result


def _read_info(path: Path, when: datetime.datetime) -> BackupInfo:
    try:
        data = json.loads(path.with_name(naming.manifest_name(path.name)).read_text(encoding="utf-8"))
        return BackupInfo(path, when, str(data.get("community", "")), str(data.get("reason", "")),
                          data.get("schema_version"), dict(data.get("counts", {})), int(data.get("size", 0)))
    except (OSError, ValueError, TypeError, AttributeError):
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        return BackupInfo(path, when, size=size)


def newest_good_backup(ledger_path: str | Path) -> BackupInfo | None:
    """The newest backup of ``ledger_path`` whose manifest matches its file (it
    was verified when written), in any of its backup folders."""
    best = None
    for folder in folders(ledger_path):
        for info in list_backups(folder):
            try:
                good = info.size > 0 and info.path.stat().st_size == info.size
            except OSError:
                good = False
            if good:
                if best is None or order_key(info.path.name) > order_key(best.path.name):
                    best = info
                break
    return best


def backup_age(ledger_path: str | Path, now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """How old the newest backup beside ``ledger_path`` is (None: there is none)."""
    backups = list_backups(default_folder(ledger_path))
    if not backups:
        return None
    return (now or datetime.datetime.now()) - backups[0].made_at


def backup_everywhere(ledger_path: str | Path, *, reason: str | None = None,
                      protected: tuple[str, ...] = ()) -> tuple[list[BackupInfo], list[str]]:
    """Back up into every backup folder: (the backups made, the problems in Chinese)."""
    made, problems = [], []
    for folder in folders(ledger_path):
        try:
            made.append(make_backup(ledger_path, folder, reason=reason, protected=protected))
        except LedgerError as exc:
            problems.append(exc.message)
    return made, problems


def describe(path: str | Path) -> BackupInfo:
    """What the backup file at ``path`` holds, read from the file itself (fully
    checked). Raises LedgerError for a damaged file, one of a newer version or
    one that is not a ledger."""
    path = Path(path)
    if not path.is_file():
        raise LedgerError(f"找不到备份文件：{path}。台账未做改动。")
    try:
        summary = file_backup.summarize(path, full_check=True)
    except DatabaseOpenError as exc:
        raise type(exc)(f"{exc.message}不能用它恢复，台账未做改动。") from exc
    when = naming.parse_name(path.name) or datetime.datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, when, summary.community, "", summary.schema_version,
                      {key: summary.counts.get(key, 0) for key in COUNT_LABELS}, path.stat().st_size)


def restore(ledger_path: str | Path, backup_path: str | Path) -> tuple[BackupInfo, BackupInfo | None]:
    """Replace the ledger with the backup, all or nothing.

    The caller holds the ledger's lock and has no connection to it open. The
    backup is checked, copied into a temporary file beside the ledger and
    verified; the current ledger is backed up first (a damaged one is kept
    beside it under another name instead); only then is the ledger replaced
    (``os.replace``). Returns (what was restored, the backup of the ledger as
    it was, or None if it was kept aside). Raises LedgerError, changing
    nothing, if any step before the replacement fails.
    """
    ledger_path = Path(ledger_path)
    backup_path = Path(backup_path)
    info = describe(backup_path)
    if ledger_path.exists() and os.path.samefile(ledger_path, backup_path):
        raise LedgerError("所选的备份文件就是台账本身，不能用它恢复。台账未做改动。")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{ledger_path.stem}.", suffix=".restoring.sqlite3",
                                        dir=ledger_path.parent)
        os.close(handle)
    except OSError as exc:
        raise LedgerError(f"无法在台账所在的文件夹“{ledger_path.parent}”中写文件：{exc.strerror}。"
                          "台账未做改动。") from exc
    temporary = Path(name)
    try:
        temporary.unlink()
        try:
            file_backup.restore_into(backup_path, temporary)
        except sqlite3.Error as exc:
            raise LedgerError(f"无法恢复：{describe_sqlite_error(ledger_path, exc)}台账未做改动。") from exc
        except OSError as exc:
            raise LedgerError(f"无法恢复：{exc.strerror or exc}。请检查磁盘空间。台账未做改动。") from exc
        except DatabaseOpenError as exc:
            raise LedgerError(f"恢复核对不符：{exc.message}台账未做改动。") from exc
        before = _keep_current(ledger_path, protected=(backup_path.name,))
        aside = [Path(str(ledger_path) + suffix) for suffix in ("-wal", "-shm")]
        moved = []
        for side in aside:  # the old ledger's log must never meet the new file
            if side.exists():
                old = side.with_name(side.name + ".old")
                os.replace(side, old)
                moved.append(old)
        os.replace(temporary, ledger_path)
        for old in moved:
            old.unlink(missing_ok=True)
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(temporary) + suffix).unlink(missing_ok=True)
    return info, before


def _keep_current(ledger_path: Path, *, protected: tuple[str, ...]) -> BackupInfo | None:
    """Back up the ledger about to be replaced; if it is too damaged to back
    up, move it (with its side files) aside beside itself instead."""
    if not ledger_path.exists() or ledger_path.stat().st_size == 0:
        return None
    try:
        return make_backup(ledger_path, reason="restore", protected=protected)
    except LedgerError as exc:
        if not _damaged(ledger_path):
            raise LedgerError(f"恢复前无法先备份现有台账，恢复已取消：{exc.message}") from exc
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = ledger_path.with_name(f"{ledger_path.stem}-损坏-{stamp}{ledger_path.suffix}")
    for suffix in ("-wal", "-shm"):  # moved together, so the kept file stays as it was
        side = Path(str(ledger_path) + suffix)
        if side.exists():
            os.replace(side, Path(str(kept) + suffix))
    os.replace(ledger_path, kept)
    return None


def _damaged(path: Path) -> bool:
    try:
        file_backup.summarize(path, full_check=True)
    except DamagedDatabaseError:
        return True
    except (DatabaseOpenError, OSError, sqlite3.Error):
        return False
    return False
