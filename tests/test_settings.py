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


def test_who_may_talk_defaults():
    settings = Settings.from_env({})
    assert settings.host == "0.0.0.0"
    assert settings.teams_auth and not settings.teams_enabled  # no app id: Teams is off
    assert settings.slack_team_ids == settings.slack_enterprise_ids == frozenset()
    assert "smba.trafficmanager.net" in settings.teams_service_hosts


TEAMS_APP = {"MICROSOFT_APP_ID": "app-1", "MICROSOFT_APP_PASSWORD": "secret"}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"HOST": "0.0.0.0 8080"}, "HOST"),
        ({"MLGOV_TEAMS_AUTH": "disabled"}, "MLGOV_TEAMS_AUTH"),
        # Teams without authentication listens on loopback only...
        ({"MLGOV_TEAMS_AUTH": "off"}, "MLGOV_TEAMS_AUTH"),
        ({"MLGOV_TEAMS_AUTH": "off", "HOST": "10.0.0.5"}, "MLGOV_TEAMS_AUTH"),
        ({"MLGOV_TEAMS_AUTH": "off", "HOST": "mlgov.example.com"}, "MLGOV_TEAMS_AUTH"),
        # ...and never for a registered bot.
        ({"MLGOV_TEAMS_AUTH": "off", "HOST": "127.0.0.1", **TEAMS_APP}, "MLGOV_TEAMS_AUTH"),
        # A multi-tenant app says which tenants may use it, or * for any.
        (TEAMS_APP, "MLGOV_TEAMS_TENANT_IDS"),
        ({"MLGOV_TEAMS_TENANT_IDS": "tenant 1", **TEAMS_APP}, "MLGOV_TEAMS_TENANT_IDS"),
        ({"MLGOV_TEAMS_TENANT_IDS": "*,tenant-1", **TEAMS_APP}, "MLGOV_TEAMS_TENANT_IDS"),
        ({"MLGOV_TEAMS_TENANT_IDS": ",", **TEAMS_APP}, "MLGOV_TEAMS_TENANT_IDS"),
        ({"MICROSOFT_APP_TYPE": "UserAssignedMSI"}, "MICROSOFT_APP_ID"),
        (
            {"MICROSOFT_APP_TYPE": "UserAssignedMSI", "MICROSOFT_APP_ID": "app-1"},
            "MICROSOFT_APP_TENANT_ID",
        ),
        ({"MLGOV_TEAMS_SERVICE_HOSTS": "localhost"}, "MLGOV_TEAMS_SERVICE_HOSTS"),
        ({"MLGOV_TEAMS_SERVICE_HOSTS": "127.0.0.1"}, "MLGOV_TEAMS_SERVICE_HOSTS"),
        ({"MLGOV_TEAMS_SERVICE_HOSTS": "https://x.example"}, "MLGOV_TEAMS_SERVICE_HOSTS"),
        ({"MLGOV_TEAMS_SERVICE_HOSTS": ".com"}, "MLGOV_TEAMS_SERVICE_HOSTS"),
        ({"MLGOV_TEAMS_SERVICE_HOSTS": ","}, "MLGOV_TEAMS_SERVICE_HOSTS"),
        ({"MLGOV_SLACK_TEAM_IDS": "acme"}, "MLGOV_SLACK_TEAM_IDS"),
        ({"MLGOV_SLACK_TEAM_IDS": " , "}, "MLGOV_SLACK_TEAM_IDS"),
        ({"MLGOV_SLACK_ENTERPRISE_IDS": "T0123ABCD"}, "MLGOV_SLACK_ENTERPRISE_IDS"),
    ],
)
def test_who_may_talk_refusals_name_the_variable(env, named):
    with pytest.raises(ConfigError) as error:
        Settings.from_env(env)
    assert str(error.value).startswith(named)
    assert "\n" not in str(error.value)


def test_teams_without_auth_on_loopback_is_served_for_any_tenant():
    for host in ("127.0.0.1", "localhost", "::1"):
        settings = Settings.from_env({"MLGOV_TEAMS_AUTH": "off", "HOST": host})
        assert settings.teams_enabled and not settings.teams_auth
        assert settings.teams_tenant_ids is None


def test_the_apps_own_tenant_is_the_default_allow_list():
    settings = Settings.from_env({**TEAMS_APP, "MICROSOFT_APP_TENANT_ID": "Tenant-A"})
    assert settings.teams_enabled and settings.teams_auth
    assert settings.teams_tenant_ids == frozenset({"tenant-a"})
    single = Settings.from_env(
        {**TEAMS_APP, "MICROSOFT_APP_TYPE": "SingleTenant", "MICROSOFT_APP_TENANT_ID": "tenant-a"}
    )
    assert single.teams_tenant_ids == frozenset({"tenant-a"})


def test_the_tenant_allow_list_replaces_the_default_and_star_means_any():
    listed = Settings.from_env(
        {**TEAMS_APP, "MICROSOFT_APP_TENANT_ID": "tenant-a", "MLGOV_TEAMS_TENANT_IDS": "B, c"}
    )
    assert listed.teams_tenant_ids == frozenset({"b", "c"})
    anyone = Settings.from_env({**TEAMS_APP, "MLGOV_TEAMS_TENANT_IDS": "*"})
    assert anyone.teams_tenant_ids is None


def test_service_hosts_and_slack_workspaces_are_read_as_lists():
    settings = Settings.from_env(
        {
            "MLGOV_TEAMS_SERVICE_HOSTS": "Smba.Example.net, .bots.example.org",
            "MLGOV_SLACK_TEAM_IDS": "T0AAA,T0BBB",
            "MLGOV_SLACK_ENTERPRISE_IDS": "E0GRID",
        }
    )
    assert settings.teams_service_hosts == ("smba.example.net", ".bots.example.org")
    assert settings.slack_team_ids == frozenset({"T0AAA", "T0BBB"})
    assert settings.slack_enterprise_ids == frozenset({"E0GRID"})
