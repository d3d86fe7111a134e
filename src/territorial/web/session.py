"""Signing in to the web UI: the API token kept in a cookie, and the user it belongs to.

The cookie is HttpOnly and SameSite=Strict, so scripts cannot read it and other
sites cannot make the browser send it with a form post.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from territorial.api.auth import check_role, workspace
from territorial.domain.user import Role, User
from territorial.service.tokens import InvalidTokenError, authenticate

COOKIE = "territorial_token"


class SignInRequired(Exception):
    """A page was requested without a valid token cookie; the browser is sent to the sign-in page."""


def signed_in_user(request: Request, role: Role = Role.VIEWER) -> User:
    """Return the user of the token cookie after checking its role; raise SignInRequired without a valid one."""
    token = request.cookies.get(COOKIE)
    if not token:
        raise SignInRequired()
    try:
        user = authenticate(workspace(request), token)
    except InvalidTokenError:
        raise SignInRequired() from None
    check_role(user, role, f"{request.method} {request.url.path}")
    return user


def sign_in(token: str, secure: bool) -> RedirectResponse:
    response = RedirectResponse("/ui/territories", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/")
    return response


def sign_out() -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
