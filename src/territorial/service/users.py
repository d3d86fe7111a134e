"""Users and roles: who may read, change, approve and administer a store.

A store without users is open: changes need no user and are recorded as made by
"system". Once the first user (an admin) is added, every change names a user
whose role allows it. Override decisions always need named users, because the
approver must be someone other than the requester.
"""

from __future__ import annotations

import re
from datetime import datetime

from territorial.domain.user import Role, User
from territorial.errors import AccessDeniedError, InputError, Problem
from territorial.service.workspace import Workspace
from territorial.store import SYSTEM_USER, UnitOfWork, load_users

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")


def add_user(ws: Workspace, name: str, role: Role, display_name: str = "", acting_user: str | None = None) -> User:
    """Add a user; the first user of a store must be an admin and needs no acting user."""
    ws.require_ready()
    _check_name(name)
    with UnitOfWork(ws.engine, acting_user) as uow:
        users = load_users(uow)
        if users:
            require_user(uow, acting_user, Role.ADMIN, "add users")
        elif role is not Role.ADMIN:
            raise AccessDeniedError(
                f"The store has no users yet, so the first user must be an admin, not {role.value}; "
                f"add {name!r} with role admin first."
            )
        if name in users:
            raise InputError([Problem(f"user {name!r} already exists with role {users[name].role.value}",
                                      fix="change the role with `territorial users role` instead", value=name)])
        user = User(name, role, display_name)
        uow.users.save([user], reason=f"add user {name} as {role.value}")
    return user


def change_role(ws: Workspace, name: str, role: Role, acting_user: str | None, reason: str) -> User:
    """Give an existing user another role; only an admin may."""
    ws.require_ready()
    with UnitOfWork(ws.engine, acting_user, reason) as uow:
        require_user(uow, acting_user, Role.ADMIN, "change roles")
        current = load_users(uow).get(name)
        if current is None:
            raise AccessDeniedError(f"There is no user {name!r}; add one with `territorial users add`.")
        user = User(name, role, current.display_name)
        uow.users.save([user])
    return user


def list_users(ws: Workspace, known_at: datetime | None = None) -> list[User]:
    ws.require_ready()
    return sorted(load_users(ws.engine, known_at).values(), key=lambda u: u.name)


def authorise(uow: UnitOfWork, user_name: str | None, needed: Role, action: str) -> str:
    """Return the name to record for a change, after checking the user may make it.

    In a store without users any change is allowed and recorded as "system".
    """
    if user_name is None and not load_users(uow):
        return SYSTEM_USER
    return require_user(uow, user_name, needed, action).name


def require_user(uow: UnitOfWork, user_name: str | None, needed: Role, action: str) -> User:
    """Return the named user; raise AccessDeniedError when there is none or its role does not allow `action`."""
    if user_name is None:
        raise AccessDeniedError(
            f"To {action}, name a user with --user or the TERRITORIAL_USER variable; "
            f"this needs the role {needed.value} or higher."
        )
    users = load_users(uow)
    user = users.get(user_name)
    if user is None:
        known = ", ".join(sorted(users)) or "none yet"
        raise AccessDeniedError(
            f"There is no user {user_name!r} (users: {known}); an admin adds one with "
            f"`territorial users add {user_name} --role {needed.value}`."
        )
    if not user.role.includes(needed):
        raise AccessDeniedError(
            f"{user_name} has the role {user.role.value}, but to {action} needs {needed.value} or higher; "
            "an admin can change it with `territorial users role`."
        )
    return user


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise InputError([Problem(
            "a user name is letters, digits and . _ @ - and starts with a letter or digit",
            fix="choose a name such as jo or kim.lee", field="name", value=name)])
