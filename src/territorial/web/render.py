"""Rendering pages from the package's Jinja2 templates, and error pages in place of JSON errors."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from territorial.api.errors import status_of
from territorial.domain.user import User
from territorial.errors import TerritorialError
from territorial.io.html_report import money

templates = Environment(loader=PackageLoader("territorial.web", "templates"), autoescape=select_autoescape())
templates.globals["money"] = money


def page(template: str, title: str, user: User | None, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(template).render(title=title, user=user, **context)
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, error: TerritorialError, user: User | None) -> HTMLResponse:
    status, _code = status_of(error)
    heading = {403: "Not allowed", 404: "Not found", 409: "Not possible", 422: "Invalid input"}.get(status, "Failed")
    return page("error.html", heading, user, status, heading=heading, error=str(error))
