"""The photo viewer: one photo large, zoom, previous/next, caption, delete.

Keys: ←/→ or PageUp/PageDown previous/next; + and − zoom (the wheel too);
1 shows the photo at 100 %, 0 fits it to the window; Enter in the caption
saves it. The caption is also saved when moving to another photo and when
the viewer closes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPixmap, QResizeEvent, QShortcut, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.ledger import Ledger
from core.photos import MAX_CAPTION, Photo, PhotoError, delete_photo, image_bytes, set_caption
from ui import messages
from ui.photo_model import taken_text
from ui.widgets import LedgerDialog

ZOOM_STEP = 1.25
MIN_ZOOM = 0.05
MAX_ZOOM = 8.0


@dataclass(frozen=True)
class ViewerAction:
    """A button of the viewer, declared as data."""

    name: str
    label: str
    handler: str
    tip: str
    shortcut: str = ""
    edits: bool = False


ACTIONS: tuple[ViewerAction, ...] = (
    ViewerAction("previous", "◀ 上一张", "previous", "上一张照片（← 或 PageUp）", "PgUp"),
    ViewerAction("next", "下一张 ▶", "next", "下一张照片（→ 或 PageDown）", "PgDown"),
    ViewerAction("fit", "适应窗口", "fit", "整张照片显示在窗口中（0）"),
    ViewerAction("actual", "原始大小", "actual_size", "按原始大小（100%）显示（1）"),
    ViewerAction("zoom_in", "放大", "zoom_in", "放大（+ 或向上滚动滚轮）", "Ctrl++"),
    ViewerAction("zoom_out", "缩小", "zoom_out", "缩小（− 或向下滚动滚轮）", "Ctrl+-"),
    ViewerAction("delete", "删除照片", "delete_current", "删除这张照片", edits=True),
    ViewerAction("close", "关闭", "accept", "关闭查看窗口（Esc）"),
)


class ImageView(QGraphicsView):
    """The picture, zoomable with the wheel and keys.

    Signals:
        step(int): -1 for the previous photo, +1 for the next.
        zoom(str, QPoint | None): ``in``, ``out``, ``fit`` or ``actual``, and
            the viewport point to keep still (the mouse for the wheel).
    """

    step = Signal(int)
    zoom = Signal(str, object)

    _KEYS = {
        Qt.Key.Key_Left: ("step", -1), Qt.Key.Key_Right: ("step", 1),
        Qt.Key.Key_Plus: ("zoom", "in"), Qt.Key.Key_Equal: ("zoom", "in"),
        Qt.Key.Key_Minus: ("zoom", "out"), Qt.Key.Key_0: ("zoom", "fit"),
        Qt.Key.Key_1: ("zoom", "actual"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if delta:
            self.zoom.emit("in" if delta > 0 else "out", event.position().toPoint())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._KEYS.get(Qt.Key(event.key()))
        if action is None:
            super().keyPressEvent(event)
            return
        signal, value = action
        if signal == "zoom":
            self.zoom.emit(value, None)
        else:
            self.step.emit(value)
        event.accept()


class PhotoViewer(LedgerDialog):
    """One photo at a time out of a list.

    Signals:
        photos_changed(): a caption was saved or a photo deleted.

    Attributes:
        photos: the photos browsed (a deleted one is removed).
        index: the position of the photo shown.
        zoom_factor: the scale of the picture (1.0 = 100 %).
        fitting: True while the picture follows the window size.
    """

    photos_changed = Signal()

    def __init__(self, ledger: Ledger, photos: list[Photo], index: int = 0, *,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.photos = list(photos)
        self.index = max(0, min(index, len(self.photos) - 1))
        self.read_only = read_only
        self.zoom_factor = 1.0
        self.fitting = True
        self.setWindowTitle("查看照片")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.image_view = ImageView()
        self.image_view.setScene(self.scene)
        self.info = QLabel()
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.zoom_label = QLabel()
        self.caption = QLineEdit()
        self.caption.setMaxLength(MAX_CAPTION)
        self.caption.setPlaceholderText("写一句说明，如“3 栋 2 单元门口垃圾已清运”，回车保存")
        self.caption.setReadOnly(read_only)
        self.buttons: dict[str, QPushButton] = {}
        self._build_layout()
        self._connect_signals()
        self.resize(self._initial_size())
        self.show_index(self.index)

    # ------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        caption_row = QHBoxLayout()
        caption_row.addWidget(QLabel("说明："))
        caption_row.addWidget(self.caption, 1)
        bar = QHBoxLayout()
        for action in ACTIONS:
            button = QPushButton(action.label)
            button.setToolTip(action.tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows stay with the picture
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, h=action.handler: getattr(self, h)())
            button.setVisible(not (action.edits and self.read_only))
            if action.shortcut:
                QShortcut(QKeySequence(action.shortcut), self, activated=getattr(self, action.handler))
            self.buttons[action.name] = button
            bar.addWidget(button)
            if action.name in ("next", "zoom_out"):
                bar.addSpacing(16)
            if action.name == "zoom_out":
                bar.addWidget(self.zoom_label)
                bar.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.image_view, 1)
        layout.addLayout(caption_row)
        layout.addLayout(bar)

    def _connect_signals(self) -> None:
        self.image_view.step.connect(lambda delta: self.show_index(self.index + delta))
        self.image_view.zoom.connect(self._zoom_by_name)
        self.caption.returnPressed.connect(self._caption_entered)

    def _initial_size(self) -> QSize:
        screen = self.screen()
        if screen is None:
            return QSize(1000, 750)
        return screen.availableGeometry().size() * 0.8

    # ------------------------------------------------------------ browsing

    def current(self) -> Photo | None:
        return self.photos[self.index] if self.photos else None

    def show_index(self, index: int) -> None:
        """Show the photo at ``index`` (clamped), saving the caption first."""
        if not self.photos:
            return
        index = max(0, min(index, len(self.photos) - 1))
        if index != self.index:
            if not self.save_caption():
                return
        self.index = index
        photo = self.photos[index]
        pixmap = QPixmap()
        try:
            pixmap.loadFromData(image_bytes(self.ledger.db, photo.id), "JPEG")
        except PhotoError as exc:
            self.info.setText(exc.message)
        self.item.setPixmap(pixmap)
        self.scene.setSceneRect(QRectF(pixmap.rect()))
        self.caption.setText(photo.caption)
        self.caption.setModified(False)
        self._show_info(photo)
        self.fit()
        self.buttons["previous"].setEnabled(index > 0)
        self.buttons["next"].setEnabled(index < len(self.photos) - 1)

    def next(self) -> None:
        self.show_index(self.index + 1)

    def previous(self) -> None:
        self.show_index(self.index - 1)

    def _show_info(self, photo: Photo) -> None:
        self.info.setText(
            f"第 {self.index + 1} / {len(self.photos)} 张　　拍摄时间：{taken_text(photo)}　　"
            f"{photo.original_name}　{photo.width}×{photo.height}")

    # ------------------------------------------------------------ zoom

    def fit(self) -> None:
        """Show the whole photo; small photos are not enlarged."""
        self.fitting = True
        rect = self.item.boundingRect()
        viewport = self.image_view.viewport().rect()
        if rect.isEmpty() or viewport.isEmpty():
            self._set_zoom(1.0, keep_fitting=True)
            return
        scale = min((viewport.width() - 4) / rect.width(), (viewport.height() - 4) / rect.height(), 1.0)
        self._set_zoom(scale, keep_fitting=True)

    def actual_size(self, anchor: QPoint | None = None) -> None:
        self._set_zoom(1.0, anchor=anchor)

    def zoom_in(self, anchor: QPoint | None = None) -> None:
        self._set_zoom(self.zoom_factor * ZOOM_STEP, anchor=anchor)

    def zoom_out(self, anchor: QPoint | None = None) -> None:
        self._set_zoom(self.zoom_factor / ZOOM_STEP, anchor=anchor)

    def _zoom_by_name(self, name: str, anchor: QPoint | None) -> None:
        if name == "fit":
            self.fit()
            return
        {"in": self.zoom_in, "out": self.zoom_out, "actual": self.actual_size}[name](anchor)

    def _set_zoom(self, factor: float, *, keep_fitting: bool = False, anchor: QPoint | None = None) -> None:
        """Scale the picture, keeping the scene point at ``anchor`` (the
        viewport's centre by default) where it is."""
        view = self.image_view
        if anchor is None:
            anchor = view.viewport().rect().center()
        still = view.mapToScene(anchor)
        self.zoom_factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.fitting = keep_fitting
        view.resetTransform()
        view.scale(self.zoom_factor, self.zoom_factor)
        if keep_fitting:
            view.centerOn(self.item)
        else:
            offset = view.mapFromScene(still) - anchor
            view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + offset.x())
            view.verticalScrollBar().setValue(view.verticalScrollBar().value() + offset.y())
        self.zoom_label.setText(f"{self.zoom_factor * 100:.0f}%")
        self.zoom_label.setToolTip("当前显示比例")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitting:
            self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.fitting:
            self.fit()

    # ------------------------------------------------------------ caption and delete

    def _caption_entered(self) -> None:
        if self.save_caption():
            self.image_view.setFocus()

    def save_caption(self) -> bool:
        """Save the caption if it was edited; False (and a message) if it could not be."""
        photo = self.current()
        if photo is None or self.read_only or not self.caption.isModified():
            return True
        text = self.caption.text()
        if " ".join(text.split()) == photo.caption:
            self.caption.setModified(False)
            return True
        try:
            updated = set_caption(self.ledger, photo.id, text)
        except PhotoError as exc:
            messages.warn(self, "照片说明没有保存。", exc.message)
            return False
        self.photos[self.index] = updated
        self.caption.setModified(False)
        self.photos_changed.emit()
        return True

    def delete_current(self) -> None:
        photo = self.current()
        if photo is None or self.read_only:
            return
        if not messages.confirm(self, "删除这张照片吗？", yes="删除",
                                detail=f"{photo.original_name}（{taken_text(photo)}）。删除后无法恢复。",
                                danger=True):
            return
        try:
            delete_photo(self.ledger, photo.id)
        except PhotoError as exc:
            messages.warn(self, "照片没有删除。", exc.message)
        del self.photos[self.index]
        self.caption.setModified(False)
        self.photos_changed.emit()
        if not self.photos:
            self.accept()
            return
        self.index = min(self.index, len(self.photos) - 1)
        self.show_index(self.index)

    def done(self, result: int) -> None:
        if not self.save_caption():
            return  # the message said why; the viewer stays open
        super().done(result)
