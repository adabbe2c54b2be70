"""Every URL of the web app and every operation of the API, for every kind of person,
with the answer they must get. The lists are read from the URL conf and the OpenAPI
schema: an endpoint added without a rule here fails `test_every_endpoint_has_a_rule`.

A rule names the weakest role that is let in (on body A) and the statuses that mean
"let in"; everyone weaker is refused: 302 to the sign-in page (web, anonymous), 401
(API, anonymous) or 403 (signed in, not enough).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from harmonia.api import api

from .conftest import ROLES, Tenants, tenants_of_module  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenants(db, tenants_of_module):  # noqa: F811
    """Built once for the module's 1,700 cases (see tenants_of_module); a copy per test,
    so that nothing a test changes in memory reaches the next."""
    return copy.deepcopy(tenants_of_module)


@dataclass(frozen=True)
class Rule:
    method: str
    path: Any  # str, or a function of the Tenants giving the path
    needs: str  # "public", "signed-in", or the weakest role of ROLES let in
    ok: frozenset[int] = frozenset({200})
    data: Any = None
    # Statuses for the refused, when not the usual ones (the admin site redirects).
    refused: dict[str, int] = field(default_factory=dict)


def r(method: str, path: Any, needs: str, *ok: int, data: Any = None, **refused: int) -> Rule:
    return Rule(method, path, needs, frozenset(ok or {200}), data, refused)


DOC_A = "TCVN 5502:2003"


def _programme_id(t: Any) -> int:
    return t.certificate.participant.programme_id


def _programme(t: Any) -> str:
    return f"/training/{_programme_id(t)}/"


WEB: dict[str, Rule] = {
    "admin-login": r("GET", "/admin/login/", "public", 302),
    "set_language": r("POST", "/i18n/setlang/", "public", 302, data={"language": "vi"}),
    "admin:index": r("GET", "/admin/", "platform", anonymous=302, signed_in=302),
    "admin:accounts_auditevent_changelist": r(
        "GET", "/admin/accounts/auditevent/", "platform", anonymous=302, signed_in=302
    ),
    "accounts:login": r("GET", "/accounts/login/", "public"),
    "accounts:verify": r("GET", "/accounts/login/verify/", "public", 302),
    "accounts:logout": r("POST", "/accounts/logout/", "public", 302),
    "accounts:password_reset": r("GET", "/accounts/password-reset/", "public"),
    "accounts:password_reset_done": r("GET", "/accounts/password-reset/sent/", "public"),
    "accounts:password_reset_confirm": r("GET", "/accounts/reset/MQ/bad-token/", "public"),
    "accounts:password_change": r("GET", "/accounts/password/", "signed-in"),
    "accounts:me": r("GET", "/accounts/me/", "signed-in"),
    "accounts:my_data": r("GET", "/accounts/me/data.json", "signed-in"),
    "accounts:two_factor": r("GET", "/accounts/two-factor/", "signed-in"),
    "accounts:tokens": r("GET", "/accounts/tokens/", "signed-in"),
    # Another person's token: nobody may revoke it but its owner (b-admin), so 404.
    "accounts:token_revoke": r(
        "POST",
        lambda t: f"/accounts/tokens/{t.people['b-admin'].api_tokens.get().pk}/revoke/",
        "signed-in",
        404,
    ),
    "accounts:members": r("GET", lambda t: f"/accounts/bodies/{t.a.code}/people/", "admin"),
    "accounts:remove_person": r(
        "POST", lambda t: f"/accounts/people/{t.people['viewer'].pk}/remove/", "admin", 302
    ),
    "accounts:accept": r("GET", "/accounts/invitations/not-a-token/", "public", 404),
    "accounts:committee_people": r("GET", "/accounts/committees/TCVN/TC 176/people/", "viewer"),
    "accounts:audit": r("GET", "/accounts/audit/", "admin"),
    "accounts:audit_export": r("GET", "/accounts/audit.csv", "admin"),
    "analytics:index": r("GET", "/analytics/", "public"),
    "analytics:body": r("GET", lambda t: f"/analytics/bodies/{t.a.code}/", "public"),
    "analytics:outdated": r("GET", lambda t: f"/analytics/bodies/{t.a.code}/outdated/", "public"),
    "analytics:gaps": r("GET", lambda t: f"/analytics/bodies/{t.a.code}/gaps/", "public"),
    "analytics:report_pdf": r(
        "GET", lambda t: f"/analytics/bodies/{t.a.code}/report.pdf", "public"
    ),
    "analytics:export": r(
        "GET", lambda t: f"/analytics/bodies/{t.a.code}/harmonization.csv", "public"
    ),
    "analytics:network": r("GET", lambda t: f"/analytics/networks/{t.network.slug}/", "public"),
    "adoptions:review": r("GET", "/adoptions/review/", "signed-in"),
    "adoptions:upload": r("GET", "/adoptions/upload/", "signed-in"),
    "adoptions:decide": r(
        "POST",
        lambda t: f"/adoptions/{t.a_proposal.pk}/decide/",
        "editor",
        302,
        data={"action": "reject"},
    ),
    "adoptions:template": r("GET", "/adoptions/template.csv", "public"),
    "search:search": r("GET", "/search/?q=9001", "public"),
    "search:instant": r("GET", "/search/instant/?q=9001", "public"),
    "search:export": r("GET", "/search/export.csv?q=9001", "public"),
    "healthz": r("GET", "/healthz", "public"),
    # Anyone may ask; whether it is ready is another matter (the module's data is built
    # once, and after 10 minutes under load its never-committed search outbox is behind).
    "readyz": r("GET", "/readyz", "public", 200, 503),
    # Every role asks from loopback here (the test client's address), where /metrics
    # answers; from elsewhere it is 404 without the token (tests/operations/test_metrics.py).
    "metrics": r("GET", "/metrics", "public"),
    "catalogue:home": r("GET", "/", "public"),
    "catalogue:documents": r("GET", "/documents/", "public"),
    "catalogue:document": r("GET", f"/documents/{DOC_A}/", "public"),
    "catalogue:ics_root": r("GET", "/ics/", "public"),
    "catalogue:ics": r("GET", "/ics/13/", "public", 200, 404),
    "committees:committees": r("GET", "/committees/", "public"),
    "committees:committee": r("GET", "/committees/ISO%2FTC%20176/", "public", 200, 404),
    "work:dashboard": r("GET", "/work/", "signed-in"),
    "projects:list": r("GET", "/projects/", "public"),
    "projects:plan": r("GET", "/projects/plan/", "public"),
    "projects:new": r("GET", "/projects/new/", "secretary"),
    "projects:detail": r("GET", lambda t: f"/projects/{t.project.pk}/", "public"),
    "projects:move": r(
        "POST", lambda t: f"/projects/{t.project.pk}/move/", "secretary", 302, data={"to": "00.20"}
    ),
    "projects:gantt": r("GET", "/projects/gantt/TCVN/TC 176/", "public"),
    "ballots:list": r("GET", "/ballots/", "signed-in"),
    "ballots:new": r("GET", "/ballots/new/", "secretary"),
    "ballots:calculator": r("GET", "/ballots/calculator/?type=dis&p_approve=2", "public"),
    "ballots:obligations": r("GET", "/ballots/obligations/TCVN/TC 176/", "viewer"),
    "ballots:detail": r("GET", lambda t: f"/ballots/{t.ballot.pk}/", "viewer"),
    "ballots:vote": r(
        "POST",
        lambda t: f"/ballots/{t.ballot.pk}/vote/",
        "secretary",
        302,
        data=lambda t: {"voter": t.ballot.voters.get(body=t.a).pk, "q1": "approve"},
    ),
    "ballots:close": r("POST", lambda t: f"/ballots/{t.ballot.pk}/close/", "secretary", 302),
    "committees:network": r("GET", "/participation/", "public"),
    "committees:snapshots": r("GET", "/participation/snapshots/", "public"),
    "committees:new": r("GET", "/participation/new-committee/", "secretary"),
    "committees:mirrors": r(
        "POST",
        "/participation/mirrors/TCVN/TC 176/",
        "secretary",
        302,
        data={"international": "ISO/TC 176"},
    ),
    "committees:body": r("GET", lambda t: f"/participation/{t.a.code}/", "public"),
    "comments:list": r("GET", "/comments/", "signed-in"),
    "comments:new": r("GET", "/comments/new/", "secretary"),
    "comments:set": r("GET", lambda t: f"/comments/{t.comment_set.pk}/", "viewer"),
    "comments:add": r(
        "POST",
        lambda t: f"/comments/{t.comment_set.pk}/add/",
        "editor",
        302,
        data={"text": "More.", "type": "ed"},
    ),
    "comments:import": r("POST", lambda t: f"/comments/{t.comment_set.pk}/import/", "editor", 302),
    "comments:export": r("GET", lambda t: f"/comments/{t.comment_set.pk}/export.docx", "viewer"),
    "comments:compile": r(
        "POST", lambda t: f"/comments/{t.comment_set.pk}/compile/", "secretary", 302
    ),
    "comments:comment": r("GET", lambda t: f"/comments/c/{t.comment.pk}/", "viewer"),
    # Its author (the editor) until the secretary decides; the secretaries always.
    "comments:edit": r(
        "POST",
        lambda t: f"/comments/c/{t.comment.pk}/edit/",
        "editor",
        302,
        data={"text": "Reworded.", "type": "te"},
    ),
    "comments:decide": r(
        "POST",
        lambda t: f"/comments/c/{t.comment.pk}/decide/",
        "secretary",
        302,
        data={"decision": "accepted"},
    ),
    "reviews:queue": r("GET", lambda t: f"/reviews/?body={t.a.code}", "viewer"),
    "reviews:start": r(
        "POST", "/reviews/start/", "secretary", 302, data={"document": "TCVN 1000:1995"}
    ),
    "reviews:detail": r("GET", lambda t: f"/reviews/{t.review.pk}/", "viewer"),
    "reviews:decide": r(
        "POST", lambda t: f"/reviews/{t.review.pk}/decide/", "secretary", 302, data={"outcome": "x"}
    ),
    # Public: anyone checks a code; a forged one is "not valid" (404) for everyone.
    "certificates:verify": r("GET", "/certificates/verify/FORGED-CODE", "public", 404),
    # The holder (no account here) and the host's organisers (its editors up).
    "certificates:pdf": r("GET", lambda t: f"/certificates/{t.certificate.code}.pdf", "editor"),
    # A's programme: its organisers are A's editors (and up); nobody here is a focal
    # point or a participant, so viewers are refused.
    "training:list": r("GET", "/training/", "signed-in"),
    "training:programme": r(
        "GET", lambda t: f"/training/{t.certificate.participant.programme_id}/", "editor"
    ),
    "training:invite": r(
        "POST",
        lambda t: f"/training/{t.certificate.participant.programme_id}/invite/",
        "editor",
        302,
        data={"body": "TISI", "quota": "2"},
    ),
    "training:nominate": r(
        "POST",
        lambda t: f"/training/{t.certificate.participant.programme_id}/nominate/",
        "editor",
        302,
        data={"body": "TISI", "name": "N", "email": "n@example.org"},
    ),
    "training:decide": r(
        "POST",
        lambda t: f"/training/{t.certificate.participant.programme_id}/decide/",
        "editor",
        302,
        data=lambda t: {"participant": t.certificate.participant_id, "accept": "1"},
    ),
    "training:check_in": r(
        "POST",
        lambda t: f"/training/{t.certificate.participant.programme_id}/check-in/",
        "editor",
        302,
        404,
        data=lambda t: {"participant": t.certificate.participant_id, "session": 0},
    ),
    "training:issue": r(
        "POST",
        lambda t: f"/training/{t.certificate.participant.programme_id}/certificates/",
        "editor",
        302,
    ),
    "training:add_action": r(
        "POST",
        lambda t: f"/training/{t.certificate.participant.programme_id}/actions/",
        "editor",
        302,
        data=lambda t: {
            "participant": t.certificate.participant_id,
            "action": "A",
            "owner": "O",
            "due": "2027-01-31",
        },
    ),
    "training:follow_up": r(
        "POST",
        lambda t: f"/training/{t.certificate.participant.programme_id}/follow-ups/",
        "editor",
        404,
        data={"item": 0, "month": 3, "progress": 10},
    ),
    "training:new": r("GET", "/training/new/", "editor"),
    "training:setup": r("GET", lambda t: f"{_programme(t)}setup/", "editor"),
    "training:add_partner": r(
        "POST", lambda t: f"{_programme(t)}setup/partners/", "editor", 302, data={"name": "ISO"}
    ),
    "training:add_module": r(
        "POST", lambda t: f"{_programme(t)}setup/modules/", "editor", 302, data={"title": "M"}
    ),
    # No module, session or question 0: the organisers (let in) are told 404.
    "training:add_session": r(
        "POST", lambda t: f"{_programme(t)}setup/sessions/", "editor", 404, data={"module": 0}
    ),
    "training:add_material": r(
        "POST", lambda t: f"{_programme(t)}setup/materials/", "editor", 404, data={"session": 0}
    ),
    "training:add_question": r(
        "POST", lambda t: f"{_programme(t)}setup/questions/", "editor", 404, data={"module": 0}
    ),
    "training:add_indicator": r(
        "POST",
        lambda t: f"{_programme(t)}setup/indicators/",
        "editor",
        302,
        data={"code": "1", "name": "N", "measure": "bodies", "target": "4"},
    ),
    "training:announce": r(
        "POST",
        lambda t: f"{_programme(t)}setup/announcements/",
        "editor",
        302,
        data={"title": "T", "text": "X"},
    ),
    "training:remove": r(
        "POST", lambda t: f"{_programme(t)}setup/remove/", "editor", 302, data={"kind": "x"}
    ),
    "training:dashboard": r("GET", lambda t: f"{_programme(t)}dashboard/", "editor"),
    "training:export": r("GET", lambda t: f"{_programme(t)}export/participants.xlsx", "editor"),
    "training:badges": r("GET", lambda t: f"{_programme(t)}badges.pdf", "editor"),
    "training:participant_list": r("GET", lambda t: f"{_programme(t)}participants.pdf", "editor"),
    "training:calendar": r("GET", lambda t: f"{_programme(t)}calendar.ics", "editor"),
    # Participants only, and nobody here is one: every signed-in person is refused.
    "training:assessment": r(
        "GET", lambda t: f"{_programme(t)}assessments/0/pre/", "signed-in", 403
    ),
    "training:feedback": r("GET", lambda t: f"{_programme(t)}feedback/", "signed-in", 403),
    "training:material": r("GET", "/training/materials/0/", "signed-in", 404),
    # Secret addresses: a forged one is 404 for everyone.
    "training:my_calendar": r("GET", "/training/calendar/1-forged.ics", "public", 404),
    "training:join": r("GET", "/training/join/forged/", "public", 404),
    "enquiries:list": r("GET", "/enquiries/", "public"),
    "enquiries:feed": r("GET", "/enquiries/feed.atom", "public"),
    "enquiries:new": r("GET", "/enquiries/new/", "secretary"),
    "enquiries:confirm": r("GET", "/enquiries/confirm/not-a-token/", "public"),
    "enquiries:detail": r("GET", lambda t: f"/enquiries/{t.enquiry.pk}/", "public"),
    "enquiries:draft": r("GET", lambda t: f"/enquiries/{t.enquiry.pk}/draft", "public"),
    # Anyone may send; a form without its signed stamp is refused as a bot's (429).
    "enquiries:comment": r("POST", lambda t: f"/enquiries/{t.enquiry.pk}/comment/", "public", 429),
    # Alerts: each person's own; nobody reaches another's list (404).
    "alerts:inbox": r("GET", "/alerts/", "signed-in"),
    "alerts:read": r("POST", "/alerts/read/", "signed-in", 302),
    "alerts:following": r("GET", "/alerts/following/", "signed-in"),
    "alerts:follow": r("POST", "/alerts/follow/", "signed-in", 302, data={"kind": "ics"}),
    "alerts:unfollow": r("POST", "/alerts/unfollow/", "signed-in", 302, data={"follow": "0"}),
    "alerts:import": r("GET", "/alerts/import/", "signed-in"),
    "alerts:list": r("GET", "/alerts/lists/1/", "signed-in", 404),
    "alerts:delete_list": r("POST", "/alerts/lists/1/delete/", "signed-in", 404),
    "alerts:settings": r("GET", "/alerts/settings/", "signed-in"),
    "alerts:changes": r("GET", "/alerts/changes/?since=2026-01-01", "signed-in"),
    "alerts:changes_export": r("GET", "/alerts/changes.xlsx", "signed-in"),
    # Secret or signed addresses: a forged one is 404 for everyone.
    "alerts:feed": r("GET", "/alerts/feed/forged/", "public", 404),
    "alerts:calendar": r("GET", "/alerts/calendar/forged.ics", "public", 404),
    "alerts:unsubscribe": r("GET", "/alerts/unsubscribe/forged/", "public", 404),
}

API: dict[str, Rule] = {
    "openapi-json": r("GET", "/api/v1/openapi.json", "public"),
    "openapi-view": r("GET", "/api/v1/docs", "public"),
    "list_documents": r("GET", "/api/v1/documents", "public"),
    "get_document": r("GET", f"/api/v1/documents/{DOC_A}", "public"),
    "list_ics": r("GET", "/api/v1/ics", "public"),
    "get_ics": r("GET", "/api/v1/ics/13", "public", 200, 404),
    "list_committees": r("GET", "/api/v1/committees", "public"),
    "get_committee": r("GET", "/api/v1/committees/ISO%2FTC%20176", "public", 200, 404),
    "harmonization": r("GET", lambda t: f"/api/v1/bodies/{t.a.code}/harmonization", "public"),
    "coverage": r("GET", lambda t: f"/api/v1/bodies/{t.a.code}/coverage", "public"),
    "outdated": r("GET", lambda t: f"/api/v1/bodies/{t.a.code}/outdated", "public"),
    "gaps": r("GET", lambda t: f"/api/v1/bodies/{t.a.code}/gaps", "public"),
    "uptake": r("GET", lambda t: f"/api/v1/bodies/{t.a.code}/uptake", "public"),
    "adoptions": r("GET", lambda t: f"/api/v1/bodies/{t.a.code}/adoptions", "public"),
    "matrix": r("GET", lambda t: f"/api/v1/networks/{t.network.slug}/matrix", "public"),
    "decision": r(
        "POST",
        lambda t: f"/api/v1/adoptions/{t.a_proposal.pk}/decision",
        "editor",
        data={"action": "reject"},
    ),
    "search": r("GET", "/api/v1/search?q=9001", "public"),
    "export": r("GET", "/api/v1/search/export?q=9001", "public"),
    "suggest": r("GET", "/api/v1/suggest?q=90", "public"),
    "me": r("GET", "/api/v1/me", "signed-in"),
    "audit_trail": r("GET", "/api/v1/audit", "admin"),
    "snapshot_list": r("GET", "/api/v1/snapshots", "public"),
    "network": r("GET", "/api/v1/participation", "public"),
    "participation": r("GET", lambda t: f"/api/v1/participation/{t.a.code}", "public"),
    "changes": r("GET", lambda t: f"/api/v1/participation/{t.a.code}/changes", "public", 200, 404),
    "history": r("GET", lambda t: f"/api/v1/participation/{t.a.code}/history", "public"),
    "committee_members": r("GET", "/api/v1/committee-members/ISO/TC 176", "public"),
    "list_projects": r("GET", "/api/v1/projects", "public"),
    "get_project": r("GET", lambda t: f"/api/v1/projects/{t.project.pk}", "public"),
    # The first one let in makes the project; the next are told the reference is taken.
    "create_project": r(
        "POST",
        "/api/v1/projects",
        "secretary",
        201,
        422,
        data=lambda t: {"body": t.a.code, "reference": "DT-2", "title": "T", "identifier": "X 1"},
    ),
    "move_project": r(
        "POST",
        lambda t: f"/api/v1/projects/{t.project.pk}/moves",
        "secretary",
        200,
        422,
        data={"to": "00.20"},
    ),
    "ballot_types": r("GET", "/api/v1/ballot-types", "public"),
    "evaluate": r("GET", "/api/v1/ballot-rules/evaluate?type=dis&p_approve=2&approve=2", "public"),
    "list_ballots": r("GET", "/api/v1/ballots", "signed-in"),
    "get_ballot": r("GET", lambda t: f"/api/v1/ballots/{t.ballot.pk}", "viewer"),
    "open_ballot": r(
        "POST",
        "/api/v1/ballots",
        "secretary",
        201,
        422,
        data=lambda t: {
            "body": t.a.code,
            "committee": "ISO/TC 176",
            "type": "cd",
            "reference": "CD-9",
            "title": "CD",
        },
    ),
    "cast": r(
        "POST",
        lambda t: f"/api/v1/ballots/{t.ballot.pk}/votes",
        "secretary",
        data=lambda t: {"vote": "approve", "voter": t.ballot.voters.get(body=t.a).pk},
    ),
    # Still open: closing is refused (422), which is what a let-in caller is told.
    "close": r("POST", lambda t: f"/api/v1/ballots/{t.ballot.pk}/close", "secretary", 422),
    "obligations": r("GET", "/api/v1/committee-obligations/TCVN/TC 176", "viewer"),
    "list_comment_sets": r("GET", "/api/v1/comment-sets", "signed-in"),
    "get_comment_set": r("GET", lambda t: f"/api/v1/comment-sets/{t.comment_set.pk}", "viewer"),
    "list_comments": r(
        "GET", lambda t: f"/api/v1/comment-sets/{t.comment_set.pk}/comments", "viewer"
    ),
    "add_comment": r(
        "POST",
        lambda t: f"/api/v1/comment-sets/{t.comment_set.pk}/comments",
        "editor",
        201,
        data={"text": "More.", "type": "ed"},
    ),
    "decide_comment": r(
        "POST",
        lambda t: f"/api/v1/comments/{t.comment.pk}/decision",
        "secretary",
        data={"decision": "accepted", "resolution": "accepted"},
    ),
    "export_comments": r(
        "GET", lambda t: f"/api/v1/comment-sets/{t.comment_set.pk}/export?format=xlsx", "viewer"
    ),
    "review_queue": r("GET", lambda t: f"/api/v1/review-queue/{t.a.code}", "viewer"),
    "get_review": r("GET", lambda t: f"/api/v1/reviews/{t.review.pk}", "viewer"),
    # The first one let in starts it; the next are told it is already under review.
    "start_review": r(
        "POST", "/api/v1/reviews", "secretary", 201, 422, data={"document": "TCVN 1000:1995"}
    ),
    "decide_review": r(
        "POST",
        lambda t: f"/api/v1/reviews/{t.review.pk}/decision",
        "secretary",
        422,
        data={"outcome": "keep"},
    ),
    "list_programmes": r("GET", "/api/v1/training/programmes", "public"),
    "get_programme": r(
        "GET", lambda t: f"/api/v1/training/programmes/{_programme_id(t)}", "public"
    ),
    "programme_dashboard": r(
        "GET", lambda t: f"/api/v1/training/programmes/{_programme_id(t)}/dashboard", "editor"
    ),
    "programme_participants": r(
        "GET", lambda t: f"/api/v1/training/programmes/{_programme_id(t)}/participants", "editor"
    ),
    "list_enquiries": r("GET", "/api/v1/enquiries", "public"),
    "get_enquiry": r("GET", lambda t: f"/api/v1/enquiries/{t.enquiry.pk}", "public"),
    "list_follows": r("GET", "/api/v1/alerts/follows", "signed-in"),
    "add_follow": r(
        "POST",
        "/api/v1/alerts/follows",
        "signed-in",
        201,
        data=lambda t: {"kind": "body", "value": t.a.code},
    ),
    "remove_follow": r("DELETE", "/api/v1/alerts/follows/1", "signed-in", 404),
    "list_notifications": r("GET", "/api/v1/alerts/notifications", "signed-in"),
    "mark_read": r("POST", "/api/v1/alerts/notifications/read", "signed-in", data={"ids": []}),
    "what_changed": r("GET", "/api/v1/alerts/changes?since=2026-01-01", "signed-in"),
}
# ninja's own root page answers 404: nothing is served there.
API_WITHOUT_PAGES = {"api-root"}


def _web_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in ("admin", "api"):
                    continue  # the admin site: two pages below; the API: from OpenAPI
                walk(pattern, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), None)
    return names


def _api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    names = {"openapi-json", "openapi-view"}
    for item in schema["paths"].values():
        for op in item.values():
            names.add(op["operationId"].rsplit("_api_", 1)[1])
    return names


def test_every_endpoint_has_a_rule():
    web = _web_names() | {"admin:index", "admin:accounts_auditevent_changelist"}
    assert web == set(WEB), "URLs without a rule, or rules without a URL"
    assert _api_operations() == set(API), "API operations without a rule, or stale rules"


def expected(rule: Rule, role: str, api_call: bool) -> frozenset[int]:
    rank = ROLES.index(role)
    if rule.needs == "public":
        return rule.ok
    needed = 1 if rule.needs == "signed-in" else ROLES.index(rule.needs)
    if rank >= needed:
        return rule.ok
    if role == "anonymous":
        return frozenset({rule.refused.get("anonymous", 401 if api_call else 302)})
    return frozenset({rule.refused.get("signed_in", 403)})


def _call(tenants: Tenants, rule: Rule, role: str, api_call: bool) -> Any:
    path = rule.path(tenants) if callable(rule.path) else rule.path
    data = rule.data(tenants) if callable(rule.data) else rule.data
    if api_call:
        client = tenants.client("anonymous")
        extra = tenants.headers(role)
        if rule.method == "POST":
            return client.post(path, data or {}, content_type="application/json", **extra)
        if rule.method == "DELETE":
            return client.delete(path, **extra)
        return client.get(path, **extra)
    client = tenants.client(role)
    if rule.method == "POST":
        return client.post(path, data or {})
    return client.get(path)


CASES = [(name, role, False) for name in WEB for role in ROLES] + [
    (name, role, True) for name in API for role in ROLES
]


@pytest.mark.parametrize(("name", "role", "api_call"), CASES)
def test_access(tenants, name, role, api_call):
    rule = (API if api_call else WEB)[name]
    response = _call(tenants, rule, role, api_call)
    allowed = expected(rule, role, api_call)
    assert response.status_code in allowed, (
        f"{rule.method} {name} as {role}: {response.status_code}, expected {sorted(allowed)}"
    )
    if response.status_code == 302 and role == "anonymous" and 302 not in rule.ok:
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))
    if role != "anonymous":
        # Nothing answered to a signed-in person or a token may be kept by a proxy.
        assert "public" not in response.get("Cache-Control", ""), (name, role)


def test_matrix_size():
    """The size the closing note reports: endpoints x kinds of person."""
    assert len(CASES) == (len(WEB) + len(API)) * len(ROLES)
    assert len(CASES) >= 60 * 7
