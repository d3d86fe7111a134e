"""One self-contained HTML report of a run: summary, territories, months and people.

The report carries its CSS and its SVG charts inline and links nothing, so it
can be mailed or opened offline. Every figure names its coverage model, and no
figure adds two coverage models together, because each model splits the same
money its own way. Money is formatted from Decimal; floats are used only for
chart geometry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from html import escape
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

ZERO = Decimal("0.00")
TOP_PEOPLE = 10

# Region colours, given in order of region name; unassigned money is grey.
PALETTE = ("#1f5f8b", "#d97b29", "#3c8d5a", "#8e4b9b", "#c2453d", "#2b9aa0", "#8c7a3c", "#5a6b7d")
UNASSIGNED_COLOUR = "#9aa3ad"
UNASSIGNED_LABEL = "(unassigned)"


@dataclass(frozen=True)
class ModelSummary:
    """Totals of one coverage model for the period; `credited + unassigned` should equal `total`."""

    code: str
    name: str
    fact_count: int
    total: Decimal
    assigned: Decimal
    unassigned: Decimal
    unassigned_facts: int
    conflicts: int
    credited: Decimal


@dataclass(frozen=True)
class TerritoryRow:
    """Money of one territory in one coverage model; `region` is the name shown and coloured."""

    coverage_model: str
    region: str
    territory: str
    territory_name: str
    gross_sales: Decimal
    redemptions: Decimal
    net_flows: Decimal
    aum: Decimal


@dataclass(frozen=True)
class MonthlyRow:
    """Net flows and month-end AUM of one region in one coverage model; `month` is YYYY-MM."""

    coverage_model: str
    region: str
    month: str
    net_flows: Decimal
    aum: Decimal


@dataclass(frozen=True)
class PersonRow:
    """Credits of one person in one coverage model."""

    coverage_model: str
    person_id: str
    person_name: str
    credits: Decimal


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows; amounts are per coverage model and never summed across models."""

    title: str
    period_label: str
    generated_at: str
    models: list[ModelSummary]
    territory_rows: list[TerritoryRow]
    monthly_rows: list[MonthlyRow]
    person_rows: list[PersonRow]


def money(amount: Decimal) -> str:
    """Format an amount with thousands separators and two decimals, e.g. -1,234,567.80."""
    return f"{amount.quantize(Decimal('0.01')):,.2f}"


def compact_money(amount: Decimal) -> str:
    """Format an amount for a chart axis, e.g. 12.3M or -850.0K, without passing through float."""
    for divisor, suffix in ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K")):
        if abs(amount) >= divisor:
            return f"{(amount / divisor).quantize(Decimal('0.1')):,}{suffix}"
    return f"{amount.quantize(Decimal('1')):,}"


# Views: the data of one coverage model, shaped for the template.


@dataclass
class RegionGroup:
    name: str
    colour: str
    rows: list[TerritoryRow]
    subtotal: TerritoryRow


@dataclass
class ModelSection:
    summary: ModelSummary
    regions: list[RegionGroup]
    total: TerritoryRow
    people: list[PersonRow]
    charts: dict[str, Markup] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        return self.summary.credited + self.summary.unassigned == self.summary.total

    @property
    def difference(self) -> Decimal:
        return self.summary.credited + self.summary.unassigned - self.summary.total


def model_sections(data: ReportData) -> list[ModelSection]:
    """Group the rows of `data` by coverage model, in the order of `data.models`."""
    sections = []
    for summary in data.models:
        territory_rows = [r for r in data.territory_rows if r.coverage_model == summary.code]
        monthly_rows = [r for r in data.monthly_rows if r.coverage_model == summary.code]
        colours = _region_colours([r.region for r in territory_rows] + [r.region for r in monthly_rows])
        regions = _region_groups(summary.code, territory_rows, colours)
        people = sorted(
            (p for p in data.person_rows if p.coverage_model == summary.code),
            key=lambda p: (-p.credits, p.person_id),
        )[:TOP_PEOPLE]
        section = ModelSection(summary, regions, _sum_rows(summary.code, "", f"{summary.name} total", territory_rows), people)
        section.charts = _charts(section, monthly_rows, colours)
        sections.append(section)
    return sections


def _region_colours(regions: list[str]) -> dict[str, str]:
    """Colour regions by name order, so a region keeps its colour from one report to the next."""
    named = sorted(set(regions) - {UNASSIGNED_LABEL})
    colours = {region: PALETTE[index % len(PALETTE)] for index, region in enumerate(named)}
    colours[UNASSIGNED_LABEL] = UNASSIGNED_COLOUR
    return colours


