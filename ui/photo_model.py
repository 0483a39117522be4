"""The list model behind a photo gallery, and the delegate that draws it.

One row per photo. Only metadata is read when the list is (re)loaded; a
thumbnail is read from its ``thumb`` blob and decoded the first time the
view asks for it, then cached, so a gallery of large photos opens as fast
as one of small ones. The full image is never read here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from core.photos import Photo, PhotoError

ThumbLoader = Callable[[str], bytes]
_Index = QModelIndex | QPersistentModelIndex

#: Characters of a caption shown under a thumbnail; the tooltip has all of it.
CAPTION_CHARS = 18


def taken_text(photo: Photo) -> str:
    """The time taken, as shown to the user, or a note that it is unknown."""
    if photo.taken_at is None:
        return "拍摄时间不详"
    return photo.taken_at.strftime("%Y-%m-%d %H:%M")


def short_caption(caption: str, chars: int = CAPTION_CHARS) -> str:
    return caption if len(caption) <= chars else caption[: chars - 1] + "…"


class PhotoListModel(QAbstractListModel):
    """The photos of one owner, for a ``QListView`` in icon mode.

    Roles: DisplayRole is the time taken and the caption (one line each);
    DecorationRole the thumbnail QPixmap; ToolTipRole the details; :attr:`PhotoRole` the
    :class:`~core.photos.Photo`.
    """

    PhotoRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, thumb_loader: ThumbLoader, parent: object = None) -> None:
        super().__init__(parent)
        self._load_thumb = thumb_loader
        self._photos: list[Photo] = []
        self._thumbs: dict[str, QPixmap] = {}

    # ------------------------------------------------------------ contents

    def set_photos(self, photos: list[Photo]) -> None:
        """Show ``photos``; cached thumbnails of photos still shown are kept."""
        self.beginResetModel()
        self._photos = list(photos)
        keep = {photo.id for photo in self._photos}
        self._thumbs = {key: thumb for key, thumb in self._thumbs.items() if key in keep}
        self.endResetModel()

    def photos(self) -> list[Photo]:
        return list(self._photos)

    def photo(self, row: int) -> Photo:
        return self._photos[row]

    def row_of(self, photo_id: str) -> int:
        """The row of a photo, or -1."""
        for row, photo in enumerate(self._photos):
            if photo.id == photo_id:
                return row
        return -1

    def cached_thumbnails(self) -> int:
        """How many thumbnails have been decoded (for tests of laziness)."""
        return len(self._thumbs)

    # ------------------------------------------------------------ Qt API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._photos)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._photos):
            return None
        photo = self._photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            lines = [taken_text(photo)]
            if photo.caption:
                lines.append(short_caption(photo.caption))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumb(photo)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(photo)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"照片，{taken_text(photo)}，{photo.caption or '无说明'}"
        if role == self.PhotoRole:
            return photo
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # ------------------------------------------------------------ helpers

    def _thumb(self, photo: Photo) -> QPixmap:
        pixmap = self._thumbs.get(photo.id)
        if pixmap is None:
            pixmap = QPixmap()
            try:
                pixmap.loadFromData(self._load_thumb(photo.id), "JPEG")
            except PhotoError:
                pass  # deleted meanwhile; the next reload drops the row
            self._thumbs[photo.id] = pixmap
        return pixmap

    @staticmethod
    def _tooltip(photo: Photo) -> str:
        parts = [f"拍摄时间：{taken_text(photo)}"]
        if photo.caption:
            parts.append(f"说明：{photo.caption}")
        parts.append(f"文件：{photo.original_name}")
        parts.append(f"尺寸：{photo.width}×{photo.height}，{photo.byte_size / 1024:.0f} KB")
        parts.append(f"添加于：{photo.created_at:%Y-%m-%d %H:%M}")
        return "\n".join(parts)


class PhotoDelegate(QStyledItemDelegate):
    """Draws a cell of the gallery: the thumbnail fitted in a square the
    size of the view's icon size, and under it one line each for the time
    taken and the caption, elided to the cell's width. Every cell has the
    same size, so the grid stays even whatever the photos' shapes."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._scaled: dict[tuple[int, int, int], QPixmap] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        side = option.decorationSize.width()
        line = option.fontMetrics.height()
        return QSize(side + line * 2, side + 12 + line * 2 + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        rect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(option.palette.highlight())
            painter.drawRoundedRect(rect, 6, 6)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(option.palette.midlight())
            painter.drawRoundedRect(rect, 6, 6)
        side = option.decorationSize.width()
        box = QRect(rect.x() + (rect.width() - side) // 2, rect.y() + 6, side, side)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            scaled = self._fit(pixmap, side, painter.device().devicePixelRatioF())
            size = scaled.deviceIndependentSize()
            painter.drawPixmap(round(box.x() + (side - size.width()) / 2),
                               round(box.y() + (side - size.height()) / 2), scaled)
        else:
            painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
            painter.drawRect(box.adjusted(0, 0, -1, -1))
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        painter.setFont(option.font)
        metrics = option.fontMetrics
        y = box.bottom() + 6
        for text in str(index.data(Qt.ItemDataRole.DisplayRole) or "").split("\n")[:2]:
            line = QRect(rect.x() + 4, y, rect.width() - 8, metrics.height())
            painter.drawText(line, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width()))
            y += metrics.height()
        painter.restore()

    def _fit(self, pixmap: QPixmap, side: int, ratio: float) -> QPixmap:
        """``pixmap`` fitted in ``side`` logical pixels, sharp on high-DPI screens."""
        key = (pixmap.cacheKey(), side, round(ratio * 100))
        scaled = self._scaled.get(key)
        if scaled is None:
            if len(self._scaled) > 200:
                self._scaled.clear()
            physical = max(1, round(side * ratio))
            scaled = pixmap.scaled(physical, physical, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
            scaled.setDevicePixelRatio(ratio)
            self._scaled[key] = scaled
        return scaled
