"""The secretary compiles the experts' comments into the body's: accepts or rejects
each, merges duplicates, and only the accepted ones go out, in clause order, under the
body's code; resolutions and every change are kept."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from harmonia.comments import services
from harmonia.comments.models import CommentEvent

pytestmark = pytest.mark.django_db


def add(setup, draft, expert: int, clause: str, text: str, line: str = "", kind: str = "te"):
    return services.add(
        setup.experts[expert], draft, text=text, type=kind, clause=clause, line=line
    )


def test_only_accepted_comments_go_out_in_clause_order(setup, draft):
    c10 = add(setup, draft, 0, "10", "Annex reference is wrong.")
    c3 = add(setup, draft, 1, "3.10", "Term 3.10 is not used.")
    c3b = add(setup, draft, 2, "3.2", "Define 'top management'.", line="120")
    c3c = add(setup, draft, 3, "3.2", "Define 'top management' please.", line="118")
    general = add(setup, draft, 4, "", "The draft is too long.", kind="ge")
    rejected = add(setup, draft, 5, "4", "I dislike this clause.")
    for c in (c10, c3, c3b, general):
        services.decide(setup.secretary, c, "accepted")
    services.decide(setup.secretary, c3c, "merged", merged_into=c3b)
    services.decide(setup.secretary, rejected, "rejected")

    out = services.position_comments(draft)
    assert [c.text for c in out] == [
        "The draft is too long.",
        "Define 'top management'.",
        "Term 3.10 is not used.",
        "Annex reference is wrong.",
    ]
    book = load_workbook(io.BytesIO(services.export(draft, "xlsx", which="position")))
    rows = [r for r in book.active.iter_rows(values_only=True) if r and r[0] == "VN"]
    assert [r[5] for r in rows] == [c.text for c in out]
    assert services.summary(draft) == {
        "total": 6, "waiting": 0, "accepted": 4, "rejected": 1, "merged": 1, "resolved": 0
    }  # fmt: skip
    services.compile_set(setup.secretary, draft)
    draft.refresh_from_db()
    assert draft.state == "compiled"
    with pytest.raises(PermissionError):
        add(setup, draft, 0, "1", "too late")


def test_a_merged_comment_passes_on_what_was_merged_into_it(setup, draft):
    a, b, c = (add(setup, draft, i, "5", f"same point {i}") for i in range(3))
    services.decide(setup.secretary, a, "merged", merged_into=b)
    services.decide(setup.secretary, b, "merged", merged_into=c)
    a.refresh_from_db()
    assert a.merged_into_id == c.pk
    with pytest.raises(services.CommentError, match="cannot take it"):
        services.decide(setup.secretary, c, "merged", merged_into=b)
    with pytest.raises(services.CommentError, match="same draft"):
        services.decide(setup.secretary, c, "merged", merged_into=None)


def test_compiling_waits_for_every_decision(setup, draft):
    add(setup, draft, 0, "1", "one")
    with pytest.raises(services.CommentError, match="1 comment"):
        services.compile_set(setup.secretary, draft)


def test_only_the_secretary_decides_and_resolves(setup, draft):
    c = add(setup, draft, 0, "1", "one")
    with pytest.raises(PermissionError):
        services.decide(setup.experts[1], c, "accepted")
    with pytest.raises(PermissionError):
        services.resolve(setup.experts[0], c, "accepted")
    with pytest.raises(PermissionError):
        services.edit(setup.experts[1], c, text="not mine")
    with pytest.raises(PermissionError):
        services.add(setup.observer, draft, text="observers follow, not comment", type="ge")
    services.edit(setup.experts[0], c, text="one, reworded")
    services.decide(setup.secretary, c, "accepted")
    with pytest.raises(PermissionError):
        services.edit(setup.experts[0], c, text="after the decision")


def test_every_change_is_history(setup, draft):
    c = add(setup, draft, 0, "4.1", "Unclear.")
    services.edit(setup.experts[0], c, text="Unclear: say who decides.", clause="4.2")
    services.decide(setup.secretary, c, "accepted")
    services.resolve(setup.secretary, c, "accepted-in-principle", "Reworded in 4.2.")
    services.resolve(setup.secretary, c, "accepted-in-principle", "Reworded in 4.2.")  # same
    events = [(e.what, e.before, e.after, e.by.username) for e in services.history(c)]
    assert events == [
        ("created", "", "", "expert000"),
        ("text", "Unclear.", "Unclear: say who decides.", "expert000"),
        ("clause", "4.1", "4.2", "expert000"),
        ("decision", "", "accepted", "sec"),
        ("resolution", "", "accepted-in-principle", "sec"),
        ("observations", "", "Reworded in 4.2.", "sec"),
    ]
    assert CommentEvent.objects.count() == 6


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"text": "", "type": "te"}, "text: the comment is empty"),
        ({"text": "x", "type": "major"}, "type: 'major' is not one of ge, te, ed"),
        ({"text": "x", "type": "te", "clause": "9" * 101}, "clause: longer than 100"),
    ],
)
def test_bad_fields_are_named(setup, draft, fields, says):
    with pytest.raises(services.CommentError, match=says):
        services.add(setup.experts[0], draft, **fields)
    assert not draft.comments.exists()


def test_clause_order():
    clauses = ["B.2", "10", "3.10", "", "3.2", "General", "A.1", "3", "4.1.2"]
    assert sorted(clauses, key=services.clause_key) == [
        "", "General", "3", "3.2", "3.10", "4.1.2", "10", "A.1", "B.2"
    ]  # fmt: skip
