"""`/api/v1/`: the router of every endpoint, the schema and the docs."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import (
    docs,
    integrated_api,
    org_api,
    org_import_api,
    processes_api,
    risks_api,
    tokens_api,
)

router = DefaultRouter()
router.include_root_view = False
router.register("units", org_api.UnitViewSet, basename="unit")
router.register("positions", org_api.PositionViewSet, basename="position")
router.register("people", org_api.PersonViewSet, basename="person")
router.register("process-groups", processes_api.ProcessGroupViewSet, basename="process-group")
router.register("processes", processes_api.ProcessViewSet, basename="process")
router.register("indicators", processes_api.IndicatorViewSet, basename="indicator")
router.register("periods", processes_api.PeriodViewSet, basename="period")
router.register("measurements", processes_api.MeasurementViewSet, basename="measurement")
router.register("risks", risks_api.RiskViewSet, basename="risk")
router.register("opportunities", risks_api.OpportunityViewSet, basename="opportunity")
router.register("measures", risks_api.MeasureViewSet, basename="measure")
router.register("assessments", risks_api.AssessmentViewSet, basename="assessment")
router.register("risk-categories", risks_api.CategoryViewSet, basename="risk-category")
router.register("scales", risks_api.ScaleViewSet, basename="scale")
router.register("integrated", integrated_api.IntegratedViewSet, basename="integrated")
router.register("tokens", tokens_api.TokenViewSet, basename="token")

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("docs/", docs.SwaggerView.as_view(), name="api-docs"),
    path("redoc/", docs.RedocView.as_view(), name="api-redoc"),
    path("org/import/", org_import_api.OrgImportView.as_view(), name="api-org-import"),
    path("", include(router.urls)),
]
