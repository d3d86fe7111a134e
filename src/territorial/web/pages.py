"""The pages of the web UI and the form posts they make, each checked against the signed-in user's role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from territorial.api.auth import workspace
from territorial.api.routers.entities import find_entities
from territorial.api.routers.reports import Dimension, parse_period, rollup_rows
from territorial.api.snapshots import Snapshots, snapshots
from territorial.domain.compensation_period import PeriodStatus
from territorial.domain.coverage import CoverageTeam
from territorial.domain.entity import EntityKind
from territorial.domain.master_data import MasterData
from territorial.domain.override import OverrideStatus, OverrideTarget
from territorial.domain.territory import Territory
from territorial.domain.user import Role
from territorial.errors import InputError, NotFoundError, Problem, TerritorialError
from territorial.io.html_report import PALETTE, Bar, bar_chart, money
from territorial.service.rollup import UNASSIGNED
from territorial.service.explain import explain_entity, explain_fact
from territorial.service.lint import lint_rules
from territorial.service.overrides import OverrideRequest, approve_override, list_overrides, reject_override, request_override
from territorial.service.periods import define_period, list_periods, lock_period, reopen_period
from territorial.service.restatement import post_adjustments, restate_locked
from territorial.service.tokens import InvalidTokenError, authenticate
from territorial.web.render import error_page, page
from territorial.web.session import SignInRequired, sign_in, sign_out, signed_in_user

MAX_RULES_SHOWN = 500
MAX_BARS = 25
DIMENSIONS = [("territory", "Territory"), ("hierarchy", "Region and hierarchy"), ("channel", "Channel"),
              ("person", "Person")]


@dataclass
class TreeNode:
    territory: Territory
    team: CoverageTeam | None
    children: list[TreeNode] = field(default_factory=list)


def install_web(app: FastAPI) -> None:
    """Add the UI's routes, and make errors on UI paths render as pages instead of JSON."""
    _install_error_pages(app)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/territories", status_code=303)

    @app.get("/login", include_in_schema=False)
    def login_form() -> HTMLResponse:
        return page("login.html", "Sign in", None)

    @app.post("/login", include_in_schema=False)
    def login(request: Request, token: Annotated[str, Form()]) -> Response:
        try:
            authenticate(workspace(request), token.strip())
        except InvalidTokenError as error:
            return page("login.html", "Sign in", None, 401, error=str(error))
        return sign_in(token.strip(), request.url.scheme == "https")

    @app.post("/logout", include_in_schema=False)
    def logout() -> RedirectResponse:
        return sign_out()

    for route in (territories_page, territory_page, rules_page, search_page, explain_page, overrides_page,
                  periods_page, reports_page):
        app.get(f"/ui{route.path}", include_in_schema=False, response_class=HTMLResponse)(route)  # type: ignore[attr-defined]
    app.post("/ui/overrides", include_in_schema=False)(request_override_form)
    app.post("/ui/overrides/{override_id}/approve", include_in_schema=False)(approve_form)
    app.post("/ui/overrides/{override_id}/reject", include_in_schema=False)(reject_form)
    app.post("/ui/periods", include_in_schema=False)(define_period_form)
    app.post("/ui/periods/{label}/lock", include_in_schema=False)(lock_form)
    app.post("/ui/periods/{label}/reopen", include_in_schema=False)(reopen_form)
    app.post("/ui/periods/{label}/post", include_in_schema=False)(post_adjustments_form)


def route(path: str):  # type: ignore[no-untyped-def]
    """Mark a page function with its path under /ui."""
    def mark(function):  # type: ignore[no-untyped-def]
        function.path = path
        return function
    return mark


@route("/territories")
def territories_page(request: Request, coverage_model: str | None = None, as_of: date | None = None,
                     flash: str | None = None) -> HTMLResponse:
    user = signed_in_user(request)
    cache, day = snapshots(request), as_of or date.today()
    data = cache.master_data()
    models = _models(data, day)
    model = coverage_model or (models[0].code if models else "")
    roots, count = _tree(data, model, day)
    return page("territories.html", "Territories", user, active="/ui/territories", models=models,
                coverage_model=model, as_of=day, roots=roots, count=count, people=_people(data), flash=flash)


