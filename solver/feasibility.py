"""Explain infeasible input in plain English, naming the constraints that clash."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from .compile import apart_pairs
from .prepare import Infeasible, Instance, together_components


def check_structure(inst: Instance) -> None:
    """Raise Infeasible with an explanation for clashes visible without search."""
    roots = together_components(inst.n, inst.constraints.keep_together)
    blocks: dict[int, list[int]] = defaultdict(list)
    for person, root in enumerate(roots):
        blocks[root].append(person)
    _check_block_sizes(inst, blocks)
    _check_apart_inside_blocks(inst, roots)
    pin_of_block = _check_pins(inst, roots)
    _check_pinned_loads(inst, blocks, pin_of_block)
    _check_apart_pinned_together(inst, roots, pin_of_block)
    _check_spread_groups(inst)


def _check_block_sizes(inst: Instance, blocks) -> None:
    largest = int(inst.hi.max())
    for members in blocks.values():
        if len(members) > largest:
            raise Infeasible(
                f"{inst.who_all(members)} must sit together ({len(members)} guests), "
                f"but the largest table seats {largest}"
            )


def _check_apart_inside_blocks(inst: Instance, roots) -> None:
    for a, b, reason in apart_pairs(inst):
        if roots[a] == roots[b]:
            raise Infeasible(f"{inst.who_all([a, b])} must sit together but {reason}")


def _check_pins(inst: Instance, roots) -> dict[int, tuple[int, int]]:
    """Return block root -> (table, person pinned there); raise on clashing pins."""
    pin_of_block: dict[int, tuple[int, int]] = {}
    for person, table in inst.constraints.pinned:
        root = roots[person]
        if root in pin_of_block and pin_of_block[root][0] != table:
            other, other_table = pin_of_block[root][1], pin_of_block[root][0]
            if other == person:
                raise Infeasible(
                    f"{inst.who(person)} is pinned to both table {other_table} and table {table}"
                )
            raise Infeasible(
                f"{inst.who_all([other, person])} must sit together but are pinned to "
                f"tables {other_table} and {table}"
            )
        pin_of_block[root] = (table, person)
    return pin_of_block


def _check_pinned_loads(inst: Instance, blocks, pin_of_block) -> None:
    load: dict[int, list[int]] = defaultdict(list)
    for root, (table, _) in pin_of_block.items():
        load[table] += blocks[root]
    for table, people in sorted(load.items()):
        if len(people) > inst.hi[table]:
            raise Infeasible(
                f"{len(people)} guests ({inst.who_all(sorted(people))}) are pinned to "
                f"table {table} (directly or through keep-together groups), "
                f"which seats at most {inst.hi[table]}"
            )


def _check_apart_pinned_together(inst: Instance, roots, pin_of_block) -> None:
    for a, b, reason in apart_pairs(inst):
        pa, pb = pin_of_block.get(roots[a]), pin_of_block.get(roots[b])
        if pa and pb and pa[0] == pb[0]:
            raise Infeasible(
                f"{inst.who_all([a, b])} {reason} but are both pinned to table {pa[0]}"
            )


def _check_spread_groups(inst: Instance) -> None:
    tables = inst.n_tables
    hosts = sorted(set(inst.constraints.hosts))
    if len(hosts) > tables:
        raise Infeasible(
            f"there are {len(hosts)} hosts but only {tables} tables, "
            "and each table takes at most one host"
        )
    for group in inst.constraints.competitor_groups:
        if len(set(group)) > tables:
            raise Infeasible(
                f"the {len(set(group))} competitors {inst.who_all(sorted(set(group)))} must sit "
                f"at different tables, but there are only {tables} tables"
            )


def find_seating(inst: Instance, time_limit_s: float) -> tuple[list[int] | None, str | None]:
    """Find any seating with CP-SAT; else name a small set of clashing constraints.

    Returns (table per person, None) when a seating exists, (None, explanation) when the
    constraints provably clash, and (None, None) when time ran out undecided.
    """
    model = cp_model.CpModel()
    n, tables = inst.n, inst.n_tables
    x = [[model.NewBoolVar(f"x{i}_{t}") for t in range(tables)] for i in range(n)]
    for i in range(n):
        model.AddExactlyOne(x[i])
    labelled = add_seating_constraints(model, inst, x)
    model.AddAssumptions([lit for lit, _ in labelled])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s)
    solver.parameters.num_workers = 1
    status = solver.Solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [next(t for t in range(tables) if solver.Value(x[i][t])) for i in range(n)], None
    if status != cp_model.INFEASIBLE:
        return None, None
    core = set(solver.SufficientAssumptionsForInfeasibility())
    reasons = [text for lit, text in labelled if lit.Index() in core]
    if not reasons:
        return None, "the constraints cannot all hold together"
    return None, (
        f"these constraints cannot all hold together with {tables} table(s): " + "; ".join(reasons)
    )


def add_seating_constraints(model, inst: Instance, x) -> list[tuple[object, str]]:
    """Add every organiser constraint behind its own assumption literal."""
    labelled = []
    tables, cons = inst.n_tables, inst.constraints

    def guard(text: str):
        lit = model.NewBoolVar(text)
        labelled.append((lit, text))
        return lit

    # Table sizes: each table within its seat bounds.
    for t in range(tables):
        column = [x[i][t] for i in range(inst.n)]
        lit = guard(f"table {t} seats {inst.lo[t]}-{inst.hi[t]}")
        model.Add(sum(column) >= int(inst.lo[t])).OnlyEnforceIf(lit)
        model.Add(sum(column) <= int(inst.hi[t])).OnlyEnforceIf(lit)
    # Keep apart / hosts / competitors: never two of a set at one table.
    for a, b, reason in apart_pairs(inst):
        lit = guard(f"{inst.who_all([a, b])} {reason}")
        for t in range(tables):
            model.AddBoolOr([x[a][t].Not(), x[b][t].Not()]).OnlyEnforceIf(lit)
    # Keep together: members share one table.
    for group in cons.keep_together:
        lit = guard(f"{inst.who_all(list(group))} must sit together")
        for other in group[1:]:
            for t in range(tables):
                model.Add(x[group[0]][t] == x[other][t]).OnlyEnforceIf(lit)
    # Pins: a person sits at a given table.
    for person, table in cons.pinned:
        lit = guard(f"{inst.who(person)} is pinned to table {table}")
        model.AddImplication(lit, x[person][table])
    return labelled
