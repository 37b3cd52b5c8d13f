"""Strings of Django's own catalogues that Sapat translates itself.

Django's Kyrgyz catalogue renders "password reset" as «Сырсөздү кыйратуу» ("destroy the
password"). Listing the msgids here puts them in Sapat's catalogue, which takes precedence
over Django's, so `make messages` keeps them and the translators see them.
"""
from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Password reset"),
    gettext_noop("Password reset confirmation"),
    gettext_noop("Reset my password"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been "
        "used.  Please request a new password reset."
    ),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we’ll email "
        "instructions for setting a new one."
    ),
    gettext_noop("Email address:"),
    gettext_noop(
        "If you don’t receive an email, please make sure you’ve entered the address "
        "you registered with, and check your spam folder."
    ),
    gettext_noop("Please go to the following page and choose a new password:"),
    gettext_noop("Your username, in case you’ve forgotten:"),
    # The password forms of an invitation and a reset: «экат» for e-mail, and the
    # familiar «тер» ("type!") where every other Sapat page says «териңиз».
    gettext_noop("Email"),
    gettext_noop("New password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
]
