"""Masking of ID and phone numbers, on screen, in exports and on paper.

Showing a full number is always a deliberate act of the caller.
"""

from __future__ import annotations


def mask_id(number: str | None) -> str:
    """``110101195003071234`` → ``110101********1234``."""
    if not number:
        return ""
    if len(number) <= 10:
        return number[:2] + "*" * max(len(number) - 4, 0) + number[-2:]
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """``13812345678`` → ``138****5678``; landlines keep area code and the last four."""
    if not phone:
        return ""
    digits = phone.strip()
    if "-" in digits:
        area, _, number = digits.partition("-")
        return f"{area}-{mask_phone(number)}" if len(number) > 4 else digits
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return digits
