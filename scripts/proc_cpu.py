"""CPU time the benchmarked server used per request (Linux /proc), beside the wall-clock figures.

On a machine shared with other work, req/s and p99 move with the others' load; the CPU seconds
gunicorn's workers and the benchmark database's PostgreSQL backends spend per request do not
(much), so they show what a change did to the cost of a page.
"""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(server_pid: int, database: str) -> dict[int, float]:
    """Return CPU seconds used so far by the server's workers and the database's backends."""
    pids = _children(server_pid) + _backends(database)
    return {pid: seconds for pid in pids if (seconds := _cpu_seconds(pid)) is not None}


def per_request(before: dict, after: dict, requests: int, server_pid: int) -> dict:
    """Return app and database CPU milliseconds per request between two snapshots."""
    app_pids = set(_children(server_pid))
    used = {"app_cpu_ms": 0.0, "db_cpu_ms": 0.0}
    for pid, seconds in after.items():
        key = "app_cpu_ms" if pid in app_pids else "db_cpu_ms"
        used[key] += seconds - before.get(pid, 0.0)
    return {key: 1000 * value / max(requests, 1) for key, value in used.items()}


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found = []
    for task in tasks.glob("*/children") if tasks.exists() else ():
        found += [int(child) for child in task.read_text().split()]
    return found


def _backends(database: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if command.startswith("postgres: ") and f" {database} " in command:
            found.append(int(entry.name))
    return found


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None  # the process ended
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
