"""The Slack adapter: slack-bolt's AsyncApp over HTTP or Socket Mode."""
