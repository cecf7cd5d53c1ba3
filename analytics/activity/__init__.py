"""Agent activity analysis."""
