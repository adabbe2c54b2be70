"""Who may do what: every permission check of the app is one function here, used by
the web views, the REST API and the CLI alike.

What is public: the published catalogue (documents, ICS, committees), confirmed
adoption links and the harmonization figures built from them, search.
What only a body's members see: its proposed and rejected adoption links (the review
queue), its members, its audit trail; later its drafts, ballots, votes, comments and
trainees. What only its editors change: its catalogue and links; its admins: its
people. Platform admins (superusers, with two-factor sign-in) may do everything.

Role ranks come from the Role table (viewer < editor < secretary < admin), so a body
can add a role between them without code. A user's ranks are read once per request
and kept on the user object.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from harmonia.catalogue.models import Body, Committee

PUBLIC_ADOPTION_STATUSES = ("confirmed",)


def _ranks(user: Any) -> dict[int, int]:
    """{body id: the rank of the user's role there}, read once per user object."""
    cached = getattr(user, "_harmonia_ranks", None)
    if cached is None:
        from .models import Membership

        cached = dict(Membership.objects.filter(user=user).values_list("body_id", "role__rank"))
        user._harmonia_ranks = cached
    return cached


def _rank_of(role: str) -> int:
    from .models import Role

    ranks = getattr(_rank_of, "cache", None)
    if ranks is None or role not in ranks:
        ranks = dict(Role.objects.values_list("slug", "rank"))
        _rank_of.cache = ranks  # type: ignore[attr-defined]
    if role not in ranks:
        raise ValueError(gettext("unknown role %(role)r") % {"role": role})
    return ranks[role]


def forget_roles() -> None:
    """Drop the cached role ranks (the Role table changed)."""
    if hasattr(_rank_of, "cache"):
        del _rank_of.cache


def forget(user: Any) -> None:
    """Drop the cached ranks after a membership of `user` changed."""
    if hasattr(user, "_harmonia_ranks"):
        del user._harmonia_ranks


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_platform_admin(user: Any) -> bool:
    return is_signed_in(user) and bool(user.is_superuser)


def has_role(user: Any, body: Body | int | None, role: str) -> bool:
    """`user` holds `role` or a higher one in `body`; platform admins hold every role."""
    if body is None or not is_signed_in(user):
        return False
    if user.is_superuser:
        return True
    body_id = body if isinstance(body, int) else body.pk
    held = _ranks(user).get(body_id)
    return held is not None and held >= _rank_of(role)


def bodies_where(user: Any, role: str) -> list[int] | None:
    """Ids of the bodies where `user` holds `role`; None means every body."""
    if not is_signed_in(user):
        return []
    if user.is_superuser:
        return None
    needed = _rank_of(role)
    return sorted(b for b, rank in _ranks(user).items() if rank >= needed)


# -- bodies -----------------------------------------------------------------------------


def can_view_private(user: Any, body: Body | int | None) -> bool:
    return has_role(user, body, "viewer")


def can_edit(user: Any, body: Body | int | None) -> bool:
    return has_role(user, body, "editor")


def can_run_committees(user: Any, body: Body | int | None) -> bool:
    return has_role(user, body, "secretary")


def national_bodies_run_by(user: Any) -> Any:
    """The national bodies whose committees `user` runs, as the choices of a form that
    creates committee work; None when `user` is secretary of no body (refuse the form)."""
    bodies = bodies_where(user, "secretary")
    if bodies == []:
        return None
    choices = Body.objects.filter(kind="national")
    return choices if bodies is None else choices.filter(pk__in=bodies)


def can_admin(user: Any, body: Body | int | None) -> bool:
    return has_role(user, body, "admin")


def audit_bodies(user: Any) -> list[int] | None:
    """Bodies whose audit trail `user` reads (their admins'); None means every body."""
    return bodies_where(user, "admin")


def can_import_national(user: Any, body: Body) -> bool:
    return can_edit(user, body)


# -- adoption links ---------------------------------------------------------------------


def can_view_adoption(user: Any, adoption: Any) -> bool:
    if adoption.status in PUBLIC_ADOPTION_STATUSES:
        return True
    return can_view_private(user, adoption.national.publisher_id)


def can_decide_adoption(user: Any, adoption: Any) -> bool:
    return can_edit(user, adoption.national.publisher_id)


def visible_adoptions(user: Any, queryset: Any) -> Any:
    """`queryset` of Adoption cut to what `user` may see."""
    from django.db.models import Q

    bodies = bodies_where(user, "viewer")
    if bodies is None:
        return queryset
    return queryset.filter(
        Q(status__in=PUBLIC_ADOPTION_STATUSES) | Q(national__publisher_id__in=bodies)
    )


# -- committees -------------------------------------------------------------------------


def committee_role(user: Any, committee: Committee) -> Any:
    from .models import CommitteeMembership

    if not is_signed_in(user):
        return None
    held = (
        CommitteeMembership.objects.filter(user=user, committee=committee)
        .select_related("role")
        .first()
    )
    return held.role if held else None


def can_manage_committee(user: Any, committee: Committee) -> bool:
    """The committee's chair or secretary, or a secretary of the body that owns it."""
    if can_run_committees(user, committee.body_id):
        return True
    role = committee_role(user, committee)
    return bool(role and role.manages)


def can_take_part_in_committee(user: Any, committee: Committee) -> bool:
    """Experts and officers see the committee's working documents; observers follow."""
    if can_view_private(user, committee.body_id):
        return True
    role = committee_role(user, committee)
    return bool(role and role.slug != "observer")


# -- people -----------------------------------------------------------------------------


def can_manage_members(user: Any, body: Body | int | None) -> bool:
    return can_admin(user, body)


def can_grant(user: Any, body: Body | int | None, role: str) -> bool:
    """An admin grants roles up to their own; only platform admins make platform admins."""
    return can_admin(user, body) and (
        is_platform_admin(user) or _rank_of(role) <= _rank_of("admin")
    )


def can_remove_person(user: Any, person: Any) -> bool:
    """A body admin may pseudonymize a person whose every membership is in a body they
    administer; anyone else (and any platform admin) is a platform admin's to remove."""
    if not is_signed_in(user) or person.pk == user.pk:
        return False
    if is_platform_admin(user):
        return True
    if person.is_superuser:
        return False
    bodies = set(_ranks(person))
    return bool(bodies) and all(can_admin(user, b) for b in bodies)


# -- work programme and ballots ---------------------------------------------------------


def can_manage_projects(user: Any, body: Body | int | None) -> bool:
    """A body's committee secretaries (and its admins) run its work programme."""
    return can_run_committees(user, body)


def can_move_project(user: Any, project: Any) -> bool:
    if can_run_committees(user, project.body_id):
        return True
    return project.committee is not None and can_manage_committee(user, project.committee)


def can_open_ballot(user: Any, body: Body | int | None, committee: Committee) -> bool:
    """The body's secretaries, or the officers of its own committee."""
    if can_run_committees(user, body):
        return True
    body_id = body if isinstance(body, int) or body is None else body.pk
    return committee.body_id == body_id and can_manage_committee(user, committee)


def can_manage_ballot(user: Any, ballot: Any) -> bool:
    return can_open_ballot(user, ballot.body_id, ballot.committee)


def can_view_ballot(user: Any, ballot: Any) -> bool:
    """Ballots are the body's business: its members, and the ballot's own voters."""
    if can_view_private(user, ballot.body_id):
        return True
    if not is_signed_in(user):
        return False
    return ballot.voters.filter(user=user).exists()


def visible_ballots(user: Any, queryset: Any) -> Any:
    from django.db.models import Q

    if not is_signed_in(user):
        return queryset.none()
    bodies = bodies_where(user, "viewer")
    if bodies is None:
        return queryset
    return queryset.filter(Q(body_id__in=bodies) | Q(voters__user=user)).distinct()


def can_view_obligations(user: Any, committee: Committee) -> bool:
    """Who missed which vote: the committee's experts and officers, the secretaries of
    its body, and the secretaries of a body that runs ballots in it (a national body
    on an ISO committee)."""
    if can_take_part_in_committee(user, committee):
        return True
    runs = bodies_where(user, "secretary")
    if runs is None:
        return True
    if not runs:
        return False
    return committee.body_id in runs or committee.ballots.filter(body_id__in=runs).exists()


# -- comments and public enquiries ------------------------------------------------------


def can_manage_comments(user: Any, comment_set: Any) -> bool:
    """The secretary compiles: the body's secretaries, or the officers of the committee."""
    if comment_set.committee is None:
        return can_run_committees(user, comment_set.body_id)
    return can_open_ballot(user, comment_set.body_id, comment_set.committee)


def can_view_comments(user: Any, comment_set: Any) -> bool:
    """Comments before they go out are the body's and the committee's business."""
    if can_view_private(user, comment_set.body_id):
        return True
    return comment_set.committee is not None and can_take_part_in_committee(
        user, comment_set.committee
    )


def can_add_comment(user: Any, comment_set: Any) -> bool:
    """The committee's experts and officers, and the body's editors, while it is open."""
    if comment_set.state != "open":
        return False
    if can_edit(user, comment_set.body_id) or can_manage_comments(user, comment_set):
        return True
    if comment_set.committee is None:
        return False
    role = committee_role(user, comment_set.committee)
    return bool(role and role.slug != "observer")


def can_edit_comment(user: Any, comment: Any) -> bool:
    """Its author until the secretary decides on it; the secretary always."""
    if can_manage_comments(user, comment.comment_set):
        return True
    return (
        comment.comment_set.state == "open"
        and not comment.decision
        and is_signed_in(user)
        and comment.author_id == user.pk
    )


def can_open_enquiry(user: Any, body: Body | int | None) -> bool:
    return can_run_committees(user, body)


# -- capacity building -------------------------------------------------------------------


def can_organise(user: Any, programme: Any) -> bool:
    """The host body's editors organise its programmes: invitations, acceptance,
    sessions, attendance, certificates."""
    return can_edit(user, programme.host_id)


def can_nominate(user: Any, programme_body: Any) -> bool:
    """A body's focal point for the programme (or its admins), and the organisers."""
    if can_organise(user, programme_body.programme):
        return True
    if not is_signed_in(user):
        return False
    return programme_body.focal_point_id == user.pk or can_admin(user, programme_body.body_id)
