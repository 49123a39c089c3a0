"""Small numpy helpers for grouping columns by owner."""

from __future__ import annotations

import numpy as np


def group_max(values: np.ndarray, owner: np.ndarray, groups: int) -> np.ndarray:
    """Return (rows, groups): the max over each group's columns of `values` (0 if none)."""
    return _group_reduce(np.maximum, values, owner, groups)


def group_sum(values: np.ndarray, owner: np.ndarray, groups: int) -> np.ndarray:
    """Return (rows, groups): the sum over the columns of `values` owned by each group."""
    return _group_reduce(np.add, values, owner, groups)


def _group_reduce(ufunc: np.ufunc, values: np.ndarray, owner: np.ndarray, groups: int):
    result = np.zeros((values.shape[0], groups))
    if values.size == 0:
        return result
    if np.any(owner[1:] < owner[:-1]):  # owners usually arrive sorted: skip the copy then
        order = np.argsort(owner, kind="stable")
        values, owner = values[:, order], owner[order]
    owners, starts = np.unique(owner, return_index=True)
    # reduceat over contiguous runs is far faster than ufunc.at's unbuffered scatter.
    result[:, owners] = ufunc.reduceat(values, starts, axis=1)
    return result
