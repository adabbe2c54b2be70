"""Values typed into the web app's forms, read the same way on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext


def aware_datetime(value: str, name: str) -> dt.datetime | None:
    """A date, or a date and time, from a form field (the site's time zone when none is
    given); None when empty; ValueError naming the field otherwise."""
    text = value.strip()
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            gettext("%(name)s: not a date and time: %(value)r") % {"name": name, "value": text[:40]}
        ) from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def committee_named(reference: str) -> Any:
    """The committee a form names by its reference; None when the field is empty;
    ValueError when no committee has that reference."""
    from harmonia.catalogue.models import Committee

    text = reference.strip()
    if not text:
        return None
    found = Committee.objects.filter(reference=text).first()
    if found is None:
        raise ValueError(gettext("committee: no committee %(value)r") % {"value": text[:100]})
    return found
