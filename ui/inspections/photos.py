"""The photo galleries (``ui.photo_gallery``) of the inspection screens: per
checklist item, and the before / after photos of a rectification."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from core.inspections import INSPECTION_PHOTO_OWNER
from core.inspections import PHOTO_OWNER as ITEM_OWNER
from core.ledger import Ledger
from core.inspections.rectifications import AFTER_SLOT
from core.inspections.rectifications import PHOTO_OWNER as FIX_OWNER
from ui.changes import ChangeHub
from ui.photo_gallery import PhotoGallery


def _gallery(ledger: Ledger, hub: ChangeHub, owner_kind: str, owner_id: str | None, slot: str,
             parent: QWidget | None, read_only: bool, rows: float,
             thumb_lines: float | None = None) -> PhotoGallery:
    gallery = PhotoGallery(ledger, hub, owner_kind, owner_id, slot=slot, parent=parent,
                           read_only=read_only)
    if thumb_lines is not None:
        side = round(gallery.view.fontMetrics().height() * thumb_lines)
        gallery.view.setIconSize(QSize(side, side))
    fit_rows(gallery, rows)
    return gallery


def fit_rows(gallery: PhotoGallery, rows: float) -> None:
    """Make the thumbnail area ``rows`` rows of thumbnails tall (more scroll)."""
    view = gallery.view
    line = view.fontMetrics().height()
    row = view.iconSize().height() + 12 + line * 2 + 8 + view.spacing() * 2
    view.setFixedHeight(int(row * rows) + view.frameWidth() * 2 + 4)


def fit_compact(gallery: PhotoGallery) -> None:
    """One row of thumbnails, or only a few lines for the hint while empty."""
    view = gallery.view
    if gallery.model.rowCount():
        fit_rows(gallery, 1)
    else:
        view.setFixedHeight(int(view.fontMetrics().height() * 4.4) + view.frameWidth() * 2)


def item_gallery(ledger: Ledger, hub: ChangeHub, result_id: str | None,
                 parent: QWidget | None = None, *, read_only: bool = False,
                 rows: float = 1) -> PhotoGallery:
    """Photos of one checklist item (they are also the "before" photos of its rectification)."""
    return _gallery(ledger, hub, ITEM_OWNER, result_id, "", parent, read_only, rows)


def inspection_gallery(ledger: Ledger, hub: ChangeHub, inspection_id: str,
                       parent: QWidget | None = None) -> PhotoGallery:
    """Photos of an inspection as a whole (not of one item), compact."""
    gallery = _gallery(ledger, hub, INSPECTION_PHOTO_OWNER, inspection_id, "", parent, False, 1,
                       thumb_lines=7)
    gallery.model.modelReset.connect(lambda: fit_compact(gallery))
    fit_compact(gallery)
    return gallery


def form_gallery(ledger: Ledger, hub: ChangeHub, result_id: str,
                 parent: QWidget | None = None) -> PhotoGallery:
    """An item's photos in the inspection form: small thumbnails, one row,
    a few lines high while there are none."""
    gallery = _gallery(ledger, hub, ITEM_OWNER, result_id, "", parent, False, 1, thumb_lines=7)
    gallery.model.modelReset.connect(lambda: fit_compact(gallery))
    fit_compact(gallery)
    return gallery


def after_gallery(ledger: Ledger, hub: ChangeHub, rectification_id: str | None,
                  parent: QWidget | None = None, *, read_only: bool = False,
                  rows: float = 1) -> PhotoGallery:
    """The "after" photos of a rectification."""
    return _gallery(ledger, hub, FIX_OWNER, rectification_id, AFTER_SLOT, parent, read_only, rows)
