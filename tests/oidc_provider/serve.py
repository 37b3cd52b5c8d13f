"""Start the test OpenID provider: `python -m tests.oidc_provider.serve PORT CONFIG.json`.

CONFIG names the client (id, secret, redirect URIs) and the provider's people (username,
password, e-mail, name). The provider migrates its own SQLite file, makes its signing key,
and serves on 127.0.0.1:PORT until it is stopped.
"""
import json
import os
import sys


def main():
    port, config_path = sys.argv[1], sys.argv[2]
    os.environ["OP_PORT"] = port
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    with open(config_path) as f:
        config = json.load(f)
    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        call_command("creatersakey")
    client, _ = Client.objects.get_or_create(client_id=config["client_id"], defaults={
        "name": "Sapat", "client_type": "confidential", "client_secret": config["secret"],
        "jwt_alg": "RS256", "require_consent": False, "reuse_consent": True,
    })
    client.redirect_uris = config["redirect_uris"]
    client.save()
    client.response_types.set(ResponseType.objects.filter(value="code"))
    for person in config["people"]:
        user, _ = User.objects.get_or_create(username=person["username"])
        user.email = person["email"]
        user.first_name = person.get("name", "")
        user.set_password(person["password"])
        user.save()
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True,
                 skip_checks=True)


if __name__ == "__main__":
    main()
