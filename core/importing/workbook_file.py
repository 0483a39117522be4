"""The file a workbook is read from, checked before anything is inflated
or parsed: only a regular file (a folder, a device or a named pipe is
refused, so nothing hangs), at most :data:`MAX_FILE_BYTES`; not an old
``.xls`` or an encrypted one; a zip whose central directory adds up to at
most :data:`MAX_INFLATED_BYTES` in at most :data:`MAX_PARTS` parts; no XML
part declaring a DTD or entities (an "entity bomb")."""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path

from core.errors import LedgerError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

#: Limits of what is read (a sub-district has about 50,000 residents).
MAX_FILE_BYTES = 100 * 1024 * 1024
#: A register of 20,000 residents inflates to about 10 MB, its shared strings to 3 MB.
MAX_INFLATED_BYTES = 150 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
MAX_PARTS = 10_000


class WorkbookError(LedgerError):
    """The file cannot be imported at all; nothing was changed."""


def load_bytes(path: Path) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise WorkbookError(f"“{path}”是一个文件夹，不是 Excel 工作簿。请选择文件夹中的 .xlsx 文件。")
        if not stat.S_ISREG(info.st_mode):
            raise WorkbookError(f"“{path}”不是普通文件（是设备或管道），不能导入。请选择一个 .xlsx 文件。")
        if info.st_size > MAX_FILE_BYTES:
            raise WorkbookError(
                f"“{path.name}”太大（{info.st_size / 1024 / 1024:.0f} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB"
                " 的上限。登记表通常只有几 MB：请删除其中的图片或无关的工作表，或分成几个文件导入。台账未做任何改动。")
        data = path.read_bytes()
    except FileNotFoundError:
        raise WorkbookError(f"找不到文件：{path}") from None
    except PermissionError:
        raise WorkbookError(f"没有权限读取“{path}”。请检查文件的权限，或把它复制到自己的文件夹后再导入。") from None
    except OSError as exc:
        raise WorkbookError(f"无法读取文件 {path}：{exc.strerror}。如果它正在 Excel 中打开，请先关闭。") from exc
    if not data:
        raise WorkbookError(f"“{path.name}”是空文件（0 字节）。台账未做任何改动。")
    return data


def check_format(path: Path, data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise WorkbookError(
                f"“{path.name}”设置了打开密码（已加密），程序无法读取。请在 Excel 中打开它，"
                "在“文件 › 信息 › 保护工作簿 › 用密码进行加密”中清空密码并保存，再导入。台账未做任何改动。")
        raise WorkbookError(
            f"“{path.name}”是旧版 Excel 文件（.xls）。请在 Excel 中“另存为”Excel 工作簿（.xlsx）"
            "后再导入。台账未做任何改动。")
    if not data.startswith(_ZIP_MAGIC):
        raise WorkbookError(
            f"“{path.name}”不是 Excel 工作簿（.xlsx）。如果是 CSV 或文本文件，请先在 Excel 中打开并"
            "另存为 .xlsx 再导入。台账未做任何改动。")


def check_archive(path: Path, data: bytes) -> None:
    """The zip's directory before anything is inflated: sizes, parts, no DTDs."""
    broken = (f"“{path.name}”无法作为 Excel 工作簿打开（文件可能已损坏）。"
              "请在 Excel 中打开它并另存为 .xlsx 后再导入。台账未做任何改动。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise WorkbookError(f"“{path.name}”含有 {len(parts)} 个部件，超过 {MAX_PARTS} 个的上限，"
                                    "不像是正常的登记表。台账未做任何改动。")
            inflated = sum(part.file_size for part in parts)
            if inflated > MAX_INFLATED_BYTES:
                raise WorkbookError(
                    f"“{path.name}”解压后有 {inflated / 1024 / 1024:.0f} MB，超过 "
                    f"{MAX_INFLATED_BYTES // 1024 // 1024} MB 的上限（文件虽小，内容却极大，可能是恶意文件）。"
                    "请确认文件来源；确是登记表时请分成几个文件导入。台账未做任何改动。")
            for part in parts:
                if part.filename.lower().endswith("sharedstrings.xml") and \
                        part.file_size > MAX_SHARED_STRINGS_BYTES:
                    raise WorkbookError(
                        f"“{path.name}”的文本表解压后有 {part.file_size / 1024 / 1024:.0f} MB，超过 "
                        f"{MAX_SHARED_STRINGS_BYTES // 1024 // 1024} MB 的上限。请分成几个文件导入。台账未做任何改动。")
                if part.filename.endswith((".xml", ".rels")):
                    with archive.open(part) as source:
                        head = source.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise WorkbookError(
                            f"“{path.name}”的内容中含有 DTD 或实体声明（{part.filename}），Excel 保存的工作簿"
                            "不会有这些，可能是恶意文件，未读取。请确认文件来源，在 Excel 中另存为 .xlsx 后再导入。"
                            "台账未做任何改动。")
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise WorkbookError(broken) from exc
