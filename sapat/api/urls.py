"""`/api/v1/`: the router of every endpoint, the schema and the docs."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import docs, org_api, tokens_api

router = DefaultRouter()
router.include_root_view = False
router.register("units", org_api.UnitViewSet, basename="unit")
router.register("positions", org_api.PositionViewSet, basename="position")
router.register("people", org_api.PersonViewSet, basename="person")
router.register("tokens", tokens_api.TokenViewSet, basename="token")

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("docs/", docs.SwaggerView.as_view(), name="api-docs"),
    path("redoc/", docs.RedocView.as_view(), name="api-redoc"),
    path("", include(router.urls)),
]
