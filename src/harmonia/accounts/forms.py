from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import Role
from .tokens import MAX_DAYS, SCOPES


class SignInForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=4096)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Six-digit code"), max_length=12)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        # The scope's own name is the API's word for it; its meaning is translated.
        choices=[(k, gettext_lazy(v)) for k, v in SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
        initial=["read"],
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=90
    )


def _role_choices() -> list[tuple[str, str]]:
    return [(r.slug, gettext(r.name)) for r in Role.objects.all()]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices)


class AcceptForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=4096)
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput, max_length=4096
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") != data.get("password2"):
            raise forms.ValidationError(_("The two passwords differ."))
        return data
