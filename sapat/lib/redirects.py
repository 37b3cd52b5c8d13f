"""Going back where a form came from, without becoming an open redirect."""
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, default, *args):
    """Redirect to the POSTed `next` when it is an address on this site, else to `default`.

    `default` is anything `redirect()` takes (a URL, a view name with `args`, a model).
    A `next` pointing elsewhere (`https://evil.example/`, `//evil.example`) is ignored, so
    a link cannot use Sapat's sign-in to send people to a look-alike site.
    """
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default, *args)
