"""The built-in taxonomy of specialties grouped into contact spheres, and organiser extensions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

DATA_PACKAGE = "planner.matching"
DEFAULT_FILE = "taxonomy.json"


@dataclass(frozen=True)
class Specialty:
    """One line of business: how it is named (titles) and how people ask for it (needs)."""

    key: str
    label: str
    sphere: str
    titles: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    # In-house roles (HR directors, CFOs) are buyers, not rivals: two of them are not competitors.
    competes: bool = True


@dataclass(frozen=True)
class Sphere:
    """A contact sphere: businesses that serve the same clients without competing."""

    key: str
    label: str
    specialties: tuple[Specialty, ...]


@dataclass(frozen=True)
class Taxonomy:
    """Spheres of specialties plus abbreviations used when reading free text."""

    spheres: tuple[Sphere, ...]
    abbreviations: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None, extra: Mapping | str | Path | None = None):
        """Load the built-in taxonomy (or `path`), then merge an organiser's `extra` into it."""
        base = _read_json(path) if path else _builtin_data()
        if extra is not None:
            additions = extra if isinstance(extra, Mapping) else _read_json(extra)
            base = merge_taxonomy_data(base, additions)
        return cls.from_dict(base)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Taxonomy:
        """Build a taxonomy from its JSON form ({"spheres": [...], "abbreviations": {...}})."""
        spheres = tuple(_sphere_from_dict(raw) for raw in data.get("spheres", ()))
        keys = [s.key for sphere in spheres for s in sphere.specialties]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"duplicate specialty keys: {', '.join(duplicates)}")
        return cls(spheres=spheres, abbreviations=dict(data.get("abbreviations", {})))

    @cached_property
    def specialties(self) -> tuple[Specialty, ...]:
        """Return every specialty in taxonomy order."""
        return tuple(s for sphere in self.spheres for s in sphere.specialties)

    def specialty(self, key: str) -> Specialty:
        """Return the specialty with this key (KeyError if unknown)."""
        return self._by_key[key]

    def sphere(self, key: str) -> Sphere:
        """Return the sphere with this key (KeyError if unknown)."""
        return {sphere.key: sphere for sphere in self.spheres}[key]

    def index(self, key: str) -> int:
        """Return the position of a specialty key in `specialties`."""
        return self._positions[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    # cached_property writes to the instance __dict__ directly, so it works on frozen dataclasses.
    @cached_property
    def _by_key(self) -> dict[str, Specialty]:
        return {s.key: s for s in self.specialties}

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {s.key: i for i, s in enumerate(self.specialties)}

    def choices(self) -> list[tuple[str, str]]:
        """Return (key, label) pairs for every specialty, in taxonomy order."""
        return [(s.key, s.label) for s in self.specialties]

    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Return (sphere label, [(key, label), ...]) pairs for grouped selects."""
        return [(sp.label, [(s.key, s.label) for s in sp.specialties]) for sp in self.spheres]


def merge_taxonomy_data(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Merge organiser data into base data: add new spheres/specialties, extend known ones."""
    merged = json.loads(json.dumps(base))  # deep copy that stays plain JSON
    merged.setdefault("abbreviations", {}).update(extra.get("abbreviations", {}))
    spheres = {sphere["key"]: sphere for sphere in merged.setdefault("spheres", [])}
    for raw_sphere in extra.get("spheres", ()):
        target = spheres.get(raw_sphere["key"])
        if target is None:
            target = {"key": raw_sphere["key"], "label": raw_sphere.get("label", raw_sphere["key"])}
            target["specialties"] = []
            merged["spheres"].append(target)
            spheres[target["key"]] = target
        _merge_specialties(target["specialties"], raw_sphere.get("specialties", ()))
    return merged


def _merge_specialties(existing: list[dict], additions) -> None:
    by_key = {s["key"]: s for s in existing}
    for raw in additions:
        known = by_key.get(raw["key"])
        if known is None:
            existing.append(dict(raw))
            by_key[raw["key"]] = existing[-1]
            continue
        for words in ("titles", "needs"):
            known[words] = list(dict.fromkeys([*known.get(words, []), *raw.get(words, [])]))
        known.update({k: v for k, v in raw.items() if k in ("label", "competes")})


def _sphere_from_dict(raw: Mapping[str, Any]) -> Sphere:
    specialties = tuple(
        Specialty(
            key=s["key"],
            label=s.get("label", s["key"]),
            sphere=raw["key"],
            titles=tuple(s.get("titles", ())),
            needs=tuple(s.get("needs", ())),
            competes=bool(s.get("competes", True)),
        )
        for s in raw.get("specialties", ())
    )
    return Sphere(key=raw["key"], label=raw.get("label", raw["key"]), specialties=specialties)


def _read_json(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _builtin_data() -> dict[str, Any]:
    data_file = resources.files(DATA_PACKAGE).joinpath("data").joinpath(DEFAULT_FILE)
    return json.loads(data_file.read_text(encoding="utf-8"))


@cache
def default_taxonomy() -> Taxonomy:
    """Return the built-in taxonomy (loaded once)."""
    return Taxonomy.load()


def industry_choices() -> list[tuple[str, str]]:
    """Return (key, label) pairs of the built-in taxonomy for the RSVP industry select."""
    return default_taxonomy().choices()


def taxonomy_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Return (sphere label, [(key, label), ...]) of the built-in taxonomy for <optgroup>s."""
    return default_taxonomy().groups()
