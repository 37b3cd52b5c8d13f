"""Risk screens: the unit passport, risk and opportunity pages, measures."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def passport_home(request):
    return HttpResponse("")


@login_required
def my_measures(request):
    return HttpResponse("")
