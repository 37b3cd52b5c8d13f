"""The integrated table's screen; the home page's dashboards live in `home.py`."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sapat.reports import integrated as table
from sapat.risks import scoring

from .forms import IntegratedFilterForm


@login_required
def integrated(request):
    """Appendix 6, live: per unit, per process or for the whole university, a page at a time
    (the exports hold the whole table)."""
    bands = scoring.load_bands()
    form = IntegratedFilterForm(request.GET or None, person=request.user, bands=bands)
    page_obj, rows = table.integrated_page(person=request.user, params=request.GET,
                                           page=request.GET.get("page"), bands=bands)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dashboards/integrated.html", {
        "form": form, "rows": rows, "columns": table.COLUMNS, "section": "integrated",
        "page_obj": page_obj, "query": query.urlencode(),
    })
