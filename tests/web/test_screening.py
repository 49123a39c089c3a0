"""Flagged profiles are reviewed before seating: kept, or declined with a note the guest gets."""

from planner.extensions import db
from planner.models import Invitation, RsvpStatus

SALES_FUNNEL = {
    "role": "Independent business owner",
    "does": "I help people reach financial freedom with passive income.",
    "asks": ["Anyone who wants financial freedom"],
    "can_introduce": "",
}
REALTOR = {
    "role": "Realtor",
    "industry": "residential_realtor",
    "does": "I help families buy their first home.",
    "asks": ["Mortgage brokers for first-time buyers"],
    "can_introduce": "Home buyers",
}


def _dinner_with_guests(make_organiser, make_dinner, make_guest):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    funnel = make_guest(dinner_id, status="accepted", name="Finn Funnel", **SALES_FUNNEL)
    realtor = make_guest(dinner_id, status="accepted", name="Ana Souza", **REALTOR)
    return organiser, dinner_id, funnel, realtor


def test_the_dinner_page_lists_flagged_profiles_only(
    client, login, make_organiser, make_dinner, make_guest
):
    organiser, dinner_id, funnel, realtor = _dinner_with_guests(
        make_organiser, make_dinner, make_guest
    )
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}").text
    assert f'id="review-{funnel.id}"' in page and "sales funnel" in page
    assert f'id="review-{realtor.id}"' not in page


def test_keeping_a_flagged_guest_takes_them_off_the_list(
    client, login, make_organiser, make_dinner, make_guest
):
    organiser, dinner_id, funnel, _ = _dinner_with_guests(make_organiser, make_dinner, make_guest)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/review/{funnel.id}/approve")
    assert f'id="review-{funnel.id}"' not in client.get(f"/dinners/{dinner_id}").text


def test_declining_needs_a_note_then_mails_it_and_takes_the_guest_off_the_seating(
    app, client, smtp, login, make_organiser, make_dinner, make_guest
):
    organiser, dinner_id, funnel, _ = _dinner_with_guests(make_organiser, make_dinner, make_guest)
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}/review/{funnel.id}/decline")
    assert "What will happen" in page.text and smtp.messages == []
    empty = client.post(f"/dinners/{dinner_id}/review/{funnel.id}/decline", data={"note": ""})
    assert empty.status_code == 422 and smtp.messages == []
    note = "This dinner is for referral partners; it is not a fit for recruiting."
    client.post(f"/dinners/{dinner_id}/review/{funnel.id}/decline", data={"note": note})
    (mail,) = smtp.to(funnel.email)
    assert note in mail.get_body(("plain",)).get_content()
    with app.app_context():
        assert db.session.get(Invitation, funnel.id).status == RsvpStatus.DECLINED


def test_another_organiser_cannot_review_these_guests(
    client, login, make_organiser, make_dinner, make_guest
):
    _, dinner_id, funnel, _ = _dinner_with_guests(make_organiser, make_dinner, make_guest)
    login(make_organiser())
    assert client.post(f"/dinners/{dinner_id}/review/{funnel.id}/approve").status_code == 404
    assert client.get(f"/dinners/{dinner_id}/review/{funnel.id}/decline").status_code == 404


def test_the_review_list_follows_profile_edits_after_a_view(
    app, client, login, make_organiser, make_dinner, make_guest
):
    organiser, dinner_id, funnel, realtor = _dinner_with_guests(
        make_organiser, make_dinner, make_guest
    )
    login(organiser)
    client.get(f"/dinners/{dinner_id}")  # the flags of both profiles are worked out once
    with app.app_context():
        for guest, values in ((funnel, REALTOR), (realtor, SALES_FUNNEL)):
            profile = db.session.get(Invitation, guest.id).profile
            for name, value in {"industry": "", **values}.items():
                setattr(profile, name, value)
        db.session.commit()
    page = client.get(f"/dinners/{dinner_id}").text
    assert f'id="review-{funnel.id}"' not in page
    assert f'id="review-{realtor.id}"' in page and "sales funnel" in page
