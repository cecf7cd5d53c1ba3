"""Dashboard pages, one module each."""
