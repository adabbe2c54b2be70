"""Vietnamese translations of the interface, applied to locale/vi/LC_MESSAGES/django.po.

    python scripts/vi_translations.py   (then: make messages)

Kept as a table so a reviewer can read English and Vietnamese side by side; a string
without a translation here makes the i18n test fail.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "src/harmonia/locale/vi/LC_MESSAGES/django.po"

VI = {
    "All results": "Tất cả kết quả",
    "Nothing found.": "Không tìm thấy kết quả.",
    "previous": "trước",
    "page %(page)s of %(pages)s": "trang %(page)s / %(pages)s",
    "next": "sau",
    "Identifier, title words or URN": "Số hiệu, từ trong tên hoặc URN",
    "ISO 9001, quality management, chất lượng…": "ISO 9001, quản lý chất lượng, quality…",
    "Sort": "Sắp xếp",
    "relevance": "mức độ phù hợp",
    "newest first": "mới nhất trước",
    "oldest first": "cũ nhất trước",
    "ICS field": "Lĩnh vực ICS",
    "Search standards…": "Tìm tiêu chuẩn…",
    "Coverage in this scope: %(adopted)s of %(total)s current international documents adopted (any edition).": "Mức độ bao phủ trong phạm vi này: %(adopted)s trên %(total)s tài liệu quốc tế hiện hành đã được chấp nhận (bất kỳ lần ban hành nào).",
    "Sign in": "Đăng nhập",
    "Sign out": "Đăng xuất",
    "User name": "Tên người dùng",
    "Password": "Mật khẩu",
    "Your user name and password did not match. Please try again.": "Tên người dùng và mật khẩu không khớp. Vui lòng thử lại.",
    "derived from the identifier": "suy ra từ ký hiệu",
    "proposed by the matcher": "do bộ đối chiếu đề xuất",
    "entered by an editor": "do biên tập viên nhập",
    "confirmed": "đã xác nhận",
    "proposed": "được đề xuất",
    "rejected": "bị từ chối",
    "Review queue": "Hàng chờ xét duyệt",
    "Proposed adoption links": "Các liên kết chấp nhận được đề xuất",
    "The matcher proposes the international document a national one corresponds to, from its number, English title, ICS and year. Confirm a proposal with its degree of correspondence, or reject it; every decision is kept with your name.": "Bộ đối chiếu đề xuất tài liệu quốc tế tương ứng với một tài liệu quốc gia, dựa trên số hiệu, tên tiếng Anh, mã ICS và năm. Hãy xác nhận đề xuất kèm mức độ tương đương, hoặc từ chối; mọi quyết định đều được lưu kèm tên của bạn.",
    "You are not an editor of any body.": "Bạn chưa là biên tập viên của tổ chức nào.",
    "National document": "Tài liệu quốc gia",
    "Proposed international document": "Tài liệu quốc tế được đề xuất",
    "Score": "Điểm",
    "Decision": "Quyết định",
    "Degree": "Mức độ tương đương",
    "Method": "Phương pháp",
    "method…": "phương pháp…",
    "Confirm": "Xác nhận",
    "Reject": "Từ chối",
    "Nothing to review.": "Không có gì cần xét duyệt.",
    "Demo data": "Dữ liệu minh họa",
    "This national catalogue is invented by Harmonia's demo generator: it adopts real ISO documents, but its national documents, numbers and dates are not real.": "Danh mục quốc gia này do bộ sinh dữ liệu minh họa của Harmonia tạo ra: các tài liệu ISO được chấp nhận là thật, nhưng tài liệu quốc gia, số hiệu và ngày tháng không có thật.",
    "National": "Quốc gia",
    "Adopts": "Chấp nhận",
    "Current international": "Bản quốc tế hiện hành",
    "Reason": "Lý do",
    "Since": "Từ",
    "Days": "Số ngày",
    "revised": "đã soát xét",
    "amended": "đã sửa đổi",
    "No outdated adoption.": "Không có tiêu chuẩn chấp nhận nào lạc hậu.",
    "Harmonization": "Hài hòa",
    "harmonization rate": "tỷ lệ hài hòa",
    "current documents": "tài liệu hiện hành",
    "identical": "tương đương hoàn toàn",
    "modified": "có sửa đổi",
    "not equivalent": "không tương đương",
    "coverage of current ISO/IEC standards": "mức độ bao phủ các tiêu chuẩn ISO/IEC hiện hành",
    "outdated adoptions": "tiêu chuẩn chấp nhận lạc hậu",
    "Harmonization rate: current national documents adopting an international one (IDT or MOD, confirmed links) over all current national documents. Coverage: current ISO/IEC documents whose work the body adopted, in any edition.": "Tỷ lệ hài hòa: số tài liệu quốc gia hiện hành chấp nhận một tài liệu quốc tế (IDT hoặc MOD, liên kết đã xác nhận) trên tổng số tài liệu quốc gia hiện hành. Mức độ bao phủ: các tài liệu ISO/IEC hiện hành mà tổ chức đã chấp nhận, ở bất kỳ lần ban hành nào.",
    "Download": "Tải xuống",
    "report (PDF)": "báo cáo (PDF)",
    "Documents by degree of correspondence": "Tài liệu theo mức độ tương đương",
    "By year of publication": "Theo năm công bố",
    "Outdated adoptions": "Tiêu chuẩn chấp nhận lạc hậu",
    "By ICS field": "Theo lĩnh vực ICS",
    "Field": "Lĩnh vực",
    "Current": "Hiện hành",
    "Adopting": "Có chấp nhận",
    "Rate": "Tỷ lệ",
    "By committee": "Theo ban kỹ thuật",
    "Uptake: management-system certificates": "Mức độ áp dụng: chứng chỉ hệ thống quản lý",
    "Valid certificates in %(country)s per year (ISO Survey, 1993–2020, via StanDat), beside the national adoption of each standard.": "Số chứng chỉ còn hiệu lực tại %(country)s theo năm (ISO Survey, 1993–2020, qua StanDat), bên cạnh việc chấp nhận từng tiêu chuẩn ở cấp quốc gia.",
    "National adoption": "Chấp nhận ở cấp quốc gia",
    "not adopted": "chưa chấp nhận",
    "Gaps": "Khoảng trống",
    "Current international standards not adopted, ranked by the network": "Các tiêu chuẩn quốc tế hiện hành chưa được chấp nhận, xếp hạng theo mạng lưới",
    "Gap analysis": "Phân tích khoảng trống",
    "ICS fields (e.g. 03.120 13.020)": "Lĩnh vực ICS (ví dụ 03.120 13.020)",
    "Show": "Hiển thị",
    "Ranked by how many bodies of the network adopted them": "Xếp hạng theo số tổ chức trong mạng lưới đã chấp nhận",
    "Adopted by": "Được chấp nhận bởi",
    "Harmonization of national catalogues": "Mức độ hài hòa của các danh mục quốc gia",
    "How far each national catalogue adopts international standards (ISO/IEC Guide 21-1: IDT and MOD are adoptions, NEQ is not), which adoptions are out of date, and what a network of bodies has adopted.": "Mỗi danh mục quốc gia chấp nhận tiêu chuẩn quốc tế đến đâu (ISO/IEC Guide 21-1: IDT và MOD là chấp nhận, NEQ thì không), tiêu chuẩn chấp nhận nào đã lạc hậu, và một mạng lưới các tổ chức đã chấp nhận những gì.",
    "Networks": "Mạng lưới",
    "demo data": "dữ liệu minh họa",
    "No network yet.": "Chưa có mạng lưới nào.",
    "National and regional catalogues": "Danh mục quốc gia và khu vực",
    "Country": "Quốc gia",
    "No national catalogue imported yet: harmonia import national --body CODE FILE": "Chưa nhập danh mục quốc gia nào: harmonia import national --body MÃ TỆP",
    "Catalogue template (CSV)": "Mẫu danh mục (CSV)",
    "Catalogue template (Excel)": "Mẫu danh mục (Excel)",
    "The members are real bodies; their national catalogues are invented.": "Các thành viên là tổ chức có thật; danh mục quốc gia của họ là dữ liệu giả định.",
    "Harmonization rate of each member": "Tỷ lệ hài hòa của từng thành viên",
    "Adopted by most members": "Được nhiều thành viên chấp nhận nhất",
    "Members adopted different editions": "Các thành viên chấp nhận những lần ban hành khác nhau",
    "Adoption matrix": "Ma trận chấp nhận",
    "Each cell: degree of the member's adoption; an older edition than the current one is marked ◷ (hover for the edition).": "Mỗi ô: mức độ tương đương của tiêu chuẩn thành viên chấp nhận; lần ban hành cũ hơn bản hiện hành được đánh dấu ◷ (di chuột để xem).",
    "International standard": "Tiêu chuẩn quốc tế",
    "Current national documents whose adopted international edition has been replaced by a newer edition (revised), withdrawn without replacement (withdrawn), or has gained amendments or corrigenda the national document does not adopt (amended). This list feeds the review plan.": "Các tài liệu quốc gia hiện hành có bản quốc tế được chấp nhận đã bị thay thế bằng lần ban hành mới hơn (đã soát xét), bị hủy bỏ mà không thay thế (hủy bỏ), hoặc đã có sửa đổi hay đính chính mà tài liệu quốc gia chưa chấp nhận (đã sửa đổi). Danh sách này là đầu vào của kế hoạch rà soát.",
    "published": "công bố",
    "adopting": "có chấp nhận",
    "harmonization rate (cumulative)": "tỷ lệ hài hòa (lũy kế)",
    "no international counterpart": "không có tài liệu quốc tế tương ứng",
    "certificates": "chứng chỉ",
    "Harmonization report": "Báo cáo hài hòa tiêu chuẩn",
    "Demo data: this national catalogue is invented.": "Dữ liệu minh họa: danh mục quốc gia này là giả định.",
    "Harmonization rate": "Tỷ lệ hài hòa",
    "no link": "chưa liên kết",
    "Coverage of current international standards": "Mức độ bao phủ các tiêu chuẩn quốc tế hiện hành",
    "Adopted": "Được chấp nhận",
    "harmonization rate (%)": "tỷ lệ hài hòa (%)",
    "This national document is invented by the demo generator.": "Tài liệu quốc gia này do bộ sinh dữ liệu minh họa tạo ra.",
    "Real record": "Bản ghi thật",
    "National and regional adoptions": "Chấp nhận ở cấp quốc gia và khu vực",
    "Accounts": "Tài khoản",
    "membership": "thành viên",
    "Catalogue": "Danh mục",
    "stage": "giai đoạn",
    "sub-stage": "giai đoạn con",
    "international": "quốc tế",
    "regional": "khu vực",
    "national": "quốc gia",
    "other": "khác",
    "bodies": "tổ chức",
    "imported": "nhập từ nguồn",
    "entered": "nhập tay",
    "inferred": "suy luận",
    "Pages": "Trang",
    "Previous": "Trước",
    "Page %(n)s of %(total)s": "Trang %(n)s / %(total)s",
    "Next": "Tiếp",
    "%(shown)s document": "%(shown)s tài liệu",
    "Identifier": "Ký hiệu",
    "Title": "Tên",
    "Type": "Loại",
    "Stage": "Giai đoạn",
    "No documents match.": "Không có tài liệu phù hợp.",
    "Committees": "Ban kỹ thuật",
    "Body": "Tổ chức",
    "Committee": "Ban kỹ thuật",
    "Documents": "Tài liệu",
    "Status": "Tình trạng",
    "not stated": "không ghi",
    "Publisher": "Nhà xuất bản",
    "Edition": "Lần ban hành",
    "Date": "Ngày",
    "Languages": "Ngôn ngữ",
    "Supplement to": "Bổ sung cho",
    "not in the catalogue": "không có trong danh mục",
    "Titles": "Tên gọi",
    "Title parts": "Các phần của tên",
    "Identifiers": "Các ký hiệu",
    "primary": "chính",
    "Classification (ICS)": "Phân loại (ICS)",
    "Editions and supplements": "Các lần ban hành và bổ sung",
    "Replaces": "Thay thế cho",
    "Replaced or revised by": "Được thay thế hoặc soát xét bởi",
    "Amendments and corrigenda": "Sửa đổi và đính chính",
    "No other editions or supplements are recorded.": (
        "Không ghi nhận lần ban hành hoặc bổ sung nào khác."
    ),
    "Other relations": "Quan hệ khác",
    "Links": "Liên kết",
    "Identifier or title": "Ký hiệu hoặc tên",
    "all": "tất cả",
    "current": "hiện hành",
    "under development": "đang xây dựng",
    "no stage": "chưa có giai đoạn",
    "withdrawn": "đã hủy bỏ",
    "ICS": "ICS",
    "Year": "Năm",
    "Filter": "Lọc",
    "Reset": "Xóa bộ lọc",
    "Home": "Trang chủ",
    "Standards catalogue": "Danh mục tiêu chuẩn",
    "Harmonia keeps the international catalogue a national standards body works with: "
    "ISO, IEC and national standards, their editions, amendments and classification.": (
        "Harmonia lưu giữ danh mục tiêu chuẩn quốc tế mà cơ quan tiêu chuẩn quốc gia sử dụng: "
        "tiêu chuẩn ISO, IEC và tiêu chuẩn quốc gia, các lần ban hành, sửa đổi và phân loại."
    ),
    "Find a standard by identifier or title": "Tìm tiêu chuẩn theo ký hiệu hoặc tên",
    "Search": "Tìm kiếm",
    "documents": "tài liệu",
    "ICS codes": "mã ICS",
    "committees": "ban kỹ thuật",
    "Publishers": "Nhà xuất bản",
    "International Classification for Standards": "Khung phân loại tiêu chuẩn quốc tế",
    "English": "Tiếng Anh",
    "Vietnamese": "Tiếng Việt",
    "API": "API",
    "Language": "Ngôn ngữ",
    "Change": "Đổi",
    "Catalogue data: ISO, IEC and JIS public catalogues in Relaton form; ICS from ISO Open Data.": (
        "Dữ liệu danh mục: danh mục công khai của ISO, IEC và JIS ở dạng Relaton; "
        "ICS từ ISO Open Data."
    ),
    "Staff sign-in": "Đăng nhập cho cán bộ",
    "Publisher's catalogue page": "Trang danh mục của nhà xuất bản",
    "Online Browsing Platform (OBP)": "Nền tảng tra cứu trực tuyến (OBP)",
    "Published": "Ngày xuất bản",
    "Corrected": "Ngày đính chính",
    "Issued": "Ngày ban hành",
    "Confirmed": "Ngày xác nhận",
    "Obsoleted": "Ngày hết hiệu lực",
    "Stable-until": "Ổn định đến",
    "Circulated": "Ngày phát hành dự thảo",
    "Updated": "Ngày cập nhật",
    "Created": "Ngày tạo",
    "Implemented": "Ngày áp dụng",
    # document types
    "International Standard": "Tiêu chuẩn quốc tế",
    "Technical Specification": "Quy định kỹ thuật",
    "Technical Report": "Báo cáo kỹ thuật",
    "Publicly Available Specification": "Quy định công khai",
    "Guide": "Hướng dẫn",
    "International Workshop Agreement": "Thỏa thuận hội thảo quốc tế",
    "Directives": "Chỉ thị",
    "Amendment": "Sửa đổi",
    "Technical Corrigendum": "Đính chính kỹ thuật",
    "System Reference Deliverable": "Tài liệu tham chiếu hệ thống",
    "International Standardized Profile": "Hồ sơ tiêu chuẩn hóa quốc tế",
    "Technology Trends Assessment": "Đánh giá xu hướng công nghệ",
    "Japanese Industrial Standard": "Tiêu chuẩn công nghiệp Nhật Bản",
    "National Standard": "Tiêu chuẩn quốc gia",
    "Standard": "Tiêu chuẩn",
    "Other deliverable": "Tài liệu khác",
    "White Paper": "Sách trắng",
    "Technical Committee document": "Tài liệu của ban kỹ thuật",
    "Standardization Trends Technical Report": "Báo cáo kỹ thuật về xu hướng tiêu chuẩn hóa",
    "Test Method and Operating Procedure": "Phương pháp thử và quy trình vận hành",
    # harmonized stage codes
    "Proposal for new project received": "Đã nhận đề xuất dự án mới",
    "Proposal for new project under review": "Đề xuất dự án mới đang được xem xét",
    "Close of review": "Kết thúc xem xét",
    "Proposal for new project abandoned": "Đề xuất dự án mới bị hủy",
    "Approval to ballot proposal for new project": "Chấp thuận bỏ phiếu đề xuất dự án mới",
    "Proposal for new project registered": "Đề xuất dự án mới đã được đăng ký",
    "New project ballot initiated": "Bắt đầu bỏ phiếu dự án mới",
    "Close of voting": "Kết thúc bỏ phiếu",
    "Proposal returned to submitter for further definition": (
        "Đề xuất được trả lại để làm rõ thêm"
    ),
    "New project rejected": "Dự án mới bị bác bỏ",
    "New project approved": "Dự án mới được chấp thuận",
    "New project registered in TC/SC work programme": (
        "Dự án mới được đưa vào chương trình công tác của TC/SC"
    ),
    "Working draft (WD) study initiated": "Bắt đầu nghiên cứu dự thảo làm việc (WD)",
    "Close of comment period": "Kết thúc thời hạn góp ý",
    "Project deleted": "Dự án bị xóa",
    "WD approved for registration as CD": "WD được chấp thuận đăng ký làm CD",
    "Committee draft (CD) registered": "Dự thảo ban kỹ thuật (CD) đã được đăng ký",
    "CD consultation initiated": "Bắt đầu lấy ý kiến CD",
    "CD referred back to Working Group": "CD được chuyển lại nhóm công tác",
    "Project cancelled": "Dự án bị hủy",
    "CD approved for registration as DIS": "CD được chấp thuận đăng ký làm DIS",
    "DIS registered": "DIS đã được đăng ký",
    "DIS ballot initiated: 12 weeks": "Bắt đầu bỏ phiếu DIS: 12 tuần",
    "Full report circulated: DIS referred back to TC or SC": (
        "Đã gửi báo cáo đầy đủ: DIS được chuyển lại TC hoặc SC"
    ),
    "Full report circulated: decision for new DIS ballot": (
        "Đã gửi báo cáo đầy đủ: quyết định bỏ phiếu DIS mới"
    ),
    "Full report circulated: DIS approved for registration as FDIS": (
        "Đã gửi báo cáo đầy đủ: DIS được chấp thuận đăng ký làm FDIS"
    ),
    "Final text received or FDIS registered for formal approval": (
        "Đã nhận văn bản cuối cùng hoặc FDIS được đăng ký để phê duyệt chính thức"
    ),
    "Proof sent to secretariat or FDIS ballot initiated: 8 weeks": (
        "Bản in thử đã gửi ban thư ký hoặc bắt đầu bỏ phiếu FDIS: 8 tuần"
    ),
    "Close of voting. Proof returned by secretariat": (
        "Kết thúc bỏ phiếu. Ban thư ký đã gửi lại bản in thử"
    ),
    "FDIS or proof referred back to TC or SC": "FDIS hoặc bản in thử được chuyển lại TC hoặc SC",
    "FDIS or proof approved for publication": "FDIS hoặc bản in thử được chấp thuận để xuất bản",
    "International Standard under Publication": "Tiêu chuẩn quốc tế đang được xuất bản",
    "International Standard published": "Tiêu chuẩn quốc tế đã được xuất bản",
    "International Standard under systematic review": (
        "Tiêu chuẩn quốc tế đang được xem xét định kỳ"
    ),
    "International Standard to be revised": "Tiêu chuẩn quốc tế sẽ được soát xét",
    "International Standard confirmed": "Tiêu chuẩn quốc tế được xác nhận",
    "Withdrawal of International Standard proposed by TC or SC": (
        "TC hoặc SC đề xuất hủy bỏ tiêu chuẩn quốc tế"
    ),
    "Withdrawal ballot initiated": "Bắt đầu bỏ phiếu hủy bỏ",
    "Decision not to withdraw International Standard": (
        "Quyết định không hủy bỏ tiêu chuẩn quốc tế"
    ),
    "Withdrawal of International Standard": "Hủy bỏ tiêu chuẩn quốc tế",
    # accounts, permissions and security (issue 6)
    "Six-digit code": "Mã sáu chữ số",
    "Name": "Tên",
    "Scopes": "Phạm vi quyền",
    "Valid for (days)": "Hiệu lực (ngày)",
    "E-mail": "Thư điện tử",
    "Role": "Vai trò",
    "Password again": "Nhập lại mật khẩu",
    "The two passwords differ.": "Hai mật khẩu không khớp.",
    "Invitation": "Lời mời",
    "This invitation is not valid: it was used, revoked or has expired. Ask the body's administrator for a new one.": "Lời mời này không còn hiệu lực: đã được dùng, bị thu hồi hoặc đã hết hạn. Hãy đề nghị quản trị viên của tổ chức gửi lời mời mới.",
    "Join %(body)s as %(role)s": "Tham gia %(body)s với vai trò %(role)s",
    "Create my account": "Tạo tài khoản của tôi",
    "Audit trail": "Nhật ký kiểm tra",
    "Every change to the bodies you administer: who, when, what, with the values before and after. The trail is append-only: nobody can change or delete an entry.": "Mọi thay đổi tại các tổ chức bạn quản trị: ai, khi nào, thay đổi gì, cùng giá trị trước và sau. Nhật ký chỉ được ghi thêm: không ai có thể sửa hay xóa một mục.",
    "Action": "Thao tác",
    "Object type": "Loại đối tượng",
    "When": "Thời điểm",
    "Who": "Người thực hiện",
    "Object": "Đối tượng",
    "Before": "Trước",
    "After": "Sau",
    "Nothing on record.": "Chưa có mục nào.",
    "Forgot your password?": "Quên mật khẩu?",
    "My account": "Tài khoản của tôi",
    "no e-mail address": "chưa có địa chỉ thư điện tử",
    "Change password": "Đổi mật khẩu",
    "Two-factor sign-in: on": "Đăng nhập hai lớp: đang bật",
    "Two-factor sign-in: off": "Đăng nhập hai lớp: đang tắt",
    "API tokens": "Khóa truy cập API",
    "Download my data": "Tải xuống dữ liệu của tôi",
    "Bodies": "Tổ chức",
    "You belong to no body.": "Bạn chưa thuộc tổ chức nào.",
    "Administration": "Quản trị",
    "People of %(body)s": "Thành viên của %(body)s",
    "no role (remove from the body)": "không có vai trò (loại khỏi tổ chức)",
    "Remove person (keep their past work, pseudonymized)": "Xóa người dùng (giữ lại công việc đã làm dưới tên ẩn danh)",
    "Invite someone": "Mời thành viên",
    "Send invitation": "Gửi lời mời",
    "Open invitations": "Lời mời đang chờ",
    "revoked": "đã thu hồi",
    "until %(d)s": "đến %(d)s",
    "Revoke": "Thu hồi",
    "Current password": "Mật khẩu hiện tại",
    "New password": "Mật khẩu mới",
    "New password again": "Nhập lại mật khẩu mới",
    "Reset your password": "Đặt lại mật khẩu",
    "Enter the e-mail address of your account; we send a link to set a new password.": "Nhập địa chỉ thư điện tử của tài khoản; chúng tôi sẽ gửi đường liên kết để đặt mật khẩu mới.",
    "Send the link": "Gửi liên kết",
    "Set a new password": "Đặt mật khẩu mới",
    "Set password": "Đặt mật khẩu",
    "This link is not valid: it was used already or has expired.": "Liên kết này không còn hiệu lực: đã được dùng hoặc đã hết hạn.",
    "If an account has that address, a link to set a new password is on its way. It is valid for 24 hours.": "Nếu có tài khoản với địa chỉ này, đường liên kết để đặt mật khẩu mới đang được gửi tới. Liên kết có hiệu lực trong 24 giờ.",
    "Someone asked to reset the password of your Harmonia account %(user)s on %(domain)s.": "Có người đã yêu cầu đặt lại mật khẩu tài khoản Harmonia %(user)s của bạn trên %(domain)s.",
    "Set a new password within 24 hours:": "Hãy đặt mật khẩu mới trong vòng 24 giờ:",
    "If it was not you, ignore this message: your password stays as it is.": "Nếu không phải bạn, hãy bỏ qua thư này: mật khẩu của bạn vẫn giữ nguyên.",
    "Harmonia: reset your password": "Harmonia: đặt lại mật khẩu",
    "A token lets a program use the REST API as you, with no more than its scopes: send it as <code>Authorization: Bearer …</code>.": "Khóa truy cập cho phép một chương trình dùng REST API thay bạn, trong giới hạn phạm vi quyền của khóa: gửi kèm dưới dạng <code>Authorization: Bearer …</code>.",
    "Copy the token now: it is not shown again.": "Hãy sao chép khóa ngay: khóa sẽ không được hiển thị lại.",
    "Create token": "Tạo khóa",
    "Token": "Khóa",
    "Expires": "Hết hạn",
    "Last used": "Dùng lần cuối",
    "No tokens.": "Chưa có khóa nào.",
    "Two-factor sign-in": "Đăng nhập hai lớp",
    "Two-factor sign-in is on since %(when)s.": "Đăng nhập hai lớp đã bật từ %(when)s.",
    "Turn two-factor sign-in off": "Tắt đăng nhập hai lớp",
    "Platform admins must set up two-factor sign-in before they can go on.": "Quản trị viên nền tảng phải thiết lập đăng nhập hai lớp trước khi tiếp tục.",
    "Add this key to an authenticator app (time-based, 6 digits, 30 seconds), then enter the code it shows.": "Thêm khóa này vào ứng dụng xác thực (theo thời gian, 6 chữ số, 30 giây), rồi nhập mã ứng dụng hiển thị.",
    "Turn on": "Bật",
    "Enter the six-digit code your authenticator app shows for Harmonia.": "Nhập mã sáu chữ số mà ứng dụng xác thực hiển thị cho Harmonia.",
    "Verify": "Xác minh",
    "Too many failed sign-ins for this account: try again in %(n)s minutes.": "Tài khoản này đã đăng nhập sai quá nhiều lần: hãy thử lại sau %(n)s phút.",
    "Too many failed sign-ins from your address: try again in %(n)s minutes.": "Địa chỉ của bạn đã đăng nhập sai quá nhiều lần: hãy thử lại sau %(n)s phút.",
    "That code is not valid. Use the current code of your authenticator app.": "Mã không hợp lệ. Hãy dùng mã hiện tại của ứng dụng xác thực.",
    "Two-factor sign-in is off.": "Đã tắt đăng nhập hai lớp.",
    "Two-factor sign-in is on.": "Đã bật đăng nhập hai lớp.",
    "That code is not valid. Check the time on your phone.": "Mã không hợp lệ. Hãy kiểm tra giờ trên điện thoại của bạn.",
    "Invitation sent.": "Đã gửi lời mời.",
    "Role changed.": "Đã đổi vai trò.",
    "The person was removed; their past work is kept under %(name)s.": "Đã xóa người dùng; công việc đã làm được giữ lại dưới tên %(name)s.",
    "Import a national catalogue": "Nhập danh mục tiêu chuẩn quốc gia",
    "A CSV (UTF-8) or Excel file, one row a document, with the columns of the template. Every row is checked first: a file with any problem imports nothing, and the problems are listed with their line and column.": "Tệp CSV (UTF-8) hoặc Excel, mỗi dòng một tài liệu, theo các cột của mẫu. Mọi dòng được kiểm tra trước: tệp có bất kỳ lỗi nào sẽ không được nhập, và các lỗi được liệt kê kèm dòng và cột.",
    "Template (Excel)": "Mẫu (Excel)",
    "Template (CSV)": "Mẫu (CSV)",
    "Nothing was imported:": "Không có gì được nhập:",
    "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged; %(proposals)s proposed links to review.": "%(rows)s dòng: %(created)s tạo mới, %(updated)s cập nhật, %(unchanged)s không đổi; %(proposals)s liên kết đề xuất cần xem xét.",
    "File": "Tệp",
    "Import": "Nhập",
    "You are not an editor of any national body.": "Bạn không phải là biên tập viên của tổ chức quốc gia nào.",
    "Choose a file.": "Hãy chọn một tệp.",
    "Not allowed": "Không được phép",
    "You do not have the permission to open this page.": "Bạn không có quyền mở trang này.",
    "Not found": "Không tìm thấy",
    "There is nothing at this address.": "Không có nội dung nào tại địa chỉ này.",
    "Site administration": "Quản trị hệ thống",
    "no role (remove from the committee)": "không có vai trò (loại khỏi ban kỹ thuật)",
    "Nobody yet.": "Chưa có ai.",
    "Add someone": "Thêm thành viên",
    "Add": "Thêm",
    "Demo account: an invented person of the demo data set, with a published password.": "Tài khoản minh họa: một người giả định trong bộ dữ liệu minh họa, với mật khẩu được công bố.",
    "No active user %(name)s.": "Không có người dùng đang hoạt động tên %(name)s.",
    "People of the committee": "Thành viên của ban kỹ thuật",
}
PLURALS = {
    "%(n)s problem in all.": ["%(n)s lỗi tất cả."],
    "%(n)s document": ["%(n)s tài liệu"],
    "%(shown)s document": ["%(shown)s tài liệu"],
    "%(counter)s current international document is not adopted.": [
        "%(counter)s tài liệu quốc tế hiện hành chưa được chấp nhận."
    ],
    "%(counter)s body": ["%(counter)s tổ chức"],
    "%(counter)s standard": ["%(counter)s tiêu chuẩn"],
}


def po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts).replace('\\"', '"').replace("\\\\", "\\")


def main() -> int:
    text = PO.read_text("utf-8")
    entries = text.split("\n\n")
    missing = []
    out = []
    for entry in entries:
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if not match or unquote(match.group(1)) == "":
            out.append(entry.replace("#, fuzzy\n", "") if "Plural-Forms" in entry else entry)
            continue
        msgid = unquote(match.group(1))
        head = entry[: entry.index("msgstr")].rstrip("\n")
        head = head.replace("#, fuzzy\n", "")
        # msgmerge's guesses from similar strings ("#| msgid ...") mean nothing once translated
        head = re.sub(r"^#\| .*\n?", "", head, flags=re.M)
        if msgid in PLURALS:
            forms = PLURALS[msgid]
            body = "\n".join(f"msgstr[{i}] {po_string(f)}" for i, f in enumerate(forms))
        elif msgid in VI:
            body = f"msgstr {po_string(VI[msgid])}"
        else:
            missing.append(msgid)
            body = 'msgstr ""'
        out.append(f"{head}\n{body}")
    text = "\n\n".join(out)
    text = re.sub(r'"Plural-Forms: [^"]*"', '"Plural-Forms: nplurals=1; plural=0;\\\\n"', text)
    text = text.replace('"Language: \\n"', '"Language: vi\\n"')
    PO.write_text(text, "utf-8")
    for msgid in missing:
        print(f"no Vietnamese for: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
