"""Wiring: settings, the database engine, adapters, scheduler, HTTP server and CLI."""
