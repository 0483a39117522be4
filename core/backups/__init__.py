"""Backups of the ledger and restoring them: names, rotation, folders (see docs/backup.md)."""

from core.backups.naming import parse_name
from core.backups.rotation import to_delete
from core.backups.store import (
    COUNT_LABELS,
    BackupInfo,
    backup_age,
    backup_everywhere,
    default_folder,
    describe,
    folders,
    list_backups,
    make_backup,
    newest_good_backup,
    restore,
    rotate,
)

__all__ = ["COUNT_LABELS", "BackupInfo", "backup_age", "backup_everywhere", "default_folder", "describe",
           "folders", "list_backups", "make_backup", "newest_good_backup", "parse_name", "restore", "rotate",
           "to_delete"]
