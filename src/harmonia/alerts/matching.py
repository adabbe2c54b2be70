"""Who is told of an event: the people whose follows match it, and its audience.

One query per kind of follow for a whole batch of events, whatever its size. A saved
search matches an event's document when the search, newest first, finds it among its
first results: the search the person saved, run as it is run on the search page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs

from harmonia.catalogue.models import Committee

from .models import Event, Follow

SEARCH_DEPTH = 200  # results of a saved search looked through, newest first


def ics_prefixes(codes: Iterable[str]) -> set[str]:
    """03.120.10 lies in the fields 03.120 and 03: a follower of any of them is told."""
    out: set[str] = set()
    for code in codes:
        parts = code.split(".")
        out |= {".".join(parts[: i + 1]) for i in range(len(parts))}
    return out


def _committees_with_parents(ids: set[int]) -> dict[int, set[int]]:
    """{committee: itself and the committees above it}: a TC's follower hears of its SCs."""
    parents = dict(Committee.objects.filter(pk__in=ids).values_list("pk", "parent_id"))
    grand = dict(
        Committee.objects.filter(pk__in={p for p in parents.values() if p}).values_list(
            "pk", "parent_id"
        )
    )
    out = {}
    for pk in ids:
        chain = {pk}
        parent = parents.get(pk)
        if parent:
            chain.add(parent)
            if grand.get(parent):
                chain.add(grand[parent])
        out[pk] = chain
    return out


def search_matches(query: str, keys: set[str]) -> set[str]:
    """Which of the documents `keys` the saved search `query` (a query string) finds."""
    from harmonia.catalogue.models import Document
    from harmonia.search.service import request_from_params, search

    params = {name: values for name, values in parse_qs(query).items()}
    flat = {name: values if len(values) > 1 else values[0] for name, values in params.items()}
    request = request_from_params(flat, sort="newest", page=1, per_page=SEARCH_DEPTH, facets=False)
    if not request.q.strip() and not request.filters:
        return set()
    found = {r.hit.pk for r in search(request).results}
    return set(Document.objects.filter(pk__in=found, key__in=keys).values_list("key", flat=True))


def recipients(events: list[Event]) -> dict[int, dict[int, str]]:
    """{event id: {user id: why they are told}}."""
    keys = {k for e in events for k in e.keys}
    works = {w for e in events for w in e.works}
    fields = ics_prefixes(c for e in events for c in e.ics)
    committees = _committees_with_parents({e.committee_id for e in events if e.committee_id})
    bodies = {e.body_id for e in events if e.body_id}
    enquiries = {e.enquiry_id for e in events if e.enquiry_id}
    follows: list[Follow] = []
    if keys:
        follows += Follow.objects.filter(kind="document", value__in=keys)
    if works:
        follows += Follow.objects.filter(kind="work", value__in=works)
    if fields:
        follows += Follow.objects.filter(kind="ics", value__in=fields)
    if committees:
        every = set().union(*committees.values())
        follows += Follow.objects.filter(kind="committee", committee_id__in=every)
    if bodies:
        follows += Follow.objects.filter(kind="body", body_id__in=bodies)
    if enquiries:
        follows += Follow.objects.filter(kind="enquiry", enquiry_id__in=enquiries)
    searches: dict[str, set[str]] = {}
    if keys:
        for follow in Follow.objects.filter(kind="search"):
            if follow.value not in searches:
                searches[follow.value] = search_matches(follow.value, keys)
            if searches[follow.value]:
                follows.append(follow)
    out: dict[int, dict[int, str]] = {}
    for event in events:
        told: dict[int, str] = {}
        if not event.restricted:
            for follow in follows:
                if _matches(follow, event, committees, searches):
                    told.setdefault(follow.user_id, f"{follow.kind}:{follow.label}")
        for user in event.audience:
            told.setdefault(int(user), "")
        if told:
            out[event.pk] = told
    return out


def _matches(
    follow: Follow, event: Event, committees: dict[int, set[int]], searches: dict[str, set[str]]
) -> Any:
    kind = follow.kind
    if kind == "document":
        return follow.value in event.keys
    if kind == "work":
        return follow.value in event.works
    if kind == "ics":
        return follow.value in ics_prefixes(event.ics)
    if kind == "committee":
        return event.committee_id and follow.committee_id in committees[event.committee_id]
    if kind == "body":
        return follow.body_id == event.body_id
    if kind == "enquiry":
        return follow.enquiry_id == event.enquiry_id
    if kind == "search":
        return bool(searches.get(follow.value, set()) & set(event.keys))
    return False
