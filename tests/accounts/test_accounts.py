import pytest

from harmonia.accounts.models import Role
from harmonia.accounts.services import AccountError, create_user, has_role
from harmonia.catalogue.models import Body

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies():
    return (
        Body.objects.create(code="STAMEQ", name="Directorate for Standards", kind="national"),
        Body.objects.create(code="BSN", name="Badan Standardisasi Nasional", kind="national"),
    )


def test_roles_are_a_seeded_table():
    assert list(Role.objects.values_list("slug", flat=True)) == [
        "viewer",
        "editor",
        "secretary",
        "admin",
    ]


def test_role_ranks_and_tenancy(bodies):
    vn, id_ = bodies
    user = create_user("lan", "s3cret-pass-9", body="STAMEQ", role="secretary")
    assert has_role(user, vn, "viewer") and has_role(user, vn, "secretary")
    assert not has_role(user, vn, "admin")
    assert not has_role(user, id_, "viewer")  # another body's data is not hers


def test_superuser_and_anonymous(bodies):
    from django.contrib.auth.models import AnonymousUser

    admin = create_user("root", "s3cret-pass-9", superuser=True)
    assert has_role(admin, bodies[1], "admin")
    assert not has_role(AnonymousUser(), bodies[0], "viewer")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "", "password": "s3cret-pass-9"}, "username: empty"),
        ({"username": "a", "password": "short"}, "password: .*at least 10"),
        ({"username": "a", "password": "s3cret-pass-9", "body": "NOPE"}, "body: no body"),
        (
            {"username": "a", "password": "s3cret-pass-9", "body": "BSN", "role": "boss"},
            "role: unknown",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(bodies, kwargs, message):
    from django.contrib.auth import get_user_model

    with pytest.raises(AccountError, match=message):
        create_user(**kwargs)
    assert get_user_model().objects.count() == 0


def test_duplicate_username(bodies):
    create_user("lan", "s3cret-pass-9")
    with pytest.raises(AccountError, match="exists already"):
        create_user("lan", "s3cret-pass-9")


def test_catalogue_is_public_and_writing_needs_a_role(client, bodies):
    assert client.get("/documents/").status_code == 200
    assert client.get("/api/v1/documents").status_code == 200
    # The only write path so far is the admin: it asks anonymous users to sign in.
    page = client.get("/admin/catalogue/document/add/")
    assert page.status_code == 302 and "/admin/login/" in page["Location"]
