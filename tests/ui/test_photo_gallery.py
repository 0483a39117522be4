"""The photo gallery and viewer, driven as a user would: the add button with
its file dialog, dropping files, pasting, the viewer's keys and buttons.
Every result is read back from the database."""

from __future__ import annotations

import datetime
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from core.ledger import Ledger
from core.photos import add_photo, get_photo, list_photos, set_caption
from core.progress import Cancelled
from tests import photo_files as pf
from ui import messages
from ui.changes import ChangeHub
from ui.photo_gallery import PhotoGallery
from ui.photo_intake import prepare_all
from ui.photo_model import PhotoListModel

KIND = "inspection_item"


class Recorder:
    """Stands in for a message-box function and remembers its calls."""

    def __init__(self, answer: object = None) -> None:
        self.calls: list[tuple[str, str]] = []
        self.answer = answer

    def __call__(self, parent: object, text: str, *args: object, **kwargs: object) -> object:
        detail = kwargs.get("detail") or (args[0] if args and isinstance(args[0], str) else "")
        if "detail" not in kwargs and len(args) >= 3:
            detail = args[2]
        self.calls.append((text, str(detail)))
        return self.answer


@pytest.fixture
def warn(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(messages, "warn", recorder)
    monkeypatch.setattr(messages, "error", recorder)
    monkeypatch.setattr(messages, "info", recorder)
    return recorder


@pytest.fixture
def gallery(qtbot, ledger: Ledger, warn: Recorder) -> PhotoGallery:
    hub = ChangeHub(ledger)
    widget = PhotoGallery(ledger, hub, KIND, "item-1")
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    if widget.viewer is not None:
        widget.viewer.reject()
    hub.detach()


def _wait_for_intake(qtbot, gallery: PhotoGallery) -> None:
    qtbot.waitUntil(lambda: gallery.task is not None and gallery.task.done, timeout=15000)


def _stored(ledger: Ledger, owner: str = "item-1") -> list[str]:
    return [photo.original_name for photo in list_photos(ledger.db, KIND, owner)]


def _seed(ledger: Ledger, tmp_path: Path, count: int = 3) -> list[str]:
    colours = ["red", "green", "blue", "orange", "purple"]
    ids = []
    for n in range(count):
        path = pf.write_jpeg(tmp_path / f"seed{n}.jpg", colour=colours[n],
                             taken=datetime.datetime(2025, 4, 1, 9, n))
        ids.append(add_photo(ledger, path, owner_kind=KIND, owner_id="item-1", caption=f"第{n + 1}张").id)
    return ids


def _drag_and_drop(gallery: PhotoGallery, mime: QMimeData) -> tuple[bool, bool]:
    """Drag ``mime`` into the gallery's list and drop it, as the window system
    delivers it; returns whether the enter and the drop were accepted."""
    viewport = gallery.view.viewport()
    centre = viewport.rect().center()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PySide6 flags the QPoint constructor
        enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    return enter.isAccepted(), drop.isAccepted()


# ---------------------------------------------------------------- adding


def test_add_button_takes_good_files_and_reports_bad_ones(
        qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path, warn: Recorder,
        monkeypatch: pytest.MonkeyPatch) -> None:
    good = [pf.write_jpeg(tmp_path / "门禁.jpg", orientation=6, taken=datetime.datetime(2025, 5, 1, 8, 0)),
            pf.write_png_alpha(tmp_path / "示意图.png")]
    bad = [pf.write_text_as_jpeg(tmp_path / "记录.jpg"), pf.write_truncated_jpeg(tmp_path / "半张.jpg")]
    changed: list[bool] = []
    gallery.photos_changed.connect(lambda: changed.append(True))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args, **kwargs: ([str(p) for p in good + bad], ""))
    qtbot.mouseClick(gallery.buttons["add"], Qt.MouseButton.LeftButton)
    _wait_for_intake(qtbot, gallery)

    assert _stored(ledger) == ["门禁.jpg", "示意图.png"]
    stored = list_photos(ledger.db, KIND, "item-1")
    assert (stored[0].width, stored[0].height) == (300, 400)
    assert stored[0].taken_at == datetime.datetime(2025, 5, 1, 8, 0)
    assert gallery.model.rowCount() == 2
    assert changed
    assert len(warn.calls) == 1
    text, detail = warn.calls[0]
    assert "已添加 2 张照片" in text
    assert "记录.jpg" in detail and "不是照片" in detail
    assert "半张.jpg" in detail and "不完整" in detail
    assert gallery.count_label.text() == "共 2 张"


