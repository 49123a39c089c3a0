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
def _table_members(a, free, n_tables):
    """List the free nodes of every table: mem[g, :cnt[g]]."""
    cnt = np.zeros(n_tables, dtype=np.int64)
    mem = np.empty((n_tables, free.shape[0]), dtype=np.int64)
    for x in range(free.shape[0]):
        v = free[x]
        mem[a[v], cnt[a[v]]] = v
        cnt[a[v]] += 1
    return mem, cnt


@njit(cache=True, nogil=True)
def _leaving_gains(D, a, mem, cnt):
    """lg[h, g] = max over free v at table h of D[v, g] - D[v, h] (v's gain from h to g)."""
    n_tables = D.shape[1]
    lg = np.full((n_tables, n_tables), -np.inf)
    for h in range(n_tables):
        for k in range(cnt[h]):
            v = mem[h, k]
            for g in range(n_tables):
                lg[h, g] = max(lg[h, g], D[v, g] - D[v, h])
    return lg


@njit(cache=True, nogil=True)
def _pick(d, top, cand, u, v, g, rng):
    """Keep the better candidate; break exact ties uniformly at random (reservoir)."""
    if d > top + _EPS:
        cand[0], cand[1], cand[2], cand[3] = u, v, g, 1
        return d
    cand[3] += 1
    if rand_below(rng, cand[3]) == 0:
        cand[0], cand[1], cand[2] = u, v, g
    return top


@njit(cache=True, nogil=True)
def _best_neighbour(W, C, has_c, wt, free, lo, hi, a, D, K, load, f, best_f, tabu, it, wmin, rng):
    """Best admissible move or swap: returns (delta, [u, v or -1, table or -1, ties]).

    Swaps with v at table h are skipped in bulk when even the best leaver of h cannot
    reach the incumbent: delta <= (D[u, h] - D[u, gu]) + lg[h, gu] - 2 min W[u, :].
    """
    n_tables = D.shape[1]
    cand = np.array([-1, -1, -1, 0], dtype=np.int64)
    top = -np.inf
    for x in range(free.shape[0]):
        u = free[x]
        gu = a[u]
        if load[gu] - wt[u] < lo[gu]:
            continue
        for g in range(n_tables):
            d = D[u, g] - D[u, gu]
            if d < top - _EPS or g == gu or load[g] + wt[u] > hi[g]:
                continue
            if (has_c and K[u, g] > 0) or (tabu[u, g] > it and f + d <= best_f + _EPS):
                continue
            top = _pick(d, top, cand, u, -1, g, rng)
    mem, cnt = _table_members(a, free, n_tables)
    lg = _leaving_gains(D, a, mem, cnt)
    for x in range(free.shape[0]):
        u = free[x]
        gu = a[u]
        du = D[u, gu]
        for h in range(n_tables):
            if h == gu or D[u, h] - du + lg[h, gu] - 2.0 * wmin[u] < top - _EPS:
                continue
            for k in range(cnt[h]):
                v = mem[h, k]
                if v < u:
                    continue
                d = D[u, h] - du + D[v, gu] - D[v, h] - 2.0 * W[u, v]
                if d < top - _EPS or not _swap_ok(u, v, a, wt, load, lo, hi, K, C, has_c):
                    continue
                if (tabu[u, h] > it or tabu[v, gu] > it) and f + d <= best_f + _EPS:
                    continue
                top = _pick(d, top, cand, u, v, -1, rng)
    return top, cand


@njit(cache=True, nogil=True)
def tabu_search(
    W, C, has_c, wt, free, lo, hi, a, D, K, load, f, tabu, it, stop, live, patience, tenure, rng
):
    """Best-improvement tabu search over moves and swaps until `patience` idle iterations.

    Leaves the best assignment seen in `a` (with consistent D, K, load) and returns
    (best objective, iteration counter). Stops early once stop[0] != 0: a timer thread
    sets it at the deadline, so a call never overruns by more than one iteration.
    tabu[u, g] holds the iteration until which node u may not return to table g.
    live[0] is raised to every new best objective, so another thread can report progress.
    """
    wmin = np.empty(W.shape[0])
    for u in range(W.shape[0]):
        wmin[u] = min(0.0, W[u].min())
    best_f = f
    best_a = a.copy()
    idle = 0
    while idle < patience and stop[0] == 0:
        top, cand = _best_neighbour(
            W, C, has_c, wt, free, lo, hi, a, D, K, load, f, best_f, tabu, it, wmin, rng
        )
        bu, bv, bg = cand[0], cand[1], cand[2]
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
            if f > live[0]:
                live[0] = f
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
    W, C, has_c, wt, free, lo, hi, a, D, K, load, f, best_a, best_f, tabu, it, stop, live, params,
    rng,
):  # fmt: skip
    """Run one tabu descent, keep the best, then perturb from the best; return (f, best_f, it).

    params = (patience, tenure, strength); live[0] tracks the best objective (see tabu_search).
    """
    patience, tenure, strength = params[0], params[1], params[2]
    f, it = tabu_search(
        W, C, has_c, wt, free, lo, hi, a, D, K, load, f, tabu, it, stop, live, patience, tenure,
        rng,
    )  # fmt: skip
    if f > best_f + _EPS:
        best_f = f
        best_a[:] = a
    elif f < best_f - _EPS:
        _restore(W, C, has_c, wt, a, D, K, load, best_a)
        f = best_f
    f += perturb(W, C, has_c, wt, free, lo, hi, a, D, K, load, strength, rng)
    return f, best_f, it
