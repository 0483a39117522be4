"""Preferences of this PC (not of the community's data): text size, window
layout, last folders. Kept in an INI file in the user's config folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from core.paths import config_dir

#: Text sizes offered in 视图 › 文字大小, in points.
TEXT_SIZES: dict[str, float] = {"标准": 11.0, "较大": 13.0, "特大": 15.0}
DEFAULT_TEXT_SIZE = "标准"


def settings() -> QSettings:
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def text_size_name() -> str:
    name = settings().value("view/text_size", DEFAULT_TEXT_SIZE)
    return name if name in TEXT_SIZES else DEFAULT_TEXT_SIZE


def apply_text_size(name: str, *, save: bool = True) -> None:
    """Scale the whole window's text; every widget without its own font follows."""
    if name not in TEXT_SIZES:
        name = DEFAULT_TEXT_SIZE
    app = QApplication.instance()
    font = QFont(app.font())
    font.setPointSizeF(TEXT_SIZES[name])
    app.setFont(font)
    if save:
        settings().setValue("view/text_size", name)
