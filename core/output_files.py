"""Files the user names for the program to write: the one guard every writer passes.

Error workbooks, exports, templates (and later PDFs and backups) are written
only through :func:`write_file`, and the GUI's save dialogs ask
:func:`check_output` before they start. Both refuse, with a Chinese message,

- the ledger itself and the files SQLite and the program keep beside it
  (``-wal``, ``-shm``, ``-journal``, ``.lock``): every ledger open in this
  process is known here (:func:`ledger_opened`), and callers name the
  ledger they work on even when it is not open yet;
- the file being read (the register being imported);
- a folder, a device or a named pipe.

Paths are compared resolved (symbolic links followed, case folded where the
file system does) and, for files that exist, with ``os.path.samefile``, so a
hard link or another spelling of the same file is caught too.

An existing file is never overwritten in place: the new content is written
to a temporary file beside it and renamed over it (``os.replace``) only once
complete, so a failure leaves the old file as it was and no half-written one.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from core.errors import LedgerError

#: What SQLite and the program keep beside a ledger file.
LEDGER_SIDE_FILES = ("-wal", "-shm", "-journal", ".lock")

_open_ledgers: Counter[str] = Counter()
_registry_lock = threading.Lock()  # workers open and close ledgers too


class OutputPathError(LedgerError):
    """The chosen output file must not be written; nothing was written."""


def ledger_opened(path: str | Path) -> None:
    """Note that the ledger at ``path`` is open in this process (``Ledger`` calls this)."""
    key = _key(Path(path))
    with _registry_lock:
        _open_ledgers[key] += 1


def ledger_closed(path: str | Path) -> None:
    key = _key(Path(path))
    with _registry_lock:
        _open_ledgers[key] -= 1
        if _open_ledgers[key] <= 0:
            del _open_ledgers[key]


def open_ledgers() -> list[Path]:
    with _registry_lock:
        return [Path(key) for key in _open_ledgers]


def ledger_files(ledger: str | Path) -> list[Path]:
    """The ledger and the files beside it that belong to it."""
    ledger = Path(ledger)
    return [ledger] + [Path(str(ledger) + suffix) for suffix in LEDGER_SIDE_FILES]


def check_output(path: str | Path, *, ledgers: Iterable[str | Path | None] = (),
                 inputs: Iterable[str | Path | None] = ()) -> Path:
    """Refuse ``path`` if writing it could destroy a ledger or an input.

    ``ledgers`` are ledgers the caller works on besides those open in this
    process; ``inputs`` are files being read. Returns ``path`` as a Path.
    Raises :class:`OutputPathError` with the reason in Chinese.
    """
    path = Path(path)
    target = _key(path)
    for ledger in [*open_ledgers(), *(Path(p) for p in ledgers if p is not None)]:
        for kept in ledger_files(ledger):
            if _same(path, target, kept):
                raise OutputPathError(
                    f"不能保存到“{path.name}”：{_which(kept, ledger)}，写入会毁掉台账。"
                    "请另选一个文件名。什么也没有写入。")
    for source in inputs:
        if source is not None and _same(path, target, Path(source)):
            raise OutputPathError(
                f"不能保存到“{path.name}”：这正是正在读取的文件，写入会覆盖它。"
                "请另选一个文件名。什么也没有写入。")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputPathError(f"无法使用“{path}”：{exc.strerror}。请另选一个位置。") from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputPathError(f"“{path}”是一个文件夹，不是文件。请在文件名处写上文件名，例如“名册.xlsx”。")
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputPathError(f"“{path}”不是普通文件（是设备或管道），不能保存到这里。请另选一个文件名。")
    if not path.parent.is_dir():
        raise OutputPathError(f"文件夹“{path.parent}”不存在。请先建好文件夹，或另选一个位置。")
    return path


def write_file(path: str | Path, write: Callable[[Path], None], *,
               ledgers: Iterable[str | Path | None] = (),
               inputs: Iterable[str | Path | None] = ()) -> Path:
    """Check ``path`` (:func:`check_output`), then have ``write`` fill a
    temporary file beside it and rename that into place once complete.

    Raises OutputPathError for a refused path and LedgerError when the file
    cannot be written; either way the old file (if any) is untouched.
    """
    path = check_output(path, ledgers=ledgers, inputs=inputs)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".partial" + path.suffix,
                                        dir=path.parent)
        os.close(handle)
    except OSError as exc:
        raise LedgerError(f"无法在文件夹“{path.parent}”中写文件：{exc.strerror}。"
                          "请检查文件夹是否可写，或另选一个位置。") from exc
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise LedgerError(
            f"无法写入“{path}”：{exc.strerror or exc}。请检查文件夹是否可写、磁盘是否已满；"
            "如果同名文件正在 Excel 中打开，请先关闭它。原有文件未被改动。") from exc
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
    return path


def _key(path: Path) -> str:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path.absolute()
    return os.path.normcase(str(resolved))


def _same(path: Path, target: str, other: Path) -> bool:
    if target == _key(other):
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:  # one of them does not exist
        return False


def _which(kept: Path, ledger: Path) -> str:
    if kept == ledger:
        return "这是台账数据文件"
    return f"这是台账数据文件“{ledger.name}”的附属文件"
