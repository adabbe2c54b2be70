"""The link in an accepted participant's confirmation: it ties their place to the
account they are signed in with, or to a new one they create here (participants
from other bodies need no role in any body to take part)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from harmonia.accounts import services as accounts
from harmonia.accounts.forms import AcceptForm

from .. import services


def join(request: HttpRequest, token: str) -> HttpResponse:
    participant = services.participant_to_join(token[:200])
    if participant is None:
        return render(request, "training/join.html", {"invalid": True}, status=404)
    signed_in = request.user.is_authenticated
    form = AcceptForm(request.POST or None) if not signed_in else None
    if request.method == "POST":
        try:
            if signed_in:
                user = request.user
            elif form is not None and form.is_valid():
                user = accounts.create_user(
                    form.cleaned_data["username"],
                    form.cleaned_data["password"],
                    email=participant.email,
                )
            else:
                user = None
            if user is not None:
                services.join(participant, user)
                if not signed_in:
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Your place is tied to your account."))
                return redirect("training:programme", pk=participant.programme_id)
        except (services.TrainingError, accounts.AccountError) as exc:
            messages.error(request, str(exc))
    return render(request, "training/join.html", {"participant": participant, "form": form})
