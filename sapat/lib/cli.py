"""Management commands speak the language asked for: `--lang`, else the locale's.

    class Command(SpeaksLanguage, BaseCommand):
        def add_arguments(self, parser):
            super().add_arguments(parser)     # adds --lang
        def handle(self, *args, **opts):      # runs with the language active

Every line a command writes is then in one language (gettext), never a mix.
"""
from __future__ import annotations

import os

from django.utils import translation

LANGUAGES = ("ky", "ru", "en")


def locale_language() -> str:
    """ky, ru or en from the environment's locale (LC_ALL, LC_MESSAGES, LANG); ky else."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "ky"
    return "ky"


class SpeaksLanguage:
    """A BaseCommand mixin: `--lang {ky,ru,en}` (default: the locale's) for its messages."""

    lang_help = ("language of the messages (default: the locale's, LANG; Kyrgyz when it is "
                 "none of the three)")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--lang", choices=LANGUAGES, default=None, help=self.lang_help)

    def execute(self, *args, **options):
        with translation.override(options.get("lang") or locale_language()):
            return super().execute(*args, **options)
