"""The Microsoft Teams adapter: botbuilder's CloudAdapter. Every botbuilder import lives here."""
