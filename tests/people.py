"""Accepted guests with working profiles (role, industry, asks, whom they can introduce)."""


def add_guests(make_guest, dinner_id: int, profiles, names=None) -> None:
    """Add one accepted guest per (role, industry, asks, can_introduce) profile."""
    for n, (role, industry, asks, intro) in enumerate(profiles):
        name = names[n] if names else f"{role.title()} {n}"
        make_guest(
            dinner_id,
            status="accepted",
            name=name,
            email=f"{name.split()[0].lower()}@example.com" if names else f"guest-{n}@example.com",
            role=role,
            industry=industry,
            does=f"I work as a {role.lower()}.",
            asks=asks,
            can_introduce=intro,
        )
