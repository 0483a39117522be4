"""Buttons declared as data, shared by the pages of the inspections tab."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


@dataclass(frozen=True)
class PageAction:
    """A button of a page: label, the page's method it calls, tooltip, and
    what must be selected for it to be enabled (``""`` = always)."""

    name: str
    label: str
    handler: str
    tip: str
    needs: str = ""


def action_bar(owner: QWidget, actions: tuple[PageAction, ...]) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """A row of buttons calling ``owner.<handler>()``, left-aligned."""
    layout = QHBoxLayout()
    buttons: dict[str, QPushButton] = {}
    for action in actions:
        button = QPushButton(action.label)
        button.setToolTip(action.tip)
        button.clicked.connect(lambda _c=False, h=action.handler: getattr(owner, h)())
        buttons[action.name] = button
        layout.addWidget(button)
    layout.addStretch()
    return layout, buttons


def enable(actions: tuple[PageAction, ...], buttons: dict[str, QPushButton], has: dict[str, bool]) -> None:
    for action in actions:
        buttons[action.name].setEnabled(not action.needs or has.get(action.needs, False))
