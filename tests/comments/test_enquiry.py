"""Public enquiry: a draft published with a deadline; anyone comments without an
account, confirms by the link mailed to them (a real SMTP server on loopback), and the
comment joins the secretary's workflow; the body chooses what the public page shows;
floods and bots are refused; the Atom feed lists what is open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from harmonia.comments import enquiry as service
from harmonia.comments import services
from harmonia.comments.models import Comment, PublicSubmission

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a draft\n"


@pytest.fixture
def enquiry(setup):
    return service.open_enquiry(
        setup.secretary,
        body=setup.body,
        committee=setup.committee,
        reference="DT TCVN 14001:2027",
        title="Hệ thống quản lý môi trường — Các yêu cầu",
        scope="Tiêu chuẩn này quy định các yêu cầu đối với hệ thống quản lý môi trường.",
        closes_at=timezone.now() + dt.timedelta(days=30),
        draft=PDF,
        draft_name="DT_TCVN_14001.pdf",
    )


def form(enquiry, **kw):
    earlier = timezone.now() - dt.timedelta(seconds=30)
    return {
        "stamp": service.form_stamp(enquiry, earlier),
        "name": "Nguyễn Thị Lan",
        "organisation": "Công ty Môi trường Xanh",
        "email": "lan@example.org",
        "type": "te",
        "clause": "6.1.2",
        "text": "Cần bổ sung khía cạnh môi trường của chuỗi cung ứng.",
        "proposed_change": "Thêm 6.1.2 c).",
        **kw,
    }


def test_a_public_comment_is_sent_confirmed_and_resolved(
    setup, enquiry, smtp, client, django_capture_on_commit_callbacks
):
    page = client.get(enquiry.get_absolute_url())
    assert page.status_code == 200 and "Hệ thống quản lý môi trường" in page.content.decode()
    draft = client.get(f"/enquiries/{enquiry.pk}/draft")
    assert draft.content == PDF and draft["Content-Type"] == "application/pdf"

    with django_capture_on_commit_callbacks(execute=True):  # mail leaves after commit
        sent = client.post(f"/enquiries/{enquiry.pk}/comment/", form(enquiry))
    assert sent.status_code == 200 and "lan@example.org" in sent.content.decode()
    assert len(smtp.messages) == 1 and smtp.messages[0]["To"] == "lan@example.org"
    assert not enquiry.comment_set.comments.exists()  # not before it is confirmed

    link = re.search(r"http://testserver(/enquiries/confirm/\S+/)", smtp.body()).group(1)
    assert client.get(link).status_code == 200  # a page with a button: a GET confirms nothing
    assert not enquiry.comment_set.comments.exists()
    assert client.post(link).status_code == 200
    assert client.post(link).status_code == 200  # twice is still one comment
    comment = enquiry.comment_set.comments.get()
    assert (comment.source, comment.clause, comment.type_id) == ("public", "6.1.2", "te")
    assert comment.author_label == "Nguyễn Thị Lan (Công ty Môi trường Xanh)"
    assert "lan@example.org" not in comment.author_label

    # The secretary decides and answers; the public page shows it once chosen.
    assert "Cần bổ sung" not in client.get(enquiry.get_absolute_url()).content.decode()
    services.decide(setup.secretary, comment, "accepted")
    services.resolve(setup.secretary, comment, "accepted-in-principle", "Đã bổ sung vào 6.1.4.")
    services.set_public(setup.secretary, comment, True)
    shown = client.get(enquiry.get_absolute_url()).content.decode()
    assert "Cần bổ sung" in shown and "Đã bổ sung vào 6.1.4." in shown
    assert "lan@example.org" not in shown
    assert [e.what for e in services.history(comment)] == [
        "created", "decision", "resolution", "observations", "public"
    ]  # fmt: skip


def test_an_unknown_or_expired_link_confirms_nothing(enquiry, client):
    assert client.post("/enquiries/confirm/not-a-token/").status_code == 404
    held = service.submit(
        enquiry, service.Submission(**{k: v for k, v in form(enquiry).items() if k != "stamp"}),
        stamp=form(enquiry)["stamp"], confirm_url="http://x/{token}/",
    )  # fmt: skip
    late = held.created_at + dt.timedelta(days=service.CONFIRM_DAYS + 1)
    PublicSubmission.objects.filter(pk=held.pk).update(digest=service._digest("known"))
    assert service.confirm("known", now=late) is None
    assert service.confirm("known") is not None


def test_a_flood_from_one_address_is_refused(enquiry, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "enquiry": (10, 3600)}
    codes = [
        client.post(
            f"/enquiries/{enquiry.pk}/comment/", form(enquiry, email=f"p{i}@example.org")
        ).status_code
        for i in range(14)
    ]
    assert codes == [200] * 10 + [429] * 4
    assert PublicSubmission.objects.count() == 10


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"website": "http://spam.example"}, "was not accepted"),
        ({"stamp": "forged"}, "the form has expired"),
        ({"text": "see http://a http://b http://c http://d"}, "more than 3 links"),
    ],
)
def test_bots_are_refused(enquiry, client, change, says):
    data = form(enquiry, **change)
    response = client.post(f"/enquiries/{enquiry.pk}/comment/", data)
    assert response.status_code == 429 and says in response.content.decode()
    assert not PublicSubmission.objects.exists()


def test_a_form_sent_at_once_is_held_for_confirmation_like_any_other(enquiry, client):
    # Autofill lets a person send within seconds: speed is not taken for a bot's. The
    # comment waits for its e-mailed link, as every public comment does.
    data = form(enquiry, stamp=service.form_stamp(enquiry))
    response = client.post(f"/enquiries/{enquiry.pk}/comment/", data)
    assert response.status_code == 200
    held = PublicSubmission.objects.get()
    assert held.confirmed_at is None


def test_the_publics_errors_are_in_their_language(enquiry, client):
    client.cookies["django_language"] = "vi"
    data = form(enquiry, website="http://spam.example")
    page = client.post(f"/enquiries/{enquiry.pk}/comment/", data).content.decode()
    assert "was not accepted" not in page and "không được chấp nhận" in page
    page = client.post(
        f"/enquiries/{enquiry.pk}/comment/", form(enquiry, email="not-an-address")
    ).content.decode()
    assert "is not an e-mail address" not in page and "không phải là địa chỉ e-mail" in page


def test_unconfirmed_comments_per_address_are_capped(enquiry):
    data = {k: v for k, v in form(enquiry).items() if k != "stamp"}
    for _ in range(service.MAX_UNCONFIRMED_PER_EMAIL):
        service.submit(enquiry, service.Submission(**data), stamp=form(enquiry)["stamp"],
                       ip="10.0.0.1", confirm_url="http://x/{token}/")  # fmt: skip
    with pytest.raises(service.Refused, match="confirm the comments already sent"):
        service.submit(enquiry, service.Submission(**data), stamp=form(enquiry)["stamp"],
                       ip="10.0.0.2", confirm_url="http://x/{token}/")  # fmt: skip


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"email": "not-an-address"}, "email: 'not-an-address' is not an e-mail address"),
        ({"name": " "}, "name: required"),
        ({"type": "major"}, "type: 'major' is not one of ge, te, ed"),
        ({"text": ""}, "text: the comment is empty"),
    ],
)
def test_bad_fields_are_named_and_kept(enquiry, client, change, says):
    response = client.post(f"/enquiries/{enquiry.pk}/comment/", form(enquiry, **change))
    page = response.content.decode()
    assert response.status_code == 400 and says.replace("'", "&#x27;") in page
    assert "Công ty Môi trường Xanh" in page  # what was typed is not lost


def test_a_closed_enquiry_takes_no_comment(enquiry, client):
    enquiry.closes_at = timezone.now() - dt.timedelta(minutes=1)
    enquiry.save()
    response = client.post(f"/enquiries/{enquiry.pk}/comment/", form(enquiry))
    assert response.status_code == 400 and "not open for comments" in response.content.decode()
    assert "Send a comment" not in client.get(enquiry.get_absolute_url()).content.decode()


def test_the_atom_feed_lists_open_enquiries(setup, enquiry):
    closed = service.open_enquiry(
        setup.secretary, body=setup.body, reference="DT TCVN 1:2020", title="Old", scope="x",
        opens_at=timezone.now() - dt.timedelta(days=60),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )  # fmt: skip
    feed = Client().get("/enquiries/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert 'xmlns="http://www.w3.org/2005/Atom"' in text
    assert "DT TCVN 14001:2027" in text and closed.reference not in text
    assert f"/enquiries/{enquiry.pk}/" in text


def test_only_secretaries_open_enquiries_and_drafts_are_checked(setup):
    with pytest.raises(PermissionError):
        service.open_enquiry(
            setup.experts[0], body=setup.body, reference="x", title="x", scope="x",
            closes_at=timezone.now() + dt.timedelta(days=1),
        )  # fmt: skip
    with pytest.raises(service.EnquiryError, match=r"is not a \.pdf file"):
        service.open_enquiry(
            setup.secretary, body=setup.body, reference="x", title="x", scope="x",
            closes_at=timezone.now() + dt.timedelta(days=1), draft=b"MZ...", draft_name="x.pdf",
        )  # fmt: skip
    assert not Comment.objects.exists()
