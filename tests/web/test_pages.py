"""Server-rendered pages through the test client: each renders, and forms check the role."""

import pytest

from territorial.web.session import COOKIE
from tests.api.conftest import Service, service  # noqa: F401  (the fixture)

PAGES = ["/ui/territories?as_of=2025-01-15", "/ui/territories/NY?as_of=2025-01-15", "/ui/rules?as_of=2025-01-15",
         "/ui/search?q=ada&as_of=2025-01-15", "/ui/explain/trade/T1", "/ui/overrides", "/ui/periods",
         "/ui/reports?period=2025-01"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_for_viewer(service: Service, path: str) -> None:
    response = service.client.get(path, cookies={COOKIE: service.tokens["vic"]})

    assert response.status_code == 200
    assert "Vic · viewer" in response.text


def test_viewer_cannot_approve_by_form(service: Service) -> None:
    response = service.client.post("/ui/overrides/OV-0001/approve", cookies={COOKIE: service.tokens["vic"]})

    assert response.status_code == 403
    assert "approver" in response.text


def test_unknown_territory_page_is_404(service: Service) -> None:
    response = service.client.get("/ui/territories/MARS", cookies={COOKIE: service.tokens["vic"]})

    assert response.status_code == 404
    assert "MARS" in response.text
    assert "<html" in response.text


def test_bad_date_page_shows_field(service: Service) -> None:
    response = service.client.get("/ui/territories?as_of=soon", cookies={COOKIE: service.tokens["vic"]})

    assert response.status_code == 422
    assert "as_of" in response.text
