from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from florwork.accounts.models import Organization, User
from florwork.accounts.roles import OrganizationKind, Role


class LoginForm(AuthenticationForm):
    error_messages = {
        # one message for unknown user and wrong password: never say which one it was
        "invalid_login": _("Username or password is not correct. Check them and try again."),
        "inactive": _("This account is not active. Ask your administrator."),
    }


class PasswordResetTaskForm(PasswordResetForm):
    """Sends the reset mail through a background task, in the recipient's language."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        from florwork.accounts.tasks import send_password_reset_mail

        domain = domain_override or (request.get_host() if request else "localhost")
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(
                lambda pk=user.pk: send_password_reset_mail.enqueue(user_id=pk, domain=domain, use_https=use_https)
            )


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "comune_istat", "email"]


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    language = forms.ChoiceField(label=_("Language"), choices=User._meta.get_field("language").choices)
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.filter(is_active=True))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices])


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    expires_at = forms.DateField(label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class UserEditForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    language = forms.ChoiceField(label=_("Language"), choices=User._meta.get_field("language").choices)
    is_active = forms.BooleanField(label=_("Active"), required=False,
                                   help_text=_("An inactive user cannot log in; their history is kept."))


class MembershipAddForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.filter(is_active=True))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
