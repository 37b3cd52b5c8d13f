"""Password reset by e-mail: Django's own views, Sapat's words, each e-mail in the
person's language, a rate limit, and the same answer whether an address exists or not."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _

from sapat.api import ratelimit

from .invitations import university_signin


class ResetForm(PasswordResetForm):
    def get_users(self, email):
        # Django leaves out people with no usable password; in Sapat they are the people an
        # HR import brought in who have not set one yet, and a reset link is how they do.
        return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        person = context["user"]
        signin = university_signin()
        context = {**context, **signin}
        if not person.has_usable_password() and (signin["directory"] or signin["provider"]):
            # Signed in by the university's account: a Sapat password would be a second
            # key to look after. The e-mail says where to sign in instead.
            subject_template_name = "accounts/email/use_university_subject.txt"
            email_template_name = "accounts/email/use_university.txt"
            html_email_template_name = None
        with translation.override(person.language or None):
            super().send_mail(subject_template_name, email_template_name, context,
                              from_email, to_email, html_email_template_name)


class ResetStart(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        ip = ratelimit.client_ip(self.request)
        if ratelimit.over_limit("password_reset_ip", ip):
            return render(self.request, "accounts/too_many_resets.html",
                          {"title": _("Too many attempts")}, status=429)
        ratelimit.count("password_reset_ip", ip)
        address = form.cleaned_data["email"].strip().casefold()
        if ratelimit.over_limit("password_reset", address):
            # The same page as when the e-mail leaves: the limit must not tell whether
            # the address is known.
            return redirect(self.success_url)
        ratelimit.count("password_reset", address)
        return super().form_valid(form)


class ResetDone(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class ResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A person locked out by mistyping and now with a new password may try again.
        from axes.utils import reset

        reset(username=form.user.get_username())
        return response


class ResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
