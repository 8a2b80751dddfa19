"""One settings object, read from the environment, that refuses bad values."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from governance.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///./mlgov.db"
# Where the Bot Framework's connectors live: the public cloud, the US government clouds and
# the China cloud. A `serviceUrl` outside these is not the Bot Framework: the bot never writes
# there. MLGOV_TEAMS_SERVICE_HOSTS replaces the list (a host, or `.suffix` for its subdomains).
DEFAULT_TEAMS_SERVICE_HOSTS = (
    "smba.trafficmanager.net",
    ".botframework.com",
    "smba.infra.gcc.teams.microsoft.com",
    "smba.infra.gov.teams.microsoft.us",
    "smba.infra.dod.teams.microsoft.us",
    ".botframework.azure.us",
    ".botframework.azure.cn",
    "frontend.botapi.msg.infra.teams.microsoftonline.cn",
)
_SLACK_TEAM = re.compile(r"^T[A-Z0-9]{2,}$")
_SLACK_ENTERPRISE = re.compile(r"^E[A-Z0-9]{2,}$")
_TENANT = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_HOST = re.compile(r"^\.?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    policy_path: Path | None = None
    host: str = "0.0.0.0"
    port: int = 3978
    scheduler: bool = True
    # Seconds: opening a connection, and any one statement (or unit of work) once connected.
    db_connect_timeout: float = 3.0
    db_statement_timeout: float = 5.0
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    # Who may talk to the bot on Slack; both empty: the workspace of the bot token.
    slack_team_ids: frozenset[str] = field(default_factory=frozenset)
    slack_enterprise_ids: frozenset[str] = field(default_factory=frozenset)
    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = None
    microsoft_app_tenant_id: str | None = None
    microsoft_app_type: str = "MultiTenant"
    # False only with MLGOV_TEAMS_AUTH=off: Teams without authentication, local development.
    teams_auth: bool = True
    # The tenants whose people may talk to the bot on Teams (lower case); None: any tenant.
    teams_tenant_ids: frozenset[str] | None = None
    teams_service_hosts: tuple[str, ...] = DEFAULT_TEAMS_SERVICE_HOSTS

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token)

    @property
    def slack_socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def teams_enabled(self) -> bool:
        """Teams is served when it is configured (an app id), or explicitly without auth."""
        return bool(self.microsoft_app_id) or not self.teams_auth

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name)
            return value.strip() if value and value.strip() else None

        url = get("MLGOV_DATABASE_URL") or DEFAULT_DATABASE_URL
        if not url.startswith(("sqlite:", "sqlite+", "postgresql:", "postgresql+", "postgres:")):
            raise ConfigError(
                "MLGOV_DATABASE_URL must be a sqlite:/// or postgresql:// URL, "
                f"not {url.split(':', 1)[0]!r}"
            )
        port_text = get("PORT") or "3978"
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"PORT must be a port number (1-65535), not {port_text!r}")
        host = get("HOST") or "0.0.0.0"
        if any(ch.isspace() for ch in host) or len(host) > 253:
            raise ConfigError(f"HOST must be an address or host name to listen on, not {host!r}")
        policy = get("MLGOV_POLICY_PATH")
        settings = cls(
            database_url=url,
            policy_path=Path(policy) if policy else None,
            host=host,
            port=int(port_text),
            scheduler=_on_off(get("MLGOV_SCHEDULER"), "MLGOV_SCHEDULER", default=True),
            db_connect_timeout=_seconds(
                get("MLGOV_DB_CONNECT_TIMEOUT"), "MLGOV_DB_CONNECT_TIMEOUT", 3.0
            ),  # fmt: skip
            db_statement_timeout=_seconds(
                get("MLGOV_DB_STATEMENT_TIMEOUT"), "MLGOV_DB_STATEMENT_TIMEOUT", 5.0
            ),  # fmt: skip
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_api_url=get("SLACK_API_URL"),
            slack_team_ids=_ids(
                get("MLGOV_SLACK_TEAM_IDS"),
                "MLGOV_SLACK_TEAM_IDS",
                _SLACK_TEAM,
                "a Slack team id like T0123ABCD",
            ),  # fmt: skip
            slack_enterprise_ids=_ids(
                get("MLGOV_SLACK_ENTERPRISE_IDS"),
                "MLGOV_SLACK_ENTERPRISE_IDS",
                _SLACK_ENTERPRISE,
                "a Slack Enterprise Grid id like E0123ABCD",
            ),  # fmt: skip
            microsoft_app_id=get("MICROSOFT_APP_ID"),
            microsoft_app_password=get("MICROSOFT_APP_PASSWORD"),
            microsoft_app_tenant_id=get("MICROSOFT_APP_TENANT_ID"),
            microsoft_app_type=get("MICROSOFT_APP_TYPE") or "MultiTenant",
            teams_auth=_on_off(get("MLGOV_TEAMS_AUTH"), "MLGOV_TEAMS_AUTH", default=True),
            teams_service_hosts=_service_hosts(get("MLGOV_TEAMS_SERVICE_HOSTS")),
        )
        tenants = get("MLGOV_TEAMS_TENANT_IDS")
        settings = cls._with_tenants(settings, tenants)
        settings._check_slack()
        settings._check_teams(tenants)
        return settings

    @classmethod
    def _with_tenants(cls, settings: Settings, text: str | None) -> Settings:
        # Tenant ids are GUIDs, which Teams may spell in either case: kept in lower case.
        if text == "*":
            return replace(settings, teams_tenant_ids=None)
        if text:
            ids = _ids(text, "MLGOV_TEAMS_TENANT_IDS", _TENANT, "a tenant id (a GUID) or *")
            return replace(settings, teams_tenant_ids=frozenset(i.lower() for i in ids))
        if settings.microsoft_app_tenant_id:
            own = settings.microsoft_app_tenant_id.lower()
            return replace(settings, teams_tenant_ids=frozenset({own}))
        return replace(settings, teams_tenant_ids=None)

    def _check_slack(self) -> None:
        if self.slack_bot_token and not self.slack_bot_token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
        if self.slack_bot_token and not self.slack_app_token and not self.slack_signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN "
                "for Socket Mode)"
            )
        if self.slack_app_token and not self.slack_app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
        if self.slack_app_token and not self.slack_bot_token:
            raise ConfigError("SLACK_BOT_TOKEN is required with SLACK_APP_TOKEN")
        if self.slack_api_url and not self.slack_api_url.startswith(("http://", "https://")):
            raise ConfigError("SLACK_API_URL must be an http(s) URL")

    def _check_teams(self, tenants: str | None) -> None:
        if self.microsoft_app_type not in ("MultiTenant", "SingleTenant", "UserAssignedMSI"):
            raise ConfigError(
                "MICROSOFT_APP_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI"
            )
        if (
            self.microsoft_app_id
            and not self.microsoft_app_password
            and (self.microsoft_app_type != "UserAssignedMSI")
        ):
            raise ConfigError("MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID")
        if self.microsoft_app_type == "UserAssignedMSI" and not self.microsoft_app_id:
            raise ConfigError(
                "MICROSOFT_APP_ID is required when MICROSOFT_APP_TYPE is UserAssignedMSI"
            )
        if self.microsoft_app_type != "MultiTenant" and not self.microsoft_app_tenant_id:
            raise ConfigError(
                "MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is "
                f"{self.microsoft_app_type}"
            )
        if not self.teams_auth:
            if self.microsoft_app_id:
                raise ConfigError(
                    "MLGOV_TEAMS_AUTH=off cannot be used with MICROSOFT_APP_ID: a registered "
                    "bot always checks the Bot Framework's tokens"
                )
            if not is_loopback(self.host):
                raise ConfigError(
                    f"MLGOV_TEAMS_AUTH=off serves Teams without authentication, so it listens "
                    f"on loopback only: set HOST=127.0.0.1 (not {self.host!r})"
                )
            return
        if self.microsoft_app_id and tenants is None and self.teams_tenant_ids is None:
            raise ConfigError(
                "MLGOV_TEAMS_TENANT_IDS is required for a multi-tenant Teams app without "
                "MICROSOFT_APP_TENANT_ID: list the tenants that may use it, or * for any tenant"
            )


def _on_off(text: str | None, name: str, *, default: bool) -> bool:
    value = (text or ("on" if default else "off")).lower()
    if value not in ("on", "off"):
        raise ConfigError(f"{name} must be on or off, not {value!r}")
    return value == "on"


def _seconds(text: str | None, name: str, default: float) -> float:
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.1 <= value <= 600:
        raise ConfigError(f"{name} must be a number of seconds between 0.1 and 600, not {text!r}")
    return value


def _ids(text: str | None, name: str, pattern: re.Pattern[str], what: str) -> frozenset[str]:
    if not text:
        return frozenset()
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:  # "," would otherwise be an allow-list that allows nobody, or the default
        raise ConfigError(f"{name} must list at least one id: {what}")
    for one in ids:
        if not pattern.match(one):
            raise ConfigError(f"{name}: {one[:40]!r} is not {what}; separate several with commas")
    return frozenset(ids)


def _service_hosts(text: str | None) -> tuple[str, ...]:
    if not text:
        return DEFAULT_TEAMS_SERVICE_HOSTS
    hosts = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    if not hosts:
        raise ConfigError("MLGOV_TEAMS_SERVICE_HOSTS must list at least one host name")
    for host in hosts:
        # A suffix of one label (.com) would trust half the internet.
        too_wide = host.startswith(".") and "." not in host[1:]
        if not _HOST.match(host) or is_loopback(host.lstrip(".")) or too_wide:
            raise ConfigError(
                f"MLGOV_TEAMS_SERVICE_HOSTS: {host[:60]!r} is not a Bot Framework host name "
                "(a host, or .suffix for its subdomains)"
            )
    return hosts
