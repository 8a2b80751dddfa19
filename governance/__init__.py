"""The governance core: domain rules, the chat-command parser, replies and persistence.

Nothing here knows about Slack, Teams, aiohttp or the console; adapters translate
platform payloads into calls on :class:`governance.service.Mlgov` and render its
:class:`governance.replies.Reply` objects.
"""
