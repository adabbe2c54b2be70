from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import services


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "work/dashboard.html", services.dashboard(request.user))
