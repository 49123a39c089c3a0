"""A guest's own data, from their RSVP link: see it, download it, delete it."""
