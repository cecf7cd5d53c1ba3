"""The ground floor: schema, database, settings, errors, vocabulary and the business configuration."""