@route("/territories/{code}")
def territory_page(request: Request, code: str, as_of: date | None = None) -> HTMLResponse:
    user = signed_in_user(request)
    data, day = snapshots(request).master_data(), as_of or date.today()
    versions = data.territories.get(code)
    if versions is None:
        raise NotFoundError(f"There is no territory {code!r}; open the territory tree to find it.")
    children = sorted(c for c, v in data.territories.items() if (t := v.at(day)) and t.parent == code)
    team_history = {model: teams.items for (model, territory), teams in sorted(data.teams.items()) if territory == code}
    rules = [rule for model in data.model_codes() for rule in data.rules.get(model, []) if rule.territory == code]
    return page("territory.html", code, user, active="/ui/territories", code=code, versions=versions.items,
                children=children, team_history=team_history, rules=rules, people=_people(data), as_of=day)


@route("/rules")
def rules_page(request: Request, coverage_model: str | None = None, as_of: date | None = None) -> HTMLResponse:
    user = signed_in_user(request)
    data, day = snapshots(request).master_data(), as_of or date.today()
    models = _models(data, day)
    model = coverage_model or (models[0].code if models else "")
    rules = [r for r in data.rules.get(model, []) if r.period.contains(day)]
    chosen = data.coverage_models[model].at(day) if model in data.coverage_models else None
    order = [step.value.replace("_", " ") for step in chosen.resolution_order] if chosen else []
    return page("rules.html", "Rules", user, active="/ui/rules", models=models, coverage_model=model, as_of=day,
                rules=rules[:MAX_RULES_SHOWN], shown=min(len(rules), MAX_RULES_SHOWN), total=len(rules),
                resolution_order=order, warnings=[finding.message for finding in lint_rules(rules)])


@route("/search")
def search_page(request: Request, q: str = "", as_of: date | None = None) -> HTMLResponse:
    user = signed_in_user(request)
    cache, day = snapshots(request), as_of or date.today()
    text = q.strip()
    results = find_entities(cache.master_data(), text, day, 50) if text else []
    trades = _matching_facts(cache, text) if text else []
    return page("search.html", "Search", user, active="/ui/search", q=text, as_of=day, results=results,
                trades=trades)


@route("/explain/{kind}/{target_id}")
def explain_page(request: Request, kind: str, target_id: str, as_of: date | None = None,
                 flash: str | None = None) -> HTMLResponse:
    user = signed_in_user(request)
    cache = snapshots(request)
    data = cache.master_data()
    if kind == OverrideTarget.TRADE.value:
        fact = cache.facts().get(target_id)
        if fact is None:
            raise NotFoundError(f"No trade or position with id {target_id!r} is loaded; search for it by id.")
        explanation = explain_fact(data, fact)
    else:
        explanation = explain_entity(data, _entity_kind(kind), target_id, as_of or date.today())
    return page("explain.html", explanation.subject, user, active="/ui/search", explanation=explanation,
                people=_people(data), can_request=user.role.includes(Role.EDITOR), target=kind,
                target_id=target_id, flash=flash)


@route("/overrides")
def overrides_page(request: Request, status: str = "requested", flash: str | None = None) -> HTMLResponse:
    user = signed_in_user(request)
    status_filter = OverrideStatus(status) if status else None
    found = list_overrides(workspace(request), status=status_filter)
    return page("overrides.html", "Overrides", user, active="/ui/overrides", overrides=found, status=status,
                can_decide=user.role.includes(Role.APPROVER), can_request=user.role.includes(Role.EDITOR),
                flash=flash)


