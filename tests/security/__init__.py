"""Adversarial tests: the app attacked over HTTP by an outsider and by each role (spec/analytics.md, "Security")."""
