# Rule tests for handbook.yml: each `ruleid:` line must be found, each `ok:` line must not.
from django.contrib.auth.models import User
from django.db import connection
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csrf import csrf_exempt


def rendered(name):
    # ruleid: handbook-no-mark-safe
    unsafe = mark_safe(f"<b>{name}</b>")
    # ruleid: handbook-no-mark-safe
    also_unsafe = SafeString(name)
    # ok: handbook-no-mark-safe
    return unsafe, also_unsafe, format_html("<b>{}</b>", name)


# ruleid: handbook-no-csrf-exempt
@csrf_exempt
def hook(request):
    return request


def queries(pk):
    # ruleid: handbook-no-raw-sql
    User.objects.raw("SELECT * FROM auth_user")
    # ruleid: handbook-no-raw-sql
    User.objects.extra(where=["id = 1"])
    # ruleid: handbook-no-raw-sql
    User.objects.annotate(n=RawSQL("1", []))
    # ruleid: handbook-no-raw-sql
    connection.cursor()
    # ok: handbook-no-raw-sql
    return User.objects.filter(pk=pk)


def meeting(request, meeting_id):
    # ruleid: handbook-no-unscoped-get-in-views
    User.objects.get(pk=meeting_id)
    # ok: handbook-no-unscoped-get-in-views
    return get_object_or_404(User.objects.filter(is_active=True), pk=meeting_id)


def not_a_view(notice):
    # ok: handbook-no-unscoped-get-in-views
    return User.objects.get(pk=notice.user_id)
