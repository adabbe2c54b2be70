from __future__ import annotations

import random
from typing import Any

import pytest
from django.core.cache import cache

from harmonia.comments import services
from harmonia.comments.models import CommentSet

from ..ballots.conftest import Setup, make_setup

CLAUSES = ["", "1", "2", "3.1", "3.2", "3.10", "4", "4.1.2", "5.3", "6", "10", "A.1", "B.2"]
ELEMENTS = ["", "Table 1", "Figure 2", "Note 1", "Paragraph 3", "Bảng 2"]
TEXTS = [
    'Thuật ngữ "hệ thống quản lý chất lượng" cần được định nghĩa thống nhất với TCVN ISO 9000.',
    "The requirement duplicates 4.1; keep one of them.",
    "Đề nghị bổ sung yêu cầu về đánh giá rủi ro đối với nhà cung cấp bên ngoài.",
    'Typo: "organizaton".',
    "Line 1 of the reason.\nLine 2: see also Annex B.",
    "=SUM(A1:A9) is how the figure is computed; the text should say so.",
    "Cần làm rõ phạm vi áp dụng cho doanh nghiệp nhỏ và vừa (SME).",
    "Figure 2 is unreadable when printed in black and white.",
]
CHANGES = [
    "",
    'Replace "shall" by "should".',
    'Thay "phải" bằng "nên".',
    "Delete the paragraph.",
    'Thêm chú thích: "Áp dụng cho cả dịch vụ công."',
]


def fill(cs: CommentSet, author: Any, n: int = 50, seed: int = 7) -> list[Any]:
    """`n` real-looking comments (Vietnamese and English, every type, some resolved)."""
    rnd = random.Random(seed)
    made = []
    for i in range(n):
        c = services.add(
            author,
            cs,
            text=f"{rnd.choice(TEXTS)} ({i + 1})",
            type=rnd.choice(["ge", "te", "ed"]),
            clause=rnd.choice(CLAUSES),
            element=rnd.choice(ELEMENTS),
            line=str(rnd.randint(1, 900)) if rnd.random() < 0.8 else "",
            proposed_change=rnd.choice(CHANGES),
            member_body=rnd.choice(["VN", "TCVN/TC 176", "VN"]),
        )
        made.append(c)
    return made


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the process's cache: each test starts from none."""
    cache.clear()


@pytest.fixture
def setup(db) -> Setup:
    return make_setup()


@pytest.fixture
def draft(setup) -> CommentSet:
    return services.open_set(
        setup.secretary,
        body=setup.body,
        committee=setup.committee,
        reference="ISO/DIS 9001",
        title="Quality management systems — Requirements",
    )