@route("/periods")
def periods_page(request: Request, flash: str | None = None) -> HTMLResponse:
    user = signed_in_user(request)
    ws = workspace(request)
    periods = list_periods(ws)
    restatements = {p.label: restate_locked(ws, p.label) for p in periods if p.status is PeriodStatus.LOCKED}
    return page("periods.html", "Periods", user, active="/ui/periods", periods=periods, restatements=restatements,
                people=_people(snapshots(request).master_data()), can_define=user.role.includes(Role.EDITOR),
                can_lock=user.role.includes(Role.APPROVER), flash=flash)


@route("/reports")
def reports_page(request: Request, period: str | None = None, coverage_model: str | None = None,
                 by: Dimension = Dimension.TERRITORY) -> HTMLResponse:
    user = signed_in_user(request)
    cache = snapshots(request)
    data = cache.master_data()
    label = period or _latest_year(cache)
    reporting = parse_period(label)
    models = _models(data, reporting.start)
    model = coverage_model or (models[0].code if models else "")
    rows = [r for r in rollup_rows(cache, reporting, by) if r.coverage_model == model]
    rows.sort(key=lambda r: r.net_flows, reverse=True)
    by_label = dict(DIMENSIONS).get(by.value, by.value)
    return page("reports.html", "Reports", user, active="/ui/reports", period=label, models=models,
                coverage_model=model, by=by.value, by_label=by_label, dimensions=DIMENSIONS, rows=rows,
                flows_chart=_chart(f"Net flows by {by_label.lower()}, {label}", rows, "net_flows", PALETTE[0]),
                aum_chart=_chart(f"Month-end AUM by {by_label.lower()}, {label}", rows, "aum", PALETTE[1]))


def request_override_form(
    request: Request, target: Annotated[str, Form()], target_id: Annotated[str, Form()],
    coverage_model: Annotated[str, Form()], territory: Annotated[str, Form()], valid_from: Annotated[date, Form()],
    reason: Annotated[str, Form()], valid_to: Annotated[str, Form()] = "",
) -> Response:
    user = signed_in_user(request, Role.EDITOR)
    end = date.fromisoformat(valid_to) if valid_to.strip() else None
    override = request_override(workspace(request), user.name, OverrideRequest(
        OverrideTarget(target), target_id, coverage_model, territory.strip().upper(), valid_from, end, reason))
    return _back(f"/ui/overrides?status=requested&flash=Requested {override.id}; an approver must approve it.")


def approve_form(request: Request, override_id: str) -> Response:
    user = signed_in_user(request, Role.APPROVER)
    approve_override(workspace(request), user.name, override_id, "approved in the web UI")
    return _back(f"/ui/overrides?status=approved&flash=Approved {override_id}.")


def reject_form(request: Request, override_id: str, reason: Annotated[str, Form()] = "") -> Response:
    user = signed_in_user(request, Role.APPROVER)
    reject_override(workspace(request), user.name, override_id, reason)
    return _back(f"/ui/overrides?status=rejected&flash=Rejected {override_id}.")


def define_period_form(request: Request, label: Annotated[str, Form()]) -> Response:
    user = signed_in_user(request, Role.EDITOR)
    defined = define_period(workspace(request), user.name, label.strip())
    return _back(f"/ui/periods?flash=Defined {defined.label}.")


def lock_form(request: Request, label: str) -> Response:
    user = signed_in_user(request, Role.APPROVER)
    lock_period(workspace(request), user.name, label, "locked in the web UI")
    return _back(f"/ui/periods?flash=Locked {label}; its credits are sealed.")


def reopen_form(request: Request, label: str, reason: Annotated[str, Form()] = "") -> Response:
    user = signed_in_user(request, Role.APPROVER)
    reopen_period(workspace(request), user.name, label, reason)
    return _back(f"/ui/periods?flash=Reopened {label}.")


def post_adjustments_form(request: Request, label: str) -> Response:
    user = signed_in_user(request, Role.APPROVER)
    batch = post_adjustments(workspace(request), user.name, label, "posted in the web UI")
    target = f" into {batch.period}" if batch else ""
    return _back(f"/ui/periods?flash=Posted the restatement of {label}{target}.")


