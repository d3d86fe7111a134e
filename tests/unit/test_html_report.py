"""The HTML report: self-contained, escaped, and labelled by coverage model."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from territorial.io.html_report import (
    ModelSummary,
    MonthlyRow,
    PersonRow,
    ReportData,
    TerritoryRow,
    money,
    render_report,
    write_report,
)


def _summary(code: str, name: str, credited: str, unassigned: str) -> ModelSummary:
    total = Decimal(credited) + Decimal(unassigned)
    return ModelSummary(code, name, 4, total, Decimal(credited), Decimal(unassigned), 1, 0, Decimal(credited))


@pytest.fixture()
def data() -> ReportData:
    return ReportData(
        title="Distribution report",
        period_label="2025-Q1",
        generated_at="2025-04-01 08:00 UTC",
        models=[
            _summary("US_RETAIL", "US Retail", "1234567.89", "100.01"),
            _summary("NATIONAL_ACCOUNTS", "National Accounts", "500.50", "734167.40"),
        ],
        territory_rows=[
            TerritoryRow("US_RETAIL", "Northeast", "NE01", "Boston <b>bold</b>", Decimal("1500000.00"),
                         Decimal("-265432.11"), Decimal("1234567.89"), Decimal("9876543.21")),
            TerritoryRow("US_RETAIL", "(unassigned)", "(unassigned)", "(unassigned)", Decimal("100.01"),
                         Decimal("0.00"), Decimal("100.01"), Decimal("0.00")),
            TerritoryRow("NATIONAL_ACCOUNTS", "National Accounts", "NA_IBD", "IBD National Accounts",
                         Decimal("600.50"), Decimal("-100.00"), Decimal("500.50"), Decimal("7000.00")),
        ],
        monthly_rows=[
            MonthlyRow("US_RETAIL", "Northeast", "2025-01", Decimal("1000.00"), Decimal("9000000.00")),
            MonthlyRow("US_RETAIL", "Northeast", "2025-02", Decimal("-250.25"), Decimal("9500000.00")),
            MonthlyRow("NATIONAL_ACCOUNTS", "National Accounts", "2025-01", Decimal("500.50"), Decimal("7000.00")),
        ],
        person_rows=[
            PersonRow("US_RETAIL", "W0001", "Ana <script>Reyes</script>", Decimal("864197.52")),
            PersonRow("US_RETAIL", "W0002", "Ian Park", Decimal("370370.37")),
            PersonRow("NATIONAL_ACCOUNTS", "W0003", "Sara Novak", Decimal("500.50")),
        ],
    )


def test_report_links_no_external_resources(data: ReportData) -> None:
    html = render_report(data)

    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "<script src" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html
    assert "url(" not in html


def test_report_draws_inline_svg_charts(data: ReportData) -> None:
    html = render_report(data)

    assert html.count("<svg") == 8
    assert "<img" not in html


def test_report_escapes_territory_name(data: ReportData) -> None:
    html = render_report(data)

    assert "Boston &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html


def test_report_escapes_person_name(data: ReportData) -> None:
    html = render_report(data)

    assert "<script>Reyes" not in html
    assert "&lt;script&gt;Reyes" in html


def test_report_shows_amounts_with_two_decimals(data: ReportData) -> None:
    html = render_report(data)

    assert "1,234,567.89" in html
    assert "-265,432.11" in html
    assert "9,876,543.21" in html


def test_report_labels_each_total_with_its_model(data: ReportData) -> None:
    html = render_report(data)

    assert "US Retail total" in html
    assert "National Accounts total" in html
    assert "Northeast subtotal, US Retail" in html


def test_report_never_adds_models_together(data: ReportData) -> None:
    html = render_report(data)

    combined = money(sum((m.total for m in data.models), Decimal(0)))

    assert combined not in html


def test_report_checks_credits_plus_unassigned(data: ReportData) -> None:
    html = render_report(data)

    assert "US Retail: credits 1,234,567.89 + unassigned 100.01" in html
    assert "= total 1,234,667.90 ✓" in html


def test_report_flags_unbalanced_model(data: ReportData) -> None:
    broken = ModelSummary("INSTITUTIONAL", "Institutional", 2, Decimal("10.00"), Decimal("9.00"),
                          Decimal("1.00"), 1, 0, Decimal("8.99"))
    data.models.append(broken)

    html = render_report(data)

    assert "≠ total 10.00, off by -0.01" in html


def test_money_keeps_cents_of_large_decimals() -> None:
    amount = Decimal("12345678901234567.89")

    text = money(amount)

    assert text == "12,345,678,901,234,567.89"


def test_money_pads_whole_amounts_to_two_decimals() -> None:
    assert money(Decimal("5")) == "5.00"
    assert money(Decimal("-1234")) == "-1,234.00"


def test_empty_report_renders(data: ReportData) -> None:
    empty = ReportData("Empty", "2025-01", "now", [_summary("US_RETAIL", "US Retail", "0.00", "0.00")], [], [], [])

    html = render_report(empty)

    assert "No data in this period." in html
    assert "No credits in US Retail" in html


def test_write_report_creates_utf8_file(data: ReportData, tmp_path: Path) -> None:
    path = write_report(data, tmp_path / "report.html")

    text = path.read_text(encoding="utf-8")

    assert text.startswith("<!DOCTYPE html>")
    assert "✓" in text
