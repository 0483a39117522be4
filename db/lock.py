"""The lock file beside a ledger (``ledger.sqlite3.lock``): one writer at a time.

The program's window holds it while a ledger is open, and the command line
takes it for as long as it writes (``import``, ``demo``); commands that only
read (``export``, ``import --dry-run``, ``check``) do not need it. The file
holds the holder's process id, program name and computer name, one a line,
as Qt's ``QLockFile`` wrote them in earlier versions, so a lock left by
either is understood.

A lock is taken over when it is stale: empty or unreadable, or its process
is gone (or is now another program that got the same id). A lock from
another computer (a ledger on a shared folder) cannot be checked and is
respected. The file appears with its content in one step (a hard link of a
file written beside it), and only one program at a time may remove a stale
one (the one holding ``.lock.takeover``), so two programs never both believe
they hold it.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

from db.errors import LedgerError

APP_TITLE = "小区治理台账"


class LockError(LedgerError):
    """The ledger is held by another program, or its lock cannot be made."""

    def __init__(self, message: str, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid


def lock_path(db_path: str | Path) -> Path:
    return Path(str(db_path) + ".lock")


class LedgerLock:
    """The lock of the ledger at ``db_path``: :meth:`acquire`, then :meth:`release`."""

    def __init__(self, db_path: str | Path, *, purpose: str = "window") -> None:
        self.path = lock_path(db_path)
        self.purpose = purpose
        self.held = False

    def acquire(self) -> None:
        """Take the lock, taking over a stale one. Raises LockError if another program holds it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LockError(f"无法创建数据文件夹 {self.path.parent}：{exc.strerror}") from exc
        for _attempt in range(100):
            if self._create():
                self.held = True
                return
            seen = _read_raw(self.path)
            holder = parse_holder(seen)
            if holder is not None and holder_alive(*holder):
                raise LockError(held_message(holder), holder[0])
            if not self._take_over(seen):  # stale: its program is gone (or the file is empty or garbage)
                time.sleep(0.01)  # another program is taking it over: look again
        raise LockError(f"无法在 {self.path.parent} 中创建锁文件，请稍后重试。")

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        holder = read_holder(self.path)
        if holder is not None and holder[0] == os.getpid() and holder[2] == socket.gethostname():
            try:
                self.path.unlink()
            except OSError:
                pass

    def __enter__(self) -> LedgerLock:
        self.acquire()
        return self

    def __exit__(self, *_exc) -> None:
        self.release()

    def _take_over(self, seen: bytes | None) -> bool:
        """Remove the stale lock whose content was ``seen``, if it still is.

        Only one program at a time may do this: the one that creates the
        takeover file beside the lock (``O_EXCL``). Under it, the lock is
        removed only if it still holds what was judged stale, so a fresh
        lock another program has just made is never removed. False when
        another program is taking over at this moment.
        """
        guard = self.path.with_name(self.path.name + ".takeover")
        try:
            fd = os.open(guard, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:  # left by a program that died in these few microseconds
                if time.time() - guard.stat().st_mtime > 10:
                    guard.unlink()
            except OSError:
                pass
            return False
        except OSError as exc:
            raise LockError(f"无法接管锁文件 {self.path}：{exc.strerror}。请检查文件夹是否可写。") from exc
        os.close(fd)
        try:
            if _read_raw(self.path) == seen:
                try:
                    self.path.unlink()
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise LockError(f"无法接管锁文件 {self.path}：{exc.strerror}。请检查文件夹是否可写。") from exc
        finally:
            try:
                guard.unlink()
            except OSError:
                pass
        return True

    def _create(self) -> bool:
        """Make the lock file with its content in one step: written beside it,
        then hard-linked into place (fails if the lock exists), so no program
        ever sees it empty. Where the folder has no hard links (a FAT-formatted
        USB stick), ``O_EXCL`` and then the content."""
        content = f"{os.getpid()}\n{_program_name()}\n{socket.gethostname()}\n{self.purpose}\n"
        draft = self.path.with_name(f"{self.path.name}.{os.getpid()}.new")
        try:
            draft.write_text(content, encoding="utf-8")
            try:
                os.link(draft, self.path)
                return True
            except FileExistsError:
                return False
            except OSError:
                pass  # no hard links here
        except OSError as exc:
            raise LockError(f"无法在 {self.path.parent} 中创建锁文件（{exc.strerror}），"
                            "请检查文件夹是否可写。") from exc
        finally:
            try:
                draft.unlink()
            except OSError:
                pass
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        except OSError as exc:
            raise LockError(f"无法在 {self.path.parent} 中创建锁文件（{exc.strerror}），"
                            "请检查文件夹是否可写。") from exc
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        return True


def read_holder(path: Path) -> tuple[int, str, str] | None:
    """(process id, program name, computer) from a lock file; None if empty or garbage."""
    return parse_holder(_read_raw(path))


def _read_raw(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(4096)
    except OSError:
        return None


def parse_holder(raw: bytes | None) -> tuple[int, str, str] | None:
    if not raw:
        return None
    lines = raw.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0].strip().isdigit():
        return None
    pid = int(lines[0].strip())
    if pid <= 0:
        return None
    name = lines[1].strip() if len(lines) > 1 else ""
    host = lines[2].strip() if len(lines) > 2 else ""
    return pid, name, host


def holder_alive(pid: int, name: str, host: str) -> bool:
    """Whether the process that wrote a lock still runs (on another computer: assumed so)."""
    if host and host != socket.gethostname():
        return True
    if not _pid_alive(pid):
        return False
    running = _process_name(pid)
    # The id was given to another program since: the lock is stale.
    return not (running and name and running != name and not running.startswith(name[:15]))


def held_message(holder: tuple[int, str, str]) -> str:
    pid, _name, host = holder
    where = f"，电脑 {host}" if host and host != socket.gethostname() else ""
    return (f"这份数据文件已在另一个{APP_TITLE}窗口或命令中打开（进程 {pid}{where}），正在使用中。\n"
            "同一份数据不能同时由两处写入：请切换到那个窗口，或关闭它后重试。"
            "导出、检查和试运行导入（--dry-run）不受影响。")


def _program_name() -> str:
    """The running program's file name as the system reports it (symbolic links followed)."""
    return os.path.basename(os.path.realpath(sys.executable)) or "python"


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _process_name(pid: int) -> str | None:
    """The program a process runs, where the system says (Linux); else None."""
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return None
