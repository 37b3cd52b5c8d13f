"""OpenAPI description of the personal token authentication."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "sapat.api.authentication.PersonalTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A personal API token from your profile page, sent as "
                "`Authorization: Token <key>` (or `Bearer <key>`)."
            ),
        }
