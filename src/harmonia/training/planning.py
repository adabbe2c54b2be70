"""Setting a programme up and keeping its participants informed: the programme, its
partners and framework, modules and sessions, each session's materials, and
announcements (mailed to the accepted participants after the commit)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from harmonia.accounts import policy
from harmonia.catalogue.models import Body

from .models import (
    Announcement,
    Framework,
    Indicator,
    Material,
    Module,
    Participant,
    Partner,
    Programme,
    Question,
    Session,
)
from .services import TrainingError, actor, deny

# suffix -> (content type, leading bytes): what a session's material file may be.
MATERIAL_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
}


def create_programme(
    user: Any,
    host: Body,
    *,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    venue: str = "",
    time_zone: str = "Asia/Ho_Chi_Minh",
    languages: list[str] | None = None,
    nominations_close: dt.date | None = None,
    attendance_threshold: int = 80,
    framework: str = "",
) -> Programme:
    deny(
        policy.can_edit(user, host.pk),
        gettext("only %(host)s's editors create its programmes") % {"host": host},
    )
    if not title.strip():
        raise TrainingError(gettext("title: required"))
    if ends_on < starts_on:
        raise TrainingError(gettext("ends_on: on or after the first day"))
    if nominations_close and nominations_close > starts_on:
        raise TrainingError(gettext("nominations_close: on or before the first day"))
    if not 1 <= attendance_threshold <= 100:
        raise TrainingError(gettext("attendance_threshold: a percentage from 1 to 100"))
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise TrainingError(
            gettext("time_zone: %(time_zone)r is not a time zone") % {"time_zone": time_zone}
        ) from None
    frame = None
    if framework.strip():
        frame, _ = Framework.objects.get_or_create(name=framework.strip()[:300])
    return Programme.objects.create(
        title=title.strip()[:300],
        host=host,
        framework=frame,
        venue=venue.strip()[:300],
        time_zone=time_zone,
        starts_on=starts_on,
        ends_on=ends_on,
        languages=languages or ["en"],
        nominations_close=nominations_close,
        attendance_threshold=attendance_threshold,
    )


def add_partner(user: Any, programme: Programme, name: str, role: str = "") -> Partner:
    deny(policy.can_organise(user, programme), gettext("only the organisers add partners"))
    if not name.strip():
        raise TrainingError(gettext("partner: a name"))
    return Partner.objects.create(programme=programme, name=name.strip()[:300], role=role[:300])


def add_module(user: Any, programme: Programme, title: str) -> Module:
    deny(policy.can_organise(user, programme), gettext("only the organisers add modules"))
    if not title.strip():
        raise TrainingError(gettext("module: a title"))
    last = programme.modules.order_by("-position").values_list("position", flat=True).first()
    return Module.objects.create(
        programme=programme, position=(last or 0) + 1, title=title.strip()[:300]
    )


def add_session(
    user: Any,
    module: Module,
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: str = "",
    online_link: str = "",
    trainers: str = "",
) -> Session:
    """A session, its times read in the programme's time zone when they are naive."""
    programme = module.programme
    deny(policy.can_organise(user, programme), gettext("only the organisers add sessions"))
    zone = zoneinfo.ZoneInfo(programme.time_zone)
    starts_at, ends_at = (
        t if timezone.is_aware(t) else t.replace(tzinfo=zone) for t in (starts_at, ends_at)
    )
    if not title.strip():
        raise TrainingError(gettext("session: a title"))
    if ends_at <= starts_at:
        raise TrainingError(gettext("ends: after it starts"))
    day = starts_at.astimezone(zone).date()
    if not programme.starts_on <= day <= programme.ends_on:
        raise TrainingError(
            gettext("starts: within the programme (%(starts_on)s to %(ends_on)s)")
            % {"starts_on": programme.starts_on, "ends_on": programme.ends_on}
        )
    if online_link and not online_link.startswith("https://"):
        raise TrainingError(gettext("online link: an https:// address"))
    return Session.objects.create(
        module=module,
        title=title.strip()[:300],
        starts_at=starts_at,
        ends_at=ends_at,
        room=room.strip()[:200],
        online_link=online_link.strip()[:200],
        trainers=trainers.strip()[:300],
    )


