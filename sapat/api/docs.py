"""OpenAPI schema and its browsable docs, served from this server (no CDN).

Swagger UI is served by drf-spectacular's split view, so its start-up script is a file and
the site-wide CSP (`script-src 'self'`) holds. ReDoc renders its search in a web worker
started from a `blob:` URL, so its page alone adds `worker-src blob:` to the same policy.
"""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import AllowAny

from sapat.lib.middleware import CSP

REDOC_CSP = CSP + "; worker-src 'self' blob:"


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]
    authentication_classes = []


class SwaggerView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    authentication_classes = []
    url_name = "api-schema"
    template_name = "api/swagger.html"
    title = "Sapat API"


class RedocView(SpectacularRedocView):
    permission_classes = [AllowAny]
    authentication_classes = []
    url_name = "api-schema"
    template_name = "api/redoc.html"
    title = "Sapat API"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = REDOC_CSP
        return response
