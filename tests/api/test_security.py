import pytest

from tests.api.conftest import Service

READS = ["/api/v1/territories", "/api/v1/contacts", "/api/v1/coverage-models", "/api/v1/overrides", "/api/v1/me"]


@pytest.mark.parametrize("path", READS)
def test_reads_need_a_token(service: Service, path: str) -> None:
    response = service.client.get(path)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_unknown_token_is_401(service: Service) -> None:
    response = service.client.get("/api/v1/me", headers={"Authorization": "Bearer trt_made_up"})

    assert response.status_code == 401
    assert "invalid or revoked" in response.json()["error"]["message"]


@pytest.mark.parametrize(("user", "status"), [("vic", 403), ("eddie", 403), ("april", 403), ("ada", 200)])
def test_tokens_list_needs_admin(service: Service, user: str, status: int) -> None:
    assert service.get("/api/v1/tokens", user).status_code == status


@pytest.mark.parametrize(("user", "status"), [("vic", 403), ("eddie", 403), ("april", 200)])
def test_audit_needs_approver(service: Service, user: str, status: int) -> None:
    assert service.get("/api/v1/audit", user).status_code == status


def test_revoked_token_stops_working(service: Service) -> None:
    issued = service.client.post("/api/v1/tokens", json={"user": "vic", "label": "laptop"},
                                 headers=service.headers("ada")).json()
    headers = {"Authorization": f"Bearer {issued['token']}"}
    before = service.client.get("/api/v1/me", headers=headers)

    service.client.delete(f"/api/v1/tokens/{issued['token_id']}", headers=service.headers("ada"))
    after = service.client.get("/api/v1/me", headers=headers)

    assert before.json()["name"] == "vic"
    assert after.status_code == 401


def test_token_is_stored_hashed(service: Service) -> None:
    issued = service.client.post("/api/v1/tokens", json={"user": "vic", "label": "laptop"},
                                 headers=service.headers("ada")).json()
    listed = service.get("/api/v1/tokens", "ada").text

    with service.workspace.engine.connect() as connection:
        dump = "\n".join(str(row) for row in connection.exec_driver_sql("SELECT * FROM api_token"))

    assert issued["token"] not in listed
    assert issued["token"] not in dump


def test_token_for_unknown_user_is_404(service: Service) -> None:
    response = service.client.post("/api/v1/tokens", json={"user": "ghost", "label": "x"},
                                    headers=service.headers("ada"))

    assert response.status_code == 404


def test_issuing_a_token_is_audited(service: Service) -> None:
    entries = service.get("/api/v1/audit", "april", entity_kind="api_token").json()["items"]

    assert len(entries) == 4
    assert {e["user"] for e in entries} == {"ada"}


def test_unknown_path_has_error_shape(service: Service) -> None:
    response = service.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert "/api/docs" in response.json()["error"]["message"]


def test_wrong_method_has_error_shape(service: Service) -> None:
    response = service.client.delete("/api/v1/territories", headers=service.headers("ada"))

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_invalid_query_lists_fields(service: Service) -> None:
    response = service.get("/api/v1/territories", limit=0, as_of="yesterday")
    fields = {p["field"] for p in response.json()["error"]["problems"]}

    assert response.status_code == 422
    assert fields == {"query.limit", "query.as_of"}


def test_openapi_is_published(service: Service) -> None:
    schema = service.client.get("/api/v1/openapi.json").json()

    assert "/api/v1/contacts/{entity_id}" in schema["paths"]
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()
