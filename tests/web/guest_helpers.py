"""Drive the organiser's two-step invite (preview, then send) through the test client."""

import html
import io
import re


def preview(client, dinner_id: int, pasted: str = "", csv: bytes | None = None, **extra):
    """Post the invite form's first step and return the preview response."""
    data = {"pasted": pasted, **extra}
    if csv is not None:
        data["csv_file"] = (io.BytesIO(csv), "guests.csv")
    return client.post(
        f"/dinners/{dinner_id}/invite", data=data, content_type="multipart/form-data"
    )


def send(client, dinner_id: int, page: str, follow_redirects: bool = False, **changes):
    """Re-submit what a preview page holds (its kept text and digest) with the send button."""
    data = {
        "pasted": textarea(page, "pasted"),
        "csv_text": textarea(page, "csv_text"),
        "digest": re.search(r'name="digest" type="hidden" value="([^"]*)"', page).group(1),
        "send": "Send",
        **changes,
    }
    return client.post(f"/dinners/{dinner_id}/invite", data=data, follow_redirects=follow_redirects)


def invite(client, dinner_id: int, pasted: str = "", csv: bytes | None = None):
    """Preview a list and send it; return the response to the send."""
    page = preview(client, dinner_id, pasted, csv)
    assert page.status_code == 200, page.text
    return send(client, dinner_id, page.text)


def textarea(page: str, name: str) -> str:
    """Return the text a page's textarea `name` holds."""
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1)) if match else ""
