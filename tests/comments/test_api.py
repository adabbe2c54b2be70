"""Comments, enquiries and their files over the API, with a token: adding, the
secretary's decision, the body's comments in clause order, the template export, and
lists whose query count does not grow with their rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from harmonia.accounts.tokens import create_token
from harmonia.comments import enquiry

from .conftest import fill

pytestmark = pytest.mark.django_db


def bearer(user, *scopes: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, 't', list(scopes), 1)[1]}"}


def test_add_decide_and_export(setup, draft, client):
    expert = bearer(setup.experts[0], "read", "write")
    url = f"/api/v1/comment-sets/{draft.pk}/comments"
    made = [
        client.post(url, {"text": t, "type": "te", "clause": c}, content_type="application/json",
                    **expert).json()
        for t, c in (("Second.", "5"), ("First.", "3.1"), ("Same as first.", "3.1"))
    ]  # fmt: skip
    assert [m["position"] for m in made] == [1, 2, 3] and made[0]["member_body"] == "VN"
    bad = client.post(url, {"text": "x", "type": "xx"}, content_type="application/json", **expert)
    assert bad.status_code == 422 and "'xx' is not one of ge, te, ed" in bad.json()["detail"]

    sec = bearer(setup.secretary, "read", "write")
    decide = "/api/v1/comments/{}/decision"
    for m in made[:2]:
        client.post(decide.format(m["id"]), {"decision": "accepted"},
                    content_type="application/json", **sec)  # fmt: skip
    merged = client.post(
        decide.format(made[2]["id"]),
        {"decision": "merged", "merged_into": 2, "resolution": "noted", "observations": "dup"},
        content_type="application/json",
        **sec,
    ).json()
    assert (merged["decision"], merged["merged_into"], merged["resolution"]) == (
        "merged",
        2,
        "noted",
    )
    refused = client.post(decide.format(made[0]["id"]), {"decision": "rejected"},
                          content_type="application/json", **expert)  # fmt: skip
    assert refused.status_code == 403

    position = client.get(url + "?which=position", **sec).json()
    assert [c["text"] for c in position] == ["First.", "Second."]
    xlsx = client.get(f"/api/v1/comment-sets/{draft.pk}/export?format=xlsx&which=position", **sec)
    rows = [r for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
    assert [r[5] for r in rows if r and r[0] == "VN"] == ["First.", "Second."]
    summary = client.get(f"/api/v1/comment-sets/{draft.pk}", **sec).json()["summary"]
    assert (summary["accepted"], summary["merged"], summary["waiting"]) == (2, 1, 0)


def count(client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **headers).status_code == 200
    return len(ctx.captured_queries)


def test_lists_read_a_fixed_number_of_queries(setup, draft, client):
    sec = bearer(setup.secretary, "read")
    fill(draft, setup.experts[0], n=3)

    def more_enquiries(n: int) -> None:
        for i in range(n):
            enquiry.open_enquiry(
                setup.secretary, body=setup.body, reference=f"DT {i}-{n}", title="t", scope="s",
                closes_at=timezone.now() + dt.timedelta(days=3),
            )  # fmt: skip

    more_enquiries(1)
    client.get("/api/v1/comment-sets", **sec)  # the token's first use is written once
    sets, enquiries = (
        count(client, "/api/v1/comment-sets", **sec),
        count(client, "/api/v1/enquiries"),
    )
    comments = count(client, f"/api/v1/comment-sets/{draft.pk}/comments", **sec)
    more_enquiries(5)
    fill(draft, setup.experts[1], n=10, seed=3)
    assert count(client, "/api/v1/comment-sets", **sec) == sets
    assert count(client, "/api/v1/enquiries") == enquiries
    assert count(client, f"/api/v1/comment-sets/{draft.pk}/comments", **sec) == comments
