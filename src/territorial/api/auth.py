"""Authentication by bearer token and the role check every endpoint makes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from territorial.domain.user import Role, User
from territorial.errors import AccessDeniedError
from territorial.service.tokens import authenticate
from territorial.service.workspace import Workspace

bearer = HTTPBearer(auto_error=False, description="An API token issued with `territorial tokens issue`.")


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace  # type: ignore[no-any-return]


def require(role: Role) -> Callable[..., User]:
    """Return a dependency that authenticates the request and checks the user has `role` or higher."""

    def check(request: Request,
              credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
        user = authenticate(workspace(request), credentials.credentials if credentials else None)
        check_role(user, role, f"{request.method} {request.url.path}")
        return user

    return check


def check_role(user: User, role: Role, action: str) -> None:
    if not user.role.includes(role):
        raise AccessDeniedError(
            f"{user.name} has the role {user.role.value}, but {action} needs {role.value} or higher; "
            "an admin can change the role with `territorial users role`."
        )


Viewer = Annotated[User, Depends(require(Role.VIEWER))]
Editor = Annotated[User, Depends(require(Role.EDITOR))]
Approver = Annotated[User, Depends(require(Role.APPROVER))]
Admin = Annotated[User, Depends(require(Role.ADMIN))]
