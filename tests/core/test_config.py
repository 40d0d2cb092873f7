"""One settings object: HJM_* environment variables over defaults, explicit overrides over both."""

from pathlib import Path

from tracker.config import load_settings


def test_defaults_put_a_sqlite_file_in_the_data_dir(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HJM_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'hjm.sqlite3'}"
    assert settings.is_sqlite
    assert settings.half_life_days == 45.0


def test_environment_variables_are_typed(monkeypatch) -> None:
    monkeypatch.setenv("HJM_DATABASE_URL", "postgresql://postgres@127.0.0.1/x")
    monkeypatch.setenv("HJM_ALLOW_PRIVATE_HOSTS", "yes")
    monkeypatch.setenv("HJM_DOWNLOAD_DELAY", "2.5")
    monkeypatch.setenv("HJM_DASHBOARD_PORT", "9000")
    settings = load_settings()
    assert settings.database_url == "postgresql://postgres@127.0.0.1/x"
    assert not settings.is_sqlite
    assert settings.allow_private_hosts is True
    assert settings.download_delay == 2.5
    assert settings.dashboard_port == 9000


def test_explicit_overrides_win_and_none_is_ignored(monkeypatch) -> None:
    monkeypatch.setenv("HJM_DATABASE_URL", "sqlite:///from-env.sqlite3")
    assert load_settings(database_url="sqlite:///explicit.sqlite3").database_url == "sqlite:///explicit.sqlite3"
    assert load_settings(database_url=None).database_url == "sqlite:///from-env.sqlite3"
