from tests.api.conftest import Service

REQUEST = {"target": "contact", "target_id": "C1", "coverage_model": "US_RETAIL", "territory": "TX",
           "valid_from": "2025-01-01", "reason": "relationship moved to the Texas desk"}


def request_override(service: Service, user: str = "eddie") -> dict:
    response = service.client.post("/api/v1/overrides", json=REQUEST, headers=service.headers(user))
    assert response.status_code == 201, response.text
    return response.json()


def test_request_then_approve_moves_contact(service: Service) -> None:
    override = request_override(service)
    pending = service.get("/api/v1/contacts/C1", as_of="2025-02-01").json()

    approved = service.client.post(f"/api/v1/overrides/{override['id']}/approve", json={"reason": "ok"},
                                   headers=service.headers("april"))
    after = service.get("/api/v1/contacts/C1", as_of="2025-02-01").json()
    us_retail = [t for t in after["territories"] if t["coverage_model"] == "US_RETAIL"][0]

    assert override["status"] == "requested"
    assert [t["territory"] for t in pending["territories"] if t["coverage_model"] == "US_RETAIL"] == ["NY"]
    assert approved.json()["status"] == "approved"
    assert us_retail["territory"] == "TX"
    assert us_retail["step"] == "contact_override"


def test_editor_cannot_approve(service: Service) -> None:
    override = request_override(service)

    response = service.client.post(f"/api/v1/overrides/{override['id']}/approve", json={},
                                   headers=service.headers("eddie"))

    assert response.status_code == 403


def test_approver_cannot_approve_own_request(service: Service) -> None:
    override = request_override(service, "april")

    response = service.client.post(f"/api/v1/overrides/{override['id']}/approve", json={},
                                   headers=service.headers("april"))

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "workflow_conflict"


def test_viewer_cannot_request(service: Service) -> None:
    response = service.client.post("/api/v1/overrides", json=REQUEST, headers=service.headers("vic"))

    assert response.status_code == 403


def test_reject_needs_reason(service: Service) -> None:
    override = request_override(service)

    response = service.client.post(f"/api/v1/overrides/{override['id']}/reject", json={"reason": ""},
                                   headers=service.headers("april"))

    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["field"] == "reason"


def test_queue_lists_requested(service: Service) -> None:
    request_override(service)

    queue = service.get("/api/v1/overrides", status="requested").json()

    assert [o["target_id"] for o in queue["items"]] == ["C1"]


def test_override_history_names_users(service: Service) -> None:
    override = request_override(service)
    service.client.post(f"/api/v1/overrides/{override['id']}/approve", json={"reason": "ok"},
                        headers=service.headers("april"))

    history = service.get(f"/api/v1/overrides/{override['id']}/history").json()

    assert [(e["action"], e["user"]) for e in history] == [("request", "eddie"), ("approve", "april")]


def test_unknown_target_kind_is_422(service: Service) -> None:
    response = service.client.post("/api/v1/overrides", json={**REQUEST, "target": "planet"},
                                   headers=service.headers("eddie"))

    assert response.status_code == 422
    assert "trade" in response.json()["error"]["problems"][0]["fix"]
