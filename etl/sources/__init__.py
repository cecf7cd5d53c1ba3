"""One reader per format: tables (CSV/xlsx), e-mail, calendar, call logs."""
