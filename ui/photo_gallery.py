"""A photo gallery for one record: thumbnails, adding, viewing, deleting.

Embedded by the screens whose records carry photos (an inspection item, a
rectification's before/after, a campaign entry); it is not a tab.

    gallery = PhotoGallery(ledger, hub, "rectification", rect.id, slot="after")
    gallery.photos_changed.connect(self._update_counts)

Photos are added by the 添加照片 button (several files at once), by dropping
files on the gallery, or by pasting (Ctrl+V) an image or copied files. Each
file is decoded and shrunk on a worker thread (``ui.background.run_task``);
the good ones are then stored together on the GUI thread's ledger, and one
message lists every file that was refused and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.ledger import Change, Ledger
from core.photos import (
    PHOTO_TABLES,
    DuplicatePhotoError,
    Photo,
    PhotoError,
    PreparedPhoto,
    delete_photo,
    list_photos,
    store_photo,
    thumbnail_bytes,
)
from core.progress import Cancelled
from ui import messages, settings
from ui.background import Task, describe_error, run_task
from ui.changes import ChangeHub
from ui.photo_intake import FILE_FILTER, Source, has_photos, prepare_all, sources_from_mime
from ui.photo_model import PhotoDelegate, PhotoListModel
from ui.photo_viewer import PhotoViewer

_LAST_FOLDER_KEY = "photos/last_folder"


@dataclass(frozen=True)
class GalleryAction:
    """A button of the gallery, declared as data."""

    name: str
    label: str
    handler: str
    tip: str
    needs_selection: bool = False
    edits: bool = False  # hidden in read-only mode


ACTIONS: tuple[GalleryAction, ...] = (
    GalleryAction("add", "添加照片…", "choose_files",
                  "从电脑或 U 盘选择照片，可一次选多张；也可以把照片拖到这里，或按 Ctrl+V 粘贴", edits=True),
    GalleryAction("view", "查看", "open_selected", "查看大图，可放大、翻页、写说明（双击或回车）",
                  needs_selection=True),
    GalleryAction("delete", "删除", "delete_selected", "删除所选照片（Delete）",
                  needs_selection=True, edits=True),
)


class PhotoListView(QListView):
    """Thumbnails in rows that wrap; files dropped on it are taken in.

    Signals:
        dropped(QMimeData): files or an image were dropped.
    """

    dropped = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, thumb_lines: float = 7.5) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.accepting = True
        self.thumb_lines = thumb_lines
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(False)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setMouseTracking(True)  # hover highlight
        self.setItemDelegate(PhotoDelegate(self))
        self._fit_to_font()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()
        super().changeEvent(event)

    def _fit_to_font(self) -> None:
        """Thumbnails ``thumb_lines`` text lines tall, so they grow with the text size."""
        line = self.fontMetrics().height()
        side = max(64, round(line * self.thumb_lines))
        self.setIconSize(QSize(side, side))
        self.setSpacing(6)
        self.fit_height()

    def fit_height(self) -> None:
        """Room for one row of cells (thumbnail, two text lines, margins) when
        there are photos; an empty gallery collapses to its message, so the
        lists beside it keep their rows at the largest text size."""
        line = self.fontMetrics().height()
        model = self.model()
        if model is None or model.rowCount() == 0:
            lines = max(1, self.empty_text.count("\n") + 1)
            height = line * (lines + 1) + 16
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)
        else:
            self.setMaximumHeight(16_777_215)
            self.setMinimumHeight(self.iconSize().height() + line * 2 + 40)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.empty_text and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepting and has_photos(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.accepting and has_photos(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.accepting and has_photos(event.mimeData()):
            event.acceptProposedAction()
            self.dropped.emit(event.mimeData())
        else:
            event.ignore()


class PhotoGallery(QWidget):
    """The photos of one owner record, with the means to add and view them.

    ``compact=True`` gives smaller thumbnails, for a gallery per checklist
    item; ``read_only=True`` only shows and views photos.

    Signals:
        photos_changed(): this gallery added, deleted or re-captioned photos.

    Attributes:
        task: the last intake job (tests wait for ``task.done``).
        viewer: the open viewer dialog, if any.
    """

    photos_changed = Signal()

    def __init__(self, ledger: Ledger, hub: ChangeHub, owner_kind: str, owner_id: str | None = None,
                 slot: str = "", parent: QWidget | None = None, *, read_only: bool = False,
                 compact: bool = False) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.owner_kind = owner_kind
        self.owner_id = owner_id
        self.slot = slot
        self.read_only = read_only
        self.task: Task | None = None
        self.viewer: PhotoViewer | None = None
        #: What an empty gallery says while it has no owner (a record not saved yet).
        self.no_owner_text = "保存这条记录后才能添加照片。"

        self.model = PhotoListModel(lambda photo_id: thumbnail_bytes(self.ledger.db, photo_id), self)
        self.view = PhotoListView(thumb_lines=4.5 if compact else 7.5)
        self.view.setModel(self.model)
        self.count_label = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        self._build_layout()
        self._connect_signals(hub)
        self.reload()

    # ------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for action in ACTIONS:
            button = QPushButton(action.label)
            button.setToolTip(action.tip)
            button.clicked.connect(lambda _c=False, h=action.handler: getattr(self, h)())
            self.buttons[action.name] = button
            bar.addWidget(button)
        bar.addStretch()
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.setAcceptDrops(True)

    def _connect_signals(self, hub: ChangeHub) -> None:
        hub.changed.connect(self._on_change)
        self.view.dropped.connect(self.take_mime)
        self.view.doubleClicked.connect(lambda index: self.open_viewer(index.row()))
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.delete_selected)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_selected)

    # ------------------------------------------------------------ owner and contents

    def set_owner(self, owner_kind: str, owner_id: str | None, slot: str = "") -> None:
        """Show the photos of another record (None: nothing, adding disabled)."""
        if (owner_kind, owner_id, slot) == (self.owner_kind, self.owner_id, self.slot):
            return
        self.owner_kind, self.owner_id, self.slot = owner_kind, owner_id, slot
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        """Only view photos (for closed records); no adding, deleting or captions."""
        self.read_only = read_only
        self._update_actions()

    def reload(self) -> None:
        selected = {photo.id for photo in self.selected_photos()}
        if self.owner_id is None:
            photos: list[Photo] = []
        else:
            photos = list_photos(self.ledger.db, self.owner_kind, self.owner_id, self.slot)
        self.model.set_photos(photos)
        selection = self.view.selectionModel()
        for row, photo in enumerate(photos):
            if photo.id in selected:
                selection.select(self.model.index(row), selection.SelectionFlag.Select)
        self._update_actions()

    def photos(self) -> list[Photo]:
        return self.model.photos()

    def selected_photos(self) -> list[Photo]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        return [self.model.photo(row) for row in rows if row < self.model.rowCount()]

    def _on_change(self, change: Change) -> None:
        if not change.touches(*PHOTO_TABLES) or self.owner_id is None:
            return
        if not change.ids or self.owner_id in change.ids:
            self.reload()

    def _update_actions(self) -> None:
        has_owner = self.owner_id is not None
        editable = has_owner and not self.read_only
        selected = bool(self.view.selectionModel().selectedIndexes())
        for action in ACTIONS:
            button = self.buttons[action.name]
            button.setVisible(not (action.edits and self.read_only))
            enabled = has_owner and (selected or not action.needs_selection)
            button.setEnabled(enabled and (editable or not action.edits))
        self.view.accepting = editable
        count = self.model.rowCount()
        self.count_label.setText(f"共 {count} 张" if count else "")
        if not has_owner:
            self.view.empty_text = self.no_owner_text
        elif self.read_only:
            self.view.empty_text = "没有照片。"
        else:
            self.view.empty_text = "还没有照片。\n点“添加照片…”选择照片，\n或把照片文件拖到这里，或按 Ctrl+V 粘贴。"
        self.view.fit_height()
        self.view.viewport().update()

    # ------------------------------------------------------------ adding

    def choose_files(self) -> None:
        if not self._can_add():
            return
        folder = str(settings.settings().value(_LAST_FOLDER_KEY, "") or "")
        names, _filter = QFileDialog.getOpenFileNames(self, "添加照片", folder, FILE_FILTER)
        if names:
            settings.settings().setValue(_LAST_FOLDER_KEY, str(Path(names[0]).parent))
            self.add_files([Path(name) for name in names])

    def paste(self) -> None:
        """Take in what the clipboard holds: copied files, or an image."""
        if not self._can_add():
            return
        mime = QApplication.clipboard().mimeData()
        if mime is None or not has_photos(mime):
            messages.info(self, "剪贴板里没有照片。",
                          "请先在其他程序中复制一张图片或几个照片文件，再回到这里按 Ctrl+V。")
            return
        self.take_mime(mime)

    def take_mime(self, mime: QMimeData) -> None:
        """Take in dropped or pasted data (files first, else an image)."""
        if self._can_add():
            sources = sources_from_mime(mime)
            if sources:
                self._intake(sources)

    def add_files(self, paths: Sequence[Path | str]) -> None:
        if self._can_add():
            self._intake([(Path(path), Path(path).name) for path in paths])

    def _can_add(self) -> bool:
        return self.owner_id is not None and not self.read_only

    def _intake(self, sources: list[Source]) -> None:
        owner = (self.owner_kind, self.owner_id, self.slot)  # read before the work starts
        label = f"正在处理 {len(sources)} 张照片…" if len(sources) > 1 else "正在处理照片…"
        self.task = run_task(self, label, lambda progress: prepare_all(sources, progress),
                             lambda results: self._store(owner, results), self._intake_failed)

    def _intake_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            messages.error(self, "照片没有添加，数据未做改动。", describe_error(exc))

    def _store(self, owner: tuple[str, str | None, str], results: list[PreparedPhoto | PhotoError]) -> None:
        owner_kind, owner_id, slot = owner
        assert owner_id is not None
        prepared = [item for item in results if isinstance(item, PreparedPhoto)]
        refused = [item.message for item in results if isinstance(item, PhotoError)]
        added: list[Photo] = []
        skipped: list[str] = []

        def write(_db: object) -> None:
            for item in prepared:
                try:
                    added.append(store_photo(self.ledger, item, owner_kind=owner_kind,
                                             owner_id=owner_id, slot=slot))
                except DuplicatePhotoError as exc:
                    skipped.append(exc.message)

        if prepared:
            try:
                self.ledger.write("photo.add", PHOTO_TABLES, write, ids={owner_id})
            except Exception as exc:  # disk full, locked: nothing was kept
                messages.error(self, "照片没有保存，数据未做改动。", describe_error(exc))
                return
        if added:
            self.photos_changed.emit()
            if owner_id == self.owner_id:
                self._select_ids({photo.id for photo in added})
        if refused or skipped:
            self._report(len(added), refused, skipped)

    def _report(self, added: int, refused: list[str], skipped: list[str]) -> None:
        head = f"已添加 {added} 张照片。" if added else "没有添加照片。"
        parts = []
        if refused:
            parts.append(f"{len(refused)} 个文件无法添加：")
            parts.extend(f"• {message}" for message in refused)
        if skipped:
            parts.append(f"{len(skipped)} 张照片已经添加过，没有重复添加：")
            parts.extend(f"• {message}" for message in skipped)
        messages.warn(self, head, "\n".join(parts))

    def _select_ids(self, ids: set[str]) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        last = QModelIndex()
        for row, photo in enumerate(self.model.photos()):
            if photo.id in ids:
                last = self.model.index(row)
                selection.select(last, selection.SelectionFlag.Select)
        if last.isValid():
            self.view.scrollTo(last)

    # ------------------------------------------------------------ viewing and deleting

    def open_selected(self) -> None:
        selected = self.view.selectionModel().selectedIndexes()
        if selected:
            self.open_viewer(min(index.row() for index in selected))

    def open_viewer(self, row: int = 0) -> PhotoViewer | None:
        photos = self.model.photos()
        if not photos:
            return None
        self.viewer = PhotoViewer(self.ledger, photos, row, read_only=self.read_only, parent=self)
        self.viewer.photos_changed.connect(self.photos_changed)
        self.viewer.finished.connect(self._viewer_closed)
        self.viewer.open()
        return self.viewer

    def _viewer_closed(self) -> None:
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            current = viewer.current()
            if current is not None:
                self._select_ids({current.id})
            viewer.deleteLater()

    def delete_selected(self) -> None:
        photos = self.selected_photos()
        if not photos or not self._can_add():
            return
        text = "删除这张照片吗？" if len(photos) == 1 else f"删除所选的 {len(photos)} 张照片吗？"
        if not messages.confirm(self, text, yes="删除", detail="删除后无法恢复。", danger=True):
            return
        try:
            self.ledger.write("photo.delete", PHOTO_TABLES,
                              lambda _db: [delete_photo(self.ledger, photo.id) for photo in photos],
                              ids={self.owner_id or ""})
        except PhotoError as exc:
            messages.warn(self, "照片没有删除。", exc.message)
            self.reload()
            return
        self.photos_changed.emit()

    # ------------------------------------------------------------ drops on the buttons

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.view.dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.view.dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.view.dropEvent(event)
