"""The console adapter: `mlgov chat --as <handle>`."""
