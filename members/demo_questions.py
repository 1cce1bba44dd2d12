"""Demo questions (Hỏi đáp): open and answered questions from two members, and a published Q&A at
the province (Tỉnh Quảng Ngãi) and at a ward (Phường Nghĩa Lộ), all made through the services.

Call `seed_questions_demo()` after the people and roles exist (members.demo.seed_demo). Each
question has a fixed client token, so a second run finds it and changes nothing.
"""

import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from members.models import Person, Question
from members.questions.services import answer, ask, draft_page
from site_pages.models import UnitPage

TOKEN_NAMESPACE = uuid.UUID("6f1c2b4e-4a52-4c1e-9d43-0a9f5c3e7b10")


@dataclass(frozen=True)
class DemoQuestion:
    asker: str  # username
    unit_code: str
    text: str
    may_show_name: bool = False
    answer: str = ""
    answered_by: str = ""  # username
    published_by: str = ""  # username of the approver; empty: not published

    @property
    def token(self):
        return uuid.uuid5(TOKEN_NAMESPACE, f"{self.asker}:{self.text}")


DEMO_QUESTIONS = [
    DemoQuestion(
        "member.haininh",
        "QNG",
        "Đảng viên là ngư dân đi biển dài ngày, không dự được sinh hoạt chi bộ hằng tháng thì có bị coi là "
        "vi phạm không? Tôi cần báo với chi bộ thế nào?",
        may_show_name=False,
        answer="Đảng viên đi biển dài ngày báo trước với bí thư chi bộ lịch đi và về. Chi bộ ghi nhận lý do vắng "
        "mặt chính đáng, gửi tài liệu qua sổ tay điện tử để đồng chí đọc trên biển và góp ý trước kỳ họp; "
        "khi tàu về bến, chi bộ bố trí để đồng chí báo cáo việc thực hiện nhiệm vụ. Việc vắng mặt có lý do "
        "và có báo cáo không bị coi là vi phạm.",
        answered_by="chief.quangngai",
        published_by="chief.quangngai",
    ),
    DemoQuestion(
        "member.haininh",
        "QNG",
        "Khi nào tỉnh gửi bản điện tử tài liệu học tập nghị quyết mới cho các chi bộ ven biển?",
    ),
    DemoQuestion(
        "member.to27",
        "QNG-NL",
        "Chi bộ tổ dân phố có được tổ chức sinh hoạt chuyên đề chung với chi bộ tổ dân phố bên cạnh không?",
        may_show_name=True,
        answer="Được. Hai chi bộ thống nhất chuyên đề, báo cáo Đảng ủy phường trước ít nhất một tuần; mỗi chi "
        "bộ vẫn ghi biên bản và kết luận riêng cho đảng viên của mình.",
        answered_by="editor.nghialo",
        published_by="chief.quangngai",
    ),
    DemoQuestion(
        "member.to27",
        "QNG-NL",
        "Đảng viên đã nghỉ hưu có được miễn sinh hoạt chi bộ không?",
        answer="Đảng viên tuổi cao, sức khỏe yếu có thể xin miễn sinh hoạt; chi bộ xem xét và đề nghị Đảng ủy "
        "phường quyết định theo quy định hiện hành.",
        answered_by="editor.nghialo",
    ),
]


@transaction.atomic
def seed_questions_demo():
    """Ask, answer and publish the demo questions that are not there yet; returns those created."""
    usernames = {spec.asker for spec in DEMO_QUESTIONS} | {spec.answered_by for spec in DEMO_QUESTIONS}
    usernames |= {spec.published_by for spec in DEMO_QUESTIONS}
    users = {user.username: user for user in get_user_model().objects.filter(username__in=usernames - {""})}
    people = {
        person.user.username: person for person in Person.objects.filter(user__in=users.values()).select_related("user")
    }
    units = dict(
        UnitPage.objects.filter(code__in={spec.unit_code for spec in DEMO_QUESTIONS}).values_list("code", "pk")
    )
    created = []
    for spec in DEMO_QUESTIONS:
        asker = people.get(spec.asker)
        if asker is None or spec.unit_code not in units:
            continue
        if Question.objects.filter(asker=asker, client_token=spec.token).exists():
            continue
        question, _created = ask(asker, units[spec.unit_code], spec.text, spec.may_show_name, spec.token)
        created.append(question)
        if spec.answer and spec.answered_by in users:
            question = answer(
                Question.objects.select_related("unit", "asker").get(pk=question.pk),
                users[spec.answered_by],
                spec.answer,
            )
            if spec.published_by in users:
                _approve(draft_page(question, users[spec.answered_by]), users[spec.published_by])
    return created


def _approve(page, approver):
    """Approve the draft at its workflow task, as the unit's approver would in the admin."""
    task_state = page.current_workflow_task_state
    if task_state is not None:
        task_state.task.specific.on_action(task_state, approver, "approve")
    else:
        page.get_latest_revision().publish(user=approver)
