"""Pages that only read: their GET runs outside a transaction, without BEGIN and COMMIT.

Mark a view with `@reads_only` (below its route decorator). Before the request's first query,
even the log-in's, its GET then runs in autocommit (`extensions.read_without_transaction`): two
round trips fewer per page. Only for views whose GET writes nothing to the database; their
POST, if any, keeps its transaction.
"""

from flask import Flask, current_app, request

from planner.extensions import read_without_transaction

MARK = "tablewise_reads_only"


def reads_only(view):
    """Mark a view whose GET writes nothing, so that it runs outside a transaction."""
    setattr(view, MARK, True)
    return view


def init_app(app: Flask) -> None:
    """Run marked views' GETs outside a transaction (before any blueprint's own hooks)."""
    app.before_request(_outside_a_transaction)


def _outside_a_transaction() -> None:
    view = current_app.view_functions.get(request.endpoint)
    if request.method == "GET" and getattr(view, MARK, False):
        read_without_transaction()
