"""One settings object, read from the environment, that refuses bad values."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from governance.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///./mlgov.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    policy_path: Path | None = None
    port: int = 3978
    scheduler: bool = True
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = None
    microsoft_app_tenant_id: str | None = None
    microsoft_app_type: str = "MultiTenant"

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token)

    @property
    def slack_socket_mode(self) -> bool:
        return bool(self.slack_app_token)

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
        scheduler_text = (get("MLGOV_SCHEDULER") or "on").lower()
        if scheduler_text not in ("on", "off"):
            raise ConfigError(f"MLGOV_SCHEDULER must be on or off, not {scheduler_text!r}")
        policy = get("MLGOV_POLICY_PATH")
        settings = cls(
            database_url=url,
            policy_path=Path(policy) if policy else None,
            port=int(port_text),
            scheduler=scheduler_text == "on",
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_api_url=get("SLACK_API_URL"),
            microsoft_app_id=get("MICROSOFT_APP_ID"),
            microsoft_app_password=get("MICROSOFT_APP_PASSWORD"),
            microsoft_app_tenant_id=get("MICROSOFT_APP_TENANT_ID"),
            microsoft_app_type=get("MICROSOFT_APP_TYPE") or "MultiTenant",
        )
        settings._check_slack()
        settings._check_teams()
        return settings

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

    def _check_teams(self) -> None:
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
        if self.microsoft_app_type == "SingleTenant" and not self.microsoft_app_tenant_id:
            raise ConfigError(
                "MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is SingleTenant"
            )
