"""The dashboard's English: one module per page (and `shell`, `grid`, `common`), each `EN = {German: English}`."""
