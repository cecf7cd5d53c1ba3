"""The Dash dashboard: pages, callbacks, components."""
