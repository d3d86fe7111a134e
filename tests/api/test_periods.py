from tests.api.conftest import Service
from tests.api.test_overrides import REQUEST


def post(service: Service, path: str, user: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    return service.client.post(path, json=body or {}, headers=service.headers(user))


def test_locked_period_restates_an_approved_override(service: Service) -> None:
    post(service, "/api/v1/periods", "eddie", {"label": "2025-01"})
    post(service, "/api/v1/periods", "eddie", {"label": "2025-02"})
    locked = post(service, "/api/v1/periods/2025-01/lock", "april", {"reason": "January paid"})
    override = post(service, "/api/v1/overrides", "eddie", {**REQUEST, "target": "account", "target_id": "A1"}).json()
    post(service, f"/api/v1/overrides/{override['id']}/approve", "april", {"reason": "ok"})

    restatement = service.get("/api/v1/periods/2025-01/restatement").json()
    changes = {(d["coverage_model"], d["territory"], d["person_id"]): d["change"] for d in restatement["differences"]}
    posted = post(service, "/api/v1/periods/2025-01/restatement/post", "april", {"reason": "restate January"})
    after_posting = service.get("/api/v1/periods/2025-01/restatement").json()

    assert locked.json()["status"] == "locked"
    assert changes == {("US_RETAIL", "NY", "LENA"): "-600.00", ("US_RETAIL", "NY", "OMAR"): "-400.00",
                       ("US_RETAIL", "TX", "OMAR"): "1000.00"}
    assert posted.json()["label"] == "2025-02"
    assert after_posting["differences"] == []


def test_editor_cannot_lock(service: Service) -> None:
    post(service, "/api/v1/periods", "eddie", {"label": "2025-01"})

    response = post(service, "/api/v1/periods/2025-01/lock", "eddie")

    assert response.status_code == 403


def test_unknown_period_is_404(service: Service) -> None:
    assert service.get("/api/v1/periods/2031-01").status_code == 404
