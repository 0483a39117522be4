"""The progress chart: cumulative totals over a campaign's days, drawn with
QPainter (PySide6-Essentials has no QtCharts).

One metric at a time, in its unit, with the goal as a dashed line; or every
metric that has a goal, as a share of it, on one chart. Labels use the
widget's font, so the chart follows the text size.
"""

from __future__ import annotations

import datetime
import math
from decimal import ROUND_DOWN, Decimal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from core.campaigns.metrics import Metric, format_amount
from core.campaigns.stats import CumulativeSeries
from ui.campaigns.models import day_label

#: Line colours of the all-metrics chart, in metric order.
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939")
ALL_METRICS = "__all__"


def nice_step(span: float, ticks: int = 5) -> Decimal:
    """A round tick step (1, 2 or 5 × 10ⁿ) giving about ``ticks`` intervals over ``span``."""
    if span <= 0:
        return Decimal(1)
    raw = span / ticks
    power = Decimal(10) ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if power * factor >= Decimal(str(raw)):
            return power * factor
    return power * 10


class ProgressChart(QWidget):
    """Cumulative progress of one metric, or of all metrics against their goals.

    Attributes:
        metric_key: the metric shown, or :data:`ALL_METRICS`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: CumulativeSeries | None = None
        self.metric_key = ALL_METRICS
        self.through: datetime.date | None = None
        self.setMinimumSize(420, 280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)

    def set_series(self, series: CumulativeSeries | None, through: datetime.date | None = None) -> None:
        """Show ``series``; days after ``through`` (today, for a running campaign) get no line."""
        self.series = series
        self.through = through
        self.update()

    def set_metric(self, key: str) -> None:
        self.metric_key = key
        self.update()

    def current_metric(self) -> Metric | None:
        if self.series is None:
            return None
        return next((m for m in self.series.metrics if m.key == self.metric_key), None)

    def title(self) -> str:
        metric = self.current_metric()
        if metric is not None:
            return f"{metric.name}：累计完成（{metric.display_unit}）"
        return "各项指标累计完成（占目标的百分比）"

    def _shown_days(self) -> int:
        days = self.series.days
        if self.through is None:
            return len(days)
        return sum(1 for day in days if day <= self.through)

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        fm = QFontMetrics(self.font())
        if self.series is None or not self.series.days:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "请先在左侧选择一个整治行动")
            painter.end()
            return
        metric = self.current_metric()
        if metric is None:
            lines = [(m, [self._percent(v, self.series.goals[m.key]) for v in self.series.values[m.key]])
                     for m in self.series.metrics if m.key in self.series.goals]
            if not lines:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "这个行动没有设目标；请在上方选择一项指标查看")
                painter.end()
                return
            goal = Decimal(100)
            top = max([goal] + [max(values) for _m, values in lines])
            self._draw(painter, fm, lines, goal, top, "占目标的百分比（%）", "目标 100%", legend=True)
        else:
            values = self.series.values[metric.key]
            goal = self.series.goals.get(metric.key)
            top = max([values[-1] if values else Decimal(0)] + ([goal] if goal else []))
            goal_text = f"目标 {format_amount(goal, metric.precision)} {metric.display_unit}" if goal else ""
            self._draw(painter, fm, [(metric, values)], goal, top, f"累计（{metric.display_unit}）", goal_text,
                       legend=False)
        painter.end()

    @staticmethod
    def _percent(value: Decimal, goal: Decimal) -> Decimal:
        return value * 100 / goal if goal else Decimal(0)

    def _draw(self, painter: QPainter, fm: QFontMetrics, lines: list[tuple[Metric, list[Decimal]]],
              goal: Decimal | None, top: Decimal, axis: str, goal_text: str, *, legend: bool) -> None:
        line_height = fm.height()
        step = nice_step(float(top) * 1.08 if top > 0 else 1)
        y_max = step * math.ceil(float(top) * 1.08 / float(step)) if top > 0 else step * 5
        ticks = [step * n for n in range(int(y_max / step) + 1)]
        precision = max(0, -step.normalize().as_tuple().exponent)
        y_labels = [format_amount(t, precision) for t in ticks]
        shown_days = self._shown_days()
        legend_texts = [f"{m.name} {format_amount(v[max(shown_days, 1) - 1].quantize(Decimal(1), ROUND_DOWN), 0)}%"
                        for m, v in lines] if legend else []
        legend_width = 0
        if legend:
            legend_width = max(fm.horizontalAdvance(t) for t in legend_texts) + line_height * 2 + 12
        left = max(fm.horizontalAdvance(label) for label in y_labels) + 16
        right = max(24, fm.horizontalAdvance("11月30日") // 2 + 8)
        plot = QRectF(left, line_height * 3.2, self.width() - left - right - legend_width,
                      self.height() - line_height * 6.0)
        if plot.width() < 50 or plot.height() < 40:
            return

        # Title and the y axis' unit above it.
        title_font = painter.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor("#222"))
        painter.drawText(QRectF(0, 4, self.width(), line_height * 1.4), Qt.AlignmentFlag.AlignHCenter, self.title())
        title_font.setBold(False)
        painter.setFont(title_font)
        painter.setPen(QColor("#555"))
        painter.drawText(QPointF(4, plot.top() - line_height * 0.6), axis)

        days = self.series.days
        count = len(days)
        day_width = plot.width() / max(count - 1, 1)

        def x_of(n: int) -> float:
            return plot.left() + n * day_width

        def y_of(value: Decimal) -> float:
            return plot.bottom() - float(value / y_max) * plot.height()

        # Grid and y labels.
        for tick, label in zip(ticks, y_labels):
            y = y_of(tick)
            painter.setPen(QPen(QColor("#e4e4e4"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#444"))
            painter.drawText(QRectF(0, y - line_height / 2, left - 8, line_height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(QPen(QColor("#444"), 1.2))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        # X labels: as many dates as fit without overlapping; the last day always.
        label_width = fm.horizontalAdvance("10月30日") + fm.horizontalAdvance("  ")
        every = max(1, math.ceil(label_width / max(day_width, 1)))
        shown = list(range(0, count, every))
        if shown[-1] != count - 1:
            if count - 1 - shown[-1] < every * 0.8 and len(shown) > 1:
                shown[-1] = count - 1
            else:
                shown.append(count - 1)
        for n in shown:
            x = x_of(n)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.drawText(QRectF(x - label_width / 2, plot.bottom() + 6, label_width, line_height),
                             Qt.AlignmentFlag.AlignHCenter, day_label(days[n]))
        painter.setPen(QColor("#555"))
        painter.drawText(QRectF(plot.left(), plot.bottom() + line_height * 1.5, plot.width(), line_height * 1.2),
                         Qt.AlignmentFlag.AlignHCenter,
                         f"日期（{days[0].year}年{day_label(days[0])} 至 {day_label(days[-1])}，共 {count} 天）")

        # Goal.
        if goal is not None and goal > 0:
            y = y_of(goal)
            painter.setPen(QPen(QColor("#c0392b"), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#c0392b"))
            painter.drawText(QRectF(plot.left() + 6, y - line_height * 1.15, plot.width() - 12, line_height),
                             Qt.AlignmentFlag.AlignLeft, goal_text)

        # Today, for a running campaign.
        if 0 < shown_days < count:
            x = x_of(shown_days - 1)
            painter.setPen(QPen(QColor("#888"), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.drawText(QPointF(x + 4, plot.top() + line_height), "今天")

        # The lines.
        for number, (metric, values) in enumerate(lines):
            colour = QColor(COLOURS[number % len(COLOURS)] if legend else "#1f77b4")
            points = [QPointF(x_of(n), y_of(values[n])) for n in range(min(shown_days, len(values)))]
            if not points:
                continue
            if not legend:
                area = QPainterPath(QPointF(points[0].x(), plot.bottom()))
                for point in points:
                    area.lineTo(point)
                area.lineTo(QPointF(points[-1].x(), plot.bottom()))
                fill = QColor(colour)
                fill.setAlpha(40)
                painter.fillPath(area, fill)
            painter.setPen(QPen(colour, 2.2))
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            painter.drawPath(path)
            if not legend:
                last = values[len(points) - 1]
                text = f"{format_amount(last, metric.precision)} {metric.display_unit}"
                width = fm.horizontalAdvance(text) + 8
                x = min(points[-1].x() + 6, plot.right() - width)
                y = points[-1].y() - 6
                clash = goal is not None and goal > 0 and abs(y - y_of(goal) + line_height / 2) < line_height
                if y - line_height < plot.top() or clash:
                    y = points[-1].y() + line_height * 1.1
                painter.setPen(QColor("#1f4e79"))
                painter.drawText(QPointF(x, y), text)
            else:
                y = plot.top() + number * line_height * 1.3
                x = plot.right() + 18
                painter.drawLine(QPointF(x, y + line_height / 2), QPointF(x + line_height, y + line_height / 2))
                painter.setPen(QColor("#222"))
                painter.drawText(QRectF(x + line_height + 6, y, legend_width, line_height),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, legend_texts[number])
