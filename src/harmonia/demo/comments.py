"""Demo comments and public enquiries for Vietnam's body: the experts' comments on the
ISO/DIS the body positions itself on (partly compiled: accepted, merged, left out,
some resolved), comments on a national draft, an open public enquiry with its draft
as a PDF and public comments (some shown with the secretariat's response), and a
closed one. Invented, labelled demo, from a fixed seed; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from importlib import resources
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from harmonia.catalogue.models import Body, Committee

SEED = 2027
EXPERT_COMMENTS = [
    ("3.1", "", "te", "Định nghĩa \"bên quan tâm\" chưa thống nhất với TCVN ISO 9000:2015.",
     "Dẫn chiếu định nghĩa 3.2.3 của TCVN ISO 9000:2015."),
    ("4.1", "", "ge", "Cần nêu rõ hơn việc xem xét biến đổi khí hậu trong bối cảnh tổ chức.",
     "Bổ sung chú thích về biến đổi khí hậu."),
    ("4.1", "", "ge", "Yêu cầu về biến đổi khí hậu cần có hướng dẫn áp dụng cho doanh nghiệp nhỏ.",
     ""),
    ("5.1.2", "", "te", "The customer focus requirements duplicate 9.1.2.",
     "Move the second bullet to 9.1.2."),
    ("6.1", "Note 2", "ed", "\"organizaton\" should read \"organization\".",
     "Correct the spelling."),
    ("6.3", "", "te", "Thay đổi hệ thống cần được lập kế hoạch cả về nguồn lực tài chính.",
     "Thêm điểm e) nguồn lực tài chính."),
    ("7.1.5", "Table 1", "te", "Bảng 1 thiếu cột về tần suất hiệu chuẩn.",
     "Bổ sung cột \"tần suất\"."),
    ("7.2", "", "ge", "Năng lực của nhân sự thuê ngoài chưa được đề cập.", ""),
    ("8.4.1", "", "te", "Externally provided processes should include cloud services.",
     "Add \"including information technology services\"."),
    ("8.5.1", "Figure 2", "ed", "Hình 2 khó đọc khi in đen trắng.", "Dùng ký hiệu thay cho màu."),
    ("9.2.2", "", "te", "Đánh giá nội bộ từ xa cần được thừa nhận rõ ràng.",
     "Bổ sung \"kể cả đánh giá từ xa\"."),
    ("10.2", "", "ge", "Nonconformity and corrective action: the text is clear.", ""),
    ("A.1", "", "ed", "Phụ lục A nên sắp xếp theo thứ tự các điều.", ""),
    ("", "", "ge", "Dự thảo nên có bản dịch tiếng Việt của thuật ngữ mới.", ""),
]  # fmt: skip
PUBLIC_COMMENTS = [
    ("Nguyễn Thị Hoa", "Hiệp hội Doanh nghiệp nhỏ và vừa", "4.3", "ge",
     "Phạm vi áp dụng nên có hướng dẫn cho cơ sở sản xuất nhỏ.", "Thêm Phụ lục hướng dẫn.",
     "accepted-in-principle", "Sẽ bổ sung hướng dẫn trong TCVN riêng."),
    ("Trần Văn Đức", "Công ty Môi trường Xanh", "6.1.2", "te",
     "Cần bổ sung khía cạnh môi trường của chuỗi cung ứng.", "Thêm 6.1.2 c).",
     "accepted", "Đã bổ sung vào 6.1.2 c)."),
    ("Lê Minh", "", "8.2", "te", "Yêu cầu ứng phó tình trạng khẩn cấp nên có diễn tập định kỳ.",
     "", "noted", "Đã có trong 8.2 d)."),
    ("Phạm Thu", "Trường Đại học Bách khoa", "", "ed", "Một số thuật ngữ chưa thống nhất.", "",
     "", ""),
]  # fmt: skip


def _draft_pdf(reference: str, title: str, scope: str) -> bytes:
    from fpdf import FPDF

    fonts = resources.files("harmonia.analytics") / "data" / "fonts"
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(0, 8, f"{reference}\n{title}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, f"DỰ THẢO — DỮ LIỆU MINH HỌA (demo data)\n\n1 Phạm vi áp dụng\n{scope}")
    return bytes(pdf.output())


def load_demo_comments(today: dt.date | None = None) -> str:
    from harmonia.ballots.models import Ballot
    from harmonia.comments import enquiry as enquiries
    from harmonia.comments import services
    from harmonia.comments.models import Comment, CommentSet
    from harmonia.projects.models import Project

    body = Body.objects.filter(country_code="VN", kind="national").first()
    users = get_user_model().objects
    secretary = users.filter(username="demo-vn-secretary").first()
    if body is None or secretary is None:
        return "demo comments: load the demo work programme first"
    if CommentSet.objects.filter(body=body, demo=True).exists():
        return "demo comments: already loaded"
    rng = random.Random(SEED)
    now = timezone.now()

    def experts_of(committee: Committee) -> list[Any]:
        from harmonia.accounts.models import CommitteeMembership

        held = CommitteeMembership.objects.filter(
            committee=committee, user__username__startswith="demo-vn-expert"
        ).exclude(role_id="observer")
        return [m.user for m in held.select_related("user").order_by("user__username")]

    tc176 = Committee.objects.get(reference="TCVN/TC 176")
    sets = []
    with transaction.atomic():
        position = Ballot.objects.filter(body=body, reference="ISO-TC176-DIS-POS").first()
        iso_draft = services.open_set(
            secretary,
            body=body,
            committee=tc176,
            reference="ISO/DIS 9001",
            title="Quality management systems — Requirements",
            closes_at=position.closes_at if position else now + dt.timedelta(days=20),
            ballot=position,
        )
        sets.append(iso_draft)
        made = []
        experts = experts_of(tc176)
        for i, (clause, element, kind, text, change) in enumerate(EXPERT_COMMENTS):
            c = services.add(
                experts[i % len(experts)],
                iso_draft,
                text=text,
                type=kind,
                clause=clause,
                element=element,
                line=str(rng.randint(40, 900)) if clause else "",
                proposed_change=change,
            )
            made.append(c)
        # The secretary has started compiling: the body's comments take shape.
        for c in made[:9]:
            services.decide(secretary, c, "accepted")
        services.decide(secretary, made[2], "merged", merged_into=made[1])
        services.decide(secretary, made[11], "rejected")
        services.resolve(secretary, made[4], "accepted", "")

        national = (
            Project.objects.filter(body=body, demo=True, stage__code__startswith="40")
            .order_by("reference")
            .first()
        )
        if national is not None:
            nat = services.open_set(
                secretary,
                body=body,
                committee=national.committee,
                reference=f"DT {national.identifier}",
                title=national.title,
                closes_at=now + dt.timedelta(days=9),
                project=national,
            )
            sets.append(nat)
            experts = experts_of(national.committee)
            for i, (clause, element, kind, text, change) in enumerate(EXPERT_COMMENTS[:6]):
                services.add(
                    experts[i % len(experts)], nat, text=text, type=kind, clause=clause,
                    element=element, proposed_change=change,
                )  # fmt: skip

        scope = (
            "Tiêu chuẩn này quy định các yêu cầu đối với hệ thống quản lý môi trường mà tổ chức "
            "có thể sử dụng để nâng cao kết quả hoạt động môi trường."
        )
        opened = []
        for ref, title, opens, closes, shown in [
            ("DT TCVN 14001:2027", "Hệ thống quản lý môi trường — Các yêu cầu và hướng dẫn sử dụng",
             now - dt.timedelta(days=20), now + dt.timedelta(days=40), True),
            ("DT TCVN 14004:2026", "Hệ thống quản lý môi trường — Hướng dẫn chung",
             now - dt.timedelta(days=120), now - dt.timedelta(days=60), True),
        ]:  # fmt: skip
            e = enquiries.open_enquiry(
                secretary,
                body=body,
                committee=Committee.objects.filter(reference="TCVN/TC 207").first(),
                reference=ref,
                title=title,
                scope=scope,
                opens_at=opens,
                closes_at=closes,
                draft=_draft_pdf(ref, title, scope),
                draft_name=ref.replace(" ", "_").replace(":", "-") + ".pdf",
            )
            e.demo = True
            e.save(update_fields=["demo"])
            opened.append(e)
            cs = e.comment_set
            sets.append(cs)
            for k, (name, org, clause, kind, text, change, res, obs) in enumerate(PUBLIC_COMMENTS):
                c = Comment.objects.create(
                    comment_set=cs,
                    position=k + 1,
                    member_body=body.country_code,
                    clause=clause,
                    type_id=kind,
                    text=text,
                    proposed_change=change,
                    author_label=f"{name} ({org})" if org else name,
                    source="public",
                    created_at=opens + dt.timedelta(days=2 + k),
                )
                if res and shown:
                    services.decide(secretary, c, "accepted" if res != "noted" else "rejected")
                    services.resolve(secretary, c, res, obs)
                    services.set_public(secretary, c, True)
        CommentSet.objects.filter(pk__in=[s.pk for s in sets]).update(demo=True)
    total = Comment.objects.filter(comment_set__in=sets).count()
    return (
        f"demo comments (invented): {len(sets)} drafts under comment, {total} comments, "
        f"{len(opened)} public enquiries ({sum(e.is_open() for e in opened)} open)"
    )
