"""A head creates an API token on the profile page, uses it, revokes it; the docs render."""
import json
import urllib.error
import urllib.request

from .conftest import ARTIFACTS, login, screenshot


def api_get(base_url, path, key):
    request = urllib.request.Request(base_url + path, headers={
        "Authorization": f"Token {key}", "Accept-Language": "ky"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, None


def test_head_creates_uses_and_revokes_a_token(page, demo):
    login(page, "head")
    page.goto(page.base_url + "/profile/")
    page.fill("#token-name", "AVN импорт")
    page.click("[data-testid=create-token]")
    key = page.inner_text("[data-testid=new-token-key]").strip()
    assert key.startswith("sapat_")
    screenshot(page, "api-profile-new-token")

    status, body = api_get(page.base_url, "/api/v1/risks/?ordering=-level", key)
    assert status == 200
    assert body["count"] >= 1
    assert all(r["unit"] == "dep-it" for r in body["results"])

    page.reload()
    assert page.locator("[data-testid=new-token-key]").count() == 0  # shown once only
    page.click("[data-testid=revoke-token]")
    screenshot(page, "api-profile-revoked")
    status, _body = api_get(page.base_url, "/api/v1/risks/", key)
    assert status == 401


def viewport_shot(page, name):
    # The docs pages are many screens tall: the first screen is what a person judges.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_swagger_and_redoc_render_under_the_csp(page, demo):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, "qms", language="en")
    page.goto(page.base_url + "/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    # Swagger UI draws the operations near the viewport only (a virtual list): with more
    # tags before it, the risks' operations appear as a reader scrolls down to them.
    for _ in range(80):
        if page.locator("text=/api/v1/risks/").count():
            break
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(150)
    page.wait_for_selector("text=/api/v1/risks/")
    viewport_shot(page, "api-docs-swagger")
    page.goto(page.base_url + "/api/v1/redoc/")
    page.wait_for_selector("h1:has-text('Sapat API')")
    viewport_shot(page, "api-docs-redoc")
    # ReDoc's footer links a logo on its vendor's CDN; the CSP blocks it, as it should
    # (nothing is fetched from outside). Any script or style refused would be a bug.
    refused = [e for e in errors if "Content Security Policy" in e and "img-src" not in e]
    assert not refused, errors
