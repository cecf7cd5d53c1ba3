"""Analytics: pure functions from the reporting schema to per-organisation frames and figures."""
