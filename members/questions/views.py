"""The member's door to questions: `/me/questions/`, the form and every question they asked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.models import Question
from members.questions.forms import QuestionForm
from members.questions.services import QuestionError, ask, askable_units, questions_url
from members.views import own_person

QUESTIONS_PER_PAGE = 20


@login_required
def questions(request):
    person = own_person(request)
    units = askable_units(request.user)
    form = QuestionForm.blank(units)
    if request.method == "POST":
        form = QuestionForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                question, created = ask(person, data["unit"], data["text"], data["may_show_name"], data["client_token"])
            except QuestionError as error:
                messages.error(request, str(error))
            else:
                if created:
                    messages.success(request, _("Your question was sent. You will be told when it is answered."))
                return redirect(questions_url(question))
        else:
            messages.error(
                request,
                next(iter(form.errors.values()))[0]
                if "client_token" not in form.errors
                else _("The form has expired. Reload the page and send your question again."),
            )
    asked = Question.objects.filter(asker=person).select_related("unit").order_by("-created_at", "-pk")
    page_obj = Paginator(asked, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/questions.html",
        {"form": form, "units": units, "page_obj": page_obj, "questions": page_obj.object_list},
    )
