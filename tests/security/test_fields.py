from werkzeug.datastructures import MultiDict
from wtforms import Form

from planner.extensions import db
from planner.models import Organiser
from planner.security.fields import SingleLine


class TitleForm(Form):
    title = SingleLine("Title")


def test_single_line_field_cleans_what_was_posted():
    form = TitleForm(MultiDict({"title": " Founders'\r\nDinner\x0b "}))
    assert form.title.data == "Founders' Dinner"


def test_sign_up_stores_a_name_with_line_breaks_on_one_line(app, client, smtp):
    client.post(
        "/auth/register",
        data={
            "name": "A\r\nBcc: x@example.com",
            "email": "olive@example.com",
            "password": "long enough pw",
            "confirm": "long enough pw",
        },
    )
    with app.app_context():
        assert db.session.scalar(db.select(Organiser.name)) == "A Bcc: x@example.com"
    (mail,) = smtp.to("olive@example.com")
    assert mail["Bcc"] is None
