"""Read a page's form the way a browser submits it: hidden fields, textareas, chosen options."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields, self.action = form_id, False, {}, None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            if self.inside:
                self.action = attrs.get("action")
        elif self.inside and tag == "input" and _submitted(attrs):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "select":
            self._select = attrs["name"]
        elif self.inside and tag == "option" and self._select:
            # The first option, unless another is marked selected.
            if self._select not in self.fields or attrs.get("selected") is not None:
                self.fields[self._select] = attrs.get("value") or ""
        elif self.inside and tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def _submitted(attrs: dict) -> bool:
    """Tell whether a browser submits this input as it stands (buttons aside)."""
    return attrs.get("type") in ("hidden", "text", None) or attrs.get("checked") is not None


def read_form(html: str, form_id: str) -> tuple[str | None, dict[str, str]]:
    """Return the action and the fields the form with `form_id` would submit as it stands."""
    reader = _FormReader(form_id)
    reader.feed(html)
    assert reader.fields or f'id="{form_id}"' in html, f"no form {form_id!r} on the page"
    return reader.action, reader.fields


def submit(client, url: str, form_id: str, **changes):
    """GET the page at `url`, then POST its form `form_id` with `changes` applied."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    action, fields = read_form(page.text, form_id)
    return client.post(action or url, data={**fields, **changes})
