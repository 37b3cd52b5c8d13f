"""Django REST framework's own messages, listed so that `makemessages` puts them in
Sapat's catalogues: DRF ships Russian but no Kyrgyz, and Sapat answers in Kyrgyz first.

Sapat's `locale/` comes before DRF's in the lookup, so a Kyrgyz (or Russian) translation
here is what API clients read. Nothing imports this module at run time.
"""
from django.utils.translation import gettext_noop as _

MESSAGES = [
    # Fields
    _("This field is required."),
    _("This field may not be null."),
    _("This field may not be blank."),
    _("Not a valid string."),
    _("A valid integer is required."),
    _("A valid number is required."),
    _("Must be a valid boolean."),
    _("Ensure this value is less than or equal to {max_value}."),
    _("Ensure this value is greater than or equal to {min_value}."),
    _("Ensure this field has no more than {max_length} characters."),
    _("Ensure that there are no more than {max_digits} digits in total."),
    _("Ensure that there are no more than {max_decimal_places} decimal places."),
    _("Ensure that there are no more than {max_whole_digits} digits before the decimal point."),
    _('"{input}" is not a valid choice.'),
    _("Date has wrong format. Use one of these formats instead: {format}."),
    _("Datetime has wrong format. Use one of these formats instead: {format}."),
    _("Object with {slug_name}={value} does not exist."),
    _('Invalid pk "{pk_value}" - object does not exist.'),
    _("Incorrect type. Expected pk value, received {data_type}."),
    _("Invalid value."),
    _("Invalid data. Expected a dictionary, but got {datatype}."),
    _('Expected a list of items but got type "{input_type}".'),
    _("This list may not be empty."),
    _("No data provided"),
    # Requests
    _("Authentication credentials were not provided."),
    _("Incorrect authentication credentials."),
    _("You do not have permission to perform this action."),
    _("Not found."),
    _('Method "{method}" not allowed.'),
    _('Unsupported media type "{media_type}" in request.'),
    _("Malformed request."),
    _("JSON parse error - {detail}"),
    _("Request was throttled."),
    _("Invalid page."),
]
