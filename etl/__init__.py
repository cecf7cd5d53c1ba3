"""ETL: read module data and raw inbound files, validate, match, load into the reporting schema."""
