from datetime import timedelta

from planner import create_app


def test_pages_carry_the_security_headers(client):
    headers = client.get("/auth/login").headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers


def test_https_deployment_sends_hsts_and_secure_cookies(app_config, make_organiser):
    app_config["PUBLIC_BASE_URL"] = "https://tablewise.example"
    app = create_app(app_config)
    organiser = make_organiser()
    client = app.test_client()
    response = client.post(
        "/auth/login",
        base_url="https://tablewise.example",
        data={"email": organiser.email, "password": organiser.password, "remember": "y"},
    )
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_samesite_lax_and_httponly_over_http(client, make_organiser):
    organiser = make_organiser()
    response = client.post(
        "/auth/login", data={"email": organiser.email, "password": organiser.password}
    )
    session = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session and "Secure" not in session


def test_remember_me_lasts_at_most_30_days(app, monkeypatch, app_config):
    assert app.config["REMEMBER_COOKIE_DURATION"] <= timedelta(days=30)
    monkeypatch.setenv("REMEMBER_DAYS", "365")
    assert create_app(app_config).config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)


def test_one_view_can_allow_inline_styles_and_no_more(app_config):
    from planner.security.headers import allow_inline_styles

    app = create_app(app_config)

    @app.get("/preview-probe")
    @allow_inline_styles
    def preview_probe():
        return "<p style='color:red'>mail</p>"

    client = app.test_client()
    relaxed = client.get("/preview-probe").headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in relaxed
    assert "script-src 'self'" in relaxed and "frame-ancestors 'none'" in relaxed
    assert "unsafe-inline" not in client.get("/auth/login").headers["Content-Security-Policy"]
