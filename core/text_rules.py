"""Text the user types or imports: what is kept, stripped or refused.

One place for every form and the importer (through the registry's shared
validation):

- characters that show nothing and mean nothing in a name or an ID number —
  zero-width spaces and joiners, the byte-order mark, soft hyphens — and
  the bidirectional controls (a right-to-left override makes ``张三`` print as
  something else in a report or a workbook) are stripped, and the caller is
  told so it can say so;
- other control characters (``\\x00``–``\\x1f``, ``\\x7f``–``\\x9f``) are refused,
  except line breaks and tabs in free text such as 备注;
- every field has a length limit, said in the message.
"""

from __future__ import annotations

import re

from core.errors import ValidationError

#: Zero-width and formatting characters, and the bidirectional controls.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u061c" \
            "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_STRIP = dict.fromkeys(map(ord, INVISIBLE))
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_NOTES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: Longest 备注 kept (a long remark is a paragraph, not a book).
MAX_NOTES = 2000


def strip_invisible(text: str) -> tuple[str, bool]:
    """``text`` without invisible and direction-control characters; and whether any were there."""
    cleaned = text.translate(_STRIP)
    return cleaned, cleaned != text


def clean_line(value: str | None, *, label: str, field: str, limit: int,
               warnings: list[str] | None = None) -> str:
    """A one-line field (a name): invisible characters stripped (noted in
    ``warnings``), control characters and overlong text refused."""
    text, hidden = strip_invisible(str(value or ""))
    text = text.strip()
    if _CONTROL.search(text):
        raise ValidationError(f"{label}中有控制字符（看不见的特殊字符），请删除后重新输入", field)
    if len(text) > limit:
        raise ValidationError(f"{label}太长（最多 {limit} 个字）", field)
    if hidden and warnings is not None:
        warnings.append(f"{label}中有看不见的字符（零宽空格或文字方向控制符），已去掉")
    return text


def clean_notes(value: str | None, *, label: str = "备注", field: str = "notes", limit: int = MAX_NOTES,
                warnings: list[str] | None = None) -> str:
    """Free text: as :func:`clean_line`, but line breaks and tabs are kept."""
    text, hidden = strip_invisible(str(value or ""))
    text = text.strip()
    if _CONTROL_IN_NOTES.search(text):
        raise ValidationError(f"{label}中有控制字符（看不见的特殊字符），请删除后重新输入", field)
    if len(text) > limit:
        raise ValidationError(f"{label}太长（{len(text)} 个字，最多 {limit} 个字），请精简", field)
    if hidden and warnings is not None:
        warnings.append(f"{label}中有看不见的字符（零宽空格或文字方向控制符），已去掉")
    return text
