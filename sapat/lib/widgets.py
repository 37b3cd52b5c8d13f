"""Form widgets that stay fast on long lists.

Django renders a <select> through its template engine, one template per option, and
escapes through lazy wrappers: about 0.1 ms an option, which becomes most of a page's time
once a filter lists 150 units or a thousand people. `QuickSelect` writes the same HTML
with plain string operations.
"""
import copy
import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


def _escape(text) -> str:
    if hasattr(text, "__html__"):  # already safe, as the template would leave it
        return text.__html__()
    return html.escape(str(text), quote=True)


class QuickSelect(forms.Select):
    """A <select> (optgroups included) written in Python: Django's HTML, not its cost."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        chosen = False
        parts = [f'<select name="{_escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                parts.append(f'<optgroup label="{_escape(group_value)}">')
                options = group_label
            else:
                options = [(group_value, group_label)]
            for option_value, option_label in options:
                option_value = "" if option_value is None else str(option_value)
                selected = option_value in wanted and (not chosen or self.allow_multiple_selected)
                chosen |= selected
                parts.append(f'<option value="{_escape(option_value)}"'
                             f'{" selected" if selected else ""}>{_escape(option_label)}</option>')
            if isinstance(group_label, list | tuple):
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # every value and label above is escaped


class LocalDateInput(forms.DateInput):
    """A date typed as the page's language writes it: «06.12.2026» in ky and ru.

    An `<input type=date>` shows the browser's locale (mm/dd/yyyy on an English Chromium,
    beside dates printed 06.12.2026), so this is a text input in the active language's
    first input format (sapat/formats), with that format as its placeholder. The field
    also accepts ISO dates (2026-12-06), as Django's date fields always do.
    """

    input_type = "text"
    PLACEHOLDERS = {"ky": "кк.аа.жжжж", "ru": "дд.мм.гггг", "en": "yyyy-mm-dd"}

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off",
                                "class": "date-input", **(attrs or {})})

    def get_context(self, name, value, attrs):
        from django.utils.translation import get_language

        context = super().get_context(name, value, attrs)
        language = (get_language() or "ky")[:2]
        context["widget"]["attrs"].setdefault(
            "placeholder", self.PLACEHOLDERS.get(language, self.PLACEHOLDERS["ky"]))
        return context


class _SearchChoices:
    """A choice among thousands (3,000 people) that the page does not carry.

    The <select> holds only the chosen option(s); sapat.js puts a combobox beside it (ARIA
    1.2 pattern: a text box, a listbox of matches, arrow keys, Enter, Escape) that asks
    `search_url` for matches as the person types and adds the picked one to the select (a
    single choice puts it in place of the one chosen before).
    The form's field still validates against its whole queryset, so the endpoint only
    suggests; what is accepted is decided on submit.
    """

    def __init__(self, search_url, attrs=None, texts=None):
        super().__init__(attrs)
        self.search_url = search_url
        self.texts = texts or {}

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.search_url, copied.texts = self.search_url, dict(self.texts)
        return copied

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-search-url"] = str(self.search_url)
        for key, text in self.texts.items():
            attrs[f"data-{key}"] = str(text)
        return attrs

    def optgroups(self, name, value, attrs=None):
        # Only the chosen rows are read and written: one query with `pk IN (…)`.
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        wanted = [v for v in value if str(v).isdigit()]
        narrowed = copy.copy(choices)
        narrowed.queryset = queryset.filter(pk__in=wanted) if wanted else queryset.none()
        self.choices = narrowed
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices


class SearchSelectMultiple(_SearchChoices, forms.SelectMultiple):
    """Many people (or positions) searched for: see `_SearchChoices`."""


class SearchSelect(_SearchChoices, forms.Select):
    """One person searched for: see `_SearchChoices`. The empty choice stays for the form."""

