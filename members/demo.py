"""A fictional but realistic Vietnamese organisation for demos, built only through the services.

Every person, unit and page below is invented. The data is fixed (no randomness), so
running the seed again finds everything by unit code, card number, username or slug
and changes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.rich_text import RichText

from members.models import Person, RoleKind
from members.services import create_person, grant_role, transfer_member
from search.folding import vietnamese_slug
from site_pages.models import Level, NewsArticlePage, UnitPage
from site_pages.tree import save_unit

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - published in the README on purpose: demo logins only

# (code, title, level, parent code, public)
UNITS = [
    ("TW", "Trung ương", Level.CENTRAL, None, True),
    ("QNG", "Tỉnh Quảng Ngãi", Level.PROVINCE, "TW", False),
    ("QNG-BS", "Xã Bình Sơn", Level.WARD, "QNG", False),
    ("QNG-BS-HN", "Chi bộ thôn Hải Ninh", Level.CELL, "QNG-BS", False),
    ("QNG-BS-PT", "Chi bộ thôn Phú Thọ", Level.CELL, "QNG-BS", False),
    ("QNG-NL", "Phường Nghĩa Lộ", Level.WARD, "QNG", False),
    ("QNG-NL-TDP27", "Chi bộ tổ dân phố 27", Level.CELL, "QNG-NL", False),
    ("QNG-NL-TDP12", "Chi bộ tổ dân phố 12", Level.CELL, "QNG-NL", False),
    ("QNG-TK", "Xã Tịnh Khê", Level.WARD, "QNG", False),
    ("QNG-TK-TM", "Chi bộ thôn Tân Mỹ", Level.CELL, "QNG-TK", False),
    ("DNG", "Thành phố Đà Nẵng", Level.PROVINCE, "TW", False),
    ("DNG-HC", "Phường Hải Châu", Level.WARD, "DNG", False),
    ("DNG-HC-TDP5", "Chi bộ tổ dân phố 5", Level.CELL, "DNG-HC", False),
    ("DNG-HC-TDP9", "Chi bộ tổ dân phố 9", Level.CELL, "DNG-HC", False),
    ("DNG-HV", "Xã Hòa Vang", Level.WARD, "DNG", False),
    ("DNG-HV-TL", "Chi bộ thôn Túy Loan", Level.CELL, "DNG-HV", False),
]

# Members per cell; the first of each cell is its secretary. 80 members in all.
CELL_SIZES = {
    "QNG-BS-HN": 34,
    "QNG-BS-PT": 7,
    "QNG-NL-TDP27": 8,
    "QNG-NL-TDP12": 6,
    "QNG-TK-TM": 6,
    "DNG-HC-TDP5": 7,
    "DNG-HC-TDP9": 6,
    "DNG-HV-TL": 6,
}
CARD_PREFIX = {"QNG": "76", "DNG": "43", "TW": "01"}  # vehicle-plate style province numbers
FISHERMAN = "Ngư dân"
FISHERMEN_IN_HAI_NINH = 3


@dataclass
class DemoPerson:
    card_number: str
    full_name: str
    occupation: str = ""
    cell: str | None = None
    roles: list = field(default_factory=list)  # [(RoleKind, unit code)]
    username: str | None = None  # a demo login with DEMO_PASSWORD; others await activation
    is_superuser: bool = False
    date_of_birth: datetime.date | None = None
    joined_on: datetime.date | None = None
    phone: str = ""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    description: str  # may name the account's unit as %(unit)s
    unit_code: str

    def describe(self, titles):
        return self.description % {"unit": titles[self.unit_code]}


FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ"]
MALE_MIDDLE = ["Văn", "Minh", "Đức", "Hữu", "Quang", "Công", "Thanh"]
FEMALE_MIDDLE = ["Thị", "Ngọc", "Thu", "Kim", "Thanh"]
MALE_GIVEN = ["Hùng", "Dũng", "Tuấn", "Long", "Nam", "Sơn", "Phúc", "Tài", "Hải", "Khánh", "Trung", "Bình", "Lâm"]
MALE_GIVEN += ["Thắng", "Quý", "Toàn", "Hiếu", "Lộc", "Vinh", "Cường", "Tín", "Nghĩa", "Thịnh"]
FEMALE_GIVEN = ["Lan", "Hoa", "Mai", "Hương", "Thảo", "Hạnh", "Nga", "Yến", "Trang", "Linh", "Hà", "Dung", "Loan"]
OCCUPATIONS = ["Nông dân", "Giáo viên", "Cán bộ hưu trí", "Buôn bán nhỏ", "Công nhân", "Y sĩ", "Cựu chiến binh"]


def _full_name(n):
    if n % 3 == 1:
        middle, given = FEMALE_MIDDLE[n % len(FEMALE_MIDDLE)], FEMALE_GIVEN[(n * 5) % len(FEMALE_GIVEN)]
    else:
        middle, given = MALE_MIDDLE[n % len(MALE_MIDDLE)], MALE_GIVEN[(n * 7) % len(MALE_GIVEN)]
    return f"{FAMILY_NAMES[(n * 3) % len(FAMILY_NAMES)]} {middle} {given}"


def _profile(n):
    born = datetime.date(1952 + (n * 7) % 48, 1 + n % 12, 1 + (n * 3) % 28)
    joined = datetime.date(min(born.year + 20 + n % 12, 2025), 1 + (n * 5) % 12, 1 + (n * 11) % 28)
    return {"date_of_birth": born, "joined_on": joined, "phone": f"09{(n * 7919 + 1234567) % 10**8:08d}"}


# Cell members who are demo logins or hold more than the member role: (cell, index) → extras.
NAMED_MEMBERS = {
    ("QNG-BS-HN", 0): {
        "full_name": "Nguyễn Văn Hải",
        "occupation": "Cán bộ thôn",
        "username": "secretary.haininh",
    },
    ("QNG-BS-HN", 1): {"full_name": "Trần Văn Lực", "occupation": FISHERMAN, "username": "member.haininh"},
    ("QNG-BS-HN", 2): {"full_name": "Lê Văn Sóng", "occupation": FISHERMAN},
    ("QNG-BS-HN", 3): {"full_name": "Phạm Văn Biển", "occupation": FISHERMAN},
    ("QNG-BS-HN", 4): {"full_name": "Võ Thị Ngân", "roles": [(RoleKind.DEPUTY_SECRETARY, "QNG-BS-HN")]},
    ("QNG-NL-TDP27", 1): {"full_name": "Huỳnh Thị Thu Hà", "occupation": "Giáo viên", "username": "member.to27"},
    ("QNG-NL-TDP12", 1): {
        "full_name": "Đặng Minh Khoa",
        "occupation": "Cán bộ phường",
        "roles": [(RoleKind.EDITOR, "QNG-NL")],
        "username": "editor.nghialo",
    },
    ("DNG-HC-TDP5", 1): {"roles": [(RoleKind.DEPUTY_SECRETARY, "DNG-HC-TDP5")]},
    ("DNG-HC-TDP9", 1): {"roles": [(RoleKind.EDITOR, "DNG-HC")]},
}

# Staff of the central and provincial committees, who belong to no cell in this demo.
UNIT_STAFF = [
    DemoPerson("01.000001", "Quản trị hệ thống", "Cán bộ kỹ thuật", username="admin", is_superuser=True),
    DemoPerson("01.000002", "Ngô Thanh Tâm", "Biên tập viên", roles=[(RoleKind.CHIEF_EDITOR, "TW")]),
    DemoPerson("01.000003", "Bùi Thị Phương", "Biên tập viên", roles=[(RoleKind.EDITOR, "TW")]),
    DemoPerson(
        "76.000001",
        "Trương Quang Minh",
        "Cán bộ Ban Tuyên giáo",
        roles=[(RoleKind.CHIEF_EDITOR, "QNG")],
        username="chief.quangngai",
    ),
    DemoPerson("43.000001", "Hồ Thị Diễm", "Cán bộ Ban Tuyên giáo", roles=[(RoleKind.CHIEF_EDITOR, "DNG")]),
    DemoPerson(
        "76.000002",
        "Lê Thị Hồng",
        "Cán bộ Ban Tổ chức",
        roles=[(RoleKind.COMMITTEE, "QNG")],
        username="committee.quangngai",
    ),
]

ACCOUNTS = [
    DemoAccount("admin", _("superuser: every page and the whole admin"), "TW"),
    DemoAccount("secretary.haininh", _("secretary of %(unit)s, also its member"), "QNG-BS-HN"),
    DemoAccount("member.haininh", _("fisherman, member of %(unit)s"), "QNG-BS-HN"),
    DemoAccount("member.to27", _("member of %(unit)s"), "QNG-NL-TDP27"),
    DemoAccount("editor.nghialo", _("editor of %(unit)s"), "QNG-NL"),
    DemoAccount("chief.quangngai", _("chief editor of %(unit)s"), "QNG"),
    DemoAccount("committee.quangngai", _("party-building committee member of %(unit)s"), "QNG"),
]


def demo_people():
    """Everyone in the demo, cell members first, in a fixed order."""
    people, n = [], 0
    for cell, size in CELL_SIZES.items():
        province = cell.split("-")[0]
        for index in range(size):
            n += 1
            person = DemoPerson(
                card_number=f"{CARD_PREFIX[province]}.{100000 + n:06d}",
                full_name=_full_name(n),
                occupation=OCCUPATIONS[n % len(OCCUPATIONS)],
                cell=cell,
                roles=[(RoleKind.SECRETARY, cell)] if index == 0 else [],
                **_profile(n),
            )
            for name, value in NAMED_MEMBERS.get((cell, index), {}).items():
                setattr(person, name, person.roles + value if name == "roles" else value)
            people.append(person)
    return people + UNIT_STAFF


# (unit code, title, summary, public, days before today, body blocks)
NEWS = [
    (
        "TW",
        "Hướng dẫn sử dụng Sổ tay đảng viên điện tử",
        "Đảng viên đăng nhập bằng số thẻ đảng viên để đọc tài liệu và góp ý trước buổi sinh hoạt chi bộ.",
        True,
        20,
        [
            ("heading", "Đăng nhập"),
            ("paragraph", "<p>Mỗi đảng viên dùng <b>số thẻ đảng viên</b> làm tên đăng nhập.</p>"),
            ("quote", "Đọc trước, góp ý trước, sinh hoạt chất lượng hơn."),
        ],
    ),
    (
        "TW",
        "Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ năm 2026",
        "Các chi bộ chuẩn bị nội dung sinh hoạt và gửi tài liệu cho đảng viên trước hai ngày.",
        False,
        12,
        [
            ("heading", "Yêu cầu chung"),
            ("paragraph", "<p>Sinh hoạt chi bộ định kỳ mỗi tháng một lần, nội dung thiết thực.</p>"),
        ],
    ),
    (
        "QNG",
        "Tỉnh ủy Quảng Ngãi triển khai nghị quyết phát triển kinh tế biển",
        "Hội nghị quán triệt nghị quyết về kinh tế biển gắn với bảo đảm quốc phòng, an ninh.",
        False,
        10,
        [("paragraph", "<p>Các đảng bộ xã ven biển xây dựng kế hoạch hành động trước ngày 30/6.</p>")],
    ),
    (
        "QNG",
        "Kế hoạch học tập chuyên đề năm 2026",
        "Lịch học tập chuyên đề cho các chi bộ trong tỉnh.",
        False,
        6,
        [("paragraph", "<p>Mỗi quý một chuyên đề; tài liệu được đăng trên sổ tay điện tử.</p>")],
    ),
    (
        "DNG",
        "Thành ủy Đà Nẵng sơ kết công tác xây dựng Đảng sáu tháng đầu năm",
        "Kết quả nổi bật và nhiệm vụ trọng tâm sáu tháng cuối năm.",
        False,
        8,
        [("paragraph", "<p>Tỷ lệ đảng viên đọc tài liệu trước buổi sinh hoạt tăng rõ rệt.</p>")],
    ),
    (
        "QNG-BS",
        "Đảng ủy xã Bình Sơn hỗ trợ ngư dân vươn khơi bám biển",
        "Các tổ đoàn kết trên biển được củng cố trước mùa cá nam.",
        False,
        5,
        [
            ("paragraph", "<p>Đảng ủy xã phối hợp đồn biên phòng kiểm tra thiết bị liên lạc trên tàu cá.</p>"),
            ("quote", "Mỗi con tàu là một tổ đoàn kết, mỗi ngư dân là một cột mốc sống."),
        ],
    ),
    (
        "QNG-NL",
        "Phường Nghĩa Lộ ra quân chỉnh trang đô thị",
        "Các tổ dân phố cùng ra quân làm sạch đường phố và kênh thoát nước.",
        False,
        4,
        [("paragraph", "<p>Đảng viên gương mẫu đi đầu trong phong trào.</p>")],
    ),
    (
        "DNG-HC",
        "Phường Hải Châu triển khai chuyển đổi số trong sinh hoạt chi bộ",
        "Các chi bộ tổ dân phố dùng sổ tay điện tử từ tháng này.",
        False,
        3,
        [("paragraph", "<p>Bí thư chi bộ hướng dẫn đảng viên cao tuổi đăng nhập.</p>")],
    ),
    (
        "QNG-BS-HN",
        "Ra quân làm sạch bãi biển thôn Hải Ninh",
        "Đảng viên đi đầu cùng bà con thu gom rác thải dọc bờ biển trước mùa du lịch.",
        False,
        2,
        [
            ("heading", "Kết quả"),
            ("paragraph", "<ul><li>Hơn 2 km bờ biển được làm sạch.</li><li>40 hộ dân tham gia.</li></ul>"),
        ],
    ),
    (
        "QNG-BS-HN",
        "Đảng viên ngư dân trao đổi kinh nghiệm giữ liên lạc trên biển",
        "Ba đảng viên là ngư dân chia sẻ cách gửi tin về chi bộ khi tàu ở xa bờ.",
        False,
        1,
        [("paragraph", "<p>Tài liệu được tải về máy để đọc khi không có sóng.</p>")],
    ),
    (
        "QNG-NL-TDP27",
        "Thông báo sinh hoạt chi bộ tổ dân phố 27",
        "Sinh hoạt tại hội trường tổ dân phố, 19 giờ thứ Sáu tuần này.",
        False,
        2,
        [("paragraph", "<p>Đề nghị đảng viên đọc tài liệu và góp ý trước buổi họp.</p>")],
    ),
    (
        "DNG-HC-TDP5",
        "Chi bộ tổ dân phố 5 kết nạp đảng viên mới",
        "Lễ kết nạp được tổ chức trang trọng tại nhà văn hóa tổ dân phố.",
        False,
        7,
        [("paragraph", "<p>Chi bộ phân công đảng viên giúp đỡ đảng viên mới.</p>")],
    ),
]


@dataclass
class SeedResult:
    created_units: int = 0
    created_people: int = 0
    created_pages: int = 0
    skipped_usernames: list = field(default_factory=list)


@transaction.atomic
def seed_demo():
    """Build (or complete) the demo organisation; returns what was created."""
    result = SeedResult()
    units = _seed_units(result)
    _seed_people(units, result)
    _seed_news(units, result)
    return result


def _seed_units(result):
    units = {}
    for code, title, level, parent_code, is_public in UNITS:
        unit, created = save_unit(
            code=code, title=title, level=level, parent=units.get(parent_code), is_public=is_public
        )
        units[code] = unit
        result.created_units += created
    return units


def _seed_people(units, result):
    people = demo_people()
    existing = {
        person.card_number: person
        for person in Person.objects.filter(card_number__in=[p.card_number for p in people]).select_related("user")
    }
    taken_usernames = set(
        get_user_model()
        .objects.filter(username__in=[p.username or p.card_number for p in people])
        .values_list("username", flat=True)
    )
    for spec in people:
        person = existing.get(spec.card_number)
        if person is None:
            username = spec.username or spec.card_number
            if username in taken_usernames:
                # Someone made this login by hand; leave it alone rather than fail the whole seed.
                result.skipped_usernames.append(username)
                continue
            person = create_person(
                card_number=spec.card_number,
                full_name=spec.full_name,
                username=username,
                password=DEMO_PASSWORD if spec.username else None,
                email=f"{spec.username}@example.com" if spec.username else "",
                occupation=spec.occupation,
                date_of_birth=spec.date_of_birth,
                joined_on=spec.joined_on,
                phone=spec.phone,
            )
            if spec.is_superuser:
                person.user.is_superuser = person.user.is_staff = True
                person.user.save(update_fields=["is_superuser", "is_staff"])
            result.created_people += 1
        # Both services are no-ops when the role already exists, which keeps a re-run unchanged.
        if spec.cell:
            transfer_member(person, units[spec.cell])
        for kind, unit_code in spec.roles:
            grant_role(person, units[unit_code], kind)


def _seed_news(units, result):
    existing = set(NewsArticlePage.objects.values_list("owning_unit__code", "slug"))
    today = timezone.localdate()
    for unit_code, title, summary, is_public, days_ago, blocks in NEWS:
        slug = vietnamese_slug(title)
        if (unit_code, slug) in existing:
            continue
        day = today - datetime.timedelta(days=days_ago)
        page = NewsArticlePage(
            title=title,
            slug=slug,
            date=day,
            summary=summary,
            is_public=is_public,
            live=False,
            body=[(kind, RichText(value) if kind == "paragraph" else value) for kind, value in blocks],
            # Kept by publish(), so listings show the articles in their story order.
            first_published_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(8))),
        )
        units[unit_code].add_child(instance=page)
        page.save_revision().publish()
        result.created_pages += 1


def unit_titles():
    return {code: title for code, title, *_rest in UNITS}


def has_units():
    return UnitPage.objects.exists()
