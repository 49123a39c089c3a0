"""The RSVP page's field stencils give exactly the `field` macro's markup, for any answer."""

import re

from flask import render_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms.widgets import html_params

from planner import stencils
from planner.auth.forms import LoginForm
from planner.lifecycle.rsvp import invitation_for_token
from planner.models._types import utcnow
from planner.rsvp.forms import ASK_HELP, RsvpForm

TEXT_FIELDS = (
    *("name", "company", "role", "does", "serves", "ask_1", "ask_2", "ask_3"),
    *("can_introduce", "dietary", "personal", "prefer_not"),
)
# Whatever a browser can send, quotes, markup and control characters included.
ANSWER = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ['Ana "A" <b>Souza</b> & O\'Neil', "a\r\nb", "\x00", "&amp;", stencils.MARKER[:1]]
)
HINTS = (None, "e.g. “two <landlords>” & more")


def _macro(app):
    return app.jinja_env.get_template("_macros.html").module.field


def _stencil(app):
    return app.jinja_env.globals["field_stencil"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.fixed_dictionaries({}, optional=dict.fromkeys(TEXT_FIELDS, ANSWER)),
    attending=st.sampled_from([None, "yes", "no", "maybe <b>"]),
    share_email=st.sampled_from([None, "y", "on", '"x"']),
    validate=st.booleans(),
)
def test_every_field_renders_as_the_macro_renders_it(app, texts, attending, share_email, validate):
    answers = {**texts, "attending": attending, "share_email": share_email}
    posted = MultiDict({key: value for key, value in answers.items() if value is not None})
    with app.test_request_context("/rsvp/token", method="POST"):
        form = RsvpForm(formdata=posted)
        if validate:
            form.validate()  # fields with errors go through the macro
        for field in form:
            for hint in HINTS:
                assert _stencil(app)(field, hint) == _macro(app)(field, hint), field.name


def test_a_stored_profile_shows_as_through_the_macro(app):
    values = {"name": "Ana <Souza>", "does": "x" * 1000, "attending": "yes", "share_email": True}
    with app.test_request_context("/rsvp/token"):
        form = RsvpForm(data=values)
        for field in form:
            assert _stencil(app)(field) == _macro(app)(field), field.name
        assert 'value="Ana &lt;Souza&gt;"' in _stencil(app)(form.name)


def test_the_page_is_the_same_with_the_macro(app, make_organiser, make_dinner, make_guest):
    dinner_id = make_dinner(make_organiser())
    tokens = [make_guest(dinner_id).token, make_guest(dinner_id, "accepted").token]
    for token in tokens:
        with app.test_request_context(f"/rsvp/{token}"):
            invitation = invitation_for_token(token, utcnow())
            form = RsvpForm(data={"name": invitation.name, "attending": "yes"})
            page = {
                "is_open": True,
                "invitation": invitation,
                "form": form,
                "ask_help": ASK_HELP,
                "waitlist": None,
                "seat_form": None,
            }
            fast = render_template("rsvp/respond.html", **page)
            # A variable of the render shadows the global the template reads.
            slow = render_template("rsvp/respond.html", **page, field_stencil=_macro(app))
            assert fast == slow


def test_what_guests_post_cannot_grow_the_kept_states(app):
    stencil = stencils.FieldStencils(lambda: _macro(app))
    with app.test_request_context("/rsvp/token", method="POST"):
        for n in range(3 * stencils.SMALL_STATES):
            form = RsvpForm(formdata=MultiDict({"share_email": f"value {n}"}))
            assert stencil(form.share_email) == _macro(app)(form.share_email)
    assert len(stencil._states) == stencils.SMALL_STATES


def test_a_widget_that_hides_its_value_is_rendered_by_the_macro(app):
    with app.test_request_context("/auth/login", method="POST"):
        form = LoginForm(formdata=MultiDict({"password": "secret-typed"}))
        rendered = _stencil(app)(form.password)
        assert rendered == _macro(app)(form.password)
        assert "secret-typed" not in rendered


def test_the_csrf_field_is_written_as_wtforms_writes_it(
    app, client, make_organiser, make_dinner, make_guest
):
    app.config["WTF_CSRF_ENABLED"] = True
    guest = make_guest(make_dinner(make_organiser()))
    page = client.get(f"/rsvp/{guest.token}").text
    value = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    stock = Markup("<input %s>") % html_params(
        id="csrf_token", name="csrf_token", type="hidden", value=value
    )
    assert str(stock) in page