def add_material(
    user: Any,
    session: Session,
    *,
    title: str,
    url: str = "",
    file_name: str = "",
    content: bytes = b"",
) -> Material:
    """A link or a file (PDF or an office file, its first bytes checked)."""
    deny(
        policy.can_organise(user, session.module.programme),
        gettext("only the organisers add materials"),
    )
    if not title.strip():
        raise TrainingError(gettext("material: a title"))
    if bool(url) == bool(content):
        raise TrainingError(gettext("material: a link or a file, one of the two"))
    content_type = ""
    if url and not url.startswith(("https://", "http://")):
        raise TrainingError(gettext("link: an http(s):// address"))
    if content:
        suffix = Path(file_name).suffix.lower()
        if suffix not in MATERIAL_TYPES:
            raise TrainingError(
                gettext("%(file_name)s: send a %(values)s file")
                % {"file_name": file_name, "values": ", ".join(MATERIAL_TYPES)}
            )
        content_type, magic = MATERIAL_TYPES[suffix]
        if not content.startswith(magic):
            raise TrainingError(
                gettext("%(file_name)s: the content is not a %(suffix)s file")
                % {"file_name": file_name, "suffix": suffix}
            )
        if len(content) > settings.UPLOAD_MAX_BYTES:
            raise TrainingError(
                gettext("%(file_name)s: larger than %(value)s MiB")
                % {"file_name": file_name, "value": settings.UPLOAD_MAX_BYTES // 2**20}
            )
    return Material.objects.create(
        session=session,
        title=title.strip()[:300],
        url=url[:200],
        content=content,
        file_name=Path(file_name).name[:200],
        content_type=content_type,
    )


def can_read_materials(user: Any, programme: Programme) -> bool:
    """The organisers and the accepted participants."""
    if policy.can_organise(user, programme):
        return True
    return (
        policy.is_signed_in(user)
        and Participant.objects.filter(programme=programme, user=user, status="accepted").exists()
    )


def announce(user: Any, programme: Programme, *, title: str, text: str, mail: bool) -> Announcement:
    """An announcement on the programme's page; with `mail`, each accepted participant
    gets it by e-mail once the announcement is saved."""
    deny(policy.can_organise(user, programme), gettext("only the organisers make announcements"))
    if not title.strip() or not text.strip():
        raise TrainingError(gettext("announcement: a title and a text"))
    with transaction.atomic():
        item = Announcement.objects.create(
            programme=programme,
            title=title.strip()[:300],
            text=text.strip()[:20_000],
            by=actor(user),
        )
        if mail:
            to = list(
                Participant.objects.filter(programme=programme, status="accepted").values_list(
                    "email", flat=True
                )
            )
            item.mailed = len(to)
            item.save(update_fields=["mailed"])
            subject = f"{programme.title}: {item.title}"
            body = f"{item.text}\n\n— {programme.host.name}\n"
            transaction.on_commit(
                lambda: send_mass_mail([(subject, body, None, [address]) for address in to])
            )
    return item


# What the set-up page may remove, and when it may not (the record it would break).
REMOVABLE: dict[str, tuple[type[Any], str]] = {
    "partner": (Partner, "programme"),
    "indicator": (Indicator, "programme"),
    "announcement": (Announcement, "programme"),
    "material": (Material, "session__module__programme"),
    "question": (Question, "module__programme"),
    "session": (Session, "module__programme"),
    "module": (Module, "programme"),
}


def _in_use(kind: str, item: Any) -> str | None:
    if kind == "question" and item.module.responses.exists():
        return "its module's assessments have answers: scores would no longer compare"
    if kind == "session" and (item.attendance.exists() or item.feedback.exists()):
        return "it has attendance or feedback"
    if kind == "module" and (item.sessions.exists() or item.questions.exists()):
        return "it has sessions or questions: remove them first"
    return None


def remove(user: Any, programme: Programme, kind: str, pk: int) -> str:
    """Remove one item of the programme's set-up, unless records depend on it."""
    deny(policy.can_organise(user, programme), gettext("only the organisers change the set-up"))
    if kind not in REMOVABLE:
        raise TrainingError(gettext("%(kind)r: not something the set-up removes") % {"kind": kind})
    model, path = REMOVABLE[kind]
    item = model.objects.filter(pk=pk, **{path: programme}).first()
    if item is None:
        raise TrainingError(
            gettext("%(kind)s %(pk)s: not in this programme") % {"kind": kind, "pk": pk}
        )
    reason = _in_use(kind, item)
    if reason:
        raise TrainingError(
            gettext("%(item)s: not removed, %(reason)s") % {"item": item, "reason": reason}
        )
    name = str(item)
    item.delete()
    return name
