"""The integrated table's screen; the home page's dashboards live in `home.py`."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sapat.reports import integrated as table
from sapat.risks import scoring

from .forms import IntegratedFilterForm


@login_required
def integrated(request):
    """Appendix 6, live: per unit, per process or for the whole university."""
    bands = scoring.load_bands()
    form = IntegratedFilterForm(request.GET or None, person=request.user, bands=bands)
    rows = table.integrated_rows(person=request.user, params=request.GET, bands=bands)
    return render(request, "dashboards/integrated.html", {
        "form": form, "rows": rows, "columns": table.COLUMNS, "section": "integrated",
    })
