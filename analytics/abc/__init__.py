"""ABC classification per relationship."""
