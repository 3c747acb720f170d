"""Navigation by role: each entry shows only where the access policy grants its action."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from florwork.accounts.policy import Action, may
from florwork.accounts.selectors import memberships_of

NAVIGATION = [
    ("home", _("Home"), Action.HUB_VIEW),
    ("organization_list", _("Organizations"), Action.ORGANIZATION_VIEW),
    ("user_list", _("Users"), Action.USER_VIEW),
    ("audit_list", _("Audit log"), Action.AUDIT_VIEW),
]


def navigation(request):
    actor = getattr(request, "actor", None)
    if actor is None or not request.user.is_authenticated:
        return {"navigation": []}
    path = request.path
    items = []
    for name, label, action in NAVIGATION:
        if may(actor, action):
            url = reverse(name)
            active = path == url if name == "home" else path.startswith(url)
            items.append({"url": url, "label": label, "active": active, "name": name})
    # for the header's membership switch; read only when a page shows it
    memberships = SimpleLazyObject(lambda: memberships_of(request.user))
    return {"navigation": items, "actor": actor, "user_memberships": memberships}
