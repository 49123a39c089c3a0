"""The guest lifecycle: every mail a guest gets and every page their personal links open.

Invitation, RSVP confirmation, reminder, dinner-day note, follow-ups, outcome check,
introductions and unsubscribe live here, with one registry of mail kinds (`registry.py`) that
the scheduler, the previews and the outbox read. Plain Python: no Flask.
"""
