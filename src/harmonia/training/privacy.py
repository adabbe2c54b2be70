"""What capacity building keeps about a person who holds a participant's place, for the
"download my data" file: their nominations with the details given, attendance,
answers, feedback, action plans and certificates."""

from __future__ import annotations

from typing import Any

from .models import Participant


def personal_data(user: Any) -> list[dict[str, Any]]:
    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    out = []
    for p in (
        Participant.objects.filter(user=user)
        .select_related("programme", "body")
        .prefetch_related(
            "attendance__session", "assessments__module", "feedback__ratings__criterion",
            "feedback__session", "actions__follow_ups",
        )
    ):  # fmt: skip
        certificate = getattr(p, "certificate", None)
        out.append(
            {
                "programme": p.programme.title,
                "body": p.body.code,
                "status": p.status,
                "name": p.name,
                "position": p.position,
                "gender": p.gender,
                "email": p.email,
                "arrival": iso(p.arrival),
                "departure": iso(p.departure),
                "dietary": p.dietary,
                "accessibility": p.accessibility,
                "attended": [iso(a.session.starts_at) for a in p.attendance.all()],
                "assessments": [
                    {
                        "module": r.module.title,
                        "kind": r.kind,
                        "score": r.score,
                        "out_of": r.out_of,
                        "answers": r.answers,
                    }
                    for r in p.assessments.all()
                ],
                "feedback": [
                    {
                        "on": f.session.title if f.session else "the programme",
                        "ratings": {r.criterion.slug: r.value for r in f.ratings.all()},
                        "comment": f.comment,
                    }
                    for f in p.feedback.all()
                ],
                "actions": [
                    {
                        "action": a.action,
                        "owner": a.owner,
                        "due": iso(a.due),
                        "follow_ups": {f.month: f.progress for f in a.follow_ups.all()},
                    }
                    for a in p.actions.all()
                ],
                "certificate": certificate.code if certificate else None,
            }
        )
    return out
