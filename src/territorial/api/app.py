"""The FastAPI application: the REST API under /api/v1, its OpenAPI schema and docs, and the web UI."""

from __future__ import annotations

from fastapi import FastAPI

from territorial.api.errors import install_error_handlers
from territorial.api.routers import admin, entities, explain, master_data, overrides, periods, reports
from territorial.api.snapshots import Snapshots
from territorial.service.workspace import Workspace

API_PREFIX = "/api/v1"


def create_app(ws: Workspace, with_web: bool = True) -> FastAPI:
    """Build the application over one workspace; the store must already be initialised."""
    ws.require_ready()
    app = FastAPI(
        title="territorial",
        version="1",
        summary="Sales territories, coverage models and split sales credits for asset managers.",
        description="Every endpoint needs `Authorization: Bearer <token>`; tokens are issued with "
                    "`territorial tokens issue`. Reads take `as_of` (a valid date) and `known_at` (a recorded "
                    "time). Every error has the body `{\"error\": {status, code, message, problems}}`.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.workspace = ws
    app.state.snapshots = Snapshots(ws)
    install_error_handlers(app)
    for router in (entities.router, master_data.router, reports.router, explain.router, overrides.router,
                   periods.router, admin.router):
        app.include_router(router, prefix=API_PREFIX)

    @app.get(f"{API_PREFIX}/health", tags=["administration"])
    def health() -> dict[str, str]:
        """Return ok while the server runs; needs no token and shows no data."""
        return {"status": "ok"}

    if with_web:
        from territorial.web.pages import install_web

        install_web(app)
    return app
