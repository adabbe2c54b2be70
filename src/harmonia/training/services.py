"""Running a training programme: inviting bodies with a quota, their nominations, the
host accepting participants up to the quota (with a confirmation e-mail), attendance
per session (checked in by an organiser, or by the participant with the code shown in
the room), and certificates for those who met the attendance threshold, verifiable by
anyone from their code."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import zoneinfo
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from harmonia.accounts import policy
from harmonia.catalogue.models import Body
from harmonia.catalogue.reader_language import name_of

from .models import (
    ActionItem,
    Attendance,
    Certificate,
    FollowUp,
    Participant,
    Programme,
    ProgrammeBody,
    Session,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room


class TrainingError(ValueError):
    pass


def zone(programme: Programme) -> zoneinfo.ZoneInfo:
    """The programme's time zone: its sessions, deadlines and messages are in it."""
    try:
        return zoneinfo.ZoneInfo(programme.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local(programme: Programme, at: dt.datetime) -> dt.datetime:
    return at.astimezone(zone(programme))


def day_start(programme: Programme, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone(programme))


def day_end(programme: Programme, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=zone(programme))


def deny(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionError(what)


def actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def visible_programmes(user: Any) -> Any:
    """Programmes `user` organises, nominates to, or takes part in."""
    qs = Programme.objects.select_related("host")
    hosts = policy.bodies_where(user, "editor")
    if hosts is None:
        return qs
    if not policy.is_signed_in(user):
        return qs.none()
    return qs.filter(
        Q(host_id__in=hosts) | Q(bodies__focal_point=user) | Q(participants__user=user)
    ).distinct()


def invite(
    user: Any,
    programme: Programme,
    body: Body,
    *,
    quota: int = 2,
    focal_point: Any = None,
    check: bool = True,
) -> ProgrammeBody:
    if check:
        deny(
            policy.can_organise(user, programme),
            gettext("only the host's organisers invite bodies"),
        )
    if quota < 1:
        raise TrainingError(gettext("quota: at least one participant"))
    invited, _created = ProgrammeBody.objects.update_or_create(
        programme=programme, body=body, defaults={"quota": quota, "focal_point": focal_point}
    )
    return invited


def nominate(
    user: Any,
    invited: ProgrammeBody,
    *,
    name: str,
    email: str,
    today: dt.date | None = None,
    **details: Any,
) -> Participant:
    """A body's focal point nominates one of its people (name, position, gender, e-mail,
    arrival and departure, dietary and accessibility needs)."""
    deny(
        policy.can_nominate(user, invited),
        gettext("only %(body)s's focal point nominates") % {"body": invited.body},
    )
    programme = invited.programme
    today = today or timezone.localdate()
    if programme.nominations_close and today > programme.nominations_close:
        raise TrainingError(
            gettext("nominations closed on %(nominations_close)s")
            % {"nominations_close": programme.nominations_close}
        )
    if not name.strip():
        raise TrainingError(gettext("name: required"))
    try:
        validate_email(email.strip())
    except Exception:
        raise TrainingError(
            gettext("email: %(email)r is not an e-mail address") % {"email": email}
        ) from None
    allowed = {"position", "gender", "arrival", "departure", "dietary", "accessibility"}
    unknown = set(details) - allowed
    if unknown:
        raise TrainingError(
            gettext("%(value)s: not a detail of a nomination") % {"value": sorted(unknown)[0]}
        )
    arrival, departure = details.get("arrival"), details.get("departure")
    if arrival and departure and departure < arrival:
        raise TrainingError(gettext("departure: on or after the arrival"))
    if Participant.objects.filter(programme=programme, email__iexact=email.strip()).exists():
        raise TrainingError(
            gettext("email: %(value)s is already nominated") % {"value": email.strip()}
        )
    return Participant.objects.create(
        programme=programme,
        body=invited.body,
        name=name.strip()[:200],
        email=email.strip(),
        nominated_by=actor(user),
        **details,
    )


def decide(
    user: Any, participant: Participant, accept: bool, join_url: str | None = None
) -> Participant:
    """Accept (up to the body's quota) or decline a nomination; the accepted person is
    sent the confirmation and the programme by e-mail after the commit, with the link
    that ties the place to their account (`join_url` has `{token}` in it)."""
    programme = participant.programme
    deny(
        policy.can_organise(user, programme),
        gettext("only the host's organisers accept participants"),
    )
    with transaction.atomic():
        invited = ProgrammeBody.objects.select_for_update().get(
            programme=programme, body=participant.body
        )
        if accept and participant.status != "accepted":
            taken = Participant.objects.filter(
                programme=programme, body=participant.body, status="accepted"
            ).count()
            if taken >= invited.quota:
                raise TrainingError(
                    gettext("quota: %(body)s may send %(quota)s, and %(taken)s are accepted")
                    % {"body": participant.body, "quota": invited.quota, "taken": taken}
                )
        participant.status = "accepted" if accept else "declined"
        participant.decided_by = actor(user)
        participant.save(update_fields=["status", "decided_by"])
        if accept:
            transaction.on_commit(lambda: _send_confirmation(participant, join_url))
    return participant


def _send_confirmation(participant: Participant, join_url: str | None = None) -> None:
    programme = participant.programme
    lines = [
        f"{local(programme, s.starts_at):%Y-%m-%d %H:%M}  {s.module.title}: {s.title} "
        f"({s.room or s.online_link})"
        for s in Session.objects.filter(module__programme=programme).select_related("module")
    ]
    send_mail(
        f"Harmonia: your place in {programme.title} is confirmed",
        (
            f"Dear {participant.name},\n\n{programme.host} confirms your participation in "
            f"{programme.title}, {programme.starts_on} to {programme.ends_on}"
            f"{', ' + programme.venue if programme.venue else ''}.\n\n"
            f"Programme (times in {programme.time_zone}):\n"
            + "\n".join(lines)
            + "\n"
            + (
                "\nOpen this link to see your sessions, check in, answer the assessments and "
                f"download your certificate:\n{join_url.format(token=join_token(participant))}\n"
                if join_url and participant.user_id is None
                else ""
            )
        ),
        None,
        [participant.email],
    )


# -- a participant's account ---------------------------------------------------------------

JOIN_SALT = "harmonia.training.join"
JOIN_DAYS = 120


def join_token(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=JOIN_SALT)


def participant_to_join(token: str) -> Participant | None:
    """The accepted participant whose place the link offers, while no account holds it."""
    try:
        pk = signing.loads(token, salt=JOIN_SALT, max_age=dt.timedelta(days=JOIN_DAYS))
    except signing.BadSignature:
        return None
    return (
        Participant.objects.select_related("programme", "body")
        .filter(pk=pk, status="accepted", user__isnull=True)
        .first()
    )


def join(participant: Participant, user: Any) -> Participant:
    """Tie an accepted participant's place to `user` (once: the link is then spent)."""
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        if locked.user_id is not None:
            raise TrainingError(gettext("this place is already tied to an account"))
        if Participant.objects.filter(programme=locked.programme_id, user=user).exists():
            raise TrainingError(gettext("your account already holds a place in this programme"))
        locked.user = user
        locked.save(update_fields=["user"])
    return locked


# -- attendance ----------------------------------------------------------------------------


def keyed(label: str) -> Any:
    """An HMAC-SHA256 of `label` under the site's secret: codes and addresses that need
    no storage and cannot be guessed from one another."""
    return hmac.new(settings.SECRET_KEY.encode(), label.encode(), hashlib.sha256)


def room_code(session: Session) -> str:
    """Six letters shown in the room for the session; derived from the site's secret, so
    it needs no storage and cannot be guessed from another session's."""
    digest = keyed(f"training-session:{session.pk}").digest()
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:6])


