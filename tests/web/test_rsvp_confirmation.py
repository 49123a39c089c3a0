"""A guest is sent a confirmation when their answer or dietary needs change, not on every save."""

from tests.web.test_rsvp import _answer, _first_industry


def test_confirmation_only_when_the_answer_or_dietary_needs_change(
    client, smtp, make_organiser, make_dinner, make_guest
):
    guest = make_guest(make_dinner(make_organiser()))
    answer = _answer(industry=_first_industry(client, guest.token))
    post = lambda **changes: client.post(f"/rsvp/{guest.token}", data=answer | changes)  # noqa: E731
    assert post().status_code == 302
    assert len(smtp.to(guest.email)) == 1
    post()  # the same answer saved again
    post(ask_2="Home inspectors")  # a profile edit the confirmation does not hinge on
    post(dietary="  VEGETARIAN ")  # the same need, typed differently
    assert len(smtp.to(guest.email)) == 1
    post(dietary="vegan")
    assert len(smtp.to(guest.email)) == 2
    assert "vegan" in smtp.to(guest.email)[-1].get_body(("plain",)).get_content()
    post(attending="no")
    assert len(smtp.to(guest.email)) == 3
