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


def test_rate_limits_count_in_memory_unless_redis_is_configured(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x")
    uri = f"sqlite:///{tmp_path / 'x.sqlite'}"
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert create_app({"SQLALCHEMY_DATABASE_URI": uri}).config["RATELIMIT_STORAGE_URI"] == (
        "memory://"
    )
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_sql_errors_hide_their_parameters(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True


def test_a_served_app_keeps_its_start_up_objects_out_of_the_collector(monkeypatch, tmp_path):
    import gc

    monkeypatch.setenv("SECRET_KEY", "x")
    gc.unfreeze()
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "TESTING": True})
    assert gc.get_freeze_count() == 0  # tests build many apps: nothing is frozen for them
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    assert gc.get_freeze_count() > 10_000
    gc.unfreeze()