def test_duplicates_in_a_batch_are_skipped_and_named(
        qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path, warn: Recorder) -> None:
    path = pf.write_jpeg(tmp_path / "a.jpg")
    copy = tmp_path / "a副本.jpg"
    copy.write_bytes(path.read_bytes())
    gallery.add_files([path, copy])
    _wait_for_intake(qtbot, gallery)
    assert _stored(ledger) == ["a.jpg"]
    assert "已经添加过" in warn.calls[0][1] and "a副本.jpg" in warn.calls[0][1]


def test_drop_files_on_the_gallery(qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    files = [pf.write_jpeg(tmp_path / "1.jpg", colour="red"), pf.write_jpeg(tmp_path / "2.jpg", colour="blue")]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    entered, dropped = _drag_and_drop(gallery, mime)
    assert entered and dropped
    _wait_for_intake(qtbot, gallery)
    assert _stored(ledger) == ["1.jpg", "2.jpg"]


def test_drop_is_ignored_when_read_only(gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    gallery.set_read_only(True)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pf.write_jpeg(tmp_path / "1.jpg")))])
    entered, dropped = _drag_and_drop(gallery, mime)
    assert not entered and not dropped
    assert gallery.task is None
    assert _stored(ledger) == []
    assert not gallery.buttons["add"].isVisible() and not gallery.buttons["delete"].isVisible()


def test_paste_an_image_with_ctrl_v(qtbot, gallery: PhotoGallery, ledger: Ledger) -> None:
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    QApplication.clipboard().setImage(image)
    gallery.view.setFocus()
    qtbot.keyClick(gallery.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    _wait_for_intake(qtbot, gallery)
    stored = list_photos(ledger.db, KIND, "item-1")
    assert len(stored) == 1
    assert (stored[0].width, stored[0].height) == (320, 200)
    assert stored[0].original_name.startswith("粘贴的图片")


def test_paste_copied_files(qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pf.write_jpeg(tmp_path / "copied.jpg")))])
    QApplication.clipboard().setMimeData(mime)
    gallery.paste()
    _wait_for_intake(qtbot, gallery)
    assert _stored(ledger) == ["copied.jpg"]


def test_paste_with_nothing_useful(gallery: PhotoGallery, ledger: Ledger, warn: Recorder) -> None:
    QApplication.clipboard().setText("只是文字")
    gallery.paste()
    assert gallery.task is None
    assert warn.calls and "剪贴板里没有照片" in warn.calls[0][0]


