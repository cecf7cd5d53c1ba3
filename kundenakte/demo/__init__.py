"""The demo company: a realistic German mid-size company as interchange files."""
