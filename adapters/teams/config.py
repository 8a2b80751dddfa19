"""The Bot Framework configuration object botbuilder reads, built from our settings."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.settings import Settings

# The public cloud's token issuer and the audience of the bot's own outbound tokens.
BOT_FRAMEWORK = "https://api.botframework.com"


@dataclass
class BotConfig:
    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TYPE: str
    APP_TENANTID: str | None
    # Tests only: where inbound tokens' signing keys are published (a local server). Setting
    # it switches botbuilder to its "parameterized" checks, so the public cloud's issuer and
    # scope are named here too, and the bot's own sign-in points at the same local server:
    # an http address the sign-in library refuses at once, instead of calling Azure AD.
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str | None = None
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str | None = None
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str | None = None
    TO_CHANNEL_FROM_BOT_OAUTH_SCOPE: str | None = None
    TO_CHANNEL_FROM_BOT_LOGIN_URL: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, openid_metadata_url: str | None = None) -> BotConfig:
        config = cls(
            APP_ID=settings.microsoft_app_id,
            APP_PASSWORD=settings.microsoft_app_password,
            APP_TYPE=settings.microsoft_app_type,
            APP_TENANTID=settings.microsoft_app_tenant_id,
        )
        if openid_metadata_url:
            local = urlsplit(openid_metadata_url)
            config.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = openid_metadata_url
            config.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = openid_metadata_url
            config.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = BOT_FRAMEWORK
            config.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = BOT_FRAMEWORK
            config.TO_CHANNEL_FROM_BOT_LOGIN_URL = f"{local.scheme}://{local.netloc}/login"
        return config
