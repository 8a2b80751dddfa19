"""One handler per command; governance/verbs.py says which carries out which."""
