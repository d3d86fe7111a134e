from datetime import date, datetime, timedelta

from tests.api.conftest import Service


def territories(body: dict) -> dict[str, str | None]:
    return {t["coverage_model"]: t["territory"] for t in body["territories"]}


def test_upsert_contact_returns_territories(service: Service) -> None:
    body = {"name": "Cleo Counsel", "organisation_id": "F1", "valid_from": "2025-01-01"}

    response = service.client.put("/api/v1/contacts/C9", json=body, headers=service.headers("eddie"),
                                  params={"as_of": "2025-03-01"})

    assert response.status_code == 200, response.text
    assert territories(response.json()) == {"NATIONAL": "NAT", "US_RETAIL": "NY"}
    assert response.json()["entity"]["organisation_id"] == "F1"


def test_upsert_contact_own_state_wins(service: Service) -> None:
    body = {"name": "Tex Advisor", "organisation_id": "F1", "attributes": {"state": "tx"},
            "valid_from": "2025-01-01"}

    response = service.client.put("/api/v1/contacts/C9", json=body, headers=service.headers("eddie"))
    us_retail = [t for t in response.json()["territories"] if t["coverage_model"] == "US_RETAIL"][0]

    assert us_retail["territory"] == "TX"
    assert us_retail["source"] == "R_TX"
    assert us_retail["territory_name"] == "Texas"


def test_upsert_organisation_new_today(service: Service) -> None:
    response = service.client.put("/api/v1/organisations/F9", json={"name": "New RIA", "attributes": {"state": "TX"}},
                                  headers=service.headers("eddie"))

    assert response.status_code == 200, response.text
    assert response.json()["as_of"] == date.today().isoformat()
    assert territories(response.json())["US_RETAIL"] == "TX"


def test_upsert_unknown_organisation_is_422(service: Service) -> None:
    response = service.client.put("/api/v1/contacts/C9", json={"name": "X", "organisation_id": "NOPE"},
                                  headers=service.headers("eddie"))

    error = response.json()["error"]
    assert response.status_code == 422
    assert error["code"] == "invalid_input"
    assert error["problems"][0]["field"] == "organisation_id"
    assert error["problems"][0]["value"] == "NOPE"
    assert "load the organisations first" in error["problems"][0]["fix"]


def test_upsert_bad_zip_names_attribute(service: Service) -> None:
    response = service.client.put("/api/v1/contacts/C9", json={"name": "X", "attributes": {"zip": "123456"}},
                                  headers=service.headers("eddie"))

    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["field"] == "attributes.zip"


def test_upsert_by_viewer_is_forbidden(service: Service) -> None:
    response = service.client.put("/api/v1/contacts/C9", json={"name": "X"}, headers=service.headers("vic"))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert "editor" in response.json()["error"]["message"]


def test_upsert_is_audited_with_user(service: Service) -> None:
    service.client.put("/api/v1/contacts/C9", json={"name": "Cleo", "organisation_id": "F1"},
                       headers=service.headers("eddie"))

    entries = service.get("/api/v1/audit", "april", entity_kind="contact", entity_id="C9").json()["items"]

    assert len(entries) == 1
    assert entries[0]["user"] == "eddie"
    assert entries[0]["action"] == "create"


def test_get_contact_at_past_known_at(service: Service) -> None:
    moved = {"name": "Ada Advisor", "organisation_id": "F2", "valid_from": "2025-01-01"}
    service.client.put("/api/v1/contacts/C1", json=moved, headers=service.headers("eddie"))
    recorded = datetime.fromisoformat(service.get("/api/v1/audit", "april", entity_id="C1").json()["items"][-1]["recorded_at"])

    now = service.get("/api/v1/contacts/C1", as_of="2025-02-01")
    before_move = service.get("/api/v1/contacts/C1", as_of="2025-02-01",
                              known_at=(recorded - timedelta(microseconds=1)).isoformat())
    before_load = service.get("/api/v1/contacts/C1", as_of="2025-02-01", known_at="2025-01-01T00:00:00")

    assert territories(now.json())["US_RETAIL"] == "TX"
    assert territories(before_move.json())["US_RETAIL"] == "NY"
    assert before_load.status_code == 404


def test_list_contacts_paginates_and_searches(service: Service) -> None:
    first = service.get("/api/v1/contacts", as_of="2025-02-01", limit=1).json()
    second = service.get("/api/v1/contacts", as_of="2025-02-01", limit=1, offset=1).json()
    found = service.get("/api/v1/contacts", as_of="2025-02-01", q="ben").json()

    assert first["total"] == 2
    assert first["next_offset"] == 1
    assert [c["id"] for c in first["items"] + second["items"]] == ["C1", "C2"]
    assert second["next_offset"] is None
    assert [c["id"] for c in found["items"]] == ["C2"]
