"""MDGPLIB instances: reading, converting to a Problem, and reference values."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .problem import Problem, TableSpec

DEFAULT_LIBRARY = Path(__file__).resolve().parent.parent.parent / "shared" / "mdgplib"


def library_root() -> Path:
    """Locate MDGPLIB: $MDGPLIB_DIR, else ../shared/mdgplib next to the repository."""
    return Path(os.environ.get("MDGPLIB_DIR", DEFAULT_LIBRARY))


@dataclass(frozen=True)
class MdgpInstance:
    """An MDGPLIB instance: distance matrix and per-group size bounds."""

    name: str
    scores: np.ndarray
    groups: tuple[TableSpec, ...]

    def problem(self, seconds: float, seed: int = 0, workers: int | None = None) -> Problem:
        """Wrap the instance as a seating Problem."""
        return Problem(
            scores=self.scores, tables=self.groups, time_limit_s=seconds, seed=seed,
            workers=workers,
        )  # fmt: skip


def read_instance(path: str | Path) -> MdgpInstance:
    """Parse an MDGPLIB file (header `M G type a1 b1 ...`, then `i j d` lines)."""
    path = Path(path)
    with path.open() as handle:
        header = handle.readline().split()
        body = np.loadtxt(handle, ndmin=2)
    n, n_groups = int(header[0]), int(header[1])
    bounds = [int(x) for x in header[3 : 3 + 2 * n_groups]]
    groups = tuple(TableSpec(bounds[2 * g], bounds[2 * g + 1]) for g in range(n_groups))
    scores = np.zeros((n, n))
    i, j = body[:, 0].astype(int), body[:, 1].astype(int)
    scores[i, j] = body[:, 2]
    scores[j, i] = body[:, 2]
    return MdgpInstance(path.stem, scores, groups)


def score_groups(scores: np.ndarray, groups) -> float:
    """Re-score a group-per-element vector from scratch."""
    groups = np.asarray(groups)
    same = groups[:, None] == groups[None, :]
    return float(np.triu(scores * same, 1).sum())


@dataclass(frozen=True)
class Reference:
    """Published or computed reference values for one instance."""

    best: float | None = None
    average: float | None = None
    time_limit_s: float | None = None
    proven_optimum: float | None = None


def references(root: Path | None = None) -> dict[str, Reference]:
    """Load TPSDP best/average values and the proven optima shipped with MDGPLIB."""
    root = root or library_root()
    refs: dict[str, Reference] = {}
    with (root / "best_known_tpsdp.csv").open() as handle:
        for row in csv.DictReader(handle):
            refs[row["instance"]] = Reference(
                best=float(row["tpsdp_best"]),
                average=float(row["tpsdp_avg20"]),
                time_limit_s=float(row["time_limit_s"]),
            )
    with (root / "reference_values_computed_here.csv").open() as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "proven_optimal":
                refs[row["instance"]] = Reference(proven_optimum=float(row["value"]))
    return refs


def instance_path(name: str, root: Path | None = None) -> Path:
    """Path of a named instance, e.g. RanReal_n120_ds_01."""
    root = root or library_root()
    return root / "instances" / name.split("_")[0] / f"{name}.txt"