def _region_groups(model: str, rows: list[TerritoryRow], colours: dict[str, str]) -> list[RegionGroup]:
    by_region: dict[str, list[TerritoryRow]] = defaultdict(list)
    for row in rows:
        by_region[row.region].append(row)
    # Unassigned money goes last, so the regions read first.
    order = sorted(by_region, key=lambda region: (region == UNASSIGNED_LABEL, region))
    return [
        RegionGroup(
            region,
            colours[region],
            sorted(by_region[region], key=lambda r: r.territory),
            _sum_rows(model, region, f"{region} subtotal", by_region[region]),
        )
        for region in order
    ]


def _sum_rows(model: str, region: str, label: str, rows: list[TerritoryRow]) -> TerritoryRow:
    return TerritoryRow(
        coverage_model=model,
        region=region,
        territory="",
        territory_name=label,
        gross_sales=sum((r.gross_sales for r in rows), ZERO),
        redemptions=sum((r.redemptions for r in rows), ZERO),
        net_flows=sum((r.net_flows for r in rows), ZERO),
        aum=sum((r.aum for r in rows), ZERO),
    )


# Charts: inline SVG built from escaped text.


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    colour: str


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: list[Decimal]


def _charts(section: ModelSection, monthly_rows: list[MonthlyRow], colours: dict[str, str]) -> dict[str, Markup]:
    name = section.summary.name
    # Unassigned money is left out of the territory bars, where it would flatten every
    # territory, and named in a note under the chart instead.
    bars = [(group, row) for group in section.regions for row in group.rows if group.name != UNASSIGNED_LABEL]
    left_out = [group.subtotal for group in section.regions if group.name == UNASSIGNED_LABEL]
    months = sorted({r.month for r in monthly_rows})
    legend = [(group.name, group.colour) for group in section.regions if group.name != UNASSIGNED_LABEL]
    flows_by_month = _monthly_series(monthly_rows, months, colours, "net_flows")
    aum_by_month = _monthly_series(monthly_rows, months, colours, "aum")
    return {
        "net_flows": bar_chart(
            f"Net flows by territory, {name}",
            [Bar(_territory_label(row), row.net_flows, group.colour) for group, row in bars],
            legend,
            _unassigned_note(name, [row.net_flows for row in left_out]),
        ),
        "aum": bar_chart(
            f"AUM by territory at period end, {name}",
            [Bar(_territory_label(row), row.aum, group.colour) for group, row in bars],
            legend,
            _unassigned_note(name, [row.aum for row in left_out]),
        ),
        "monthly_flows": line_chart(f"Monthly net flows by region, {name}", months, flows_by_month),
        "monthly_aum": line_chart(f"Month-end AUM by region, {name}", months, aum_by_month),
    }


def _unassigned_note(model_name: str, amounts: list[Decimal]) -> str:
    if not amounts:
        return ""
    return f"Not drawn: unassigned {money(sum(amounts, ZERO))} in {model_name}."


def _territory_label(row: TerritoryRow) -> str:
    return row.territory if row.territory == row.territory_name else f"{row.territory} {row.territory_name}"


def _monthly_series(
    rows: list[MonthlyRow], months: list[str], colours: dict[str, str], measure: str
) -> list[Series]:
    values: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        values[row.region][row.month] = getattr(row, measure)
    return [
        Series(region, colours[region], [values[region].get(month, ZERO) for month in months])
        for region in sorted(values, key=lambda r: (r == UNASSIGNED_LABEL, r))
    ]


MARGIN = 4
BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 260
VALUE_WIDTH = 120
CHART_WIDTH = 880


def bar_chart(title: str, bars: list[Bar], legend: list[tuple[str, str]], note: str = "") -> Markup:
    """Draw horizontal bars from a zero line, so negative values extend to the left."""
    if not bars:
        return _empty_chart(title, note)
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    low = min(ZERO, *(b.value for b in bars))
    high = max(ZERO, *(b.value for b in bars))
    span = float(high - low) or 1.0
    zero_x = LABEL_WIDTH + plot_width * float(-low) / span
    top = 28
    height = top + len(bars) * (BAR_HEIGHT + BAR_GAP) + 34
    parts = [_svg_open(title, height + (18 if note else 0)), _text(MARGIN, 16, title, "chart-title")]
    for index, bar in enumerate(bars):
        y = top + index * (BAR_HEIGHT + BAR_GAP)
        x_end = LABEL_WIDTH + plot_width * float(bar.value - low) / span
        x, width = min(zero_x, x_end), abs(x_end - zero_x)
        parts.append(_text(LABEL_WIDTH - 8, y + 13, _shorten(bar.label, 34), "bar-label", "end"))
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{max(width, 0.5):.1f}" height="{BAR_HEIGHT}" '
            f'fill="{bar.colour}"><title>{escape(bar.label)}: {money(bar.value)}</title></rect>'
        )
        parts.append(_text(max(x_end, zero_x) + 6, y + 13, compact_money(bar.value), "bar-value"))
    axis_bottom = top + len(bars) * (BAR_HEIGHT + BAR_GAP)
    parts.append(f'<line x1="{zero_x:.1f}" y1="{top - 4}" x2="{zero_x:.1f}" y2="{axis_bottom}" class="axis"/>')
    parts.append(_legend(legend, axis_bottom + 14))
    if note:
        parts.append(_text(LABEL_WIDTH, axis_bottom + 34, note, "tick"))
    parts.append("</svg>")
    return Markup("".join(parts))


