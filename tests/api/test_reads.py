from decimal import Decimal

from tests.api.conftest import Service


def test_territory_tree_by_parent(service: Service) -> None:
    regions = service.get("/api/v1/territories", level="region").json()
    east = service.get("/api/v1/territories", parent="EAST").json()

    assert [t["code"] for t in regions["items"]] == ["EAST", "WEST"]
    assert [t["code"] for t in east["items"]] == ["NY"]


def test_territory_detail_has_team_history(service: Service) -> None:
    body = service.get("/api/v1/territories/NY", as_of="2025-02-01").json()
    members = body["teams"]["US_RETAIL"][0]["members"]

    assert body["versions"][0]["name"] == "New York"
    assert [(m["person_id"], m["split"]) for m in members] == [("LENA", "60.00"), ("OMAR", "40.00")]
    assert members[0]["name"] == "Lena Park"


def test_unknown_territory_is_404(service: Service) -> None:
    response = service.get("/api/v1/territories/MARS")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "MARS" in response.json()["error"]["message"]


def test_rules_per_coverage_model(service: Service) -> None:
    body = service.get("/api/v1/rules", coverage_model="US_RETAIL", as_of="2025-02-01").json()

    assert [r["code"] for r in body["items"]] == ["R_NY", "R_TX"]
    assert body["items"][0]["conditions"] == ["state in (NY)"]


def test_assignments_filter_by_model_and_kind(service: Service) -> None:
    body = service.get("/api/v1/assignments", as_of="2025-02-01", coverage_model="US_RETAIL",
                       entity_kind="contact").json()

    assert {(a["entity_id"], a["territory"]) for a in body["items"]} == {("C1", "NY"), ("C2", "TX")}


def test_credits_split_the_fact(service: Service) -> None:
    body = service.get("/api/v1/credits", period="2025-01", fact="T1", coverage_model="US_RETAIL").json()

    assert {(c["person_id"], c["amount"]) for c in body["items"]} == {("LENA", "600.00"), ("OMAR", "400.00")}


def test_rollup_by_territory_sums_flows(service: Service) -> None:
    body = service.get("/api/v1/reports/rollup", period="2025-01", by="territory", coverage_model="US_RETAIL").json()
    texas = [r for r in body["items"] if r["key"] == "TX"][0]

    assert Decimal(texas["gross_sales"]) == Decimal("500.00")
    assert Decimal(texas["redemptions"]) == Decimal("100.00")
    assert Decimal(texas["net_flows"]) == Decimal("400.00")


def test_rollup_by_person(service: Service) -> None:
    body = service.get("/api/v1/reports/rollup", period="2025-Q1", by="person", coverage_model="US_RETAIL").json()
    omar = [r for r in body["items"] if r["key"] == "OMAR"][0]

    assert Decimal(omar["net_flows"]) == Decimal("800.00")


def test_bad_period_names_the_fix(service: Service) -> None:
    response = service.get("/api/v1/reports/rollup", period="January")

    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["field"] == "period"
    assert "2025-Q1" in response.json()["error"]["problems"][0]["fix"]


def test_explain_contact_shows_winning_rule(service: Service) -> None:
    body = service.get("/api/v1/explain/contact/C1", as_of="2025-02-01").json()
    us_retail = [m for m in body["models"] if m["coverage_model"] == "US_RETAIL"][0]

    assert us_retail["territory"] == "NY"
    assert us_retail["source"] == "R_NY"
    assert us_retail["trail"]
    assert [m["person_id"] for m in us_retail["team"]] == ["LENA", "OMAR"]


def test_explain_fact_lists_credits(service: Service) -> None:
    body = service.get("/api/v1/explain/facts/T2").json()
    us_retail = [m for m in body["models"] if m["coverage_model"] == "US_RETAIL"][0]

    assert [(c["person_id"], c["amount"]) for c in us_retail["credits"]] == [("OMAR", "500.00")]


def test_explain_unknown_fact_is_404(service: Service) -> None:
    assert service.get("/api/v1/explain/facts/NOPE").status_code == 404
