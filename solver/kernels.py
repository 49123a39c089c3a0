"""Numba kernels: incremental gain bookkeeping and a move/swap tabu search.

Notation: nodes u (keep-together blocks or single guests) with weight wt[u]; tables g.
D[u, g] = sum of W[u, v] over nodes v at table g, so moving u from a to b changes the
objective by D[u, b] - D[u, a], and swapping u (at a) with v (at b) by
D[u, b] - D[u, a] + D[v, a] - D[v, b] - 2 W[u, v]. K[u, g] counts the nodes at g that u
may not sit with. All kernels release the GIL so that search threads run in parallel.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_MUL = np.uint64(2685821657736338717)
_EPS = 1e-9


@njit(cache=True, nogil=True)
def rand_below(state, k):
    """Draw an integer in [0, k) from a xorshift64* generator kept in state[0]."""
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return np.int64(((x * _MUL) >> np.uint64(33)) % np.uint64(k))


@njit(cache=True, nogil=True)
def build_state(W, C, a, n_tables):
    """Compute gains D, conflict counts K and the objective of assignment a."""
    m = W.shape[0]
    D = np.zeros((m, n_tables))
    K = np.zeros((m, n_tables), dtype=np.int32)
    for u in range(m):
        for v in range(m):
            D[u, a[v]] += W[u, v]
            K[u, a[v]] += C[u, v]
    f = 0.0
    for u in range(m):
        f += D[u, a[u]]
    return D, K, f / 2.0


@njit(cache=True, nogil=True)
def move_node(W, C, has_c, wt, a, D, K, load, u, g):
    """Move node u to table g and update D, K and loads in O(m)."""
    old = a[u]
    m = W.shape[0]
    # W and C are symmetric: walk row u (contiguous) rather than column u.
    for v in range(m):
        w = W[u, v]
        D[v, old] -= w
        D[v, g] += w
    if has_c:
        for v in range(m):
            c = C[u, v]
            K[v, old] -= c
            K[v, g] += c
    load[old] -= wt[u]
    load[g] += wt[u]
    a[u] = g


@njit(cache=True, nogil=True)
def _move_ok(u, g, a, wt, load, lo, hi, K, has_c):
    gu = a[u]
    if g == gu or load[gu] - wt[u] < lo[gu] or load[g] + wt[u] > hi[g]:
        return False
    return not (has_c and K[u, g] > 0)


@njit(cache=True, nogil=True)
def _swap_ok(u, v, a, wt, load, lo, hi, K, C, has_c):
    gu, gv = a[u], a[v]
    if gu == gv:
        return False
    if wt[u] != wt[v]:
        diff = wt[v] - wt[u]
        if not (lo[gu] <= load[gu] + diff <= hi[gu] and lo[gv] <= load[gv] - diff <= hi[gv]):
            return False
    if has_c:
        c = C[u, v]
        if K[u, gv] - c > 0 or K[v, gu] - c > 0:
            return False
    return True


@njit(cache=True, nogil=True)
def tabu_search(
    W, C, has_c, wt, free, lo, hi, a, D, K, load, f, tabu, it, it_limit, patience, tenure, rng
):
    """Best-improvement tabu search over moves and swaps until `patience` idle iterations.

    Leaves the best assignment seen in `a` (with consistent D, K, load) and returns
    (best objective, iteration counter). Stops early at iteration it_limit, which keeps
    the last call within the caller's deadline. tabu[u, g] holds the iteration until which
    node u may not return to table g.
    """
    n_tables = D.shape[1]
    nf = free.shape[0]
    best_f = f
    best_a = a.copy()
    idle = 0
    while idle < patience and it < it_limit:
        top = -np.inf
        bu, bv, bg, ties = -1, -1, -1, 0
        for x in range(nf):
            u = free[x]
            gu = a[u]
            du = D[u, gu]
            # Cheap filters first: this loop runs m * tables times per iteration.
            can_leave = load[gu] - wt[u] >= lo[gu]
            for g in range(n_tables if can_leave else 0):
                d = D[u, g] - du
                if d < top - _EPS or g == gu or load[g] + wt[u] > hi[g]:
                    continue
                if (has_c and K[u, g] > 0) or (tabu[u, g] > it and f + d <= best_f + _EPS):
                    continue
                if d > top + _EPS:
                    top, bu, bv, bg, ties = d, u, -1, g, 1
                elif d > top - _EPS:
                    ties += 1
                    if rand_below(rng, ties) == 0:
                        bu, bv, bg = u, -1, g
            for y in range(x + 1, nf):
                v = free[y]
                gv = a[v]
                if gv == gu:
                    continue
                d = D[u, gv] - du + D[v, gu] - D[v, gv] - 2.0 * W[u, v]
                if d < top - _EPS:
                    continue
                if not _swap_ok(u, v, a, wt, load, lo, hi, K, C, has_c):
                    continue
                if (tabu[u, gv] > it or tabu[v, gu] > it) and f + d <= best_f + _EPS:
                    continue
                if d > top + _EPS:
                    top, bu, bv, bg, ties = d, u, v, -1, 1
                else:
                    ties += 1
                    if rand_below(rng, ties) == 0:
                        bu, bv, bg = u, v, -1
        if bu < 0:
            break
        it += 1
        gu = a[bu]
        if bv < 0:
            move_node(W, C, has_c, wt, a, D, K, load, bu, bg)
            tabu[bu, gu] = it + tenure + rand_below(rng, tenure + 1)
        else:
            gv = a[bv]
            move_node(W, C, has_c, wt, a, D, K, load, bu, gv)
            move_node(W, C, has_c, wt, a, D, K, load, bv, gu)
            tabu[bu, gu] = it + tenure + rand_below(rng, tenure + 1)
            tabu[bv, gv] = it + tenure + rand_below(rng, tenure + 1)
        f += top
        if f > best_f + _EPS:
            best_f = f
            best_a[:] = a
            idle = 0
        else:
            idle += 1
    _restore(W, C, has_c, wt, a, D, K, load, best_a)
    return best_f, it


@njit(cache=True, nogil=True)
def _restore(W, C, has_c, wt, a, D, K, load, target):
    """Move nodes until a equals target, keeping D, K and loads consistent."""
    for u in range(a.shape[0]):
        if a[u] != target[u]:
            move_node(W, C, has_c, wt, a, D, K, load, u, target[u])


@njit(cache=True, nogil=True)
def perturb(W, C, has_c, wt, free, lo, hi, a, D, K, load, strength, rng):
    """Apply `strength` random feasible swaps (or moves); return the objective change."""
    nf = free.shape[0]
    n_tables = D.shape[1]
    delta = 0.0
    done = 0
    tries = 0
    while done < strength and tries < 50 * strength + 100:
        tries += 1
        u = free[rand_below(rng, nf)]
        if rand_below(rng, 4) == 0:
            g = rand_below(rng, n_tables)
            if _move_ok(u, g, a, wt, load, lo, hi, K, has_c):
                delta += D[u, g] - D[u, a[u]]
                move_node(W, C, has_c, wt, a, D, K, load, u, g)
                done += 1
            continue
        v = free[rand_below(rng, nf)]
        if not _swap_ok(u, v, a, wt, load, lo, hi, K, C, has_c):
            continue
        gu, gv = a[u], a[v]
        delta += D[u, gv] - D[u, gu] + D[v, gu] - D[v, gv] - 2.0 * W[u, v]
        move_node(W, C, has_c, wt, a, D, K, load, u, gv)
        move_node(W, C, has_c, wt, a, D, K, load, v, gu)
        done += 1
    return delta


@njit(cache=True, nogil=True)
def ils_round(
    W, C, has_c, wt, free, lo, hi, a, D, K, load, f, best_a, best_f, tabu, it, it_limit, params, rng
):
    """Run one tabu descent, keep the best, then perturb from the best; return (f, best_f, it).

    params = (patience, tenure, strength).
    """
    patience, tenure, strength = params[0], params[1], params[2]
    f, it = tabu_search(
        W, C, has_c, wt, free, lo, hi, a, D, K, load, f, tabu, it, it_limit, patience, tenure, rng
    )
    if f > best_f + _EPS:
        best_f = f
        best_a[:] = a
    elif f < best_f - _EPS:
        _restore(W, C, has_c, wt, a, D, K, load, best_a)
        f = best_f
    f += perturb(W, C, has_c, wt, free, lo, hi, a, D, K, load, strength, rng)
    return f, best_f, it
