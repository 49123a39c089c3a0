import pytest

from planner import create_app
from planner.config import MissingSecretKey


def test_refuses_to_start_in_production_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("TABLEWISE_ENV", raising=False)
    with pytest.raises(MissingSecretKey):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})


def test_starts_with_secret_key_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    assert app.config["SECRET_KEY"] == "from-the-environment"


def test_development_gets_a_throwaway_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("TABLEWISE_ENV", "development")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    assert len(app.config["SECRET_KEY"]) >= 32
