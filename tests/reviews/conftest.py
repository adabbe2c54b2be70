"""A national body with a small catalogue (tests/adoptions), a secretary, and a
committee of five experts responsible for TCVN 5502:2003."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from harmonia.accounts.models import CommitteeMembership, Membership
from harmonia.catalogue.models import Committee, Document
from tests.adoptions.conftest import international, national  # noqa: F401


@pytest.fixture
def vn(national):  # noqa: F811
    body = national[0]
    users = get_user_model().objects
    secretary = users.create(username="sec")
    Membership.objects.create(user=secretary, body=body, role_id="secretary")
    tc = Committee.objects.create(reference="TCVN/TC 207", body=body, kind="national")
    experts = [users.create(username=f"e{i}") for i in range(5)]
    for u in experts:
        CommitteeMembership.objects.create(user=u, committee=tc, role_id="expert")
    doc = Document.objects.get(identifier="TCVN 5502:2003")
    doc.committee = tc
    doc.save()
    return body, secretary, tc, experts, doc