def _install_error_pages(app: FastAPI) -> None:
    api_errors = app.exception_handlers[TerritorialError]
    api_validation = app.exception_handlers[RequestValidationError]

    def territorial_error(request: Request, error: Exception) -> Response:
        if not _is_page(request):
            return api_errors(request, error)  # type: ignore[no-any-return]
        assert isinstance(error, TerritorialError)
        return error_page(request, error, _user_or_none(request))

    def validation_error(request: Request, error: Exception) -> Response:
        if not _is_page(request):
            return api_validation(request, error)  # type: ignore[no-any-return]
        assert isinstance(error, RequestValidationError)
        problems = [Problem(item.get("msg", "invalid value"), field=".".join(map(str, item.get("loc", ()))),
                            value=item.get("input")) for item in error.errors()]
        return error_page(request, InputError(problems), _user_or_none(request))

    def sign_in_required(request: Request, error: Exception) -> Response:
        return RedirectResponse("/login", status_code=303)

    app.add_exception_handler(TerritorialError, territorial_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(SignInRequired, sign_in_required)


def _is_page(request: Request) -> bool:
    return request.url.path.startswith("/ui") or request.url.path in ("/", "/login", "/logout")


def _user_or_none(request: Request) -> Any:
    try:
        return signed_in_user(request)
    except (SignInRequired, TerritorialError):
        return None


def _back(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303)


def _models(data: MasterData, day: date) -> list[Any]:
    valid = [data.coverage_models[code].at(day) for code in data.model_codes()]
    return [model for model in valid if model is not None]


def _people(data: MasterData) -> dict[str, str]:
    return {person_id: person.name for person_id, person in data.people.items()}


def _tree(data: MasterData, model: str, day: date) -> tuple[list[TreeNode], int]:
    """Return the territories valid on `day` as a forest, with each one's team in `model`."""
    valid = {code: t for code, versions in data.territories.items() if (t := versions.at(day)) is not None}
    nodes = {code: TreeNode(t, data.team(model, code, day)) for code, t in valid.items()}
    roots = []
    for code in sorted(nodes):
        parent = valid[code].parent
        if parent in nodes:
            nodes[parent].children.append(nodes[code])  # type: ignore[index]
        else:
            roots.append(nodes[code])
    return roots, len(nodes)


def _entity_kind(kind: str) -> EntityKind:
    try:
        return EntityKind("contact" if kind == "advisor" else kind)
    except ValueError:
        raise NotFoundError(f"There is nothing to explain of kind {kind!r}; use organisation, contact, "
                            "account or trade.") from None


def _matching_facts(cache: Snapshots, text: str) -> list[Any]:
    needle = text.lower()
    return [fact for fact_id, fact in sorted(cache.facts().items()) if fact_id.lower() == needle][:20]


def _latest_year(cache: Snapshots) -> str:
    facts = cache.facts()
    latest = max((f.date for f in facts.values()), default=date.today())
    return str(latest.year)


def _chart(title: str, rows: list[Any], measure: str, colour: str) -> Markup:
    # Unassigned money would flatten every territory's bar, so it is named in a note instead.
    left_out = [r for r in rows if r.key == UNASSIGNED]
    drawn = [r for r in rows if r.key != UNASSIGNED]
    ranked = sorted(drawn, key=lambda r: abs(getattr(r, measure)), reverse=True)[:MAX_BARS]
    ranked.sort(key=lambda r: getattr(r, measure), reverse=True)
    bars = [Bar(f"{r.key} {r.name}" if r.name != r.key else r.key, getattr(r, measure), colour) for r in ranked]
    notes = []
    if len(drawn) > MAX_BARS:
        notes.append(f"The {MAX_BARS} largest of {len(drawn)} are drawn.")
    if left_out:
        notes.append(f"Not drawn: unassigned {money(getattr(left_out[0], measure))}.")
    return bar_chart(title, bars, [], " ".join(notes))
