"""planner.matching stays a pure-Python package: no web framework, no ORM, no app imports."""

import ast
import json
from pathlib import Path

import planner.matching

PACKAGE = Path(planner.matching.__file__).parent
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "planner")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_modules_import_nothing_from_the_app_or_web_stack():
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) > 5
    for module in modules:
        for name in _imports(module):
            assert name.split(".")[0] not in FORBIDDEN, f"{module.name} imports {name}"


def test_taxonomy_ships_as_package_data():
    assert (PACKAGE / "data" / "taxonomy.json").is_file()


def test_modules_stay_small():
    for module in PACKAGE.glob("*.py"):
        assert len(module.read_text(encoding="utf-8").splitlines()) <= 400, module.name


def _relative_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add(node.module or "")
            found.update(alias.name for alias in node.names if node.module is None)
    return found


def test_explain_does_not_import_scoring():
    # scoring imports explain; the reverse would be a cycle (issue 11).
    assert "scoring" not in _relative_imports(PACKAGE / "explain.py")
    assert "explain" in _relative_imports(PACKAGE / "scoring.py")


def test_fitted_weights_ship_with_the_command_that_made_them():
    document = json.loads((PACKAGE / "data" / "weights.json").read_text(encoding="utf-8"))
    assert document["command"].startswith("python -m planner.matching.fit")
    assert {"with_semantic", "without_semantic"} <= set(document["sets"])
