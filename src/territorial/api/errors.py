"""One JSON error shape for every failure, and the HTTP status of each kind of error.

    {"error": {"status": 404, "code": "not_found", "message": "...", "problems": [...]}}

`problems` lists every problem of a rejected input (field, value and fix), and is
empty for other errors.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from territorial.errors import (
    AccessDeniedError,
    DomainError,
    InputError,
    NotFoundError,
    StoreError,
    TerritorialError,
    WorkflowError,
)
from territorial.service.tokens import InvalidTokenError

log = logging.getLogger(__name__)


class ProblemOut(BaseModel):
    message: str
    fix: str = ""
    field: str = ""
    value: Any = None
    source: str = ""
    row: int | None = None


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    problems: list[ProblemOut] = []


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


# Most specific first: the first class an error is an instance of decides.
_STATUS: list[tuple[type[TerritorialError], int, str]] = [
    (InvalidTokenError, 401, "unauthenticated"),
    (AccessDeniedError, 403, "forbidden"),
    (NotFoundError, 404, "not_found"),
    (InputError, 422, "invalid_input"),
    (WorkflowError, 409, "workflow_conflict"),
    (DomainError, 409, "conflict"),
    (StoreError, 503, "store_unavailable"),
]

_HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 415: "unsupported_media_type"}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in [
        (401, "No valid API token"),
        (403, "The token's user lacks the role this needs"),
        (404, "Not found"),
        (409, "The change breaks a rule of the domain or the override workflow"),
        (422, "Invalid input; `problems` lists each field with its fix"),
    ]
}


def error_response(status: int, code: str, message: str, problems: list[ProblemOut] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(status=status, code=code, message=message, problems=problems or []))
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(TerritorialError, _territorial_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_error)


def status_of(error: TerritorialError) -> tuple[int, str]:
    for kind, status, code in _STATUS:
        if isinstance(error, kind):
            return status, code
    return 400, "bad_request"


def _territorial_error(request: Request, error: TerritorialError) -> JSONResponse:
    status, code = status_of(error)
    log.info("%s %s rejected with %d: %s", request.method, request.url.path, status, error)
    problems = [ProblemOut(message=p.message, fix=p.fix, field=p.field, value=_plain(p.value), source=p.source,
                           row=p.row) for p in getattr(error, "problems", [])]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return error_response(status, code, str(error), problems, headers)


def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()))
        problems.append(ProblemOut(message=item.get("msg", "invalid value"), field=where,
                                   value=_plain(item.get("input")), fix="send a value of the documented type"))
    fields = ", ".join(p.field for p in problems)
    noun = "field" if len(problems) == 1 else "fields"
    return error_response(422, "invalid_request", f"The request has {len(problems)} invalid {noun}: {fields}.",
                          problems)


def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(error.status_code, "http_error")
    message = error.detail if isinstance(error.detail, str) else code.replace("_", " ")
    if error.status_code == 404 and message == "Not Found":
        message = f"There is no endpoint {request.url.path}; see /api/docs for the API."
    if error.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}; see /api/docs for the allowed methods."
    return error_response(error.status_code, code, message, headers=getattr(error, "headers", None))


def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path)
    return error_response(500, "internal_error",
                          "The server failed to handle this request; the error is in the server log.")


def _plain(value: Any) -> Any:
    """Return a JSON-ready form of a rejected value."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
