"""Whether a roster shows ID and phone numbers in full: masked unless asked."""

from __future__ import annotations

import enum

from core.masking import mask_id, mask_phone


class Privacy(enum.Enum):
    MASKED = "masked"
    FULL = "full"

    @classmethod
    def of(cls, full: bool) -> Privacy:
        return cls.FULL if full else cls.MASKED

    def id_number(self, number: str | None) -> str:
        return (number or "") if self is Privacy.FULL else mask_id(number)

    def phone(self, phone: str | None) -> str:
        return (phone or "") if self is Privacy.FULL else mask_phone(phone)

    @property
    def note(self) -> str:
        """What a title line says of it."""
        return "含完整身份证号和电话，请妥善保管" if self is Privacy.FULL else "身份证号、电话已打码"
