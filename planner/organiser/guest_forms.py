"""Organiser forms for the guest list: the import with its preview, seats, confirmations."""

import hashlib

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, HiddenField, IntegerField, SubmitField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from planner import widgets
from planner.services.guests import MAX_GUESTS, Guest, decode_csv


class InviteForm(FlaskForm):
    """Paste and CSV together; previewed first, sent only when the organiser confirms.

    The uploaded file's text is kept in `csv_text` (shown for editing), so the confirm step
    re-submits exactly what was previewed and the server validates it again: nothing parsed
    on the client is ever trusted.
    """

    # Rendered on every view of the dinner page: through the faster widgets, same markup.
    pasted = TextAreaField(
        "Paste guests, one per line",
        render_kw={"rows": 8, "placeholder": "Ana Souza <ana@example.com>"},
        widget=widgets.TextArea(),
    )
    csv_file = FileField(
        "…and/or upload a CSV file",
        validators=[FileAllowed(["csv", "txt", "tsv"], "Choose a .csv or .txt file.")],
        widget=widgets.FileInput(),
    )
    csv_text = TextAreaField(
        "CSV file contents (you can fix lines here)",
        render_kw={"rows": 8},
        widget=widgets.TextArea(),
    )
    csv_name = HiddenField(widget=widgets.HiddenInput())
    # Of the list last previewed: "send" only sends what was seen.
    digest = HiddenField(widget=widgets.HiddenInput())
    preview = SubmitField("Preview invitations", widget=widgets.SubmitInput())
    send = SubmitField("Send invitations", widget=widgets.SubmitInput())

    hint = (
        f"Up to {MAX_GUESTS:,} guests per import. Paste and CSV can be used together; columns "
        "are matched by their header (name, email, company…), separated by commas, semicolons "
        "or tabs. You see a preview, line by line, before anything is sent."
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        given = (self.pasted.data or "").strip() or (self.csv_text.data or "").strip()
        if not given and not self.csv_file.data:
            self.pasted.errors.append("Paste at least one guest or choose a CSV file.")
            return False
        return True

    def csv_data(self) -> bytes | str:
        """Return the CSV to read: a newly chosen file replaces the text kept from before."""
        upload = self.csv_file.data
        if not upload:
            return self.csv_text.data or ""
        data = upload.read()
        text, problem = decode_csv(data)
        self.csv_text.data = "" if problem else text
        self.csv_name.data = upload.filename or "the file"
        return data


def list_digest(guests: list[Guest]) -> str:
    """Return a fingerprint of the guests a preview showed (who, in which order)."""
    names = "\n".join(f"{guest.name}\t{guest.email}" for guest in guests)
    return hashlib.sha256(names.encode()).hexdigest()


class CapacityForm(FlaskForm):
    capacity = IntegerField(
        "Seats (empty: every table full once tables are set)",
        validators=[Optional(), NumberRange(min=1, max=10_000)],
    )


class RemoveGuestForm(FlaskForm):
    """Confirm a removal, and choose whether the guest is told (with an optional note)."""

    # Ticked on the page as first shown (see the view); a POST without it sends nothing.
    tell_guest = BooleanField("Email them that their invitation is withdrawn")
    note = TextAreaField(
        "A line from you in that email (optional)",
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 3},
    )
