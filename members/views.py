from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from wagtail.views import serve

from members.me import member_overview


def home(request):
    """`/`: members go to their own page; visitors see the public site root."""
    if request.user.is_authenticated:
        return redirect("members:me")
    return serve(request, "")


@login_required
def me(request):
    return render(request, "members/me.html", member_overview(request.user))
