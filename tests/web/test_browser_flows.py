"""The main flows of sales operations, driven through the web UI in headless Chromium."""

from tests.web.conftest import LiveServer


def sign_in(page, server: LiveServer, user: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/login")
    page.fill("input[name=token]", server.tokens[user])
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/ui/territories")


def person_net_flows(page, server: LiveServer) -> dict[str, str]:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/ui/reports?period=2025-01&coverage_model=US_RETAIL&by=person")
    rows = page.locator("#rollup tr").all()[1:]
    return {row.locator("td").nth(0).inner_text(): row.locator("td").nth(4).inner_text() for row in rows}


def test_override_flow_moves_credit(live_server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()

    sign_in(page, live_server, "eddie")
    page.goto(f"{live_server.url}/ui/territories?coverage_model=US_RETAIL&as_of=2025-01-15")
    tree = page.locator(".tree").inner_text()
    before = person_net_flows(page, live_server)

    page.goto(f"{live_server.url}/ui/search?q=ada&as_of=2025-01-15")
    page.click("text=C1")
    explanation = page.locator("main").inner_text()

    # An account's own attributes come before its advisor in the resolution order,
    # so moving the advisor's trades means overriding the account.
    page.goto(f"{live_server.url}/ui/search?q=ada+client&as_of=2025-01-15")
    page.click("text=A1")
    page.locator("details", has_text="Request an override in US_RETAIL").locator("summary").click()
    form = page.locator("details", has_text="Request an override in US_RETAIL").locator("form")
    form.locator("input[name=territory]").fill("TX")
    form.locator("input[name=valid_from]").fill("2025-01-01")
    form.locator("input[name=reason]").fill("the account moved to the Texas desk")
    form.locator("button[type=submit]").click()
    queue_for_editor = page.locator("main").inner_text()

    page.click("text=Sign out")
    sign_in(page, live_server, "april")
    page.goto(f"{live_server.url}/ui/overrides?status=requested")
    page.click("button:has-text('Approve')")
    approved = page.locator("main").inner_text()
    after = person_net_flows(page, live_server)

    assert "New York" in tree
    assert "Lena Park 60.00%" in tree
    assert "R_NY" in explanation
    assert "Requested OV-0001" in queue_for_editor
    assert "Approve" not in queue_for_editor
    assert "Approved OV-0001" in approved
    assert before == {"OMAR": "800.00", "LENA": "600.00"}
    assert after == {"OMAR": "1,400.00"}


def test_viewer_sees_no_request_form(live_server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()

    sign_in(page, live_server, "vic")
    page.goto(f"{live_server.url}/ui/explain/contact/C1?as_of=2025-01-15")

    assert page.locator("text=Request an override").count() == 0


def test_pages_need_sign_in(live_server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()

    page.goto(f"{live_server.url}/ui/overrides")

    assert page.url == f"{live_server.url}/login"


def test_period_lock_in_browser(live_server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()

    sign_in(page, live_server, "april")
    page.goto(f"{live_server.url}/ui/periods")
    page.fill("input[name=label]", "2025-01")
    page.click("button:has-text('Define')")
    page.locator("#period-2025-01").locator("button:has-text('Lock')").click()
    row = page.locator("#period-2025-01").inner_text()

    assert "locked" in row
    assert "none outstanding" in row
