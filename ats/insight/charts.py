"""The numbers a bar chart needs (bar lengths, rows' positions); the SVG itself is the template
templates/ats/insight/_bar_chart.html. Every chart is shown with a table of the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field

ROW_HEIGHT = 28
LABEL_WIDTH = 230
BAR_SPACE = 300
WIDTH = LABEL_WIDTH + BAR_SPACE + 90


@dataclass
class Bar:
    label: str
    value: float | None
    shown: str
    y: int = 0
    length: float = 0
    value_x: float = 0


@dataclass
class BarChart:
    slug: str
    title: str
    bars: list[Bar] = field(default_factory=list)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return ROW_HEIGHT * max(len(self.bars), 1) + 8


def bar_chart(slug: str, title: str, rows: list[tuple[str, float | None]], *, unit: str = "") -> BarChart:
    """Horizontal bars, the longest the largest value; a missing value has no bar and says so."""
    largest = max((value for _label, value in rows if value), default=0)
    chart = BarChart(slug=slug, title=title)
    for index, (label, value) in enumerate(rows):
        length = round(BAR_SPACE * value / largest, 1) if value and largest else 0
        shown = "no data" if value is None else f"{value:g}{unit}"
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                shown=shown,
                y=index * ROW_HEIGHT,
                length=length,
                value_x=LABEL_WIDTH + length + 6,
            )
        )
    return chart
