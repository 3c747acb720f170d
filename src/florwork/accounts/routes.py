"""Every URL route declares its policy; a route without one is refused (deny by default).

    path("users/", requires(Action.USER_VIEW, Purpose.ADMINISTRATION)(views.user_list), ...)
    path("login/", public(LoginView.as_view()), ...)

The declaration says which role-level action the route needs and why personal data is read
there (the purpose written into the audit log); the object-level check happens in the selector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from florwork.accounts.policy import Action

V = TypeVar("V", bound=Callable[..., Any])

POLICY_ATTRIBUTE = "florwork_policy"


@dataclass(frozen=True)
class RoutePolicy:
    action: Action | None
    purpose: str = ""
    public: bool = False
    api: bool = False  # the JSON API checks each operation itself


def _declare(policy: RoutePolicy) -> Callable[[V], V]:
    def decorate(view: V) -> V:
        setattr(view, POLICY_ATTRIBUTE, policy)
        return view

    return decorate


def requires(action: Action, purpose: str = "") -> Callable[[V], V]:
    return _declare(RoutePolicy(action=action, purpose=purpose))


def public(view: V) -> V:
    return _declare(RoutePolicy(action=None, public=True))(view)


def api_route(view: V) -> V:
    return _declare(RoutePolicy(action=None, api=True))(view)


def policy_of(view: Callable[..., Any]) -> RoutePolicy | None:
    return getattr(view, POLICY_ATTRIBUTE, None)
