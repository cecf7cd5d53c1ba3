"""What a user may see and do: typed reads and commands that take the signed-in user."""
