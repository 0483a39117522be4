"""Where the inspection screens put the photo galleries of ``ui.photo_gallery``:
per checklist item, and the before / after photos of a rectification."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from core.inspections import PHOTO_OWNER as ITEM_OWNER
from core.ledger import Ledger
from core.rectifications import AFTER_SLOT
from core.rectifications import PHOTO_OWNER as FIX_OWNER
from ui.changes import ChangeHub


def _gallery(ledger: Ledger, hub: ChangeHub, owner_kind: str, owner_id: str | None, slot: str,
             parent: QWidget | None) -> QWidget | None:
    try:
        from ui.photo_gallery import PhotoGallery
    except ImportError:  # the gallery lands on the photos branch
        return None
    return PhotoGallery(ledger, hub, owner_kind, owner_id, slot=slot, parent=parent)


def item_gallery(ledger: Ledger, hub: ChangeHub, result_id: str | None,
                 parent: QWidget | None = None) -> QWidget | None:
    """Photos of one checklist item (also the "before" photos of its rectification)."""
    return _gallery(ledger, hub, ITEM_OWNER, result_id, "", parent)


def after_gallery(ledger: Ledger, hub: ChangeHub, rectification_id: str | None,
                  parent: QWidget | None = None) -> QWidget | None:
    """The "after" photos of a rectification."""
    return _gallery(ledger, hub, FIX_OWNER, rectification_id, AFTER_SLOT, parent)
