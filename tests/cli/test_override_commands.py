"""The override workflow from the command line: request, approve by someone else, reverse once."""

import pytest
from typer.testing import CliRunner

from territorial.cli.app import app
from tests.cli.test_commands import load_everything, workspace  # noqa: F401 (fixture)


def run(*args: str, user: str | None = None):
    env = {"TERRITORIAL_USER": user} if user else {}
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def people(workspace):  # noqa: F811
    load_everything(workspace)
    for name, role in [("root", "admin"), ("jo", "editor"), ("kim", "approver")]:
        result = run("users", "add", name, "--role", role, user="root")
        assert result.exit_code == 0, result.output
    return workspace


def request_override(user: str):
    return run("overrides", "request", "account", "A2", "--model", "US_RETAIL", "--territory", "EAST",
               "--from", "2025-01-01", "--reason", "relationship moved with the advisor", user=user)


def test_requester_cannot_approve_her_own_override(people):
    request_override("jo")

    result = run("overrides", "approve", "OV-0001", user="jo")

    assert result.exit_code != 0
    assert "jo requested the override OV-0001" in str(result.exception)
    assert "cannot approve it" in str(result.exception)


def test_approved_override_moves_the_credit(people):
    request_override("jo")
    approved = run("overrides", "approve", "OV-0001", user="kim")

    explained = run("explain", "trade", "T2")

    assert approved.exit_code == 0, approved.output
    assert "EAST" in explained.output
    assert "won by override OV-0001" in explained.output
    assert "approved by kim" in explained.output
    assert "credit ANN: -150.00" in explained.output
    assert "credit BO: -100.00" in explained.output


def test_reversing_twice_is_rejected(people):
    request_override("jo")
    run("overrides", "approve", "OV-0001", user="kim")
    first = run("overrides", "reverse", "OV-0001", "--from", "2025-02-01", "--reason", "book realigned", user="kim")

    second = run("overrides", "reverse", "OV-0001", "--from", "2025-02-01", "--reason", "again", user="kim")

    assert first.exit_code == 0, first.output
    assert second.exit_code != 0
    assert "reversed" in str(second.exception)
