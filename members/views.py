from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.views import serve

from members.forms import NoticeEmailForm
from members.me import member_overview
from members.models import Person
from members.notices import inbox_page, show_and_mark
from members.sessions import person_of
from site_pages.fragments import fragment_key

NOTICES_PER_PAGE = 20


def home(request):
    """`/`: members go to their own page; visitors see the public site root."""
    if request.user.is_authenticated:
        return redirect("members:me")
    return serve(request, "")


@login_required
def me(request):
    return render(request, "members/me.html", member_overview(request.user))


def is_prefetch(request):
    """A browser fetching ahead of a click (speculation rules, link prefetch) has not shown anything yet."""
    return "prefetch" in {request.headers.get("Purpose", ""), request.headers.get("Sec-Purpose", "").split(";")[0]}


def own_person(request):
    person = person_of(request.user)  # loaded with the user (members.sessions.HandbookBackend)
    if person is None:
        raise Http404
    return person


@login_required
def notifications(request):
    """The inbox, newest first; what a page shows is marked read when the person views it."""
    person = own_person(request)
    page_obj = inbox_page(request, person, request.GET.get("page"), NOTICES_PER_PAGE)
    notices = show_and_mark(page_obj.object_list, person, request, mark=not is_prefetch(request))
    return render(
        request,
        "members/notifications.html",
        {
            "page_obj": page_obj,
            "notices": notices,
            "email_form": NoticeEmailForm(instance=person),
            # The form shows only the person's choice: kept once per choice (site_pages.fragments).
            "email_form_key": fragment_key("notice-email-form", [], person.notice_email),
        },
    )


@login_required
@require_POST
def large_text(request):
    """The person's own "Chữ lớn" switch; back to the page it was pressed on."""
    Person.objects.filter(pk=own_person(request).pk).update(large_text=request.POST.get("large_text") == "on")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("members:me")
    return redirect(back)


@login_required
@require_POST
def notice_email(request):
    """The person's own choice of emails; nobody chooses for another."""
    form = NoticeEmailForm(request.POST, instance=own_person(request))
    if form.is_valid():
        form.save()
        messages.success(request, _("Your email choice is saved."))
    return redirect("members:notifications")