LINE_HEIGHT = 260
PLOT_LEFT = 90
PLOT_RIGHT = 170


def line_chart(title: str, months: list[str], series: list[Series]) -> Markup:
    """Draw one line per series over the months, with a zero line and round y ticks."""
    if not months or not series:
        return _empty_chart(title)
    plot_top, plot_bottom = 36, LINE_HEIGHT - 34
    plot_width = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
    values = [v for s in series for v in s.values]
    ticks = nice_ticks(min(ZERO, *values), max(ZERO, *values))
    low, high = ticks[0], ticks[-1]
    span = float(high - low) or 1.0

    def y_of(value: Decimal) -> float:
        return plot_bottom - (plot_bottom - plot_top) * float(value - low) / span

    def x_of(index: int) -> float:
        return PLOT_LEFT + (plot_width * index / (len(months) - 1) if len(months) > 1 else plot_width / 2)

    parts = [_svg_open(title, LINE_HEIGHT), _text(MARGIN, 16, title, "chart-title")]
    for tick in ticks:
        parts.append(f'<line x1="{PLOT_LEFT}" y1="{y_of(tick):.1f}" x2="{PLOT_LEFT + plot_width}" y2="{y_of(tick):.1f}" class="grid"/>')
        parts.append(_text(PLOT_LEFT - 8, y_of(tick) + 4, compact_money(tick), "tick", "end"))
    parts.append(f'<line x1="{PLOT_LEFT}" y1="{y_of(ZERO):.1f}" x2="{PLOT_LEFT + plot_width}" y2="{y_of(ZERO):.1f}" class="axis"/>')
    for index, month in enumerate(months):
        parts.append(_text(x_of(index), plot_bottom + 18, month, "tick", "middle"))
    for line in series:
        points = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(line.values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{line.colour}" stroke-width="2"/>')
        for index, value in enumerate(line.values):
            parts.append(
                f'<circle cx="{x_of(index):.1f}" cy="{y_of(value):.1f}" r="3" fill="{line.colour}">'
                f"<title>{escape(line.name)} {escape(months[index])}: {money(value)}</title></circle>"
            )
    parts.append(_side_legend([(s.name, s.colour) for s in series], CHART_WIDTH - PLOT_RIGHT + 16, plot_top))
    parts.append("</svg>")
    return Markup("".join(parts))


def nice_ticks(low: Decimal, high: Decimal, count: int = 4) -> list[Decimal]:
    """Return round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering [low, high]."""
    span = high - low
    if span <= 0:
        return [low - 1, low, low + 1] if low else [ZERO, Decimal(1)]
    raw_step = span / count
    power = Decimal(10) ** (raw_step.adjusted())
    step = next(m * power for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if m * power >= raw_step)
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    ticks = [first]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _svg_open(title: str, height: int) -> str:
    return (
        f'<svg viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}">'
    )


def _text(x: float, y: float, content: str, css_class: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css_class}" text-anchor="{anchor}">{escape(content)}</text>'
    )


def _legend(entries: list[tuple[str, str]], y: float) -> str:
    parts, x = [], float(LABEL_WIDTH)
    for name, colour in entries:
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 16, y, name, "legend"))
        x += 28 + 7 * len(name)
    return "".join(parts)


def _side_legend(entries: list[tuple[str, str]], x: float, y: float) -> str:
    parts = []
    for index, (name, colour) in enumerate(entries):
        row_y = y + index * 18
        parts.append(f'<rect x="{x:.1f}" y="{row_y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 16, row_y, _shorten(name, 20), "legend"))
    return "".join(parts)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _empty_chart(title: str, note: str = "") -> Markup:
    message = note or "No data in this period."
    return Markup(
        _svg_open(title, 48) + _text(MARGIN, 16, title, "chart-title") + _text(MARGIN, 40, message, "tick") + "</svg>"
    )


# Rendering


_ENVIRONMENT = Environment(
    loader=PackageLoader("territorial.io", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters["money"] = money


def render_report(data: ReportData) -> str:
    """Render the report as one HTML document with inline CSS and SVG."""
    template = _ENVIRONMENT.get_template("report.html")
    return template.render(data=data, sections=model_sections(data))


def write_report(data: ReportData, path: Path | str) -> Path:
    """Write the report to `path` as UTF-8 and return the path."""
    target = Path(path)
    target.write_text(render_report(data), encoding="utf-8")
    return target
