"""The Bot Framework configuration object botbuilder reads, built from our settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings


@dataclass
class BotConfig:
    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TYPE: str
    APP_TENANTID: str | None
    # Where inbound tokens' signing keys are published; tests point it at a local server.
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str | None = None
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, openid_metadata_url: str | None = None) -> BotConfig:
        return cls(
            APP_ID=settings.microsoft_app_id,
            APP_PASSWORD=settings.microsoft_app_password,
            APP_TYPE=settings.microsoft_app_type,
            APP_TENANTID=settings.microsoft_app_tenant_id,
            TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=openid_metadata_url,
            TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL=openid_metadata_url,
        )
