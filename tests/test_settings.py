"""Settings refuse bad values with one line naming the variable."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from governance.errors import ConfigError


def test_defaults():
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///./mlgov.db"
    assert settings.port == 3978
    assert settings.scheduler is True
    assert not settings.slack_enabled


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MLGOV_DATABASE_URL": "mysql://x/y"}, "MLGOV_DATABASE_URL"),
        ({"PORT": "http"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"MLGOV_SCHEDULER": "maybe"}, "MLGOV_SCHEDULER"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "ftp://x"},
            "SLACK_API_URL",
        ),
        ({"MICROSOFT_APP_ID": "abc"}, "MICROSOFT_APP_PASSWORD"),
        ({"MICROSOFT_APP_TYPE": "Personal"}, "MICROSOFT_APP_TYPE"),
        ({"MICROSOFT_APP_TYPE": "SingleTenant"}, "MICROSOFT_APP_TENANT_ID"),
    ],
)
def test_bad_settings_name_the_variable(env, named):
    with pytest.raises(ConfigError) as error:
        Settings.from_env(env)
    assert str(error.value).startswith(named)
    assert "\n" not in str(error.value)


def test_socket_mode_needs_no_signing_secret():
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert settings.slack_socket_mode and settings.slack_enabled
