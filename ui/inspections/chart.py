"""A line of the compliance rate over time, drawn with QPainter (the
PySide6-Essentials wheel has no QtCharts)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.inspections.compliance import RatePoint

LINE = QColor("#2f6db5")
GRID = QColor("#d8d8d8")
AXIS = QColor("#666666")


class RateChart(QWidget):
    """Compliance rate per period, 0–100 %, one dot per period with its value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[RatePoint] = []
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().height() * 8)

    def set_points(self, points: list[RatePoint], title: str = "") -> None:
        self.points = [p for p in points if p.rate is not None]
        self.title = title
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, self.fontMetrics().height() * 10)

    def plot_rect(self) -> QRectF:
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("100%") + 14
        top = fm.height() * 2 + 6
        bottom = fm.height() + 12
        return QRectF(left, top, max(self.width() - left - 24, 10), max(self.height() - top - bottom, 10))

    def point_at(self, n: int) -> QPointF:
        plot = self.plot_rect()
        count = len(self.points)
        x = plot.left() + (plot.width() * (n + 0.5) / count if count else 0)
        rate = self.points[n].rate or 0.0
        return QPointF(x, plot.bottom() - plot.height() * rate)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        fm = self.fontMetrics()
        plot = self.plot_rect()
        painter.setPen(AXIS)
        painter.drawText(QRectF(0, 4, self.width(), fm.height()), Qt.AlignmentFlag.AlignHCenter,
                         self.title or "达标率变化")
        steps = (0, 25, 50, 75, 100) if plot.height() >= fm.height() * 5 else (0, 50, 100)
        for percent in steps:
            y = plot.bottom() - plot.height() * percent / 100
            style = Qt.PenStyle.SolidLine if percent in (0, 100) else Qt.PenStyle.DashLine
            painter.setPen(QPen(GRID, 1, style))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS)
            painter.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{percent}%")
        if not self.points:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "暂无已完成的检查")
            return
        spacing = plot.width() / len(self.points)
        label_every = 1
        widest = max(fm.horizontalAdvance(p.label) for p in self.points) + 8
        while spacing * label_every < widest:
            label_every += 1
        show_values = spacing >= fm.horizontalAdvance("100%") + 4
        painter.setPen(QPen(LINE, 2.5))
        for n in range(1, len(self.points)):
            painter.drawLine(self.point_at(n - 1), self.point_at(n))
        for n, point in enumerate(self.points):
            centre = self.point_at(n)
            painter.setPen(QPen(LINE, 2))
            painter.setBrush(QColor("white"))
            painter.drawEllipse(centre, 4.5, 4.5)
            painter.setPen(AXIS)
            if show_values:
                painter.drawText(QRectF(centre.x() - spacing / 2, centre.y() - fm.height() - 6,
                                        spacing, fm.height()),
                                 Qt.AlignmentFlag.AlignCenter, f"{(point.rate or 0) * 100:.0f}%")
            if n % label_every == 0:
                painter.drawText(QRectF(centre.x() - widest / 2, plot.bottom() + 4, widest, fm.height()),
                                 Qt.AlignmentFlag.AlignCenter, point.label)
