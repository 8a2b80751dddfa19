"""Platform edges: translate payloads into core calls and replies into platform formats."""
