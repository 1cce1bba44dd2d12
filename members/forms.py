from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm

from members.models import Person
from members.services import create_login


class PersonAdminForm(WagtailAdminModelForm):
    """People added in the admin get a login named after their card number,
    waiting for activation (see `manage.py activation_links`)."""

    def save(self, commit=True):
        person = super().save(commit=False)
        if person.user_id is None:
            person.user = create_login(username=person.card_number, email=person.email)
        if commit:
            person.save()
            self.save_m2m()
            # modelcluster: child roles are committed with the instance.
        return person


class AdminLoginForm(LoginForm):
    """Wagtail's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM) in the reader's language: Wagtail gives
    the password field no label, so Django shows "Password", made from the field's name; and its
    username hint, "Enter your %(username_field_name)s", reads "Nhập Tên đăng nhậpcủa bạn" in
    Wagtail's Vietnamese catalog."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs["placeholder"] = _("Enter your username")


class NoticeEmailForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["notice_email"]
        widgets = {"notice_email": forms.RadioSelect}
