"""Building replies from read models: what a person sees, platform-neutral."""
