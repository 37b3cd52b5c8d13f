# Kyrgyz writes a decimal comma and groups thousands with a space; Django's own ky
# formats give a decimal point, which is wrong for Kyrgyz documents.
from django.conf.locale.ky.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
