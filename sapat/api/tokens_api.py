"""`/api/v1/tokens/`: a person lists, creates and revokes their own tokens."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .base import ThrottleAnonymousFirst
from .fields import DescribedFieldsMixin
from .models import ApiToken
from .ratelimit import TokenThrottle
from .tokens import token_create, token_revoke


class TokenSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True,
                                         help_text=_("False once the token is revoked."))

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at",
                  "is_active"]
        read_only_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(
        read_only=True,
        help_text=_("The token itself: shown in this answer only, never again."),
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]


class TokenViewSet(ThrottleAnonymousFirst, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Your own API tokens. DELETE revokes a token (it stays listed as revoked)."""

    queryset = ApiToken.objects.none()  # per person: see get_queryset
    serializer_class = TokenSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    ordering = ["-created_at"]

    def get_queryset(self):
        return ApiToken.objects.filter(person=self.request.user)

    def get_throttles(self):
        if self.action == "create":
            return [*super().get_throttles(), TokenThrottle()]
        return super().get_throttles()

    @extend_schema(request=TokenSerializer, responses={201: NewTokenSerializer})
    def create(self, request, *args, **kwargs):
        incoming = TokenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        token, key = token_create(person=request.user, name=incoming.validated_data["name"])
        token.key = key
        return Response(NewTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        token_revoke(token=instance)
