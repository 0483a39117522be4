"""Errors the user must be told about, each with a Chinese message that says
what is wrong and what to do. Import them from here (never from ``db``)
outside the database layer."""

from __future__ import annotations

import errno
import sqlite3

from db.database import describe_sqlite_error
from db.errors import (
    DamagedDatabaseError,
    DatabaseOpenError,
    DatabaseWriteError,
    LedgerError,
    NewerDatabaseError,
)

__all__ = ["DamagedDatabaseError", "DatabaseOpenError", "DatabaseWriteError", "LedgerError",
           "NewerDatabaseError", "ValidationError", "user_message"]


class ValidationError(LedgerError):
    """Input that cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def user_message(exc: BaseException) -> str:
    """Any error as a Chinese message for the user (never a traceback).

    A LedgerError carries its own; SQLite's and the operating system's
    common failures are explained; anything else is a fault of the program,
    said as such.
    """
    if isinstance(exc, LedgerError):
        return exc.message
    if isinstance(exc, sqlite3.Error):
        return describe_sqlite_error(None, exc)
    if isinstance(exc, MemoryError):
        return "内存不足，操作没有完成，台账未做改动。请关闭其他程序后重试；文件过大时请拆分后再处理。"
    if isinstance(exc, PermissionError):
        return f"没有权限访问“{exc.filename or ''}”。请检查文件或文件夹的权限。"
    if isinstance(exc, IsADirectoryError):
        return f"“{exc.filename or ''}”是一个文件夹，不是文件。"
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{exc.filename or ''}"
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "磁盘已满，操作没有完成。请清理磁盘空间后重试。"
        return f"读写文件时出错：{exc.strerror or exc}（{exc.filename or ''}）。"
    if isinstance(exc, KeyboardInterrupt):
        return "已中断，台账未做改动（未完成的操作不会保存一半）。"
    return (f"程序内部错误（{type(exc).__name__}：{exc}）。操作没有完成；未完成的修改不会保存一半。"
            "请把这条信息告诉维护人员。")