def test_no_owner_means_no_adding(qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    gallery.set_owner(KIND, None)
    assert not gallery.buttons["add"].isEnabled()
    gallery.add_files([pf.write_jpeg(tmp_path / "a.jpg")])
    assert gallery.task is None
    gallery.set_owner(KIND, "item-2")
    assert gallery.buttons["add"].isEnabled()
    gallery.add_files([pf.write_jpeg(tmp_path / "a.jpg")])
    _wait_for_intake(qtbot, gallery)
    assert _stored(ledger, "item-2") == ["a.jpg"]


def test_slot_keeps_before_and_after_apart(qtbot, ledger: Ledger, tmp_path: Path, warn: Recorder) -> None:
    hub = ChangeHub(ledger)
    before = PhotoGallery(ledger, hub, "rectification", "r1", slot="before")
    after = PhotoGallery(ledger, hub, "rectification", "r1", slot="after")
    qtbot.addWidget(before)
    qtbot.addWidget(after)
    after.add_files([pf.write_jpeg(tmp_path / "after.jpg")])
    qtbot.waitUntil(lambda: after.task.done, timeout=15000)
    assert [p.slot for p in list_photos(ledger.db, "rectification", "r1")] == ["after"]
    assert after.model.rowCount() == 1 and before.model.rowCount() == 0
    hub.detach()


def test_prepare_all_keeps_order_and_stops_when_cancelled(tmp_path: Path) -> None:
    sources = [(pf.write_jpeg(tmp_path / "a.jpg"), "a.jpg"), (tmp_path / "missing.jpg", "missing.jpg")]
    results = prepare_all(sources, lambda done, total: None)
    assert results[0].original_name == "a.jpg" and "找不到文件" in results[1].message

    def cancel(done: int, total: int) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        prepare_all(sources, cancel)


# ---------------------------------------------------------------- list and refresh


def test_refreshes_when_its_owner_gains_a_photo_elsewhere(
        gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    add_photo(ledger, pf.write_jpeg(tmp_path / "x.jpg"), owner_kind=KIND, owner_id="item-1")
    assert gallery.model.rowCount() == 1
    add_photo(ledger, pf.write_jpeg(tmp_path / "y.jpg", colour="red"), owner_kind=KIND, owner_id="other")
    assert gallery.model.rowCount() == 1


def test_thumbnails_load_lazily(qtbot, ledger: Ledger, tmp_path: Path) -> None:
    _seed(ledger, tmp_path, 3)
    hub = ChangeHub(ledger)
    hidden = PhotoGallery(ledger, hub, KIND, "item-1")  # never shown: nothing painted
    qtbot.addWidget(hidden)
    assert hidden.model.rowCount() == 3
    assert hidden.model.cached_thumbnails() == 0
    pixmap = hidden.model.data(hidden.model.index(0), Qt.ItemDataRole.DecorationRole)
    assert not pixmap.isNull() and max(pixmap.width(), pixmap.height()) == 256
    assert hidden.model.cached_thumbnails() == 1
    hub.detach()


def test_model_passes_qtmodeltester(qtmodeltester, ledger: Ledger, tmp_path: Path) -> None:
    _seed(ledger, tmp_path, 3)
    model = PhotoListModel(lambda photo_id: b"")
    model.set_photos(list_photos(ledger.db, KIND, "item-1"))
    qtmodeltester.check(model)
    text = model.data(model.index(1), Qt.ItemDataRole.DisplayRole)
    assert text == "2025-04-01 09:01\n第2张"
    assert "第2张" in model.data(model.index(1), Qt.ItemDataRole.ToolTipRole)


def test_delete_key_removes_selected_after_confirming(
        qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _seed(ledger, tmp_path, 3)
    gallery.reload()
    answers = Recorder(answer=False)
    monkeypatch.setattr(messages, "confirm", answers)
    selection = gallery.view.selectionModel()
    selection.select(gallery.model.index(0), selection.SelectionFlag.Select)
    selection.select(gallery.model.index(2), selection.SelectionFlag.Select)
    gallery.view.setFocus()
    qtbot.keyClick(gallery.view, Qt.Key.Key_Delete)
    assert answers.calls and "2 张" in answers.calls[0][0]
    assert len(list_photos(ledger.db, KIND, "item-1")) == 3  # declined
    answers.answer = True
    qtbot.mouseClick(gallery.buttons["delete"], Qt.MouseButton.LeftButton)
    assert [p.id for p in list_photos(ledger.db, KIND, "item-1")] == [ids[1]]
    assert gallery.model.rowCount() == 1


# ---------------------------------------------------------------- viewer


def _open_viewer_by_double_click(qtbot, gallery: PhotoGallery, row: int):
    rect = gallery.view.visualRect(gallery.model.index(row))
    qtbot.mouseClick(gallery.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(gallery.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert gallery.viewer is not None
    return gallery.viewer


def test_viewer_browses_with_arrow_keys_and_shows_time(
        qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    ids = _seed(ledger, tmp_path, 3)
    gallery.reload()
    viewer = _open_viewer_by_double_click(qtbot, gallery, 1)
    assert viewer.current().id == ids[1]
    assert "2025-04-01 09:01" in viewer.info.text() and "第 2 / 3 张" in viewer.info.text()
    assert not viewer.item.pixmap().isNull() and viewer.item.pixmap().width() == 400
    qtbot.keyClick(viewer.image_view, Qt.Key.Key_Right)
    assert viewer.current().id == ids[2]
    qtbot.keyClick(viewer.image_view, Qt.Key.Key_Right)  # stays on the last
    assert viewer.current().id == ids[2]
    assert not viewer.buttons["next"].isEnabled()
    qtbot.keyClick(viewer.image_view, Qt.Key.Key_Left)
    qtbot.keyClick(viewer.image_view, Qt.Key.Key_Left)
    assert viewer.current().id == ids[0]
    qtbot.mouseClick(viewer.buttons["next"], Qt.MouseButton.LeftButton)
    assert viewer.current().id == ids[1]


def test_enter_opens_the_selected_photo(qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    ids = _seed(ledger, tmp_path, 2)
    gallery.reload()
    gallery.view.setCurrentIndex(gallery.model.index(1))
    gallery.view.setFocus()
    qtbot.keyClick(gallery.view, Qt.Key.Key_Return)
    assert gallery.viewer is not None and gallery.viewer.current().id == ids[1]


def test_viewer_zoom(qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    _seed(ledger, tmp_path, 1)
    gallery.reload()
    viewer = gallery.open_viewer(0)
    assert viewer.fitting
    qtbot.keyClick(viewer.image_view, Qt.Key.Key_1)
    assert viewer.zoom_factor == 1.0 and not viewer.fitting
    qtbot.keyClick(viewer.image_view, Qt.Key.Key_Plus)
    assert viewer.zoom_factor == pytest.approx(1.25)
    assert viewer.zoom_label.text() == "125%"
    qtbot.mouseClick(viewer.buttons["zoom_out"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(viewer.buttons["zoom_out"], Qt.MouseButton.LeftButton)
    assert viewer.zoom_factor == pytest.approx(0.8)
    qtbot.keyClick(viewer.image_view, Qt.Key.Key_0)
    assert viewer.fitting and viewer.zoom_factor <= 1.0


def test_viewer_zoom_keeps_the_point_in_view(qtbot, gallery: PhotoGallery, ledger: Ledger,
                                             tmp_path: Path) -> None:
    add_photo(ledger, pf.write_jpeg(tmp_path / "big.jpg", (1600, 1200)), owner_kind=KIND, owner_id="item-1")
    gallery.reload()
    viewer = gallery.open_viewer(0)
    viewer.resize(800, 600)
    viewer.actual_size()
    view = viewer.image_view
    centre = view.viewport().rect().center()
    before = view.mapToScene(centre)
    qtbot.mouseClick(viewer.buttons["zoom_in"], Qt.MouseButton.LeftButton)
    after = view.mapToScene(centre)
    assert abs(after.x() - before.x()) < 3 and abs(after.y() - before.y()) < 3
    # The wheel zooms about the mouse.
    mouse = QPointF(100, 80)
    under = view.mapToScene(mouse.toPoint())
    wheel = QWheelEvent(mouse, view.viewport().mapToGlobal(mouse), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert viewer.zoom_factor == pytest.approx(1.25 * 1.25)
    still = view.mapToScene(mouse.toPoint())
    assert abs(still.x() - under.x()) < 3 and abs(still.y() - under.y()) < 3


def test_viewer_caption_saved_on_enter_on_next_and_on_close(
        qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    ids = _seed(ledger, tmp_path, 3)
    gallery.reload()
    viewer = gallery.open_viewer(0)
    viewer.caption.selectAll()
    viewer.caption.insert("门禁损坏 待维修")  # typed (keyClicks takes ASCII only)
    qtbot.keyClick(viewer.caption, Qt.Key.Key_Return)
    assert get_photo(ledger.db, ids[0]).caption == "门禁损坏 待维修"
    viewer.caption.selectAll()
    viewer.caption.insert("改到下一张前保存")  # typed (keyClicks takes ASCII only)
    qtbot.mouseClick(viewer.buttons["next"], Qt.MouseButton.LeftButton)
    assert get_photo(ledger.db, ids[0]).caption == "改到下一张前保存"
    viewer.caption.selectAll()
    viewer.caption.insert("关闭时保存")  # typed (keyClicks takes ASCII only)
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert get_photo(ledger.db, ids[1]).caption == "关闭时保存"
    assert gallery.viewer is None
    assert "关闭时保存" in gallery.model.data(gallery.model.index(1), Qt.ItemDataRole.DisplayRole)


def test_viewer_delete_with_confirmation(
        qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _seed(ledger, tmp_path, 2)
    gallery.reload()
    answers = Recorder(answer=False)
    monkeypatch.setattr(messages, "confirm", answers)
    viewer = gallery.open_viewer(0)
    qtbot.mouseClick(viewer.buttons["delete"], Qt.MouseButton.LeftButton)
    assert len(list_photos(ledger.db, KIND, "item-1")) == 2
    answers.answer = True
    qtbot.mouseClick(viewer.buttons["delete"], Qt.MouseButton.LeftButton)
    assert [p.id for p in list_photos(ledger.db, KIND, "item-1")] == [ids[1]]
    assert viewer.current().id == ids[1] and "第 1 / 1 张" in viewer.info.text()
    qtbot.mouseClick(viewer.buttons["delete"], Qt.MouseButton.LeftButton)
    assert list_photos(ledger.db, KIND, "item-1") == []
    assert gallery.viewer is None  # closed with nothing left
    assert gallery.model.rowCount() == 0


def test_viewer_read_only(qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path) -> None:
    ids = _seed(ledger, tmp_path, 1)
    gallery.reload()
    gallery.set_read_only(True)
    viewer = gallery.open_viewer(0)
    assert viewer.caption.isReadOnly()
    assert not viewer.buttons["delete"].isVisible()
    viewer.accept()
    assert get_photo(ledger.db, ids[0]).caption == "第1张"


def test_viewer_reports_a_caption_too_long(
        qtbot, gallery: PhotoGallery, ledger: Ledger, tmp_path: Path, warn: Recorder,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _seed(ledger, tmp_path, 1)
    gallery.reload()
    viewer = gallery.open_viewer(0)
    set_caption(ledger, ids[0], "原说明")
    monkeypatch.setattr("core.photos.MAX_CAPTION", 3)
    viewer.caption.setText("太长的说明文字")
    viewer.caption.setModified(True)
    viewer.accept()
    assert warn.calls and "没有保存" in warn.calls[-1][0]
    assert viewer.isVisible()  # stays open so nothing typed is lost
    assert get_photo(ledger.db, ids[0]).caption == "原说明"


def test_an_empty_gallery_collapses_to_its_message(qtbot, gallery: PhotoGallery, ledger: Ledger,
                                                   tmp_path: Path) -> None:
    """At 特大 two empty photo boxes must not push the lists above them to two rows."""
    view = gallery.view
    assert gallery.model.rowCount() == 0
    empty = view.maximumHeight()
    assert empty < view.iconSize().height()
    gallery.add_files([pf.write_jpeg(tmp_path / "a.jpg")])
    _wait_for_intake(qtbot, gallery)
    assert gallery.model.rowCount() == 1
    assert view.minimumHeight() > view.iconSize().height() > empty
    gallery.set_owner(KIND, None)
    gallery.no_owner_text = "选择一条记录，查看它的照片。"
    gallery.reload()
    assert view.empty_text == "选择一条记录，查看它的照片。"
    assert view.maximumHeight() < view.iconSize().height()
