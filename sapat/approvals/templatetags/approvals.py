from django import template

register = template.Library()


@register.inclusion_tag("approvals/_panel.html", takes_context=True)
def approval_panel(context, obj):
    """The approval panel of a record's page: state, history, and the decision forms."""
    from sapat.approvals.views import panel_context

    request = context["request"]
    data = panel_context(obj, request.user)
    data.update({"csrf_token": context.get("csrf_token"), "next": request.get_full_path(),
                 "request_obj": request})
    return data
