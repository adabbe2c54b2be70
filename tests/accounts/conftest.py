"""Two tenants with private data, and one person for every role the matrix tests.

Body A is STAMEQ (Viet Nam), body B is TISI (Thailand), from the small catalogues of
tests/adoptions. Each body has a proposed adoption link: private to its members.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from harmonia.accounts import totp
from harmonia.accounts.models import Membership, TOTPDevice
from harmonia.accounts.tokens import create_token
from harmonia.adoptions.models import Adoption
from harmonia.catalogue.models import Committee, Document
from harmonia.identifiers import canonical_key
from tests.adoptions.conftest import international, load_national, national  # noqa: F401

# Weakest first: what the matrix calls each person, and their role in body A.
ROLES = ("anonymous", "outsider", "viewer", "editor", "secretary", "admin", "platform")
BODY_ROLES = ("viewer", "editor", "secretary", "admin")


@dataclass
class Tenants:
    a: Any
    b: Any
    network: Any
    a_proposal: Adoption
    b_proposal: Adoption
    people: dict[str, Any]
    tokens: dict[str, str]
    project: Any = None
    ballot: Any = None
    comment_set: Any = None
    comment: Any = None
    enquiry: Any = None
    review: Any = None
    certificate: Any = None

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.people[role])
        return client

    def headers(self, role: str) -> dict[str, str]:
        if role == "anonymous":
            return {}
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[role]}"}


def propose(identifier: str, adopted: str) -> Adoption:
    doc = Document.objects.get(identifier=identifier)
    return Adoption.objects.create(
        national=doc,
        adopted_identifier=adopted,
        adopted_key=canonical_key(adopted),
        adopted=Document.objects.filter(identifier=adopted).first(),
        source="proposed",
        status="proposed",
        score=0.7,
    )


def person(username: str, **flags: Any) -> Any:
    user = get_user_model().objects.create(username=username, email=f"{username}@example.org")
    for name, value in flags.items():
        setattr(user, name, value)
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def tenants(national) -> Tenants:  # noqa: F811
    return build_tenants(national)


@pytest.fixture(scope="module")
def tenants_of_module(django_db_setup, django_db_blocker, tmp_path_factory) -> Any:
    """The tenants built once for a whole module, in a transaction rolled back when the
    module ends; each test runs in a savepoint inside it (the `db` fixture), so what a
    test writes is gone before the next. For modules of many tests that use the
    `db` fixture only (a transactional test would flush the tables under it): they
    define `tenants` as a copy of this one (see test_authorization_matrix.py)."""
    from tests.adoptions.fixtures import load_international
    from tests.conftest import built_once_for_module

    def build() -> Tenants:
        load_international()
        return build_tenants(load_national(tmp_path_factory.mktemp("tenants")))

    yield from built_once_for_module(django_db_blocker, build)


def build_tenants(catalogues: tuple[Any, Any, Any]) -> Tenants:
    a, b, network = catalogues
    people = {"outsider": person("b-viewer")}
    Membership.objects.create(user=people["outsider"], body=b, role_id="viewer")
    for role in BODY_ROLES:
        people[role] = person(f"a-{role}")
        Membership.objects.create(user=people[role], body=a, role_id=role)
    people["b-admin"] = person("b-admin")
    Membership.objects.create(user=people["b-admin"], body=b, role_id="admin")
    people["platform"] = person("root", is_superuser=True, is_staff=True)
    TOTPDevice.objects.create(
        user=people["platform"], secret=totp.new_secret(), confirmed_at=timezone.now()
    )
    Committee.objects.create(reference="TCVN/TC 176", body=a, title="Quality management")
    project, ballot = work_of(a, b)
    comment_set, comment, enquiry = comments_of(a, people["editor"])
    from harmonia.reviews.services import start

    review = start(None, Document.objects.get(identifier="TCVN 5502:2003"), check=False)
    certificate = certificate_of(a, b)
    tokens = {
        role: create_token(user, "matrix", ["read", "write"], 1)[1] for role, user in people.items()
    }
    return Tenants(
        a=a,
        b=b,
        network=network,
        a_proposal=propose("TCVN 5502:2003", "ISO 22000:2018"),
        b_proposal=propose("TIS 22000-2562", "ISO 9001:2015"),
        people=people,
        tokens=tokens,
        project=project,
        ballot=ballot,
        comment_set=comment_set,
        comment=comment,
        enquiry=enquiry,
        review=review,
        certificate=certificate,
    )


def comments_of(a: Any, author: Any) -> tuple[Any, Any, Any]:
    """Body A's draft under comment with one comment by its editor, and an open public
    enquiry with a draft file."""
    import datetime as dt

    from harmonia.comments import enquiry, services

    committee = Committee.objects.get(reference="TCVN/TC 176")
    cs = services.open_set(
        None, body=a, committee=committee, reference="ISO/DIS 9001", title="QMS", check=False
    )
    comment = services.add(author, cs, text="Unclear.", type="te", clause="4.1")
    public = enquiry.open_enquiry(
        None,
        body=a,
        reference="DT TCVN 14001:2027",
        title="EMS",
        scope="Environmental management.",
        closes_at=timezone.now() + dt.timedelta(days=30),
        draft=b"%PDF-1.4 draft",
        draft_name="draft.pdf",
        check=False,
    )
    return cs, comment, public


def work_of(a: Any, b: Any) -> tuple[Any, Any]:
    """A project of body A, and an open ballot A runs on an ISO committee where A is a
    P-member and B an O-member: A's secretaries vote for A."""
    import datetime as dt

    from harmonia.ballots.models import BallotType
    from harmonia.ballots.services import open_ballot
    from harmonia.committees.models import Participation, Snapshot
    from harmonia.projects.services import create_project

    iso = Committee.objects.get_or_create(reference="ISO/TC 176", defaults={"status": "Active"})[0]
    snapshot = Snapshot.objects.create(taken_on=dt.date(2026, 5, 2), source="test")
    Participation.objects.create(snapshot=snapshot, committee=iso, body=a, status_id="p")
    Participation.objects.create(snapshot=snapshot, committee=iso, body=b, status_id="o")
    project = create_project(
        None, body=a, reference="DT-1", title="Dự thảo", identifier="TCVN 99001:2030"
    )
    ballot = open_ballot(
        None,
        body=a,
        committee=iso,
        ballot_type=BallotType.objects.get(slug="dis"),
        reference="DIS-1",
        title="ISO/DIS 9001",
    )
    return project, ballot


def certificate_of(a: Any, b: Any) -> Any:
    """A programme body A hosts, with a participant of body B who was certified."""
    import datetime as dt

    from harmonia.training.models import Certificate, Participant, Programme, ProgrammeBody

    programme = Programme.objects.create(
        title="Leadership", host=a, starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2026, 11, 6)
    )
    ProgrammeBody.objects.create(programme=programme, body=b, quota=2)
    person = Participant.objects.create(
        programme=programme, body=b, name="P", email="p@example.org", status="accepted"
    )
    return Certificate.objects.create(
        participant=person, code="ABCD-EFGH-JKLM", attendance_percent=100
    )
