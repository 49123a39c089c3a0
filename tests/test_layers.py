"""The pure packages stay pure: they import with the web and database libraries missing."""

import subprocess
import sys
import textwrap

# A meta-path finder that refuses the libraries the referral model and the solver must not need.
_BLOCKER = textwrap.dedent(
    """
    import sys

    class Blocked:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {"flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug"}:
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, Blocked())
    """
)


def _import_without_web(statement: str) -> subprocess.CompletedProcess:
    code = _BLOCKER + statement
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_the_blocker_does_block():
    result = _import_without_web("import flask")
    assert result.returncode != 0 and "blocked in this test" in result.stderr


def test_matching_imports_and_scores_without_flask_or_sqlalchemy():
    result = _import_without_web(
        "from planner.matching import Profile, score_profiles\n"
        "m = score_profiles([Profile(id='1', name='A', industry='accountant'),"
        " Profile(id='2', name='B', industry='commercial_banker')])\n"
        "assert m.scores.shape == (2, 2)\n"
        "assert not any(n.split('.')[0] in {'flask', 'sqlalchemy'} for n in sys.modules)\n"
    )
    assert result.returncode == 0, result.stderr


def test_solver_imports_without_flask_or_sqlalchemy():
    result = _import_without_web(
        "import solver\n"
        "from solver import Problem, solve\n"
        "assert not any(n.split('.')[0] in {'flask', 'sqlalchemy'} for n in sys.modules)\n"
    )
    assert result.returncode == 0, result.stderr