def check_in(
    user: Any,
    session: Session,
    participant: Participant,
    code: str | None = None,
    check: bool = True,
) -> Attendance:
    """An organiser checks a participant in; a participant checks themself in with the
    room's code. Twice is once."""
    programme = session.module.programme
    if participant.programme_id != programme.pk or participant.status != "accepted":
        raise TrainingError(
            gettext("%(name)s is not an accepted participant of %(programme)s")
            % {"name": participant.name, "programme": programme}
        )
    if code is None:
        if check:
            deny(policy.can_organise(user, programme), gettext("only organisers check others in"))
        method = "organiser"
    else:
        deny(
            policy.is_signed_in(user) and participant.user_id == user.pk,
            gettext("participants check themselves in"),
        )
        if not hmac.compare_digest(code.strip().upper(), room_code(session)):
            raise TrainingError(gettext("code: not the code shown in the room"))
        method = "code"
    found, _created = Attendance.objects.get_or_create(
        session=session, participant=participant, defaults={"method": method, "by": actor(user)}
    )
    return found


def attendance_percent(programme: Programme) -> dict[int, int]:
    """{participant id: share of the programme's sessions attended, in percent (floor)}."""
    total = Session.objects.filter(module__programme=programme).count()
    attended = dict(
        Participant.objects.filter(programme=programme, status="accepted")
        .annotate(n=Count("attendance", filter=Q(attendance__session__module__programme=programme)))
        .values_list("pk", "n")
    )
    return {pk: (100 * n // total if total else 0) for pk, n in attended.items()}


# -- certificates --------------------------------------------------------------------------


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def issue_certificates(
    user: Any, programme: Programme, on: dt.date | None = None, check: bool = True
) -> tuple[list[Certificate], list[tuple[Participant, int]]]:
    """Certificates for the accepted participants who met the attendance threshold; the
    others are listed with their attendance. Issuing again adds only the new ones."""
    if check:
        deny(
            policy.can_organise(user, programme),
            gettext("only the host's organisers issue certificates"),
        )
    shares = attendance_percent(programme)
    issued: list[Certificate] = []
    refused: list[tuple[Participant, int]] = []
    with transaction.atomic():
        for p in Participant.objects.filter(programme=programme, status="accepted"):
            share = shares.get(p.pk, 0)
            if share < programme.attendance_threshold:
                refused.append((p, share))
                continue
            if Certificate.objects.filter(participant=p).exists():
                continue
            issued.append(
                Certificate.objects.create(
                    participant=p,
                    code=_new_code(),
                    issued_on=on or timezone.localdate(),
                    attendance_percent=share,
                )
            )
    return issued, refused


def verify(code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("participant__programme__host", "participant__body")
        .filter(code=code.strip().upper())
        .first()
    )


# -- the certificate as a document ---------------------------------------------------------

CERTIFICATE_TEXT = {
    "en": {
        "title": "Certificate of completion",
        "awarded": "This certifies that",
        "of": "of",
        "completed": "completed the programme",
        "held": "held in {venue} from {start} to {end}, attending {share} % of its sessions.",
        "issued": "Issued on {date} by {host}.",
        "verify": "Verify this certificate at {url} (code {code}).",
    },
    "vi": {
        "title": "Giấy chứng nhận hoàn thành",
        "awarded": "Chứng nhận",
        "of": "thuộc",
        "completed": "đã hoàn thành chương trình",
        "held": "tổ chức tại {venue} từ {start} đến {end}, tham dự {share} % số buổi học.",
        "issued": "Cấp ngày {date}, {host}.",
        "verify": "Xác minh giấy chứng nhận tại {url} (mã {code}).",
    },
}


def can_read_certificate(user: Any, certificate: Certificate) -> bool:
    """Its holder and the programme's organisers; anyone else verifies it by its code."""
    participant = certificate.participant
    if policy.can_organise(user, participant.programme):
        return True
    return policy.is_signed_in(user) and participant.user_id == user.pk


def certificate_pdf(certificate: Certificate, language: str, verify_url: str) -> bytes:
    """One landscape A4 page in English or Vietnamese (DejaVu Sans carries both)."""
    from importlib import resources

    from fpdf import FPDF

    words = CERTIFICATE_TEXT["vi" if language == "vi" else "en"]
    p = certificate.participant
    programme = p.programme
    fonts = resources.files("harmonia.analytics") / "data" / "fonts"
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)

    def line(text: str, size: int, style: str = "", gap: float = 4) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(30)
    line(words["title"], 28, "B", 10)
    line(words["awarded"], 14)
    line(p.name, 24, "B")
    line(f"{words['of']} {name_of(p.body, language)}", 14, gap=8)
    line(words["completed"], 14)
    line(programme.title, 18, "B")
    line(
        words["held"].format(
            venue=programme.venue or name_of(programme.host, language),
            start=programme.starts_on.isoformat(),
            end=programme.ends_on.isoformat(),
            share=certificate.attendance_percent,
        ),
        12,
        gap=12,
    )
    line(
        words["issued"].format(date=certificate.issued_on.isoformat(), host=programme.host.name), 11
    )
    line(words["verify"].format(url=verify_url, code=certificate.code), 10)
    if p.demo:
        line("DEMO DATA — invented participant", 9)
    return bytes(pdf.output())


# -- after the programme: action plans and follow-ups --------------------------------------


def _may_plan(user: Any, participant: Participant) -> bool:
    return policy.can_organise(user, participant.programme) or (
        policy.is_signed_in(user) and participant.user_id == user.pk
    )


def add_action(
    user: Any, participant: Participant, *, action: str, owner: str, due: dt.date
) -> ActionItem:
    """An action of the participant's plan for their body (they, or an organiser)."""
    deny(
        _may_plan(user, participant),
        gettext("only the participant and the organisers plan actions"),
    )
    if participant.status != "accepted":
        raise TrainingError(
            gettext("%(name)s is not an accepted participant") % {"name": participant.name}
        )
    if not action.strip() or not owner.strip():
        raise TrainingError(gettext("action and owner: both required"))
    if due < participant.programme.ends_on:
        raise TrainingError(
            gettext("due: on or after the programme's end (%(ends_on)s)")
            % {"ends_on": participant.programme.ends_on}
        )
    return ActionItem.objects.create(
        participant=participant, action=action.strip()[:500], owner=owner.strip()[:200], due=due
    )


def follow_up_due(programme: Programme, month: int) -> dt.date:
    end = programme.ends_on
    year, m = divmod(end.month - 1 + month, 12)
    day = min(end.day, 28)
    return dt.date(end.year + year, m + 1, day)


def record_follow_up(
    user: Any,
    item: ActionItem,
    *,
    month: int,
    progress: int,
    note: str = "",
    today: dt.date | None = None,
) -> FollowUp:
    """Progress at the 3- or 6-month follow-up, open from its date on; recording it again
    corrects it."""
    participant = item.participant
    deny(_may_plan(user, participant), gettext("only the participant and the organisers follow up"))
    if month not in FollowUp.MONTHS:
        raise TrainingError(
            gettext("month: follow-ups are at %(values)s months")
            % {"values": " and ".join(map(str, FollowUp.MONTHS))}
        )
    if not 0 <= progress <= 100:
        raise TrainingError(gettext("progress: a percentage from 0 to 100"))
    opens = follow_up_due(participant.programme, month)
    if (today or timezone.localdate()) < opens:
        raise TrainingError(
            gettext("the %(month)s-month follow-up opens on %(opens)s")
            % {"month": month, "opens": opens}
        )
    found, _created = FollowUp.objects.update_or_create(
        item=item,
        month=month,
        defaults={
            "progress": progress,
            "note": note.strip()[:5000],
            "by": actor(user),
            "recorded_at": timezone.now(),
        },
    )
    return found


def follow_up_progress(programme: Programme) -> dict[int, list[int]]:
    """{months: the progress recorded at that follow-up for each action}, in one read."""
    out: dict[int, list[int]] = {month: [] for month in FollowUp.MONTHS}
    for month, progress in FollowUp.objects.filter(
        item__participant__programme=programme
    ).values_list("month", "progress"):
        out.setdefault(month, []).append(progress)
    return out


def plan_progress(
    programme: Programme, recorded: dict[int, list[int]] | None = None
) -> dict[int, float | None]:
    """{months: the mean progress recorded at that follow-up over all actions}."""
    recorded = recorded if recorded is not None else follow_up_progress(programme)
    return {
        month: sum(values) / len(values) if (values := recorded.get(month)) else None
        for month in FollowUp.MONTHS
    }
